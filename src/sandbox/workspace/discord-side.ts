/**
 * The Discord pane of the page: what one person sees in the fake server (the channels their role
 * reads, their DM with the bot, replies only they see, the modal the bot opened for them) and what
 * they do there, sent as interactions to the real bot through the fake's gateway.
 */
import {
  type DiscordFake,
  InteractionTimeoutError,
  type JsonObject,
  type ModalValues,
  type StoredMessage,
} from '../discord-fake/index.ts';
import { readDiscordCommand } from './command-catalog.ts';
import { canRead, type DeskUser, type Directory } from './directory.ts';
import { firstEvent, WorkspaceError } from './workspace-error.ts';

const EPHEMERAL = 1 << 6;
const LOADING = 1 << 7;
/** How long a deferred reply ("the bot is thinking") may take to become the answer. */
const DEFERRED_REPLY_MS = 10_000;

/** A message as the page renders it. */
export type DiscordPageMessage = {
  id: string;
  author: string;
  fromBot: boolean;
  ephemeral: boolean;
  loading: boolean;
  edited: boolean;
  content: string;
  embeds: unknown[];
  components: unknown[];
  attachments: { id: string; filename: string; url: string; contentType: string; size: number }[];
};

/** A channel in the sidebar. */
export type DiscordPageChannel = {
  id: string;
  name: string;
  kind: 'guild' | 'dm';
  messages: DiscordPageMessage[];
};

/** Everything the Discord pane shows for one person. */
export type DiscordPaneState = {
  userId: string;
  guild: string;
  channels: DiscordPageChannel[];
  /** The modal the bot opened for the person: `custom_id`, `title`, `components`; keyed by its interaction. */
  modal: { interactionId: string; data: JsonObject } | null;
};

function pageMessage(fake: DiscordFake, message: StoredMessage): DiscordPageMessage {
  const author = fake.state.users.get(message.authorId);
  return {
    id: message.id,
    author: author?.globalName ?? author?.username ?? message.authorId,
    fromBot: author?.bot === true,
    ephemeral: (message.flags & EPHEMERAL) !== 0,
    loading: (message.flags & LOADING) !== 0,
    edited: message.editedAt !== null,
    content: message.content,
    embeds: message.embeds,
    components: message.components,
    attachments: message.attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      url: a.url,
      contentType: a.contentType,
      size: a.size,
    })),
  };
}

function discordUserOf(user: DeskUser): string {
  if (user.discord === undefined) throw new WorkspaceError(409, `${user.name} has no Discord account`);
  return user.discord;
}

/** The Discord pane of one person. */
export function discordState(fake: DiscordFake, directory: Directory, user: DeskUser): DiscordPaneState {
  const userId = discordUserOf(user);
  const { state } = fake;
  const dm = state.dmChannelFor(userId);
  const messagesOf = (id: string) => state.messagesIn(id, userId).map((m) => pageMessage(fake, m));
  const readable = directory.channels.filter((c) => c.discord !== undefined && canRead(user, c));
  const modal = state.openModals.get(userId);
  return {
    userId,
    guild: state.guild.name,
    channels: [
      ...readable.map((c) => ({
        id: c.discord ?? '',
        name: c.name,
        kind: 'guild' as const,
        messages: messagesOf(c.discord ?? ''),
      })),
      { id: dm.id, name: state.bot.username, kind: 'dm', messages: messagesOf(dm.id) },
    ],
    modal: modal === undefined ? null : { interactionId: modal.interactionId, data: modal.data },
  };
}

/** What an interaction produced: the callback type and, for a reply, the message. */
export type DiscordResult = {
  type: number;
  channel: string;
  reply: DiscordPageMessage | null;
  modal: boolean;
};

async function interact(
  fake: DiscordFake,
  userId: string,
  input: Parameters<DiscordFake['interact']>[1],
): Promise<DiscordResult> {
  let outcome: Awaited<ReturnType<DiscordFake['interact']>>;
  try {
    outcome = await fake.interact(userId, input);
  } catch (error) {
    if (error instanceof InteractionTimeoutError)
      throw new WorkspaceError(
        504,
        'The bot did not answer in time: Discord shows “This interaction failed”.',
      );
    throw new WorkspaceError(409, error instanceof Error ? error.message : String(error));
  }
  const record = outcome.interaction;
  const { state } = fake;
  const messageId = () => record.followupIds.at(-1) ?? record.originalMessageId;
  if (outcome.type === 5) {
    // "The bot is thinking…": the answer is the edit (or first follow-up) that follows.
    await firstEvent(
      (listener) => state.onChange(listener),
      () => {
        const message = state.messages.get(messageId() ?? '');
        return message !== undefined && (message.flags & LOADING) === 0 ? message : undefined;
      },
      DEFERRED_REPLY_MS,
    );
  }
  const message = [4, 5].includes(outcome.type) ? state.messages.get(messageId() ?? '') : undefined;
  return {
    type: outcome.type,
    channel: record.channelId,
    reply: message === undefined ? null : pageMessage(fake, message),
    modal: outcome.type === 9,
  };
}

/**
 * Types a command line in a server channel: the one given when the person reads it, else #general
 * (the server's commands are not offered in DMs).
 */
export async function discordCommand(
  fake: DiscordFake,
  directory: Directory,
  user: DeskUser,
  input: { text: string; channel?: string },
): Promise<DiscordResult> {
  const userId = discordUserOf(user);
  const readable = directory.channels.filter((c) => c.discord !== undefined && canRead(user, c));
  const channel =
    readable.find((c) => c.discord === input.channel) ?? readable.find((c) => c.key === 'general');
  const command = readDiscordCommand(input.text, (name) => fake.state.commandNamed(name));
  return interact(fake, userId, {
    kind: 'command',
    name: command.name,
    subcommand: command.subcommand,
    options: command.options,
    ...(channel?.discord === undefined ? {} : { channelId: channel.discord }),
  });
}

/** Clicks a button, or picks values in a select, of a message the person sees. */
export function discordComponent(
  fake: DiscordFake,
  user: DeskUser,
  input: { messageId: string; customId: string; values?: string[] },
): Promise<DiscordResult> {
  const userId = discordUserOf(user);
  return interact(
    fake,
    userId,
    input.values === undefined
      ? { kind: 'button', messageId: input.messageId, customId: input.customId }
      : { kind: 'select', messageId: input.messageId, customId: input.customId, values: input.values },
  );
}

/** Submits the person's open modal with values by input `custom_id`. */
export function discordSubmit(
  fake: DiscordFake,
  user: DeskUser,
  values: ModalValues,
): Promise<DiscordResult> {
  const userId = discordUserOf(user);
  if (!fake.state.openModals.has(userId)) throw new WorkspaceError(409, 'No form is open.');
  return interact(fake, userId, { kind: 'modal', values });
}

/** Closes the person's modal without submitting: Discord tells the bot nothing. */
export function discordDismiss(fake: DiscordFake, user: DeskUser): { closed: boolean } {
  return { closed: fake.state.closeModal(discordUserOf(user)) !== undefined };
}
