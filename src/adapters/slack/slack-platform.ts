/**
 * The Slack `ChatPlatform`: DMs, channel posts, message updates, file uploads and modals through
 * the Web API. The client never retries by itself (`retries: 0`) and rejects a 429 at once, so the
 * `notify` job's queue does the waiting (`Retry-After`) and the retrying.
 */
import { WebClient } from '@slack/web-api';
import type { AppContext } from '../../app/context.ts';
import type { Locale } from '../../domain/model.ts';
import type { Logger } from '../../logger.ts';
import {
  type ChatPlatform,
  type FileUpload,
  type FormTrigger,
  type MessageRef,
  PlatformError,
} from '../../ports/chat-platform.ts';
import type { FormView, MessageView } from '../../views/view-model.ts';
import { formModal, messageBlocks } from './block-kit.ts';
import { slackCall, toPlatformError } from './slack-errors.ts';
import { homePublisher } from './slack-home.ts';
import { slackLogger } from './slack-logger.ts';

/** Slack's public Web API. */
export const SLACK_API_URL = 'https://slack.com/api/';

/** How to reach the Web API. */
export type SlackClientOptions = {
  token: string;
  /** `SLACK_API_URL`: Slack's, or the local fake's. */
  apiUrl?: string;
  logger?: Logger;
};

/** A WebClient that reports 429s at once and never retries (the job queue retries). */
export function createSlackClient(options: SlackClientOptions): WebClient {
  return new WebClient(options.token, {
    slackApiUrl: options.apiUrl ?? SLACK_API_URL,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    ...(options.logger ? { logger: slackLogger(options.logger) } : {}),
  });
}

/** The ts of the message that shared an uploaded file in `channel`, when Slack says it already. */
function shareTs(file: unknown, channel: string): string | undefined {
  if (typeof file !== 'object' || file === null || !('shares' in file)) return undefined;
  const shares = file.shares;
  if (typeof shares !== 'object' || shares === null) return undefined;
  for (const scope of Object.values(shares)) {
    if (typeof scope !== 'object' || scope === null) continue;
    const list: unknown = (scope as Record<string, unknown>)[channel];
    const first: unknown = Array.isArray(list) ? list[0] : undefined;
    if (typeof first === 'object' && first !== null && 'ts' in first && typeof first.ts === 'string') {
      return first.ts;
    }
  }
  return undefined;
}

function retryAfterMs(response: Response): number | undefined {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** `ChatPlatform` on Slack; failures reject with `PlatformError` (see `slack-errors.ts`). */
export class SlackPlatform implements ChatPlatform {
  readonly platform = 'slack' as const;
  readonly client: WebClient;
  readonly #publishHome: ((userId: string) => Promise<void>) | undefined;

  /** With `homes`, a DM also republishes the user's App Home; without it homes refresh when opened. */
  constructor(
    options: SlackClientOptions | { client: WebClient },
    homes?: { ctx: AppContext; logger: Logger; defaultLocale: Locale },
  ) {
    this.client = 'client' in options ? options.client : createSlackClient(options);
    this.#publishHome = homes ? homePublisher({ ...homes, client: this.client }) : undefined;
  }

  async refreshHome(userId: string): Promise<void> {
    await this.#publishHome?.(userId);
  }

  async sendDirectMessage(userId: string, message: MessageView): Promise<MessageRef> {
    const opened = await slackCall(() => this.client.conversations.open({ users: userId }));
    const channel = opened.channel?.id;
    if (!channel) throw new PlatformError('slack', 'unavailable', 'no_channel_in_response');
    return this.postToChannel(channel, message);
  }

  async postToChannel(channelId: string, message: MessageView): Promise<MessageRef> {
    const { text, blocks } = messageBlocks(message);
    const posted = await slackCall(() =>
      this.client.chat.postMessage({ channel: channelId, text, blocks, unfurl_links: false }),
    );
    if (!posted.ts) throw new PlatformError('slack', 'unavailable', 'no_ts_in_response');
    return { platform: 'slack', channel: posted.channel ?? channelId, id: posted.ts };
  }

  async updateMessage(ref: MessageRef, message: MessageView): Promise<void> {
    const { text, blocks } = messageBlocks(message);
    await slackCall(() => this.client.chat.update({ channel: ref.channel, ts: ref.id, text, blocks }));
  }

  /** `files.getUploadURLExternal`, the bytes POSTed to the URL it gives, then `files.completeUploadExternal`. */
  async uploadFile(channelId: string, file: FileUpload): Promise<MessageRef> {
    const target = await slackCall(() =>
      this.client.files.getUploadURLExternal({ filename: file.filename, length: file.content.byteLength }),
    );
    if (!target.upload_url || !target.file_id) {
      throw new PlatformError('slack', 'unavailable', 'no_upload_url_in_response');
    }
    let uploaded: Response;
    try {
      uploaded = await fetch(target.upload_url, { method: 'POST', body: file.content });
    } catch (error) {
      throw toPlatformError(error);
    }
    if (uploaded.status === 429) {
      const wait = retryAfterMs(uploaded);
      throw new PlatformError(
        'slack',
        'rate_limited',
        'ratelimited',
        wait === undefined ? {} : { retryAfterMs: wait },
      );
    }
    if (!uploaded.ok) throw new PlatformError('slack', 'unavailable', `upload_http_${uploaded.status}`);
    const fileId = target.file_id;
    const done = await slackCall(() =>
      this.client.files.completeUploadExternal({
        files: [{ id: fileId, title: file.title }],
        channel_id: channelId,
        ...(file.comment ? { initial_comment: file.comment } : {}),
      }),
    );
    const first: unknown = done.files?.[0];
    return { platform: 'slack', channel: channelId, id: shareTs(first, channelId) ?? fileId };
  }

  async openForm(trigger: FormTrigger, form: FormView): Promise<void> {
    const view = formModal(form);
    await slackCall(() => this.client.views.open({ trigger_id: trigger.token, view }));
  }
}
