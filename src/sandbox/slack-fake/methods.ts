/**
 * The Web API methods the product calls, answered from the workspace state in Slack's shapes:
 * auth.test, chat.postMessage, chat.update, chat.postEphemeral, conversations.open, users.info and the
 * two files.*External steps. The views.* methods are in `view-methods.ts`.
 */
import { booleanArg, jsonArg, stringArg } from './arguments.ts';
import { isJsonObject } from './blocks.ts';
import { filePayload } from './files.ts';
import { messagePayload, readMessageContent } from './messages.ts';
import type { SlackWorkspace } from './state.ts';
import type { JsonObject, SlackFakeChannel, SlackFakeUser } from './types.ts';
import { errorBody } from './views.ts';

/** One method: arguments already checked against the table → Slack's answer body. */
export type MethodHandler = (ws: SlackWorkspace, args: JsonObject) => JsonObject;

function authTest(ws: SlackWorkspace): JsonObject {
  return {
    ok: true,
    url: `https://${ws.team.domain}.slack.com/`,
    team: ws.team.name,
    user: ws.bot.name,
    team_id: ws.team.id,
    user_id: ws.bot.userId,
    bot_id: ws.bot.botId,
    is_enterprise_install: false,
  };
}

function postMessage(ws: SlackWorkspace, args: JsonObject): JsonObject {
  const channel = ws.resolveConversation(stringArg(args, 'channel') ?? '');
  if (channel === undefined) return errorBody('channel_not_found');
  const content = readMessageContent(args);
  if ('error' in content) return content;
  const threadTs = stringArg(args, 'thread_ts');
  if (threadTs !== undefined && ws.message(channel.id, threadTs) === undefined)
    return errorBody('thread_not_found');
  const message = ws.postMessage(
    channel.id,
    threadTs === undefined ? content : { ...content, threadTs },
    'api',
  );
  return { ok: true, channel: channel.id, ts: message.ts, message: messagePayload(message, ws) };
}

function update(ws: SlackWorkspace, args: JsonObject): JsonObject {
  const channel = ws.channel(stringArg(args, 'channel') ?? '');
  if (channel === undefined) return errorBody('channel_not_found');
  const message = ws.message(channel.id, stringArg(args, 'ts') ?? '');
  if (message === undefined || message.deleted) return errorBody('message_not_found');
  if (message.botId === undefined) return errorBody('cant_update_message');
  const content = readMessageContent(args);
  if ('error' in content) return content;
  ws.updateMessage(message, content);
  return {
    ok: true,
    channel: channel.id,
    ts: message.ts,
    text: message.text,
    message: messagePayload(message, ws),
  };
}

function isMember(channel: SlackFakeChannel, userId: string): boolean {
  return channel.members.includes(userId);
}

function postEphemeral(ws: SlackWorkspace, args: JsonObject): JsonObject {
  const channel = ws.resolveConversation(stringArg(args, 'channel') ?? '');
  if (channel === undefined) return errorBody('channel_not_found');
  const userId = stringArg(args, 'user') ?? '';
  if (ws.user(userId) === undefined) return errorBody('user_not_found');
  if (!isMember(channel, userId)) return errorBody('user_not_in_channel');
  const content = readMessageContent(args);
  if ('error' in content) return content;
  const message = ws.postEphemeral(channel.id, userId, content, 'api');
  return { ok: true, message_ts: message.ts };
}

function conversationsOpen(ws: SlackWorkspace, args: JsonObject): JsonObject {
  const existingId = stringArg(args, 'channel');
  if (existingId !== undefined && existingId !== '') {
    const channel = ws.channel(existingId);
    if (channel === undefined || channel.kind === 'channel') return errorBody('channel_not_found');
    return {
      ok: true,
      no_op: true,
      already_open: true,
      channel: imPayload(channel, booleanArg(args, 'return_im')),
    };
  }
  const ids = (stringArg(args, 'users') ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  if (ids.length === 0) return errorBody('users_list_not_supplied');
  if (ids.length > 8) return errorBody('too_many_users');
  if (ids.some((id) => ws.user(id) === undefined)) return errorBody('user_not_found');
  if (ids.some((id) => ws.user(id)?.deactivated)) return errorBody('user_disabled');
  const [only] = ids;
  if (ids.length === 1 && only !== undefined) {
    const { channel, created } = ws.openDm(only);
    const body: JsonObject = { ok: true, channel: imPayload(channel, booleanArg(args, 'return_im')) };
    return created ? body : { ...body, no_op: true, already_open: true };
  }
  return { ok: true, channel: imPayload(ws.openGroupDm(ids), booleanArg(args, 'return_im')) };
}

function imPayload(channel: SlackFakeChannel, full: boolean): JsonObject {
  if (!full) return { id: channel.id };
  return {
    id: channel.id,
    created: 0,
    is_im: channel.kind === 'im',
    is_mpim: channel.kind === 'mpim',
    is_org_shared: false,
    user: channel.user,
    is_user_deleted: false,
    priority: 0,
  };
}

function userPayload(ws: SlackWorkspace, user: SlackFakeUser, withLocale: boolean): JsonObject {
  const payload: JsonObject = {
    id: user.id,
    team_id: ws.team.id,
    name: user.name,
    deleted: user.deactivated,
    color: '9f69e7',
    real_name: user.realName,
    tz: user.tz,
    tz_label: user.tz,
    tz_offset: 0,
    profile: {
      display_name: user.display,
      display_name_normalized: user.display,
      real_name: user.realName,
      real_name_normalized: user.realName,
      ...(user.email === undefined ? {} : { email: user.email }),
      team: ws.team.id,
    },
    is_admin: false,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: user.isBot,
    is_app_user: false,
    updated: 1700000000,
    has_2fa: false,
  };
  if (withLocale) payload.locale = user.locale;
  return payload;
}

function usersInfo(ws: SlackWorkspace, args: JsonObject): JsonObject {
  const user = ws.user(stringArg(args, 'user') ?? '');
  if (user === undefined) return errorBody('user_not_found');
  return { ok: true, user: userPayload(ws, user, booleanArg(args, 'include_locale')) };
}

function getUploadUrl(ws: SlackWorkspace, args: JsonObject): JsonObject {
  const length = Number(stringArg(args, 'length'));
  if (length < 1)
    return errorBody('invalid_arguments', ['[ERROR] must be at least 1 [json-pointer:/length]']);
  const { file, uploadUrl } = ws.files.start(stringArg(args, 'filename') ?? '', length);
  return { ok: true, upload_url: uploadUrl, file_id: file.id };
}

function completeUpload(ws: SlackWorkspace, args: JsonObject): JsonObject {
  const filesArg = jsonArg(args, 'files');
  const list =
    filesArg !== undefined && 'value' in filesArg && Array.isArray(filesArg.value) ? filesArg.value : [];
  const entries: { id: string; title?: string }[] = [];
  for (const entry of list) {
    if (!isJsonObject(entry) || typeof entry.id !== 'string') {
      return errorBody('invalid_arguments', ['[ERROR] missing required field: id [json-pointer:/files]']);
    }
    entries.push(typeof entry.title === 'string' ? { id: entry.id, title: entry.title } : { id: entry.id });
  }
  if (entries.length === 0) return errorBody('invalid_arguments', ['[ERROR] no files [json-pointer:/files]']);
  const channel = stringArg(args, 'channel_id') ?? stringArg(args, 'channels')?.split(',')[0];
  const comment = stringArg(args, 'initial_comment');
  const threadTs = stringArg(args, 'thread_ts');
  const share = {
    ...(channel === undefined || channel === '' ? {} : { channel }),
    ...(comment === undefined ? {} : { comment }),
    ...(threadTs === undefined ? {} : { threadTs }),
  };
  const files = ws.files.complete(entries, share);
  if ('error' in files) return files;
  return { ok: true, files: files.map((file) => filePayload(file, ws)) };
}

/** Handlers of the chat, conversations, users, auth and files methods. */
export const MESSAGE_METHODS: Record<string, MethodHandler> = {
  'auth.test': authTest,
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.postEphemeral': postEphemeral,
  'conversations.open': conversationsOpen,
  'users.info': usersInfo,
  'files.getUploadURLExternal': getUploadUrl,
  'files.completeUploadExternal': completeUpload,
};
