/** REST routes of the local Discord fake for the gateway, users, the application, commands and the guild. */
import { errors } from './http-io.ts';
import { checkCommandRules } from './message-rules.ts';
import type { RouteHandler, RouteRequest } from './rest-router.ts';
import { channelJson, guildJson, memberJson, rolesJson, userJson } from './serialize.ts';
import type { ServedRoute } from './served-routes.ts';
import { snowflake } from './snowflake.ts';
import type { DiscordFakeState } from './state.ts';
import type { JsonObject, RegisteredCommand } from './types.ts';

function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkApplication(r: RouteRequest): void {
  if (r.params.application_id !== r.fake.state.applicationId) throw errors.unknownApplication();
}

function scopeOf(r: RouteRequest): string | null {
  checkApplication(r);
  const guildId = r.params.guild_id ?? null;
  if (guildId !== null && guildId !== r.fake.state.guild.id) throw errors.unknownGuild();
  return guildId;
}

/** The command object Discord answers with. */
export function commandJson(state: DiscordFakeState, c: RegisteredCommand): JsonObject {
  const type = typeof c.body.type === 'number' ? c.body.type : 1;
  return {
    id: c.id,
    application_id: state.applicationId,
    version: c.version,
    default_member_permissions: c.body.default_member_permissions ?? null,
    type,
    name: c.body.name,
    name_localizations: c.body.name_localizations ?? null,
    description: c.body.description ?? '',
    description_localizations: c.body.description_localizations ?? null,
    ...(c.guildId ? { guild_id: c.guildId } : {}),
    ...(Array.isArray(c.body.options) ? { options: c.body.options } : {}),
    dm_permission: c.body.dm_permission ?? true,
    contexts: c.body.contexts ?? null,
    integration_types: c.body.integration_types ?? [0],
    nsfw: c.body.nsfw ?? false,
  };
}

function register(
  state: DiscordFakeState,
  guildId: string | null,
  body: JsonObject,
  id?: string,
): RegisteredCommand {
  const same = state
    .commandsIn(guildId)
    .find((c) => c.body.name === body.name && (c.body.type ?? 1) === (body.type ?? 1));
  return { id: id ?? same?.id ?? snowflake(), guildId, version: snowflake(), body };
}

function findCommand(r: RouteRequest, guildId: string | null): RegisteredCommand {
  const command = r.fake.state.commands.get(r.params.command_id ?? '');
  if (!command || command.guildId !== guildId) throw errors.unknownCommand();
  return command;
}

const listCommands: RouteHandler = (r) => {
  const guildId = scopeOf(r);
  return { body: r.fake.state.commandsIn(guildId).map((c) => commandJson(r.fake.state, c)) };
};

const putCommands: RouteHandler = (r) => {
  const guildId = scopeOf(r);
  const list = Array.isArray(r.body.json) ? r.body.json.filter(isRecord) : [];
  checkCommandRules(list);
  const commands = list.map((body) => register(r.fake.state, guildId, body));
  r.fake.state.setCommands(guildId, commands);
  return { body: commands.map((c) => commandJson(r.fake.state, c)) };
};

const postCommand: RouteHandler = (r) => {
  const guildId = scopeOf(r);
  const body = isRecord(r.body.json) ? r.body.json : {};
  checkCommandRules(body);
  const command = register(r.fake.state, guildId, body);
  const existed = r.fake.state.commands.has(command.id);
  const others = r.fake.state.commandsIn(guildId).filter((c) => c.id !== command.id);
  r.fake.state.setCommands(guildId, [...others, command]);
  return { status: existed ? 200 : 201, body: commandJson(r.fake.state, command) };
};

const getCommand: RouteHandler = (r) => ({ body: commandJson(r.fake.state, findCommand(r, scopeOf(r))) });

const patchCommand: RouteHandler = (r) => {
  const guildId = scopeOf(r);
  const command = findCommand(r, guildId);
  const body = { ...command.body, ...(isRecord(r.body.json) ? r.body.json : {}) };
  checkCommandRules(body);
  const updated = register(r.fake.state, guildId, body, command.id);
  const others = r.fake.state.commandsIn(guildId).filter((c) => c.id !== command.id);
  r.fake.state.setCommands(guildId, [...others, updated]);
  return { body: commandJson(r.fake.state, updated) };
};

const deleteCommand: RouteHandler = (r) => {
  const guildId = scopeOf(r);
  const command = findCommand(r, guildId);
  r.fake.state.setCommands(
    guildId,
    r.fake.state.commandsIn(guildId).filter((c) => c.id !== command.id),
  );
  return {};
};

function checkGuild(r: RouteRequest): DiscordFakeState {
  if (r.params.guild_id !== r.fake.state.guild.id) throw errors.unknownGuild();
  return r.fake.state;
}

/** Handlers for the gateway, users, application, command and guild routes. */
export const coreRoutes: Partial<Record<ServedRoute, RouteHandler>> = {
  'GET /gateway': (r) => ({ body: { url: r.fake.gatewayUrl() } }),
  'GET /gateway/bot': (r) => ({
    body: {
      url: r.fake.gatewayUrl(),
      shards: 1,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
    },
  }),
  'GET /users/@me': (r) => ({
    body: { ...userJson(r.fake.state.bot), verified: true, mfa_enabled: false, locale: 'en-US' },
  }),
  'GET /users/{user_id}': (r) => {
    const user = r.fake.state.users.get(r.params.user_id ?? '');
    if (!user) throw errors.unknownUser();
    return { body: userJson(user) };
  },
  'GET /applications/@me': (r) => {
    const { state } = r.fake;
    return {
      body: {
        id: state.applicationId,
        name: state.bot.username,
        icon: null,
        description: '',
        summary: '',
        type: null,
        bot_public: false,
        bot_require_code_grant: false,
        verify_key: '0'.repeat(64),
        flags: 0,
        owner: userJson(state.people()[0] ?? state.bot),
        bot: userJson(state.bot),
        integration_types_config: { '0': {} },
        approximate_guild_count: 1,
      },
    };
  },
  'GET /applications/{application_id}/commands': listCommands,
  'PUT /applications/{application_id}/commands': putCommands,
  'POST /applications/{application_id}/commands': postCommand,
  'GET /applications/{application_id}/commands/{command_id}': getCommand,
  'PATCH /applications/{application_id}/commands/{command_id}': patchCommand,
  'DELETE /applications/{application_id}/commands/{command_id}': deleteCommand,
  'GET /applications/{application_id}/guilds/{guild_id}/commands': listCommands,
  'PUT /applications/{application_id}/guilds/{guild_id}/commands': putCommands,
  'POST /applications/{application_id}/guilds/{guild_id}/commands': postCommand,
  'GET /applications/{application_id}/guilds/{guild_id}/commands/{command_id}': getCommand,
  'PATCH /applications/{application_id}/guilds/{guild_id}/commands/{command_id}': patchCommand,
  'DELETE /applications/{application_id}/guilds/{guild_id}/commands/{command_id}': deleteCommand,
  'GET /guilds/{guild_id}': (r) => {
    const state = checkGuild(r);
    const counts = r.query.get('with_counts') === 'true';
    const total = state.users.size;
    return {
      body: {
        ...guildJson(state),
        ...(counts ? { approximate_member_count: total, approximate_presence_count: 0 } : {}),
      },
    };
  },
  'GET /guilds/{guild_id}/channels': (r) => {
    const state = checkGuild(r);
    return { body: state.guildChannels().map((c) => channelJson(state, c)) };
  },
  'GET /guilds/{guild_id}/roles': (r) => ({ body: rolesJson(checkGuild(r)) }),
  'GET /guilds/{guild_id}/members': (r) => {
    const state = checkGuild(r);
    const limit = Math.min(1000, Math.max(1, Number(r.query.get('limit') ?? 1)));
    const after = r.query.get('after') ?? '0';
    const members = [...state.users.values()]
      .filter((u) => BigInt(/^\d+$/.test(u.id) ? u.id : '0') > BigInt(/^\d+$/.test(after) ? after : '0'))
      .slice(0, limit);
    return { body: members.map((u) => memberJson(state, u)) };
  },
  'GET /guilds/{guild_id}/members/{user_id}': (r) => {
    const state = checkGuild(r);
    const user = state.users.get(r.params.user_id ?? '');
    if (!user) throw errors.unknownMember();
    return { body: memberJson(state, user) };
  },
};
