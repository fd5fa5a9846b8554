/**
 * The payloads Slack sends an app, built from the workspace state in the shapes of Slack's published
 * examples: slash command form fields, `block_actions`, `view_submission`, `view_closed`, and Events API
 * envelopes.
 */
import { isJsonObject } from './blocks.ts';
import { messagePayload } from './messages.ts';
import type { SlackWorkspace } from './state.ts';
import type {
  JsonObject,
  SlackFakeChannel,
  SlackFakeEphemeral,
  SlackFakeMessage,
  SlackFakeView,
} from './types.ts';
import { viewPayload } from './views.ts';

/** The legacy verification token Slack still puts in payloads; apps verify signatures instead. */
export const VERIFICATION_TOKEN = 'local-fake-verification-token';

function userRef(ws: SlackWorkspace, userId: string): JsonObject {
  const user = ws.user(userId);
  if (user === undefined) throw new Error(`unknown user ${userId}`);
  return { id: user.id, username: user.name, name: user.name, team_id: ws.team.id };
}

function teamRef(ws: SlackWorkspace): JsonObject {
  return { id: ws.team.id, domain: ws.team.domain };
}

/** A Slack timestamp (`seconds.micros`) for `action_ts` and `event_ts`. */
export function slackTimestamp(ms: number): string {
  return `${Math.floor(ms / 1000)}.${String(Math.floor((ms % 1000) * 1000)).padStart(6, '0')}`;
}

/** The form fields of a slash command, in the order of Slack's example. */
export function slashCommandFields(
  ws: SlackWorkspace,
  input: {
    userId: string;
    command: string;
    text: string;
    channel: SlackFakeChannel;
    responseUrl: string;
    triggerId: string;
  },
): URLSearchParams {
  const user = ws.user(input.userId);
  if (user === undefined) throw new Error(`unknown user ${input.userId}`);
  return new URLSearchParams([
    ['token', VERIFICATION_TOKEN],
    ['team_id', ws.team.id],
    ['team_domain', ws.team.domain],
    ['channel_id', input.channel.id],
    ['channel_name', input.channel.kind === 'im' ? 'directmessage' : input.channel.name],
    ['user_id', user.id],
    ['user_name', user.name],
    ['command', input.command],
    ['text', input.text],
    ['api_app_id', ws.bot.appId],
    ['is_enterprise_install', 'false'],
    ['response_url', input.responseUrl],
    ['trigger_id', input.triggerId],
  ]);
}

/** Finds an interactive element by action_id in blocks (actions, section accessories, inputs). */
export function findElement(
  blocks: JsonObject[],
  actionId: string,
): { blockId: string; element: JsonObject } | undefined {
  for (const block of blocks) {
    const blockId = typeof block.block_id === 'string' ? block.block_id : '';
    const candidates = [
      ...(Array.isArray(block.elements) ? block.elements : []),
      block.accessory,
      block.element,
    ].filter(isJsonObject);
    const element = candidates.find((candidate) => candidate.action_id === actionId);
    if (element !== undefined) return { blockId, element };
  }
  return undefined;
}

/** The `actions[0]` entry for a click on a button, or a choice in a select, radio group or overflow menu. */
export function actionEntry(
  found: { blockId: string; element: JsonObject },
  actionTs: string,
  value: string | undefined,
): JsonObject {
  const { element } = found;
  const entry: JsonObject = { action_id: element.action_id, block_id: found.blockId };
  if (element.type === 'button') {
    entry.text = element.text;
    if (typeof element.value === 'string') entry.value = element.value;
    if (typeof element.style === 'string') entry.style = element.style;
    if (isJsonObject(element.confirm)) entry.confirm = element.confirm;
  } else {
    const options = Array.isArray(element.options) ? element.options.filter(isJsonObject) : [];
    const option = options.find((candidate) => candidate.value === value);
    if (option === undefined) throw new Error(`no option ${String(value)} in ${String(element.action_id)}`);
    entry.selected_option = option;
  }
  entry.type = element.type;
  entry.action_ts = actionTs;
  return entry;
}

/** A `block_actions` payload for an element of a message (regular or ephemeral). */
export function messageActionPayload(
  ws: SlackWorkspace,
  input: {
    userId: string;
    message: SlackFakeMessage | SlackFakeEphemeral;
    action: JsonObject;
    triggerId: string;
    responseUrl: string;
  },
): JsonObject {
  const { message } = input;
  const channel = ws.channel(message.channel);
  const ephemeral = !('botId' in message);
  const payload: JsonObject = {
    type: 'block_actions',
    user: userRef(ws, input.userId),
    api_app_id: ws.bot.appId,
    token: VERIFICATION_TOKEN,
    container: {
      type: 'message',
      message_ts: message.ts,
      channel_id: message.channel,
      is_ephemeral: ephemeral,
    },
    trigger_id: input.triggerId,
    team: teamRef(ws),
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: message.channel, name: channel?.kind === 'im' ? 'directmessage' : (channel?.name ?? '') },
    state: { values: {} },
    response_url: input.responseUrl,
    actions: [input.action],
  };
  // Slack leaves the message out of payloads from ephemeral messages.
  if (!ephemeral) payload.message = messagePayload(message, ws);
  return payload;
}

/** A `block_actions` payload for an element of a modal or App Home. */
export function viewActionPayload(
  ws: SlackWorkspace,
  input: { userId: string; view: SlackFakeView; action: JsonObject; triggerId: string },
): JsonObject {
  return {
    type: 'block_actions',
    user: userRef(ws, input.userId),
    api_app_id: ws.bot.appId,
    token: VERIFICATION_TOKEN,
    container: { type: 'view', view_id: input.view.id },
    trigger_id: input.triggerId,
    team: teamRef(ws),
    enterprise: null,
    is_enterprise_install: false,
    view: viewPayload(input.view, ws),
    actions: [input.action],
  };
}

/** A `view_submission` payload for the view a user submits. */
export function viewSubmissionPayload(
  ws: SlackWorkspace,
  userId: string,
  view: SlackFakeView,
  triggerId: string,
) {
  return {
    type: 'view_submission',
    team: teamRef(ws),
    user: userRef(ws, userId),
    api_app_id: ws.bot.appId,
    token: VERIFICATION_TOKEN,
    trigger_id: triggerId,
    view: viewPayload(view, ws),
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** A `view_closed` payload (sent only for views with `notify_on_close`). */
export function viewClosedPayload(
  ws: SlackWorkspace,
  userId: string,
  view: SlackFakeView,
  isCleared: boolean,
) {
  return {
    type: 'view_closed',
    team: teamRef(ws),
    user: userRef(ws, userId),
    api_app_id: ws.bot.appId,
    token: VERIFICATION_TOKEN,
    view: viewPayload(view, ws),
    is_cleared: isCleared,
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** An Events API `event_callback` envelope around one event, with a fresh `event_id`. */
export function eventEnvelope(ws: SlackWorkspace, event: JsonObject, nowMs: number): JsonObject {
  return {
    token: VERIFICATION_TOKEN,
    team_id: ws.team.id,
    api_app_id: ws.bot.appId,
    event,
    type: 'event_callback',
    event_id: ws.nextId('Ev'),
    event_time: Math.floor(nowMs / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: ws.team.id,
        user_id: ws.bot.userId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(`${ws.team.id}:${event.type}`).toString('base64url')}`,
  };
}
