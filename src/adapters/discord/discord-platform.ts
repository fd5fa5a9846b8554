/**
 * The Discord `ChatPlatform` over `@discordjs/rest`: DMs (open the DM channel, then post), channel
 * posts, edits, file uploads and modals answering an interaction. Rate limits are not waited out
 * here: a 429 rejects at once as `rate_limited` with Discord's delay, so the job runtime pauses the
 * queue (`worker.rateLimit`) instead of a worker sleeping on it.
 */
import {
  type APIChannel,
  type APIMessage,
  DefaultRestOptions,
  InteractionResponseType,
  REST,
  type ResponseLike,
  Routes,
} from 'discord.js';
import type { Platform } from '../../domain/model.ts';
import {
  type ChatPlatform,
  type FileUpload,
  type FormTrigger,
  type MessageRef,
  PlatformError,
} from '../../ports/chat-platform.ts';
import { shorten } from '../../views/messages/message-format.ts';
import type { FormView, MessageView } from '../../views/view-model.ts';
import { toPlatformError } from './errors.ts';
import { renderModal } from './form-modal.ts';
import { DISCORD_LIMITS, renderEdit, renderMessage } from './render.ts';

/** DM channel ids kept (they never change for a user); the map is cleared when it grows past this. */
const DM_CACHE_MAX = 10_000;
/** An attachment's description (alt text) is at most this long. */
const ATTACHMENT_DESCRIPTION_MAX = 1024;

/**
 * A 429's delay is in its `Retry-After` header and, more precisely, in the body's `retry_after`;
 * `@discordjs/rest` reads only the header, so the body's value (when there is one) is copied into it.
 */
async function withBodyRetryAfter(response: ResponseLike): Promise<ResponseLike> {
  if (response.status !== 429) return response;
  const text = await response.text();
  let seconds: unknown;
  try {
    seconds = (JSON.parse(text) as { retry_after?: unknown }).retry_after;
  } catch {
    seconds = undefined;
  }
  const headers = new Headers(response.headers);
  if (typeof seconds === 'number' && seconds > 0) headers.set('Retry-After', String(seconds));
  return {
    body: null,
    bodyUsed: false,
    headers,
    ok: response.ok,
    status: response.status,
    statusText: response.statusText,
    text: async () => text,
    json: async () => JSON.parse(text) as unknown,
    arrayBuffer: async () => new TextEncoder().encode(text).buffer,
  };
}

/**
 * The REST client the platform uses: API v10 at `api`, failing fast on rate limits. Tests pass it
 * an undici `MockAgent` with `setAgent`.
 */
export function createDiscordRest(options: { api: string; token: string }): REST {
  return new REST({
    api: options.api,
    version: '10',
    rejectOnRateLimit: () => true,
    makeRequest: async (url, init) => withBodyRetryAfter(await DefaultRestOptions.makeRequest(url, init)),
  }).setToken(options.token);
}

/**
 * Splits a Discord form trigger (`<interaction id>:<interaction token>`) into its parts, or null
 * when it is not one.
 */
export function parseInteractionTrigger(trigger: FormTrigger): { id: string; token: string } | null {
  if (trigger.platform !== 'discord') return null;
  const at = trigger.token.indexOf(':');
  if (at <= 0 || at === trigger.token.length - 1) return null;
  return { id: trigger.token.slice(0, at), token: trigger.token.slice(at + 1) };
}

export class DiscordPlatform implements ChatPlatform {
  readonly platform: Platform = 'discord';
  /** The REST client; exposed so tests and the composition root can configure it. */
  readonly rest: REST;
  private readonly dmChannels = new Map<string, string>();

  constructor(options: { rest: REST } | { api: string; token: string }) {
    this.rest = 'rest' in options ? options.rest : createDiscordRest(options);
  }

  private async call<T>(request: () => Promise<unknown>): Promise<T> {
    try {
      return (await request()) as T;
    } catch (error) {
      throw toPlatformError(error);
    }
  }

  private async dmChannel(userId: string): Promise<string> {
    const known = this.dmChannels.get(userId);
    if (known) return known;
    const channel = await this.call<APIChannel>(() =>
      this.rest.post(Routes.userChannels(), { body: { recipient_id: userId } }),
    );
    if (this.dmChannels.size >= DM_CACHE_MAX) this.dmChannels.clear();
    this.dmChannels.set(userId, channel.id);
    return channel.id;
  }

  async sendDirectMessage(userId: string, message: MessageView): Promise<MessageRef> {
    return this.postToChannel(await this.dmChannel(userId), message);
  }

  async postToChannel(channelId: string, message: MessageView): Promise<MessageRef> {
    const sent = await this.call<APIMessage>(() =>
      this.rest.post(Routes.channelMessages(channelId), { body: renderMessage(message) }),
    );
    return { platform: 'discord', channel: channelId, id: sent.id };
  }

  async uploadFile(channelId: string, file: FileUpload): Promise<MessageRef> {
    const content = shorten(
      [`**${file.title}**`, file.comment].filter(Boolean).join('\n'),
      DISCORD_LIMITS.content,
    );
    const sent = await this.call<APIMessage>(() =>
      this.rest.post(Routes.channelMessages(channelId), {
        body: {
          content,
          attachments: [
            { id: 0, filename: file.filename, description: shorten(file.title, ATTACHMENT_DESCRIPTION_MAX) },
          ],
        },
        files: [{ name: file.filename, data: file.content }],
      }),
    );
    return { platform: 'discord', channel: channelId, id: sent.id };
  }

  /**
   * Answers the interaction named by the trigger with a modal. The bot's interaction handler opens
   * its forms itself; this serves callers holding a fresh interaction. A used or expired one (or a
   * trigger that is not a Discord interaction) rejects with `trigger_expired`.
   */
  async openForm(trigger: FormTrigger, form: FormView): Promise<void> {
    const interaction = parseInteractionTrigger(trigger);
    if (!interaction) throw new PlatformError('discord', 'trigger_expired', 'not_an_interaction');
    await this.call(() =>
      this.rest.post(Routes.interactionCallback(interaction.id, interaction.token), {
        auth: false,
        body: { type: InteractionResponseType.Modal, data: renderModal(form) },
      }),
    );
  }

  async updateMessage(ref: MessageRef, message: MessageView): Promise<void> {
    await this.call(() =>
      this.rest.patch(Routes.channelMessage(ref.channel, ref.id), { body: renderEdit(message) }),
    );
  }
}
