/**
 * Discord failures as `PlatformError`s, so jobs decide between retry and give-up by code: a 429 is
 * `rate_limited` with the delay Discord asked for; a closed DM (50007) is permanent.
 */
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { PlatformError, type PlatformErrorCode } from '../../ports/chat-platform.ts';

/** Used when a 429 names no delay at all. */
const DEFAULT_RETRY_AFTER_MS = 1000;

/** Discord JSON error codes (API reference, "JSON Error Codes") and what they mean for the product. */
const CODES: Record<number, PlatformErrorCode> = {
  10003: 'channel_not_found', // Unknown channel
  10008: 'invalid_request', // Unknown message (an edit of a deleted message)
  10013: 'recipient_unreachable', // Unknown user
  10062: 'trigger_expired', // Unknown interaction (token expired or already used)
  40060: 'trigger_expired', // Interaction has already been acknowledged
  50001: 'channel_not_found', // Missing access
  50007: 'recipient_unreachable', // Cannot send messages to this user
  50013: 'channel_not_found', // Missing permissions
  50014: 'unauthorized', // Invalid authentication token
  50035: 'invalid_request', // Invalid form body
};

function retryAfterOf(error: RateLimitError): number {
  const ms = error.retryAfter > 0 ? error.retryAfter : error.timeToReset;
  return Math.max(1, Math.ceil(ms > 0 ? ms : DEFAULT_RETRY_AFTER_MS));
}

/** Any error thrown by `@discordjs/rest` (or the network under it) as a coded `PlatformError`. */
export function toPlatformError(error: unknown): PlatformError {
  if (error instanceof PlatformError) return error;
  if (error instanceof RateLimitError) {
    return new PlatformError('discord', 'rate_limited', '429', {
      retryAfterMs: retryAfterOf(error),
      cause: error,
    });
  }
  if (error instanceof DiscordAPIError) {
    const numeric = typeof error.code === 'number' ? error.code : Number(error.code);
    const mapped = CODES[numeric];
    if (mapped) return new PlatformError('discord', mapped, String(error.code), { cause: error });
    if (error.status === 401) return new PlatformError('discord', 'unauthorized', '401', { cause: error });
    return new PlatformError('discord', 'unavailable', String(error.code ?? error.status), { cause: error });
  }
  if (error instanceof HTTPError) {
    return new PlatformError('discord', 'unavailable', String(error.status), { cause: error });
  }
  // @discordjs/rest forgets a token Discord refused (401) and then fails every request with this.
  if (error instanceof Error && /Expected token to be set/.test(error.message)) {
    return new PlatformError('discord', 'unauthorized', 'no_token', { cause: error });
  }
  const name = error instanceof Error ? (error.name ?? 'error') : 'error';
  return new PlatformError('discord', 'unavailable', name, { cause: error });
}
