/** A chat platform that accepts everything and keeps only counts, for throughput benchmarks. */
import type { Platform } from '../../src/domain/model.ts';
import type { ChatPlatform, FileUpload, MessageRef } from '../../src/ports/chat-platform.ts';

/** Counts uploads (by file extension) and messages; `done` resolves at the `expectedUploads`-th upload. */
export class CountingPlatform implements ChatPlatform {
  readonly platform: Platform = 'slack';
  readonly uploads = { pdf: 0, md: 0, other: 0 };
  readonly bytes = { pdf: 0, md: 0, other: 0 };
  messages = 0;
  /** Resolves once `expectedUploads` files were uploaded. */
  readonly done: Promise<void>;
  private total = 0;
  private next = 1;
  private resolve: () => void = () => {};
  private readonly expectedUploads: number;
  private readonly onUpload: (uploads: number) => void;

  constructor(expectedUploads: number, onUpload: (uploads: number) => void = () => {}) {
    this.expectedUploads = expectedUploads;
    this.onUpload = onUpload;
    this.done = new Promise((resolve) => {
      this.resolve = resolve;
    });
  }

  private ref(channel: string): MessageRef {
    return { platform: this.platform, channel, id: String(this.next++) };
  }

  async sendDirectMessage(userId: string): Promise<MessageRef> {
    this.messages += 1;
    return this.ref(`D-${userId}`);
  }

  async postToChannel(channelId: string): Promise<MessageRef> {
    this.messages += 1;
    return this.ref(channelId);
  }

  async uploadFile(channelId: string, file: FileUpload): Promise<MessageRef> {
    const kind = file.filename.endsWith('.pdf') ? 'pdf' : file.filename.endsWith('.md') ? 'md' : 'other';
    this.uploads[kind] += 1;
    this.bytes[kind] += file.content.length;
    this.total += 1;
    this.onUpload(this.total);
    if (this.total === this.expectedUploads) this.resolve();
    return this.ref(channelId);
  }

  async openForm(): Promise<void> {}

  async updateMessage(): Promise<void> {}
}
