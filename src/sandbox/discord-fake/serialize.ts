/** Discord API v10 JSON shapes of the fake's records (users, members, channels, guild, messages). */
import type { DiscordFakeState } from './state.ts';
import type { FakeChannel, FakeUser, JsonObject, StoredAttachment, StoredMessage } from './types.ts';

/** A user object. */
export function userJson(user: FakeUser): JsonObject {
  return {
    id: user.id,
    username: user.username,
    global_name: user.globalName,
    discriminator: '0',
    avatar: null,
    public_flags: 0,
    flags: 0,
    ...(user.bot ? { bot: true } : {}),
    banner: null,
    accent_color: null,
    avatar_decoration_data: null,
  };
}

/** A guild member object; `permissions` is added in interaction payloads. */
export function memberJson(state: DiscordFakeState, user: FakeUser, permissions?: string): JsonObject {
  return {
    user: userJson(user),
    nick: null,
    avatar: null,
    banner: null,
    roles: user.roles,
    joined_at: state.guild.joinedAt.toISOString(),
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
    ...(permissions === undefined ? {} : { permissions }),
  };
}

/** A channel object (guild text channel or DM). */
export function channelJson(state: DiscordFakeState, channel: FakeChannel): JsonObject {
  if (channel.type === 1) {
    const recipient = channel.recipientId ? state.users.get(channel.recipientId) : undefined;
    return {
      id: channel.id,
      type: 1,
      last_message_id: channel.lastMessageId,
      flags: 0,
      recipients: recipient ? [userJson(recipient)] : [],
    };
  }
  return {
    id: channel.id,
    type: 0,
    guild_id: channel.guildId,
    name: channel.name,
    position: channel.position,
    permission_overwrites: [],
    parent_id: null,
    topic: channel.topic,
    nsfw: false,
    last_message_id: channel.lastMessageId,
    rate_limit_per_user: 0,
    flags: 0,
  };
}

/** The guild's roles. */
export function rolesJson(state: DiscordFakeState): JsonObject[] {
  return state.guild.roles.map((r) => ({
    id: r.id,
    name: r.name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: r.position,
    permissions: r.permissions,
    managed: false,
    mentionable: false,
    flags: 0,
  }));
}

/** The guild object (as in GET /guilds/{id}; GUILD_CREATE adds channels, members, …). */
export function guildJson(state: DiscordFakeState): JsonObject {
  const { guild } = state;
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 1,
    explicit_content_filter: 0,
    roles: rolesJson(state),
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: state.guildChannels()[0]?.id ?? null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    vanity_url_code: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: 'en-US',
    nsfw_level: 0,
    max_members: 500000,
    max_video_channel_users: 25,
    widget_enabled: false,
    incidents_data: null,
  };
}

/** The GUILD_CREATE payload: the guild with its channels, roles and members, available. */
export function guildCreateJson(state: DiscordFakeState): JsonObject {
  const members = [...state.users.values()];
  return {
    ...guildJson(state),
    joined_at: state.guild.joinedAt.toISOString(),
    large: false,
    unavailable: false,
    member_count: members.length,
    voice_states: [],
    members: members.map((u) => memberJson(state, u)),
    channels: state.guildChannels().map((c) => channelJson(state, c)),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** An attachment object. */
export function attachmentJson(a: StoredAttachment): JsonObject {
  return {
    id: a.id,
    filename: a.filename,
    size: a.size,
    url: a.url,
    proxy_url: a.url,
    content_type: a.contentType,
    ...(a.description === null ? {} : { description: a.description }),
  };
}

/** A message object. */
export function messageJson(state: DiscordFakeState, m: StoredMessage): JsonObject {
  const author = state.users.get(m.authorId);
  const interaction = m.interactionId ? state.interactions.get(m.interactionId) : undefined;
  const invoker = interaction ? state.users.get(interaction.userId) : undefined;
  return {
    id: m.id,
    type: m.type,
    channel_id: m.channelId,
    ...(m.guildId ? { guild_id: m.guildId } : {}),
    author: author ? userJson(author) : { id: m.authorId, username: 'unknown', discriminator: '0' },
    content: m.content,
    timestamp: m.createdAt.toISOString(),
    edited_timestamp: m.editedAt?.toISOString() ?? null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: m.attachments.map(attachmentJson),
    embeds: m.embeds,
    components: m.components,
    pinned: false,
    flags: m.flags,
    ...(m.webhookId ? { webhook_id: m.webhookId, application_id: state.applicationId } : {}),
    ...(interaction && invoker
      ? {
          interaction_metadata: {
            id: interaction.id,
            type: interaction.type,
            user: userJson(invoker),
            authorizing_integration_owners: { '0': state.guild.id },
          },
        }
      : {}),
  };
}
