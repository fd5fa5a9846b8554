/**
 * The Slack pane of the page: what one person sees in the fake workspace (channels, the DM with
 * the app, ephemeral replies, the modal on top of their stack, their App Home) and what they do
 * there, sent through the fake's client exactly as Slack sends it to the app.
 */
import type {
  JsonObject,
  SlackFakeClient,
  SlackFakeEphemeral,
  SlackFakeMessage,
  SlackFakeView,
  SlackWorkspace,
  SubmittedValue,
} from '../slack-fake/index.ts';
import { canRead, type DeskUser, type Directory } from './directory.ts';
import { firstEvent, WorkspaceError } from './workspace-error.ts';

/** The fake workspace and its client (available once the app listens). */
export type SlackSide = { workspace: SlackWorkspace; client(): SlackFakeClient };

/** A file shared in a message, with the fake's download URL. */
export type PageFile = { id: string; name: string; title: string; url: string; mimetype: string };

/** A message as the page renders it. */
export type SlackPageMessage = {
  ts: string;
  author: string;
  fromApp: boolean;
  ephemeral: boolean;
  edited: boolean;
  text: string;
  blocks: JsonObject[];
  files: PageFile[];
};

/** A modal or an App Home as the page renders it. */
export type SlackPageView = {
  id: string;
  hash: string;
  title: string;
  submit: string | null;
  close: string | null;
  blocks: JsonObject[];
  values: SlackFakeView['state']['values'];
  errors: Record<string, string> | null;
};

/** A conversation in the sidebar. */
export type SlackPageChannel = {
  id: string;
  name: string;
  kind: 'channel' | 'im';
  messages: SlackPageMessage[];
};

/** Everything the Slack pane shows for one person. */
export type SlackPaneState = {
  userId: string;
  team: string;
  channels: SlackPageChannel[];
  modal: SlackPageView | null;
  home: SlackPageView | null;
};

/** How long a command's reply may take to come through `response_url` after an empty acknowledgement. */
const LATE_REPLY_MS = 8000;

function textOf(value: JsonObject | null): string {
  return value !== null && typeof value.text === 'string' ? value.text : '';
}

function pageView(view: SlackFakeView): SlackPageView {
  return {
    id: view.id,
    hash: view.hash,
    title: textOf(view.title),
    submit: view.submit === null ? null : textOf(view.submit),
    close: view.close === null ? null : textOf(view.close),
    blocks: view.blocks,
    values: view.state.values,
    errors: view.errors,
  };
}

function pageFiles(ws: SlackWorkspace, ids: string[]): PageFile[] {
  return ids.flatMap((id) => {
    const file = ws.files.get(id);
    return file === undefined
      ? []
      : [{ id, name: file.name, title: file.title, url: file.url, mimetype: file.mimetype }];
  });
}

function pageMessage(ws: SlackWorkspace, message: SlackFakeMessage | SlackFakeEphemeral): SlackPageMessage {
  const posted = 'botId' in message ? message : undefined;
  const fromApp = posted === undefined || posted.botId !== undefined;
  const author = fromApp ? ws.bot.name : (ws.user(posted.user)?.display ?? posted.user);
  return {
    ts: message.ts,
    author,
    fromApp,
    ephemeral: posted === undefined,
    edited: posted?.editedTs !== undefined || message.edits.length > 0,
    text: message.text,
    blocks: message.blocks,
    files: pageFiles(ws, posted?.files ?? []),
  };
}

function slackUserOf(user: DeskUser): string {
  if (user.slack === undefined) throw new WorkspaceError(409, `${user.name} has no Slack account`);
  return user.slack;
}

/** The Slack pane of one person: their channels (by role), their DM with the app, their modal and Home. */
export function slackState(side: SlackSide, directory: Directory, user: DeskUser): SlackPaneState {
  const ws = side.workspace;
  const userId = slackUserOf(user);
  const dm = ws.openDm(userId).channel;
  const readable = directory.channels.filter((c) => c.slack !== undefined && canRead(user, c));
  const channelMessages = (id: string): SlackPageMessage[] => {
    const posted = ws.messages(id).filter((m) => !m.deleted);
    const mine = ws.ephemerals(userId).filter((m) => m.channel === id && !m.deleted);
    return [...posted, ...mine]
      .sort((a, b) => Number(a.ts) - Number(b.ts))
      .map((message) => pageMessage(ws, message));
  };
  const modal = ws.views.current(userId);
  const home = ws.views.home(userId);
  return {
    userId,
    team: ws.team.name,
    channels: [
      { id: dm.id, name: ws.bot.name, kind: 'im', messages: channelMessages(dm.id) },
      ...readable.map((c) => ({
        id: c.slack ?? '',
        name: c.name,
        kind: 'channel' as const,
        messages: channelMessages(c.slack ?? ''),
      })),
    ],
    modal: modal === undefined ? null : pageView(modal),
    home: home === undefined ? null : pageView(home),
  };
}

/** What a slash command produced for the person: the ephemeral reply, or a modal opened. */
export type SlackCommandResult = {
  status: number;
  timedOut: boolean;
  channel: string;
  reply: SlackPageMessage | null;
  modal: boolean;
};

/** The groups the app registered as slash commands (`/assess`, …). */
export type KnownCommands = ReadonlySet<string>;

/** Types `/group text` in a channel (the DM with the app by default) and waits for what answers it. */
export async function slackCommand(
  side: SlackSide,
  known: KnownCommands,
  user: DeskUser,
  input: { text: string; channel?: string },
): Promise<SlackCommandResult> {
  const ws = side.workspace;
  const userId = slackUserOf(user);
  const match = /^\s*(\/\S+)\s*([\s\S]*)$/.exec(input.text);
  const command = match?.[1];
  if (command === undefined || !known.has(command.slice(1)))
    throw new WorkspaceError(400, `${command ?? input.text.trim()} is not a valid command.`);
  const channel = input.channel ?? ws.openDm(userId).channel.id;
  if (!ws.channel(channel)?.members.includes(userId))
    throw new WorkspaceError(403, 'You are not a member of that channel.');
  let reply: SlackFakeEphemeral | undefined;
  let opened = false;
  const stops = [
    ws.on('ephemeral', ({ kind, message }) => {
      if (kind === 'posted' && message.user === userId && message.channel === channel) reply ??= message;
    }),
    ws.on('view', ({ kind, view }) => {
      if (kind === 'opened' && view.userId === userId) opened = true;
    }),
  ];
  try {
    const delivery = await side.client().slashCommand(userId, command, match?.[2] ?? '', { channel });
    if (delivery.status === 200 && reply === undefined && !opened) {
      // An empty acknowledgement: the answer comes through response_url, or a modal opens.
      await firstEvent(
        (listener) => {
          const offs = [ws.on('ephemeral', listener), ws.on('view', listener)];
          return () => {
            for (const off of offs) off();
          };
        },
        () => (reply !== undefined || opened ? true : undefined),
        LATE_REPLY_MS,
      );
    }
    return {
      status: delivery.status,
      timedOut: delivery.timedOut,
      channel,
      reply: reply === undefined ? null : pageMessage(ws, reply),
      modal: opened,
    };
  } finally {
    for (const stop of stops) stop();
  }
}

/** Where a clicked element is: a message in a channel, or a view (modal or App Home). */
export type SlackClickTarget = { channel: string; ts: string } | { viewId: string };

/** Clicks a button (or picks an option) as the person; the app's answer shows through the events. */
export async function slackClick(
  side: SlackSide,
  user: DeskUser,
  input: { target: SlackClickTarget; actionId: string; value?: string },
): Promise<{ status: number; timedOut: boolean }> {
  const userId = slackUserOf(user);
  try {
    const delivery = await side
      .client()
      .clickButton(
        userId,
        input.target,
        input.actionId,
        input.value === undefined ? {} : { value: input.value },
      );
    return { status: delivery.status, timedOut: delivery.timedOut };
  } catch (error) {
    throw new WorkspaceError(409, error instanceof Error ? error.message : String(error));
  }
}

/** Submits the person's modal; errors (from Slack's client or from the app) come back by block id. */
export async function slackSubmit(
  side: SlackSide,
  user: DeskUser,
  input: { viewId: string; values: Record<string, SubmittedValue> },
): Promise<{ outcome: string; errors: Record<string, string> | null; problems: string[] }> {
  const userId = slackUserOf(user);
  try {
    const result = await side.client().submitView(userId, input.viewId, input.values);
    return {
      outcome: result.outcome,
      errors: result.refused ?? (result.outcome === 'errors' ? result.view.errors : null),
      problems: result.problems ?? [],
    };
  } catch (error) {
    throw new WorkspaceError(409, error instanceof Error ? error.message : String(error));
  }
}

/** Closes the person's modal (Cancel); the app hears `view_closed` when it asked to. */
export async function slackClose(
  side: SlackSide,
  user: DeskUser,
  viewId: string,
): Promise<{ sent: boolean }> {
  const userId = slackUserOf(user);
  try {
    return { sent: (await side.client().closeView(userId, viewId)).sent };
  } catch (error) {
    throw new WorkspaceError(409, error instanceof Error ? error.message : String(error));
  }
}

/** Opens the person's App Home tab: `app_home_opened`, after which the app publishes the view. */
export async function slackOpenHome(side: SlackSide, user: DeskUser): Promise<SlackPageView | null> {
  const ws = side.workspace;
  const userId = slackUserOf(user);
  const before = ws.views.home(userId)?.hash;
  await side.client().openHome(userId);
  const published = await firstEvent(
    (listener) => ws.on('home', listener),
    () => {
      const home = ws.views.home(userId);
      return home !== undefined && home.hash !== before ? home : undefined;
    },
    LATE_REPLY_MS,
  );
  const home = published ?? ws.views.home(userId);
  return home === undefined ? null : pageView(home);
}
