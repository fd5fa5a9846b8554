/**
 * Slack's request signature, version 0: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` keyed with
 * the app's signing secret, sent in `X-Slack-Signature` with the timestamp in `X-Slack-Request-Timestamp`.
 */
import { createHmac } from 'node:crypto';

/** The string Slack signs. */
export function signatureBaseString(timestamp: number | string, rawBody: string): string {
  return `v0:${timestamp}:${rawBody}`;
}

/** The `X-Slack-Signature` value for a body sent at `timestamp` (seconds). */
export function signSlackRequest(signingSecret: string, timestamp: number | string, rawBody: string): string {
  const digest = createHmac('sha256', signingSecret)
    .update(signatureBaseString(timestamp, rawBody))
    .digest('hex');
  return `v0=${digest}`;
}

/** The two headers Slack adds to every request it sends an app. */
export function slackSignatureHeaders(
  signingSecret: string,
  rawBody: string,
  timestamp: number,
): { 'X-Slack-Request-Timestamp': string; 'X-Slack-Signature': string } {
  return {
    'X-Slack-Request-Timestamp': String(timestamp),
    'X-Slack-Signature': signSlackRequest(signingSecret, timestamp, rawBody),
  };
}
