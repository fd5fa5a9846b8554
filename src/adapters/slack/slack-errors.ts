/**
 * Slack Web API failures as `PlatformError`s, so the jobs decide between retry and give-up on a
 * stable code. The WebClient is built to reject rate-limited calls at once (BullMQ retries), so a
 * 429 arrives here with its `Retry-After`.
 */
import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';
import { PlatformError, type PlatformErrorCode } from '../../ports/chat-platform.ts';

const BY_SLACK_CODE: Record<string, PlatformErrorCode> = {
  ratelimited: 'rate_limited',
  rate_limited: 'rate_limited',
  user_not_found: 'recipient_unreachable',
  users_not_found: 'recipient_unreachable',
  cannot_dm_bot: 'recipient_unreachable',
  user_disabled: 'recipient_unreachable',
  channel_not_found: 'channel_not_found',
  not_in_channel: 'channel_not_found',
  is_archived: 'channel_not_found',
  expired_trigger_id: 'trigger_expired',
  invalid_trigger_id: 'trigger_expired',
  exchanged_trigger_id: 'trigger_expired',
  invalid_auth: 'unauthorized',
  not_authed: 'unauthorized',
  token_revoked: 'unauthorized',
  token_expired: 'unauthorized',
  account_inactive: 'unauthorized',
  missing_scope: 'unauthorized',
  invalid_arguments: 'invalid_request',
  invalid_blocks: 'invalid_request',
  invalid_blocks_format: 'invalid_request',
  msg_too_long: 'invalid_request',
  too_many_attachments: 'invalid_request',
  view_too_large: 'invalid_request',
};

/** Without a usable `Retry-After`, wait this long (Slack's Tier 3 allows about one call a second). */
const DEFAULT_RETRY_MS = 1_000;

/** Maps a Slack code (`invalid_auth`) to the port's code; `unavailable` for anything unknown. */
export function platformCodeFor(slackCode: string): PlatformErrorCode {
  return BY_SLACK_CODE[slackCode] ?? 'unavailable';
}

/** Any failure of a Web API call (or of the file upload POST) as a `PlatformError`. */
export function toPlatformError(error: unknown): PlatformError {
  if (error instanceof PlatformError) return error;
  if (error instanceof WebAPIRateLimitedError) {
    const retryAfterMs = error.retryAfter >= 0 ? error.retryAfter * 1000 : DEFAULT_RETRY_MS;
    return new PlatformError('slack', 'rate_limited', 'ratelimited', { retryAfterMs, cause: error });
  }
  if (error instanceof WebAPIPlatformError) {
    const slackCode = error.data.error;
    const code = platformCodeFor(slackCode);
    return new PlatformError('slack', code, slackCode, {
      ...(code === 'rate_limited' ? { retryAfterMs: DEFAULT_RETRY_MS } : {}),
      cause: error,
    });
  }
  if (error instanceof WebAPIHTTPError) {
    const code: PlatformErrorCode =
      error.statusCode === 401 || error.statusCode === 403 ? 'unauthorized' : 'unavailable';
    return new PlatformError('slack', code, `http_${error.statusCode}`, { cause: error });
  }
  // The SDK rejects a 429 without a usable Retry-After with a plain error naming the header.
  if (error instanceof Error && /retry header|rate limit/i.test(error.message)) {
    return new PlatformError('slack', 'rate_limited', 'ratelimited', {
      retryAfterMs: DEFAULT_RETRY_MS,
      cause: error,
    });
  }
  const name = error instanceof WebAPIRequestError ? 'request_error' : 'unknown_error';
  return new PlatformError('slack', 'unavailable', name, { cause: error });
}

/** Runs a Web API call and rethrows its failure as a `PlatformError`. */
export async function slackCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toPlatformError(error);
  }
}
