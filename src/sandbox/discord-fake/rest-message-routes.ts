/** REST routes of the local Discord fake for DM channels, channels and their messages. */
import { errors } from './http-io.ts';
import { checkMessageRules, checkNotEmpty, messageFields } from './message-rules.ts';
import type { FakeContext, RouteHandler, RouteRequest } from './rest-router.ts';
import { channelJson, messageJson } from './serialize.ts';
import type { ServedRoute } from './served-routes.ts';
import type { FakeChannel, JsonObject, StoredMessage } from './types.ts';

/** Gateway intents that carry message events. */
const GUILD_MESSAGES = 1 << 9;
const DIRECT_MESSAGES = 1 << 12;

function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function channelOf(r: RouteRequest): FakeChannel {
  const channel = r.fake.state.channels.get(r.params.channel_id ?? '');
  if (!channel) throw errors.unknownChannel();
  return channel;
}

function messageOf(r: RouteRequest, channel: FakeChannel): StoredMessage {
  const message = r.fake.state.messages.get(r.params.message_id ?? '');
  // Ephemeral messages exist only for their interaction's webhook, never in channel routes.
  if (!message || message.channelId !== channel.id || message.visibleTo !== null)
    throw errors.unknownMessage();
  return message;
}

/** Tells the bot's gateway about a message event, if its intents ask for it. */
export function dispatchMessage(
  fake: FakeContext,
  event: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE',
  m: StoredMessage,
): void {
  if (m.visibleTo !== null) return;
  fake.dispatch(event, messageJson(fake.state, m), m.guildId ? GUILD_MESSAGES : DIRECT_MESSAGES);
}

const createMessage: RouteHandler = (r) => {
  const { state } = r.fake;
  const channel = channelOf(r);
  if (channel.type === 1) {
    const recipient = channel.recipientId ? state.users.get(channel.recipientId) : undefined;
    if (recipient?.dmsClosed) {
      state.refusedDms.push({ userId: recipient.id, at: new Date() });
      throw errors.cannotDm();
    }
  }
  checkMessageRules(r.body.json);
  const fields = messageFields(r.body.json, r.body.files, channel.id, r.fake.baseUrl());
  checkNotEmpty(fields, r.body.json);
  const reply = isRecord(r.body.json) && isRecord(r.body.json.message_reference);
  const message = state.createMessage({
    channelId: channel.id,
    authorId: state.bot.id,
    ...fields,
    type: reply ? 19 : 0,
  });
  dispatchMessage(r.fake, 'MESSAGE_CREATE', message);
  return { body: messageJson(state, message) };
};

const editMessage: RouteHandler = (r) => {
  const { state } = r.fake;
  const channel = channelOf(r);
  const message = messageOf(r, channel);
  if (message.authorId !== state.bot.id) throw errors.notAuthor();
  checkMessageRules(r.body.json);
  const fields = messageFields(r.body.json, r.body.files, channel.id, r.fake.baseUrl(), message.attachments);
  state.editMessage(message, fields);
  dispatchMessage(r.fake, 'MESSAGE_UPDATE', message);
  return { body: messageJson(state, message) };
};

const listMessages: RouteHandler = (r) => {
  const channel = channelOf(r);
  const limit = Math.min(100, Math.max(1, Number(r.query.get('limit') ?? 50)));
  const before = r.query.get('before');
  const after = r.query.get('after');
  let list = r.fake.state.messagesIn(channel.id).filter((m) => m.visibleTo === null);
  if (before) list = list.filter((m) => BigInt(m.id) < BigInt(before));
  if (after) list = list.filter((m) => BigInt(m.id) > BigInt(after));
  // Newest first, as Discord lists them.
  const page = after ? list.slice(0, limit) : list.slice(-limit);
  return { body: page.reverse().map((m) => messageJson(r.fake.state, m)) };
};

/** Handlers for the DM-channel, channel and message routes. */
export const messageRoutes: Partial<Record<ServedRoute, RouteHandler>> = {
  'POST /users/@me/channels': (r) => {
    const body = isRecord(r.body.json) ? r.body.json : {};
    const recipient = r.fake.state.users.get(String(body.recipient_id ?? ''));
    if (!recipient || recipient.bot) throw errors.invalidRecipient();
    return { body: channelJson(r.fake.state, r.fake.state.dmChannelFor(recipient.id)) };
  },
  'GET /channels/{channel_id}': (r) => ({ body: channelJson(r.fake.state, channelOf(r)) }),
  'GET /channels/{channel_id}/messages': listMessages,
  'POST /channels/{channel_id}/messages': createMessage,
  'GET /channels/{channel_id}/messages/{message_id}': (r) => ({
    body: messageJson(r.fake.state, messageOf(r, channelOf(r))),
  }),
  'PATCH /channels/{channel_id}/messages/{message_id}': editMessage,
  'DELETE /channels/{channel_id}/messages/{message_id}': (r) => {
    const message = messageOf(r, channelOf(r));
    r.fake.state.deleteMessage(message);
    r.fake.dispatch(
      'MESSAGE_DELETE',
      {
        id: message.id,
        channel_id: message.channelId,
        ...(message.guildId ? { guild_id: message.guildId } : {}),
      },
      message.guildId ? GUILD_MESSAGES : DIRECT_MESSAGES,
    );
    return {};
  },
};
