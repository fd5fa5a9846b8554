/**
 * The Slack fake's conversations as saved between runs of the local workspace: channels' and DMs'
 * messages with their ids and ts, ephemeral replies, shared files, App Homes, and the counters ids
 * and ts are drawn from. Modals, triggers and response URLs live seconds to minutes and are not kept.
 */
import { z } from 'zod';
import type { RestoreOutcome } from '../state-file.ts';
import type { SlackWorkspace } from './state.ts';
import type { SlackFakeView, SlackRestoredRecords } from './types.ts';

const JsonObject = z.record(z.string(), z.unknown());
const Edit = z.object({ ts: z.string(), text: z.string(), blocks: z.array(JsonObject) });

const Channel = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['channel', 'im', 'mpim']),
  isPrivate: z.boolean(),
  members: z.array(z.string()),
  user: z.string().optional(),
});

const Message = z.object({
  channel: z.string(),
  ts: z.string(),
  user: z.string(),
  botId: z.string().optional(),
  text: z.string(),
  blocks: z.array(JsonObject),
  attachments: z.array(JsonObject),
  threadTs: z.string().optional(),
  files: z.array(z.string()),
  edits: z.array(Edit),
  editedTs: z.string().optional(),
  deleted: z.boolean(),
  via: z.enum(['api', 'response_url', 'command_ack', 'file_share']),
});

const Ephemeral = z.object({
  channel: z.string(),
  user: z.string(),
  ts: z.string(),
  text: z.string(),
  blocks: z.array(JsonObject),
  attachments: z.array(JsonObject),
  via: z.enum(['api', 'response_url', 'command_ack']),
  edits: z.array(Edit),
  deleted: z.boolean(),
});

const File = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string(),
  length: z.number(),
  mimetype: z.string(),
  user: z.string(),
  created: z.number(),
  channel: z.string().optional(),
  messageTs: z.string().optional(),
  comment: z.string().optional(),
  /** The bytes in base64, when within the budget. */
  data: z.string().optional(),
});

const Home = z.object({
  id: z.string(),
  type: z.literal('home'),
  userId: z.string(),
  rootViewId: z.string(),
  previousViewId: z.string().nullable(),
  hash: z.string(),
  callbackId: z.string(),
  externalId: z.string(),
  privateMetadata: z.string(),
  notifyOnClose: z.boolean(),
  clearOnClose: z.boolean(),
  title: JsonObject.nullable(),
  submit: JsonObject.nullable(),
  close: JsonObject.nullable(),
  blocks: z.array(JsonObject),
  state: z.object({ values: z.record(z.string(), z.record(z.string(), JsonObject)) }),
  errors: z.record(z.string(), z.string()).nullable(),
});

/** The Slack section of the state file. */
export const SavedSlack = z.object({
  counter: z.number().int().nonnegative(),
  lastMicros: z.number().int().nonnegative(),
  conversations: z.array(z.object({ channel: Channel, messages: z.array(Message) })),
  ephemerals: z.array(Ephemeral),
  files: z.array(File),
  homes: z.array(Home),
});

/** The Slack section as read back. */
export type SavedSlack = z.output<typeof SavedSlack>;

/** The workspace's conversations as plain JSON; `keepBytes` says, newest file first, whose bytes to keep. */
export function saveSlackWorkspace(ws: SlackWorkspace, keepBytes: (size: number) => boolean): unknown {
  const files = ws.files.all().filter((file) => file.completed);
  const kept = new Set(
    [...files]
      .reverse()
      .flatMap((file) => (file.bytes !== undefined && keepBytes(file.bytes.length) ? [file.id] : [])),
  );
  return {
    ...ws.sequence(),
    conversations: ws.channels().map((channel) => ({ channel, messages: ws.messages(channel.id) })),
    ephemerals: ws.ephemerals(),
    files: files.map(({ bytes, url: _url, completed: _completed, ...file }) => ({
      ...file,
      ...(bytes !== undefined && kept.has(file.id) ? { data: bytes.toString('base64') } : {}),
    })),
    homes: [...ws.views.homes().values()],
  };
}

/** Whether an author or a member is still in the workspace (the app's bot always is). */
function present(ws: SlackWorkspace, id: string): boolean {
  return id === ws.bot.userId || ws.user(id) !== undefined;
}

/** Why a saved conversation cannot come back into today's workspace, or null when it can. */
function conversationProblem(ws: SlackWorkspace, channel: z.output<typeof Channel>): string | null {
  if (channel.kind === 'channel')
    return ws.channel(channel.id)?.kind === 'channel' ? null : 'channel no longer in the organisation';
  if (ws.channel(channel.id) !== undefined) return 'id already taken';
  if (channel.kind === 'im')
    return channel.user !== undefined && ws.user(channel.user) !== undefined
      ? null
      : 'person no longer in the organisation';
  return channel.members.every((id) => present(ws, id)) ? null : 'member no longer in the organisation';
}

/**
 * Puts the saved conversations back into a workspace peopled from today's organisation, before the
 * app connects: what concerns people or channels no longer there is dropped, and said so.
 */
export function restoreSlackWorkspace(ws: SlackWorkspace, saved: SavedSlack): RestoreOutcome {
  const dropped: string[] = [];
  const kept = new Set<string>();
  let messages = 0;
  let orphans = 0;
  const restored: SlackRestoredRecords['conversations'] = [];
  for (const conversation of saved.conversations) {
    const { channel } = conversation;
    const problem = conversationProblem(ws, channel);
    if (problem !== null) {
      dropped.push(`Slack conversation ${channel.id} (${channel.name}): ${problem}`);
      continue;
    }
    const authored = conversation.messages.filter((m) => present(ws, m.user));
    orphans += conversation.messages.length - authored.length;
    messages += authored.length;
    kept.add(channel.id);
    restored.push({
      channel: { ...channel, user: channel.user },
      messages: authored.map((m) => ({ ...m, botId: m.botId, threadTs: m.threadTs, editedTs: m.editedTs })),
    });
  }
  if (orphans > 0) dropped.push(`Slack messages of people no longer in the organisation: ${orphans}`);
  const ephemerals = saved.ephemerals.filter((m) => kept.has(m.channel) && present(ws, m.user));
  const { counter, lastMicros } = saved;
  ws.restore({ conversations: restored, ephemerals, counter, lastMicros });
  let files = 0;
  for (const { data, ...file } of saved.files) {
    if (file.channel === undefined || !kept.has(file.channel)) continue;
    ws.files.restore({
      ...file,
      channel: file.channel,
      messageTs: file.messageTs,
      comment: file.comment,
      bytes: data === undefined ? undefined : Buffer.from(data, 'base64'),
      completed: true,
    });
    files += 1;
  }
  let homes = 0;
  for (const home of saved.homes) {
    if (ws.user(home.userId) === undefined) continue;
    ws.views.restoreHome(home satisfies SlackFakeView);
    homes += 1;
  }
  return { restored: { conversations: restored.length, messages, files, homes }, dropped };
}
