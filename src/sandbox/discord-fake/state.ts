/**
 * The workspace the local Discord fake holds in memory: users, the guild and its channels, DM
 * channels, messages with attachments and edits, registered commands, interactions with what the
 * bot answered, and open modals. Every change is emitted as `change` for live views.
 */
import { EventEmitter } from 'node:events';
import { snowflake } from './snowflake.ts';
import type {
  FakeChange,
  FakeChannel,
  FakeGuild,
  FakeGuildInput,
  FakeUser,
  FakeUserInput,
  InteractionRecord,
  InteractionResponse,
  OpenModal,
  RegisteredCommand,
  StoredAttachment,
  StoredMessage,
} from './types.ts';

/** Permissions of `@everyone` in the fake guild (view, send, embed, attach, read history, …). */
export const EVERYONE_PERMISSIONS = '2248473465835073';

/** What a new message holds; the state fills in ids and times. */
export type NewMessage = {
  channelId: string;
  authorId: string;
  content?: string;
  embeds?: unknown[];
  components?: unknown[];
  attachments?: StoredAttachment[];
  flags?: number;
  type?: number;
  webhookId?: string | null;
  interactionId?: string | null;
  visibleTo?: string | null;
};

/** A change to a message's content, embeds, components or attachments. */
export type MessagePatch = {
  content?: string;
  embeds?: unknown[];
  components?: unknown[];
  attachments?: StoredAttachment[];
  flags?: number;
};

/** In-memory workspace of the fake. */
export class DiscordFakeState {
  /** Emits `change` with a {@link FakeChange} after every change. */
  readonly events = new EventEmitter();
  readonly applicationId: string;
  readonly bot: FakeUser;
  readonly guild: FakeGuild;
  readonly users = new Map<string, FakeUser>();
  readonly channels = new Map<string, FakeChannel>();
  readonly messages = new Map<string, StoredMessage>();
  readonly attachments = new Map<string, StoredAttachment>();
  readonly commands = new Map<string, RegisteredCommand>();
  readonly interactions = new Map<string, InteractionRecord>();
  /** The modal each user has open, by user id. */
  readonly openModals = new Map<string, OpenModal>();
  /** Messages refused because the recipient closed DMs (50007), oldest first. */
  readonly refusedDms: Array<{ userId: string; at: Date }> = [];
  readonly #waiters = new Map<string, Array<(record: InteractionRecord) => void>>();

  constructor(options: {
    applicationId: string;
    bot: { id: string; username: string };
    guild: FakeGuildInput;
    users: FakeUserInput[];
  }) {
    this.applicationId = options.applicationId;
    this.bot = {
      id: options.bot.id,
      username: options.bot.username,
      globalName: null,
      locale: 'en-US',
      dmsClosed: false,
      bot: true,
      roles: [],
    };
    this.users.set(this.bot.id, this.bot);
    for (const user of options.users) this.addUser(user);
    const { guild } = options;
    this.guild = {
      id: guild.id,
      name: guild.name,
      ownerId: options.users[0]?.id ?? this.bot.id,
      joinedAt: new Date(),
      roles: [
        { id: guild.id, name: '@everyone', permissions: EVERYONE_PERMISSIONS, position: 0 },
        ...(guild.roles ?? []).map((r, i) => ({
          id: r.id,
          name: r.name,
          permissions: r.permissions ?? '0',
          position: i + 1,
        })),
      ],
    };
    guild.channels.forEach((c, position) => {
      this.channels.set(c.id, {
        id: c.id,
        type: 0,
        name: c.name,
        guildId: guild.id,
        recipientId: null,
        topic: c.topic ?? null,
        position,
        lastMessageId: null,
      });
    });
  }

  /** Calls `listener` after every change; returns a function that stops it. */
  onChange(listener: (change: FakeChange) => void): () => void {
    this.events.on('change', listener);
    return () => this.events.off('change', listener);
  }

  /** Adds (or replaces) a person. */
  addUser(input: FakeUserInput): FakeUser {
    const user: FakeUser = {
      id: input.id,
      username: input.username,
      globalName: input.globalName ?? null,
      locale: input.locale ?? 'en-US',
      dmsClosed: input.dmsClosed ?? false,
      bot: false,
      roles: input.roles ?? [],
    };
    this.users.set(user.id, user);
    return user;
  }

  /** Opens or closes a user's DMs (closed DMs make the bot's messages fail with 50007). */
  setDmsClosed(userId: string, closed: boolean): void {
    const user = this.users.get(userId);
    if (user) user.dmsClosed = closed;
  }

  /** People other than the bot. */
  people(): FakeUser[] {
    return [...this.users.values()].filter((u) => !u.bot);
  }

  /** The guild's text channels, by position. */
  guildChannels(): FakeChannel[] {
    return [...this.channels.values()].filter((c) => c.type === 0).sort((a, b) => a.position - b.position);
  }

  /** A guild channel by name (without `#`). */
  channelByName(name: string): FakeChannel | undefined {
    return this.guildChannels().find((c) => c.name === name);
  }

  /** The DM channel between the bot and a user, created on first use. */
  dmChannelFor(userId: string): FakeChannel {
    const existing = [...this.channels.values()].find((c) => c.type === 1 && c.recipientId === userId);
    if (existing) return existing;
    const channel: FakeChannel = {
      id: snowflake(),
      type: 1,
      name: null,
      guildId: null,
      recipientId: userId,
      topic: null,
      position: 0,
      lastMessageId: null,
    };
    this.channels.set(channel.id, channel);
    this.#emit({ kind: 'channel-created', channel });
    return channel;
  }

  /** Stores a new message and emits it. */
  createMessage(input: NewMessage): StoredMessage {
    const channel = this.channels.get(input.channelId);
    const message: StoredMessage = {
      id: snowflake(),
      channelId: input.channelId,
      guildId: channel?.guildId ?? null,
      authorId: input.authorId,
      content: input.content ?? '',
      embeds: input.embeds ?? [],
      components: input.components ?? [],
      attachments: input.attachments ?? [],
      flags: input.flags ?? 0,
      type: input.type ?? 0,
      createdAt: new Date(),
      editedAt: null,
      webhookId: input.webhookId ?? null,
      interactionId: input.interactionId ?? null,
      visibleTo: input.visibleTo ?? null,
      edits: [],
    };
    this.messages.set(message.id, message);
    for (const a of message.attachments) this.attachments.set(a.id, a);
    if (channel) channel.lastMessageId = message.id;
    this.#emit({ kind: 'message-created', message });
    return message;
  }

  /** Applies an edit, keeping the previous version in `edits`. */
  editMessage(message: StoredMessage, patch: MessagePatch): StoredMessage {
    message.edits.push({
      at: message.editedAt ?? message.createdAt,
      content: message.content,
      embeds: message.embeds,
      components: message.components,
    });
    if (patch.content !== undefined) message.content = patch.content;
    if (patch.embeds !== undefined) message.embeds = patch.embeds;
    if (patch.components !== undefined) message.components = patch.components;
    if (patch.flags !== undefined) message.flags = patch.flags;
    if (patch.attachments !== undefined) {
      message.attachments = patch.attachments;
      for (const a of patch.attachments) this.attachments.set(a.id, a);
    }
    message.editedAt = new Date();
    this.#emit({ kind: 'message-updated', message });
    return message;
  }

  /** Removes a message. */
  deleteMessage(message: StoredMessage): void {
    this.messages.delete(message.id);
    this.#emit({ kind: 'message-deleted', message });
  }

  /** A channel's messages, oldest first; ephemeral ones only for the user they were meant for. */
  messagesIn(channelId: string, viewerId?: string): StoredMessage[] {
    return [...this.messages.values()].filter(
      (m) => m.channelId === channelId && (m.visibleTo === null || m.visibleTo === viewerId),
    );
  }

  /** The bot's DMs to a user, oldest first. */
  dmsTo(userId: string): StoredMessage[] {
    const channel = [...this.channels.values()].find((c) => c.type === 1 && c.recipientId === userId);
    return channel ? this.messagesIn(channel.id, userId) : [];
  }

  /** Replaces the commands of one scope (global when `guildId` is null). */
  setCommands(guildId: string | null, commands: RegisteredCommand[]): void {
    for (const [id, c] of this.commands) if (c.guildId === guildId) this.commands.delete(id);
    for (const c of commands) this.commands.set(c.id, c);
    this.#emit({ kind: 'commands-updated', guildId });
  }

  /** Commands of one scope. */
  commandsIn(guildId: string | null): RegisteredCommand[] {
    return [...this.commands.values()].filter((c) => c.guildId === guildId);
  }

  /** A command by name, the guild's first, then the global one. */
  commandNamed(name: string): RegisteredCommand | undefined {
    const all = [...this.commands.values()].filter((c) => c.body.name === name);
    return all.find((c) => c.guildId !== null) ?? all[0];
  }

  /** Records an interaction sent to the bot. */
  addInteraction(record: InteractionRecord): void {
    this.interactions.set(record.id, record);
    this.#emit({ kind: 'interaction-created', interaction: record });
  }

  /** The interaction that owns a token. */
  interactionByToken(token: string): InteractionRecord | undefined {
    return [...this.interactions.values()].find((i) => i.token === token);
  }

  /** A user's interactions, oldest first. */
  interactionsOf(userId: string): InteractionRecord[] {
    return [...this.interactions.values()].filter((i) => i.userId === userId);
  }

  /** Records the bot's initial response and wakes whoever waits for it. */
  answerInteraction(record: InteractionRecord, response: InteractionResponse): void {
    record.response = response;
    this.#emit({ kind: 'interaction-answered', interaction: record });
    for (const wake of this.#waiters.get(record.id) ?? []) wake(record);
    this.#waiters.delete(record.id);
  }

  /** Resolves when the bot answers an interaction, or with `null` after `timeoutMs`. */
  waitForResponse(record: InteractionRecord, timeoutMs: number): Promise<InteractionRecord | null> {
    if (record.response) return Promise.resolve(record);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), timeoutMs);
      const list = this.#waiters.get(record.id) ?? [];
      list.push((r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.#waiters.set(record.id, list);
    });
  }

  /** Opens a modal for a user (replacing any other, as the Discord client does). */
  openModal(modal: OpenModal): void {
    this.openModals.set(modal.userId, modal);
    this.#emit({ kind: 'modal-opened', modal });
  }

  /** Closes a user's modal (submitted or dismissed). */
  closeModal(userId: string): OpenModal | undefined {
    const modal = this.openModals.get(userId);
    if (!modal) return undefined;
    this.openModals.delete(userId);
    this.#emit({ kind: 'modal-closed', modal });
    return modal;
  }

  #emit(change: FakeChange): void {
    this.events.emit('change', change);
  }
}
