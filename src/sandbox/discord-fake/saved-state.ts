/**
 * The Discord fake's conversations as saved between runs of the local workspace: the ids the fake
 * made up (guild, application, #general), DM channels, messages with their attachments and edits,
 * and the interactions those messages answer. Commands are registered again at every start; open
 * modals and rate limits are not kept.
 */
import { z } from 'zod';
import type { RestoreOutcome } from '../state-file.ts';
import type { DiscordFakeState } from './state.ts';
import type { StoredAttachment } from './types.ts';

const Snowflake = z.string().regex(/^\d{15,20}$/);
const JsonObject = z.record(z.string(), z.unknown());
const When = z.coerce.date().refine((date) => !Number.isNaN(date.getTime()));

const DmChannel = z.object({
  id: Snowflake,
  type: z.literal(1),
  name: z.null(),
  guildId: z.null(),
  recipientId: Snowflake,
  topic: z.null(),
  position: z.number(),
  lastMessageId: z.string().nullable(),
});

/** An attachment without its URL (rebuilt on today's server) and with its bytes in base64 when within the budget. */
const Attachment = z
  .object({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number() })
  .extend({ description: z.string().nullable(), data: z.string().optional() });

const Message = z.object({
  id: Snowflake,
  channelId: Snowflake,
  guildId: z.string().nullable(),
  authorId: z.string(),
  content: z.string(),
  embeds: z.array(z.unknown()),
  components: z.array(z.unknown()),
  attachments: z.array(Attachment),
  flags: z.number().int(),
  type: z.number().int(),
  createdAt: When,
  editedAt: When.nullable(),
  webhookId: z.string().nullable(),
  interactionId: z.string().nullable(),
  visibleTo: z.string().nullable(),
  edits: z.array(
    z.object({
      at: When,
      content: z.string(),
      embeds: z.array(z.unknown()),
      components: z.array(z.unknown()),
    }),
  ),
});

const Interaction = z.object({
  id: z.string(),
  token: z.string(),
  type: z.number().int(),
  userId: z.string(),
  channelId: z.string(),
  guildId: z.string().nullable(),
  createdAt: When,
  payload: JsonObject,
  response: z.object({ type: z.number().int(), data: JsonObject.nullable(), at: When }).nullable(),
  sourceMessageId: z.string().nullable(),
  originalMessageId: z.string().nullable(),
  followupIds: z.array(z.string()),
  choices: z.array(z.unknown()).nullable(),
});

/** The Discord section of the state file. */
export const SavedDiscord = z.object({
  guildId: Snowflake,
  applicationId: Snowflake,
  generalChannelId: Snowflake,
  dmChannels: z.array(DmChannel),
  messages: z.array(Message),
  interactions: z.array(Interaction),
});

/** The Discord section as read back. */
export type SavedDiscord = z.output<typeof SavedDiscord>;

/** The ids the local workspace makes up for the fake server, kept so that saved messages still match. */
export type DiscordFakeIds = { guildId: string; applicationId: string; generalChannelId: string };

/** Where an attachment's bytes are served by the fake at `baseUrl` (as the fake itself builds it). */
function attachmentUrl(baseUrl: string, channelId: string, attachment: { id: string; filename: string }) {
  return `${baseUrl}/attachments/${channelId}/${attachment.id}/${encodeURIComponent(attachment.filename)}`;
}

/** The fake's conversations as plain JSON; `keepBytes` says, newest attachment first, whose bytes to keep. */
export function saveDiscordState(
  state: DiscordFakeState,
  ids: DiscordFakeIds,
  keepBytes: (size: number) => boolean,
): unknown {
  const messages = [...state.messages.values()];
  const kept = new Set(
    messages
      .flatMap((m) => m.attachments)
      .reverse()
      // An attachment restored without its bytes has none to save.
      .flatMap((a) => (a.data.length === a.size && keepBytes(a.size) ? [a.id] : [])),
  );
  const answered = new Set(messages.map((m) => m.interactionId));
  return {
    ...ids,
    dmChannels: [...state.channels.values()].filter((c) => c.type === 1),
    messages: messages.map((m) => ({
      ...m,
      attachments: m.attachments.map(({ data, url: _url, ...a }) => ({
        ...a,
        ...(kept.has(a.id) ? { data: data.toString('base64') } : {}),
      })),
    })),
    // Only the interactions a kept message names: they give it its `interaction_metadata`.
    interactions: [...state.interactions.values()].filter((i) => answered.has(i.id)),
  };
}

/**
 * Puts the saved conversations back into a fake peopled from today's organisation, before the bot
 * connects: what concerns people or channels no longer there is dropped, and said so.
 */
export function restoreDiscordState(
  state: DiscordFakeState,
  saved: SavedDiscord,
  baseUrl: string,
): RestoreOutcome {
  const dropped: string[] = [];
  const dmIds = new Set(saved.dmChannels.map((c) => c.id));
  let channels = 0;
  for (const channel of saved.dmChannels) {
    const recipient = state.users.get(channel.recipientId);
    if (recipient === undefined || recipient.bot) {
      dropped.push(`Discord DM ${channel.id}: person no longer in the organisation`);
      continue;
    }
    if (
      state.channels.has(channel.id) ||
      [...state.channels.values()].some((c) => c.recipientId === recipient.id)
    )
      dropped.push(`Discord DM ${channel.id}: already open`);
    else {
      state.channels.set(channel.id, { ...channel, lastMessageId: null });
      channels += 1;
    }
  }
  const present = (id: string | null) => id === null || state.users.has(id);
  const gone = new Map<string, number>();
  let messages = 0;
  let orphans = 0;
  for (const message of saved.messages) {
    const channel = state.channels.get(message.channelId);
    if (channel === undefined) {
      // A dropped DM was reported once, with its messages.
      if (!dmIds.has(message.channelId)) gone.set(message.channelId, (gone.get(message.channelId) ?? 0) + 1);
      continue;
    }
    if (!present(message.authorId) || !present(message.visibleTo)) {
      orphans += 1;
      continue;
    }
    const attachments: StoredAttachment[] = message.attachments.map(({ data, ...a }) => ({
      ...a,
      url: attachmentUrl(baseUrl, channel.id, a),
      data: Buffer.from(data ?? '', 'base64'),
    }));
    state.messages.set(message.id, { ...message, attachments });
    // An attachment whose bytes were not kept stays listed but is no longer served.
    for (const [i, a] of attachments.entries())
      if (message.attachments[i]?.data !== undefined) state.attachments.set(a.id, a);
    channel.lastMessageId = message.id;
    messages += 1;
  }
  for (const [channelId, count] of gone)
    dropped.push(`Discord channel ${channelId}: no longer in the organisation (messages: ${count})`);
  if (orphans > 0) dropped.push(`Discord messages of people no longer in the organisation: ${orphans}`);
  let interactions = 0;
  for (const record of saved.interactions) {
    if (!state.users.has(record.userId)) continue;
    state.interactions.set(record.id, record);
    interactions += 1;
  }
  return { restored: { channels, messages, interactions }, dropped };
}
