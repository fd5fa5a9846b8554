/**
 * The local Slack fake: a workspace in memory, an HTTP server on loopback that serves the Web API methods
 * the product calls, and a client that sends the app signed requests as Slack does.
 */
export type { SubmittedValue } from './blocks.ts';
export {
  ACK_TIMEOUT_MS,
  type ActionTarget,
  type Delivery,
  type SendOptions,
  SlackFakeClient,
  type SlackFakeClientOptions,
  type SubmissionOutcome,
} from './client.ts';
export type { RateLimitRule } from './rate-limit.ts';
export { type SlackFakeServer, type SlackFakeServerOptions, startSlackFake } from './server.ts';
export { signatureBaseString, signSlackRequest, slackSignatureHeaders } from './signing.ts';
export { type SlackWorkspaceSnapshot, snapshotSlackWorkspace } from './snapshot.ts';
export {
  createSlackWorkspace,
  SlackWorkspace,
  type SlackWorkspaceOptions,
  TRIGGER_LIFETIME_MS,
} from './state.ts';
export type * from './types.ts';
export { viewPayload } from './views.ts';
export { SERVED_METHODS } from './web-api.ts';
