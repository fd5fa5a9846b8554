/**
 * One Web API call from start to answer, in Slack's order: the method, the token (`not_authed`,
 * `invalid_auth`), rate limits (429 with `Retry-After`), the arguments, the method itself; every call is
 * logged. Also the response URLs the fake hands out with commands and actions.
 */
import { type ApiRequest, checkArguments, methodSpec, stringArg, unknownArguments } from './arguments.ts';
import { isJsonObject } from './blocks.ts';
import { readMessageContent } from './messages.ts';
import { MESSAGE_METHODS, type MethodHandler } from './methods.ts';
import type { SlackWorkspace } from './state.ts';
import type { JsonObject } from './types.ts';
import { VIEW_METHODS } from './view-methods.ts';
import { errorBody } from './views.ts';

/** An HTTP answer: status, extra headers and a JSON body. */
export type JsonAnswer = { status: number; headers: Record<string, string>; body: JsonObject };

const HANDLERS: Record<string, MethodHandler> = { ...MESSAGE_METHODS, ...VIEW_METHODS };

/** The methods the fake serves. */
export const SERVED_METHODS = Object.keys(HANDLERS);

function answer(body: JsonObject, status = 200, headers: Record<string, string> = {}): JsonAnswer {
  return { status, headers, body };
}

/** Answers one Web API call and records it in the workspace's call log. */
export function callWebApi(ws: SlackWorkspace, method: string, request: ApiRequest): JsonAnswer {
  const result = dispatch(ws, method, request);
  const spec = methodSpec(method);
  ws.recordCall({
    method,
    args: request.args,
    status: result.status,
    ok: result.body.ok === true,
    error: typeof result.body.error === 'string' ? result.body.error : undefined,
    unknownArgs: spec === undefined ? [] : unknownArguments(spec, request.args),
    at: ws.now(),
  });
  return result;
}

function dispatch(ws: SlackWorkspace, method: string, request: ApiRequest): JsonAnswer {
  const handler = Object.hasOwn(HANDLERS, method) ? HANDLERS[method] : undefined;
  const spec = methodSpec(method);
  if (handler === undefined || spec === undefined) return answer(errorBody('unknown_method'), 404);
  if (request.token === undefined) return answer(errorBody('not_authed'));
  if (request.token !== ws.botToken) return answer(errorBody('invalid_auth'));
  const channel = stringArg(request.args, 'channel') ?? stringArg(request.args, 'channel_id');
  const decision = ws.limiter.check(method, channel, ws.now());
  if (decision.limited) {
    return answer(errorBody('ratelimited'), 429, { 'Retry-After': String(decision.retryAfterSeconds) });
  }
  const invalid = checkArguments(spec, request.args);
  if (invalid !== undefined) return answer(invalid);
  return answer(handler(ws, request.args));
}

/**
 * A POST to a response_url (`commands/…` or `actions/…`): `delete_original`, `replace_original`, an
 * `in_channel` message, or by default an ephemeral message to the user who acted.
 */
export function callResponseUrl(ws: SlackWorkspace, path: string, rawBody: string): JsonAnswer {
  const target = ws.useResponseUrl(path);
  if ('error' in target) return answer(errorBody(target.error), 404);
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return answer(errorBody('invalid_payload'), 400);
  }
  if (!isJsonObject(body)) return answer(errorBody('invalid_payload'), 400);
  const original =
    target.messageTs === undefined
      ? undefined
      : target.ephemeral
        ? ws.ephemeral(target.channel, target.messageTs)
        : ws.message(target.channel, target.messageTs);
  if (body.delete_original === true) {
    if (original === undefined) return answer(errorBody('message_not_found'), 404);
    if ('botId' in original) ws.deleteMessage(original);
    else ws.deleteEphemeral(original);
    return answer({ ok: true });
  }
  const content = readMessageContent(body);
  if ('error' in content) return answer(content, 400);
  if (body.replace_original === true && original !== undefined) {
    if ('botId' in original) ws.updateMessage(original, content);
    else ws.updateEphemeral(original, content);
  } else if (body.response_type === 'in_channel') {
    ws.postMessage(target.channel, content, 'response_url');
  } else {
    ws.postEphemeral(target.channel, target.userId, content, 'response_url');
  }
  return answer({ ok: true });
}
