/**
 * Every REST route the local Discord fake answers, written as in Discord's OpenAPI document
 * (`METHOD /path/{param}`); the route-spec generator and the router both read this list.
 */
export const SERVED_ROUTES = [
  'GET /gateway',
  'GET /gateway/bot',
  'GET /users/@me',
  'GET /users/{user_id}',
  'POST /users/@me/channels',
  'GET /applications/@me',
  'GET /applications/{application_id}/commands',
  'PUT /applications/{application_id}/commands',
  'POST /applications/{application_id}/commands',
  'GET /applications/{application_id}/commands/{command_id}',
  'PATCH /applications/{application_id}/commands/{command_id}',
  'DELETE /applications/{application_id}/commands/{command_id}',
  'GET /applications/{application_id}/guilds/{guild_id}/commands',
  'PUT /applications/{application_id}/guilds/{guild_id}/commands',
  'POST /applications/{application_id}/guilds/{guild_id}/commands',
  'GET /applications/{application_id}/guilds/{guild_id}/commands/{command_id}',
  'PATCH /applications/{application_id}/guilds/{guild_id}/commands/{command_id}',
  'DELETE /applications/{application_id}/guilds/{guild_id}/commands/{command_id}',
  'POST /interactions/{interaction_id}/{interaction_token}/callback',
  'POST /webhooks/{webhook_id}/{webhook_token}',
  'GET /webhooks/{webhook_id}/{webhook_token}/messages/@original',
  'PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original',
  'DELETE /webhooks/{webhook_id}/{webhook_token}/messages/@original',
  'GET /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}',
  'PATCH /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}',
  'DELETE /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}',
  'GET /channels/{channel_id}',
  'GET /channels/{channel_id}/messages',
  'POST /channels/{channel_id}/messages',
  'GET /channels/{channel_id}/messages/{message_id}',
  'PATCH /channels/{channel_id}/messages/{message_id}',
  'DELETE /channels/{channel_id}/messages/{message_id}',
  'GET /guilds/{guild_id}',
  'GET /guilds/{guild_id}/channels',
  'GET /guilds/{guild_id}/roles',
  'GET /guilds/{guild_id}/members',
  'GET /guilds/{guild_id}/members/{user_id}',
] as const;

/** One served route key. */
export type ServedRoute = (typeof SERVED_ROUTES)[number];
