/** Records and inputs of the local Discord fake's workspace state. */

/** A JSON object as sent or received on the wire. */
export type JsonObject = Record<string, unknown>;

/** A person (or the bot) in the fake workspace. */
export type FakeUser = {
  id: string;
  username: string;
  globalName: string | null;
  /** Discord locale such as `en-US` or `fr`; sent as the interaction's `locale`. */
  locale: string;
  /** DMs to this user fail with 50007, as when a user closed DMs from server members. */
  dmsClosed: boolean;
  bot: boolean;
  /** Role ids in the guild (besides `@everyone`). */
  roles: string[];
};

/** How a user is declared when the fake starts. */
export type FakeUserInput = {
  id: string;
  username: string;
  globalName?: string | null;
  locale?: string;
  dmsClosed?: boolean;
  roles?: string[];
};

/** A guild text channel (type 0) or a DM channel (type 1). */
export type FakeChannel = {
  id: string;
  type: 0 | 1;
  name: string | null;
  guildId: string | null;
  /** The other person of a DM channel. */
  recipientId: string | null;
  topic: string | null;
  position: number;
  lastMessageId: string | null;
};

/** A guild role. */
export type FakeRole = { id: string; name: string; permissions: string; position: number };

/** The one guild the bot is in. */
export type FakeGuild = { id: string; name: string; ownerId: string; roles: FakeRole[]; joinedAt: Date };

/** How the guild is declared when the fake starts. */
export type FakeGuildInput = {
  id: string;
  name: string;
  channels: Array<{ id: string; name: string; topic?: string | null }>;
  roles?: Array<{ id: string; name: string; permissions?: string }>;
};

/** A file stored with a message; downloadable from the fake at `url`. */
export type StoredAttachment = {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  url: string;
  description: string | null;
  data: Buffer;
};

/** A message in a channel, with its history of edits. */
export type StoredMessage = {
  id: string;
  channelId: string;
  guildId: string | null;
  authorId: string;
  content: string;
  embeds: unknown[];
  components: unknown[];
  attachments: StoredAttachment[];
  flags: number;
  /** Discord message type: 0 default, 20 chat-input command reply, 19 reply. */
  type: number;
  createdAt: Date;
  editedAt: Date | null;
  /** Set when an interaction webhook sent it (the application id). */
  webhookId: string | null;
  /** The interaction it answers, if any. */
  interactionId: string | null;
  /** Ephemeral messages are seen only by this user. */
  visibleTo: string | null;
  /** Earlier versions, oldest first. */
  edits: Array<{ at: Date; content: string; embeds: unknown[]; components: unknown[] }>;
};

/** A registered application command (global when `guildId` is null). */
export type RegisteredCommand = {
  id: string;
  guildId: string | null;
  version: string;
  /** The command as the bot sent it (name, description, options, …). */
  body: JsonObject;
};

/** The bot's initial answer to an interaction. */
export type InteractionResponse = { type: number; data: JsonObject | null; at: Date };

/** An interaction the fake sent to the bot, and everything the bot answered. */
export type InteractionRecord = {
  id: string;
  token: string;
  /** 1 ping, 2 application command, 3 component, 4 autocomplete, 5 modal submit. */
  type: number;
  userId: string;
  channelId: string;
  guildId: string | null;
  createdAt: Date;
  /** The payload dispatched in INTERACTION_CREATE. */
  payload: JsonObject;
  response: InteractionResponse | null;
  /** The message a component (or a modal opened from one) belongs to. */
  sourceMessageId: string | null;
  /** The message `@original` refers to once answered. */
  originalMessageId: string | null;
  followupIds: string[];
  /** Autocomplete choices the bot returned (type 8). */
  choices: unknown[] | null;
};

/** A modal the bot opened for a user, waiting for a submit. */
export type OpenModal = {
  userId: string;
  interactionId: string;
  channelId: string;
  sourceMessageId: string | null;
  /** `custom_id`, `title` and `components` as the bot sent them. */
  data: JsonObject;
  openedAt: Date;
};

/** What changed in the state; emitted as `change` for live views. */
export type FakeChange =
  | { kind: 'message-created'; message: StoredMessage }
  | { kind: 'message-updated'; message: StoredMessage }
  | { kind: 'message-deleted'; message: StoredMessage }
  | { kind: 'channel-created'; channel: FakeChannel }
  | { kind: 'interaction-created'; interaction: InteractionRecord }
  | { kind: 'interaction-answered'; interaction: InteractionRecord }
  | { kind: 'modal-opened'; modal: OpenModal }
  | { kind: 'modal-closed'; modal: OpenModal }
  | { kind: 'commands-updated'; guildId: string | null };
