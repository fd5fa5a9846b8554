/**
 * The port every chat platform adapter implements (Slack, Discord, the in-memory fake). One
 * contract suite (`test/contract/chat-platform.contract.ts`) runs against each implementation.
 */
import type { Platform } from '../domain/model.ts';
import type { FormView, MessageView } from '../views/view-model.ts';

/** Where a sent message lives, so it can be updated later (Slack channel + ts, Discord channel + id). */
export type MessageRef = {
  platform: Platform;
  channel: string;
  id: string;
};

/** A file to deliver (the jury dossier's PDF and Markdown, a CSV export). */
export type FileUpload = {
  filename: string;
  content: Uint8Array;
  /** Shown above the file. */
  title: string;
  /** Optional message posted with the file. */
  comment?: string;
};

/**
 * A short-lived handle to answer a user's action with a form: Slack's `trigger_id` (3 s, single
 * use) or a Discord interaction (a modal must be its first response).
 */
export type FormTrigger = { platform: Platform; token: string };

/** Stable codes for platform failures, so jobs decide between retry and give-up without parsing text. */
export type PlatformErrorCode =
  /** 429: retry after `retryAfterMs`. */
  | 'rate_limited'
  /** The user cannot be messaged (Discord 50007, Slack `user_not_found`): permanent. */
  | 'recipient_unreachable'
  /** The channel does not exist or the bot is not in it (`channel_not_found`): permanent. */
  | 'channel_not_found'
  /** The form trigger expired or was already used (`expired_trigger_id`, unknown interaction). */
  | 'trigger_expired'
  /** Credentials were refused (`invalid_auth`, 401): permanent until reconfigured. */
  | 'unauthorized'
  /** The platform rejected the payload (`invalid_arguments`, 50035): a bug on our side. */
  | 'invalid_request'
  /** Anything else (5xx, network): retry with backoff. */
  | 'unavailable';

export class PlatformError extends Error {
  readonly code: PlatformErrorCode;
  readonly platform: Platform;
  /** The platform's own error code or name (`50007`, `channel_not_found`), for logs and records. */
  readonly platformCode: string;
  readonly retryAfterMs: number | undefined;

  constructor(
    platform: Platform,
    code: PlatformErrorCode,
    platformCode: string,
    options: { retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(`${platform} ${code} (${platformCode})`, { cause: options.cause });
    this.name = 'PlatformError';
    this.platform = platform;
    this.code = code;
    this.platformCode = platformCode;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** Permanent failures are recorded and reported, never retried. */
  get permanent(): boolean {
    return (
      this.code === 'recipient_unreachable' ||
      this.code === 'channel_not_found' ||
      this.code === 'unauthorized' ||
      this.code === 'invalid_request'
    );
  }
}

export interface ChatPlatform {
  /** Which platform this adapter speaks to. */
  readonly platform: Platform;
  /**
   * Sends a direct message to a user (by their platform user id), opening the DM channel first
   * when needed. Rejects with `PlatformError`.
   */
  sendDirectMessage(userId: string, message: MessageView): Promise<MessageRef>;
  /** Posts a message to a channel (by its platform channel id). Rejects with `PlatformError`. */
  postToChannel(channelId: string, message: MessageView): Promise<MessageRef>;
  /** Uploads a file into a channel (by its platform channel id) with a title and optional comment. */
  uploadFile(channelId: string, file: FileUpload): Promise<MessageRef>;
  /** Opens a form (Slack modal, Discord modal) in answer to a user's action. */
  openForm(trigger: FormTrigger, form: FormView): Promise<void>;
  /** Replaces the content of a message sent earlier (e.g. an offer once answered: buttons removed). */
  updateMessage(ref: MessageRef, message: MessageView): Promise<void>;
  /**
   * Refreshes what the platform shows a user outside messages (Slack's App Home) after something
   * changed for them. Best effort: never rejects. Platforms without such a surface omit it.
   */
  refreshHome?(userId: string): Promise<void>;
}
