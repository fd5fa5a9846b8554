import { appendFileSync, writeFileSync } from 'node:fs';
import type { Platform } from '../../src/domain/model.ts';
import type { ChatPlatform, FileUpload, FormTrigger, MessageRef } from '../../src/ports/chat-platform.ts';
import type { FormView, MessageView } from '../../src/views/view-model.ts';

/**
 * A chat platform that appends what it delivers to a JSON-lines file, so a test can watch what a
 * worker in another process delivered. Uploads can be made slow, and announce that they started,
 * so a test can kill the process in the middle of one.
 */
export class FileChatPlatform implements ChatPlatform {
  readonly platform: Platform;
  private readonly path: string;
  private readonly slowUploadMs: number;
  private readonly uploadStartedMarker: string | null;
  private next = 1;

  constructor(
    platform: Platform,
    options: { path: string; slowUploadMs?: number; uploadStartedMarker?: string },
  ) {
    this.platform = platform;
    this.path = options.path;
    this.slowUploadMs = options.slowUploadMs ?? 0;
    this.uploadStartedMarker = options.uploadStartedMarker ?? null;
  }

  private record(kind: string, to: string, detail: Record<string, unknown>): MessageRef {
    const ref = { platform: this.platform, channel: to, id: `${process.pid}-${this.next++}` };
    appendFileSync(
      this.path,
      `${JSON.stringify({ kind, platform: this.platform, to, pid: process.pid, ...detail })}\n`,
    );
    return ref;
  }

  async sendDirectMessage(userId: string, message: MessageView): Promise<MessageRef> {
    return this.record('dm', userId, { text: message.text.slice(0, 200) });
  }

  async postToChannel(channelId: string, message: MessageView): Promise<MessageRef> {
    return this.record('post', channelId, { text: message.text.slice(0, 200) });
  }

  async uploadFile(channelId: string, file: FileUpload): Promise<MessageRef> {
    if (this.uploadStartedMarker) writeFileSync(this.uploadStartedMarker, String(process.pid));
    if (this.slowUploadMs > 0) await new Promise((resolve) => setTimeout(resolve, this.slowUploadMs));
    return this.record('file', channelId, { filename: file.filename, bytes: file.content.byteLength });
  }

  async openForm(_trigger: FormTrigger, _form: FormView): Promise<void> {}

  async updateMessage(ref: MessageRef, message: MessageView): Promise<void> {
    this.record('edit', ref.channel, { id: ref.id, text: message.text.slice(0, 200) });
  }
}
