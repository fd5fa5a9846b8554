/**
 * Slack requests for the Bolt app tests, built from Slack's official examples in
 * `../shared/fixtures` with our users, commands and values substituted, and signed with the
 * signing secret as Slack signs them (v0 HMAC-SHA256 over `v0:ts:body`).
 */
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { types, ViewOutput, ViewStateValue } from '@slack/bolt';

export const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
/** The Web API base the app is pointed at (answered by nock). */
export const SLACK_API = 'https://slack.test';
/** Where response URLs point (answered by nock). */
export const HOOKS = 'https://hooks.slack.test';

export const FIXTURES_DIR = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));
export const FIXTURES_PRESENT = existsSync(`${FIXTURES_DIR}slack-slash-command.txt`);

function fixtureText(name: string): string {
  return readFileSync(`${FIXTURES_DIR}${name}`, 'utf8');
}

function fixtureJson<T>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The headers Slack sends with a body: timestamp and v0 signature. */
export function signedHeaders(body: string, timestamp = nowSeconds(), secret = SIGNING_SECRET) {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
}

export type SlackRequest = { body: string; contentType: string };

export type PostOptions = {
  headers?: Record<string, string>;
  /** Send these headers instead of a valid signature. */
  replaceHeaders?: Record<string, string>;
  timestamp?: number;
};

export type SlackResponse = { status: number; text: string; json: unknown; ms: number };

/** POSTs a request to `/slack/events`, signed unless told otherwise. */
export async function postSlack(
  base: string,
  request: SlackRequest,
  options: PostOptions = {},
): Promise<SlackResponse> {
  const headers = {
    'content-type': request.contentType,
    ...(options.replaceHeaders ?? signedHeaders(request.body, options.timestamp)),
    ...options.headers,
  };
  const started = performance.now();
  const res = await fetch(`${base}/slack/events`, { method: 'POST', headers, body: request.body });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, text, json, ms: performance.now() - started };
}

const FORM = 'application/x-www-form-urlencoded';

/** Slack's slash command example with our user, command, text and URLs. */
export function slashCommand(input: {
  user: string;
  command: string;
  text: string;
  trigger?: string;
}): SlackRequest {
  const form = new URLSearchParams(fixtureText('slack-slash-command.txt').trim());
  form.set('team_id', 'T0TEST');
  form.set('user_id', input.user);
  form.set('command', input.command);
  form.set('text', input.text);
  form.set('trigger_id', input.trigger ?? `trigger-${input.user}-${Math.random().toString(36).slice(2)}`);
  form.set('response_url', `${HOOKS}/commands/T0TEST/${input.user}`);
  return { body: form.toString(), contentType: FORM };
}

/** An interactive payload as Slack sends it: `payload=<JSON>`. */
export function interactive(payload: unknown): SlackRequest {
  return { body: `payload=${encodeURIComponent(JSON.stringify(payload))}`, contentType: FORM };
}

type BlockActionsFixture = {
  user: { id: string };
  container: Record<string, unknown>;
  actions: Record<string, unknown>[];
  trigger_id: string;
  response_url: string;
  channel?: unknown;
};

/** Slack's message-button example: one button click in a DM message (or the Home tab). */
export function buttonClick(input: {
  user: string;
  action: string;
  value: string;
  actionTs?: string;
  message?: { channel: string; ts: string };
  trigger?: string;
}): SlackRequest {
  const payload = fixtureJson<BlockActionsFixture>('slack-block-actions-message-button.json');
  payload.user = { ...payload.user, id: input.user };
  const first = payload.actions[0] ?? {};
  payload.actions = [
    {
      ...first,
      action_id: input.action,
      value: input.value,
      action_ts: input.actionTs ?? `${nowSeconds()}.${Math.floor(Math.random() * 1e6)}`,
    },
  ];
  payload.trigger_id = input.trigger ?? `trigger-${input.action}-${Math.random().toString(36).slice(2)}`;
  if (input.message) {
    payload.container = {
      type: 'message',
      message_ts: input.message.ts,
      channel_id: input.message.channel,
      is_ephemeral: false,
    };
    payload.channel = { id: input.message.channel, name: 'directmessage' };
    payload.response_url = `${HOOKS}/actions/T0TEST/${input.user}`;
  } else {
    // A Home tab click: no message, no response URL.
    payload.container = { type: 'view', view_id: 'VHOME' };
    payload.response_url = '';
    delete payload.channel;
  }
  return interactive(payload);
}

type ViewFixture = { user: { id: string }; view: Record<string, unknown> };

/** The state Slack sends for a modal whose inputs hold `values` (by block id). */
export function stateFor(view: types.ModalView, values: Record<string, string | string[] | undefined>) {
  const state: ViewOutput['state']['values'] = {};
  for (const raw of view.blocks) {
    if (raw.type !== 'input' || !raw.block_id) continue;
    const block = raw as types.InputBlock;
    const element = block.element;
    const value = values[raw.block_id];
    const options = 'options' in element && Array.isArray(element.options) ? element.options : [];
    const option = (v: string) => {
      const found = options.find((o) => o.value === v);
      return { text: { type: 'plain_text' as const, text: found?.text.text ?? v }, value: v };
    };
    let entry: ViewStateValue;
    switch (element.type) {
      case 'radio_buttons':
      case 'static_select':
        entry = { type: element.type, selected_option: typeof value === 'string' ? option(value) : null };
        break;
      case 'checkboxes':
        entry = { type: element.type, selected_options: (Array.isArray(value) ? value : []).map(option) };
        break;
      case 'datepicker':
        entry = { type: element.type, selected_date: typeof value === 'string' ? value : null };
        break;
      default:
        entry = { type: element.type, value: typeof value === 'string' ? value : null };
    }
    state[raw.block_id] = { [element.action_id ?? 'value']: entry };
  }
  return state;
}

/** An official view payload with our user, our modal (blocks, callback, metadata) and the values typed. */
function withOurView(
  payload: ViewFixture,
  input: { user: string; view: types.ModalView; values: Record<string, string | string[] | undefined> },
): ViewFixture {
  payload.user = { ...payload.user, id: input.user };
  payload.view = {
    ...payload.view,
    callback_id: input.view.callback_id,
    private_metadata: input.view.private_metadata ?? '',
    blocks: input.view.blocks,
    state: { values: stateFor(input.view, input.values) },
  };
  return payload;
}

/** Slack's view_submission example carrying our modal (blocks, callback, metadata) and its values. */
export function viewSubmission(input: {
  user: string;
  view: types.ModalView;
  values: Record<string, string | string[] | undefined>;
}): SlackRequest {
  const payload = withOurView(fixtureJson<ViewFixture>('slack-view-submission.json'), input);
  payload.view = { ...payload.view, notify_on_close: input.view.notify_on_close ?? false };
  return interactive(payload);
}

/** Slack's view_closed example for our modal, with what was typed before closing. */
export function viewClosed(input: {
  user: string;
  view: types.ModalView;
  values: Record<string, string | string[] | undefined>;
}): SlackRequest {
  const payload = withOurView(fixtureJson<ViewFixture>('slack-view-closed.json'), input);
  return interactive(payload);
}

type EventFixture = { event: Record<string, unknown>; event_id: string; event_time: number };

/** Slack's app_home_opened envelope for our user and event id. */
export function appHomeOpened(input: {
  user: string;
  eventId: string;
  tab?: 'home' | 'messages';
}): SlackRequest {
  const payload = fixtureJson<EventFixture>('slack-event-app-home-opened.json');
  payload.event = { ...payload.event, user: input.user, tab: input.tab ?? 'home' };
  payload.event_id = input.eventId;
  payload.event_time = nowSeconds();
  return { body: JSON.stringify(payload), contentType: 'application/json' };
}

/** Waits until `check` holds (or fails after `ms`). */
export async function until(
  check: () => boolean | Promise<boolean>,
  ms = 3000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
