/**
 * The fake workspace's state, in memory: users, channels and DMs, messages with their edits, ephemeral
 * messages, triggers and response URLs handed to the app, the Web API call log, and an event stream that
 * a page can follow. Views and files live in their own stores, reached through {@link SlackWorkspace}.
 */
import { randomBytes } from 'node:crypto';
import { SlackFakeEventStream } from './events.ts';
import { FileStore } from './files.ts';
import { RateLimiter, type RateLimitRule } from './rate-limit.ts';
import type {
  JsonObject,
  ResponseUrlTarget,
  SlackFakeApiCall,
  SlackFakeChannel,
  SlackFakeChannelInit,
  SlackFakeEphemeral,
  SlackFakeMessage,
  SlackFakeUser,
  SlackFakeUserInit,
  SlackRestoredRecords,
  Trigger,
} from './types.ts';
import { ViewStore } from './views.ts';

/** How a trigger_id lives: 3 s, one use (DESIGN §6). */
export const TRIGGER_LIFETIME_MS = 3000;
/** How a response_url lives: 30 minutes, five uses (Slack's interactivity docs). */
export const RESPONSE_URL_LIFETIME_MS = 30 * 60 * 1000;
export const RESPONSE_URL_MAX_USES = 5;

/** The options of {@link createSlackWorkspace}. */
export type SlackWorkspaceOptions = {
  users: SlackFakeUserInit[];
  channels?: SlackFakeChannelInit[];
  team?: { id: string; name: string; domain?: string };
  /** The token the app must send; `xoxb-local-fake` when absent. */
  botToken?: string;
  /** The secret the fake signs its requests to the app with. */
  signingSecret?: string;
  /** The app's bot user, app and bot ids. */
  bot?: { userId?: string; botId?: string; appId?: string; name?: string };
  /** The clock, in ms; tests move it to expire triggers. `Date.now` when absent. */
  now?: () => number;
};

type MessageContent = { text: string; blocks: JsonObject[]; attachments: JsonObject[] };

/** One Slack workspace with one installed app (the product). */
export class SlackWorkspace extends SlackFakeEventStream {
  readonly team: { id: string; name: string; domain: string };
  readonly botToken: string;
  readonly signingSecret: string;
  readonly bot: { userId: string; botId: string; appId: string; name: string };
  readonly now: () => number;
  readonly views: ViewStore;
  readonly files: FileStore;
  readonly limiter = new RateLimiter();
  /** The fake's base URL once its server listens; response and upload URLs point there. */
  baseUrl: string | undefined;

  #users = new Map<string, SlackFakeUser>();
  #channels = new Map<string, SlackFakeChannel>();
  #messages = new Map<string, SlackFakeMessage[]>();
  #ephemerals: SlackFakeEphemeral[] = [];
  #triggers = new Map<string, Trigger>();
  #responseUrls = new Map<string, ResponseUrlTarget>();
  #calls: SlackFakeApiCall[] = [];
  #counter = 0;
  #lastMicros = 0;

  constructor(options: SlackWorkspaceOptions) {
    super();
    this.team = { domain: 'assessor-desk', ...(options.team ?? { id: 'T0LOCAL01', name: 'Assessor Desk' }) };
    this.botToken = options.botToken ?? 'xoxb-local-fake';
    this.signingSecret = options.signingSecret ?? 'local-fake-signing-secret';
    this.bot = {
      userId: options.bot?.userId ?? 'U0BOT0001',
      botId: options.bot?.botId ?? 'B0BOT0001',
      appId: options.bot?.appId ?? 'A0APP0001',
      name: options.bot?.name ?? 'assessor-desk',
    };
    this.now = options.now ?? Date.now;
    for (const user of options.users) this.addUser(user);
    for (const channel of options.channels ?? []) this.addChannel(channel);
    this.views = new ViewStore(this);
    this.files = new FileStore(this);
  }

  /** Adds a user (ids must be unique). */
  addUser(init: SlackFakeUserInit): SlackFakeUser {
    if (this.#users.has(init.id)) throw new Error(`duplicate user ${init.id}`);
    const display = init.display ?? init.name;
    const user: SlackFakeUser = {
      id: init.id,
      name: init.name,
      display,
      realName: init.realName ?? display,
      locale: init.locale ?? 'en-US',
      email: init.email,
      tz: init.tz ?? 'Europe/Paris',
      isBot: init.isBot ?? false,
      deactivated: false,
    };
    this.#users.set(user.id, user);
    return user;
  }

  /** Adds a channel; without members every user is one. */
  addChannel(init: SlackFakeChannelInit): SlackFakeChannel {
    if (this.#channels.has(init.id)) throw new Error(`duplicate channel ${init.id}`);
    const channel: SlackFakeChannel = {
      id: init.id,
      name: init.name,
      kind: 'channel',
      isPrivate: init.isPrivate ?? false,
      members: init.members ?? [...this.#users.keys()],
      user: undefined,
    };
    this.#channels.set(channel.id, channel);
    this.emit('channel', { channel });
    return channel;
  }

  /** Deactivates an account, as a workspace admin would: DMs to it are refused from then on. */
  deactivateUser(id: string): void {
    const user = this.#users.get(id);
    if (!user) throw new Error(`no user ${id}`);
    user.deactivated = true;
  }

  user(id: string): SlackFakeUser | undefined {
    return this.#users.get(id);
  }

  users(): SlackFakeUser[] {
    return [...this.#users.values()];
  }

  /** A conversation by id, or a channel by name (`#name` or `name`). */
  channel(ref: string): SlackFakeChannel | undefined {
    const byId = this.#channels.get(ref);
    if (byId !== undefined) return byId;
    const name = ref.startsWith('#') ? ref.slice(1) : ref;
    return [...this.#channels.values()].find((c) => c.kind === 'channel' && c.name === name);
  }

  channels(): SlackFakeChannel[] {
    return [...this.#channels.values()];
  }

  /** The DM between the app and a user, if opened. */
  dm(userId: string): SlackFakeChannel | undefined {
    return [...this.#channels.values()].find((c) => c.kind === 'im' && c.user === userId);
  }

  /** Opens (or finds) the DM between the app and a user, as conversations.open does. */
  openDm(userId: string): { channel: SlackFakeChannel; created: boolean } {
    const existing = this.dm(userId);
    if (existing !== undefined) return { channel: existing, created: false };
    const channel: SlackFakeChannel = {
      id: this.nextId('D'),
      name: userId,
      kind: 'im',
      isPrivate: true,
      members: [userId, this.bot.userId],
      user: userId,
    };
    this.#channels.set(channel.id, channel);
    this.emit('channel', { channel });
    return { channel, created: true };
  }

  /** Opens a group DM between the app and several users. */
  openGroupDm(userIds: string[]): SlackFakeChannel {
    const members = [...new Set([...userIds, this.bot.userId])].sort();
    const existing = [...this.#channels.values()].find(
      (c) => c.kind === 'mpim' && c.members.join(',') === members.join(','),
    );
    if (existing !== undefined) return existing;
    const id = this.nextId('G');
    const channel: SlackFakeChannel = {
      id,
      name: `mpdm-${id}`,
      kind: 'mpim',
      isPrivate: true,
      members,
      user: undefined,
    };
    this.#channels.set(id, channel);
    this.emit('channel', { channel });
    return channel;
  }

  /** Where chat.postMessage's `channel` points: a conversation id, a channel name, or a user (their DM). */
  resolveConversation(ref: string): SlackFakeChannel | undefined {
    const channel = this.channel(ref);
    if (channel !== undefined) return channel;
    return this.#users.has(ref) ? this.openDm(ref).channel : undefined;
  }

  /** The messages of a conversation, oldest first (deleted ones included, flagged). */
  messages(channelId: string): SlackFakeMessage[] {
    return this.#messages.get(channelId) ?? [];
  }

  /** The messages of the DM between the app and a user. */
  dmMessages(userId: string): SlackFakeMessage[] {
    const dm = this.dm(userId);
    return dm === undefined ? [] : this.messages(dm.id);
  }

  message(channelId: string, ts: string): SlackFakeMessage | undefined {
    return this.messages(channelId).find((m) => m.ts === ts);
  }

  /** Ephemeral messages, of one user when given. */
  ephemerals(userId?: string): SlackFakeEphemeral[] {
    return userId === undefined ? [...this.#ephemerals] : this.#ephemerals.filter((m) => m.user === userId);
  }

  ephemeral(channelId: string, ts: string): SlackFakeEphemeral | undefined {
    return this.#ephemerals.find((m) => m.channel === channelId && m.ts === ts);
  }

  /** Posts a message into a conversation. */
  postMessage(
    channel: string,
    content: MessageContent & { threadTs?: string; files?: string[]; user?: string },
    via: SlackFakeMessage['via'],
  ): SlackFakeMessage {
    const author = content.user ?? this.bot.userId;
    const message: SlackFakeMessage = {
      channel,
      ts: this.nextTs(),
      user: author,
      botId: author === this.bot.userId ? this.bot.botId : undefined,
      text: content.text,
      blocks: content.blocks,
      attachments: content.attachments,
      threadTs: content.threadTs,
      files: content.files ?? [],
      edits: [],
      editedTs: undefined,
      deleted: false,
      via,
    };
    const list = this.#messages.get(channel) ?? [];
    list.push(message);
    this.#messages.set(channel, list);
    this.emit('message', { kind: 'posted', message });
    return message;
  }

  /** Replaces a message's content, keeping the earlier version in `edits`. */
  updateMessage(message: SlackFakeMessage, content: MessageContent): void {
    message.edits.push({ ts: message.editedTs ?? message.ts, text: message.text, blocks: message.blocks });
    Object.assign(message, content, { editedTs: this.nextTs() });
    this.emit('message', { kind: 'updated', message });
  }

  deleteMessage(message: SlackFakeMessage): void {
    message.deleted = true;
    this.emit('message', { kind: 'deleted', message });
  }

  postEphemeral(channel: string, user: string, content: MessageContent, via: SlackFakeEphemeral['via']) {
    const message: SlackFakeEphemeral = {
      channel,
      user,
      ts: this.nextTs(),
      ...content,
      via,
      edits: [],
      deleted: false,
    };
    this.#ephemerals.push(message);
    this.emit('ephemeral', { kind: 'posted', message });
    return message;
  }

  updateEphemeral(message: SlackFakeEphemeral, content: MessageContent): void {
    message.edits.push({ ts: message.ts, text: message.text, blocks: message.blocks });
    Object.assign(message, content);
    this.emit('ephemeral', { kind: 'updated', message });
  }

  deleteEphemeral(message: SlackFakeEphemeral): void {
    message.deleted = true;
    this.emit('ephemeral', { kind: 'deleted', message });
  }

  /** Hands out a trigger_id for an interaction of `userId` (from a view when `viewId` is set). */
  issueTrigger(userId: string, viewId?: string): string {
    const id = `${Math.floor(this.now() / 1000)}.${this.#counter + 1}.${randomBytes(16).toString('hex')}`;
    this.#counter += 1;
    this.#triggers.set(id, { id, userId, createdAt: this.now(), used: false, viewId });
    return id;
  }

  /** Uses a trigger once: Slack's errors for a malformed, expired, unknown or reused one. */
  exchangeTrigger(id: string): { trigger: Trigger } | { error: string; message?: string } {
    if (!/^\d+\.\d+\.[0-9a-z]+$/i.test(id))
      return { error: 'invalid_arguments', message: 'invalid `trigger_id`' };
    const trigger = this.#triggers.get(id);
    // A well-formed trigger the fake never issued can only be one from another session: expired.
    if (trigger === undefined) return { error: 'expired_trigger_id' };
    if (trigger.used) return { error: 'exchanged_trigger_id' };
    if (this.now() - trigger.createdAt > TRIGGER_LIFETIME_MS) return { error: 'expired_trigger_id' };
    trigger.used = true;
    return { trigger };
  }

  /** Hands out a response_url on the fake for a command or an action. */
  issueResponseUrl(target: Omit<ResponseUrlTarget, 'createdAt' | 'uses'>): string {
    const base = this.requireBaseUrl();
    const key = `${this.team.id}/${this.nextId('')}/${randomBytes(12).toString('hex')}`;
    this.#responseUrls.set(`${target.kind}/${key}`, { ...target, createdAt: this.now(), uses: 0 });
    return `${base}/hooks/${target.kind}/${key}`;
  }

  /** The target of a response_url path (`commands/…` or `actions/…`), counting one use. */
  useResponseUrl(path: string): ResponseUrlTarget | { error: 'expired_url' | 'used_url' | 'not_found' } {
    const target = this.#responseUrls.get(path);
    if (target === undefined) return { error: 'not_found' };
    if (this.now() - target.createdAt > RESPONSE_URL_LIFETIME_MS) return { error: 'expired_url' };
    if (target.uses >= RESPONSE_URL_MAX_USES) return { error: 'used_url' };
    target.uses += 1;
    return target;
  }

  requireBaseUrl(): string {
    if (this.baseUrl === undefined)
      throw new Error('the Slack fake is not listening: call startSlackFake first');
    return this.baseUrl;
  }

  /** Makes chosen Web API calls answer 429 with Retry-After; the returned function removes the rule. */
  rateLimit(rule: RateLimitRule): () => void {
    return this.limiter.add(rule);
  }

  /** Records one answered Web API call. */
  recordCall(call: SlackFakeApiCall): void {
    this.#calls.push(call);
    this.emit('api', call);
  }

  /** The Web API calls answered so far, of one method when given. */
  calls(method?: string): SlackFakeApiCall[] {
    return method === undefined ? [...this.#calls] : this.#calls.filter((c) => c.method === method);
  }

  /** The id counter and the last ts handed out, so that a restored workspace never hands them out again. */
  sequence(): { counter: number; lastMicros: number } {
    return { counter: this.#counter, lastMicros: this.#lastMicros };
  }

  /** Puts back conversations of an earlier run as they were (ids and ts kept), before anyone follows. */
  restore(saved: SlackRestoredRecords): void {
    for (const { channel, messages } of saved.conversations) {
      // Channels of the organisation were added at start with today's members; DMs come back whole.
      if (!this.#channels.has(channel.id)) this.#channels.set(channel.id, channel);
      this.#messages.set(channel.id, messages);
    }
    this.#ephemerals.push(...saved.ephemerals);
    this.#counter = Math.max(this.#counter, saved.counter);
    this.#lastMicros = Math.max(this.#lastMicros, saved.lastMicros);
  }

  /** A message ts: `<seconds>.<microseconds>`, strictly increasing. */
  nextTs(): string {
    this.#lastMicros = Math.max(Math.floor(this.now() * 1000), this.#lastMicros + 1);
    const seconds = Math.floor(this.#lastMicros / 1_000_000);
    return `${seconds}.${String(this.#lastMicros % 1_000_000).padStart(6, '0')}`;
  }

  /** A fresh Slack-style id with a prefix (`D`, `V`, `F`…). */
  nextId(prefix: string): string {
    this.#counter += 1;
    return `${prefix}${this.#counter.toString(36).toUpperCase().padStart(8, '0')}`;
  }
}

/** Creates a fake workspace with its users, channels, team and the app's credentials. */
export function createSlackWorkspace(options: SlackWorkspaceOptions): SlackWorkspace {
  return new SlackWorkspace(options);
}
