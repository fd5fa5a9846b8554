import type { Platform } from '../../src/domain/model.ts';
import {
  type ChatPlatform,
  type FileUpload,
  type FormTrigger,
  type MessageRef,
  PlatformError,
} from '../../src/ports/chat-platform.ts';
import type { FormView, MessageView } from '../../src/views/view-model.ts';

export type RecordedMessage = {
  ref: MessageRef;
  /** `dm:<user>` or `channel:<id>`. */
  to: string;
  message: MessageView;
  file?: FileUpload;
  edits: MessageView[];
};

/**
 * A chat platform kept in memory. It behaves like the real ones where the product cares: unknown
 * channels and unreachable users fail with the same coded errors, a rate limit answers
 * `rate_limited` with a retry delay, triggers are single use.
 */
export class MemoryChatPlatform implements ChatPlatform {
  readonly platform: Platform;
  readonly messages: RecordedMessage[] = [];
  readonly forms: { trigger: FormTrigger; form: FormView }[] = [];
  readonly channels = new Set<string>();
  readonly unreachableUsers = new Set<string>();
  private readonly usedTriggers = new Set<string>();
  /** Calls left before the next one is refused with `rate_limited`; Infinity for never. */
  rateLimitAfter = Number.POSITIVE_INFINITY;
  retryAfterMs = 1000;
  private nextId = 1;

  constructor(platform: Platform = 'slack', channels: string[] = []) {
    this.platform = platform;
    for (const channel of channels) this.channels.add(channel);
  }

  private throttle(): void {
    if (this.rateLimitAfter <= 0) {
      throw new PlatformError(this.platform, 'rate_limited', '429', { retryAfterMs: this.retryAfterMs });
    }
    this.rateLimitAfter -= 1;
  }

  private record(to: string, channel: string, message: MessageView, file?: FileUpload): MessageRef {
    const ref: MessageRef = { platform: this.platform, channel, id: String(this.nextId++) };
    this.messages.push({ ref, to, message, edits: [], ...(file ? { file } : {}) });
    return ref;
  }

  async sendDirectMessage(userId: string, message: MessageView): Promise<MessageRef> {
    this.throttle();
    if (this.unreachableUsers.has(userId)) {
      throw new PlatformError(
        this.platform,
        'recipient_unreachable',
        this.platform === 'discord' ? '50007' : 'user_not_found',
      );
    }
    return this.record(`dm:${userId}`, `D-${userId}`, message);
  }

  async postToChannel(channelId: string, message: MessageView): Promise<MessageRef> {
    this.throttle();
    if (!this.channels.has(channelId))
      throw new PlatformError(this.platform, 'channel_not_found', 'channel_not_found');
    return this.record(`channel:${channelId}`, channelId, message);
  }

  async uploadFile(channelId: string, file: FileUpload): Promise<MessageRef> {
    this.throttle();
    if (!this.channels.has(channelId))
      throw new PlatformError(this.platform, 'channel_not_found', 'channel_not_found');
    return this.record(
      `channel:${channelId}`,
      channelId,
      { text: file.comment ?? file.title, blocks: [], audience: 'jury' },
      file,
    );
  }

  async openForm(trigger: FormTrigger, form: FormView): Promise<void> {
    if (this.usedTriggers.has(trigger.token))
      throw new PlatformError(this.platform, 'trigger_expired', 'expired_trigger_id');
    this.usedTriggers.add(trigger.token);
    this.forms.push({ trigger, form });
  }

  async updateMessage(ref: MessageRef, message: MessageView): Promise<void> {
    const found = this.messages.find((m) => m.ref.id === ref.id && m.ref.channel === ref.channel);
    if (!found) throw new PlatformError(this.platform, 'invalid_request', 'message_not_found');
    found.edits.push(message);
  }

  /** Messages sent to one user's DM, in order. */
  dmsTo(userId: string): RecordedMessage[] {
    return this.messages.filter((m) => m.to === `dm:${userId}`);
  }

  /** Messages posted in one channel, in order. */
  postsIn(channelId: string): RecordedMessage[] {
    return this.messages.filter((m) => m.to === `channel:${channelId}`);
  }
}
