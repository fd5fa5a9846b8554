/**
 * Message content as Slack checks it (text, blocks within Block Kit limits, attachments) and the message
 * JSON Slack shows the app.
 */
import { jsonArg, stringArg } from './arguments.ts';
import { checkMessageBlocks, isJsonObject, problemLine, withSlackIds } from './blocks.ts';
import type { SlackWorkspace } from './state.ts';
import type { JsonObject, SlackFakeEphemeral, SlackFakeMessage } from './types.ts';
import { errorBody, type SlackErrorBody } from './views.ts';

/** Slack truncates nothing: a text over 40,000 characters is refused with `msg_too_long`. */
export const MAX_TEXT_LENGTH = 40_000;
const MAX_ATTACHMENTS = 100;

/** The content of a message: its text, blocks (with Slack's ids) and attachments. */
export type MessageContent = { text: string; blocks: JsonObject[]; attachments: JsonObject[] };

/**
 * Reads `text`, `blocks` and `attachments` from arguments (JSON strings in a form, arrays in JSON),
 * with Slack's errors: `invalid_blocks_format`, `invalid_blocks` (with the `[ERROR]` lines and `errors`),
 * `invalid_attachments`, `too_many_attachments`, `msg_too_long`, and `no_text` when all three are empty.
 */
export function readMessageContent(args: JsonObject): MessageContent | SlackErrorBody {
  const text = stringArg(args, 'text') ?? '';
  if (text.length > MAX_TEXT_LENGTH) return errorBody('msg_too_long');
  const blocksArg = jsonArg(args, 'blocks');
  let blocks: JsonObject[] = [];
  if (blocksArg !== undefined) {
    if ('invalid' in blocksArg || !Array.isArray(blocksArg.value)) return errorBody('invalid_blocks_format');
    const problems = checkMessageBlocks(blocksArg.value);
    if (problems.length > 0) {
      return {
        ...errorBody('invalid_blocks', problems.map(problemLine)),
        errors: problems.map((p) => `${p.message} [json-pointer:${p.pointer}]`),
      };
    }
    blocks = withSlackIds(blocksArg.value);
  }
  const attachmentsArg = jsonArg(args, 'attachments');
  let attachments: JsonObject[] = [];
  if (attachmentsArg !== undefined) {
    if ('invalid' in attachmentsArg || !Array.isArray(attachmentsArg.value))
      return errorBody('invalid_attachments');
    if (attachmentsArg.value.length > MAX_ATTACHMENTS) return errorBody('too_many_attachments');
    attachments = attachmentsArg.value.filter(isJsonObject);
  }
  if (text === '' && blocks.length === 0 && attachments.length === 0) return errorBody('no_text');
  return { text, blocks, attachments };
}

/** The message JSON Slack answers chat.postMessage and chat.update with, and puts in action payloads. */
export function messagePayload(
  message: SlackFakeMessage | SlackFakeEphemeral,
  ws: SlackWorkspace,
): JsonObject {
  const posted = 'botId' in message ? message : undefined;
  const fromBot = posted === undefined || posted.botId !== undefined;
  const payload: JsonObject = {
    type: 'message',
    user: posted?.user ?? ws.bot.userId,
    text: message.text,
    ts: message.ts,
    team: ws.team.id,
  };
  if (fromBot) {
    payload.bot_id = ws.bot.botId;
    payload.app_id = ws.bot.appId;
  }
  if (message.blocks.length > 0) payload.blocks = message.blocks;
  if (message.attachments.length > 0) payload.attachments = message.attachments;
  if (posted?.threadTs !== undefined) payload.thread_ts = posted.threadTs;
  if (posted?.editedTs !== undefined) payload.edited = { user: ws.bot.userId, ts: posted.editedTs };
  if (posted !== undefined && posted.files.length > 0) {
    payload.files = posted.files.map((id) => ({ id }));
    payload.upload = true;
  }
  return payload;
}
