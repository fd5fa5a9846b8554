/**
 * Where delivered messages went, so a later notification can change them in place: the offer DM
 * loses its buttons once the offer is answered, expired or withdrawn.
 */
import type { Platform } from '../domain/model.ts';
import type { MessageRef } from './chat-platform.ts';

/** One delivered message: what it is about, to whom, and where it lives on the platform. */
export type SentMessage = {
  /** What the message is about, e.g. the offer notification's key `offer.E-1001.1`. */
  subject: string;
  /** The person, student or channel (`#coordinators`) it went to. */
  recipient: string;
  ref: MessageRef;
  sentAt: Date;
};

/** Messages delivered, by subject. */
export interface SentMessageRepository {
  /**
   * Remembers a delivered message. A second record for the same subject, platform and recipient
   * replaces the first (a message sent again after a lost acknowledgement).
   */
  record(message: SentMessage): Promise<void>;
  /** The messages delivered about `subject`, oldest first. */
  list(subject: string): Promise<SentMessage[]>;
}

/** `SentMessageRepository` in memory, for tests and tools that run without a database. */
export class MemorySentMessageRepository implements SentMessageRepository {
  private readonly rows = new Map<string, SentMessage>();

  async record(message: SentMessage): Promise<void> {
    const key = rowKey(message.subject, message.ref.platform, message.recipient);
    // Re-recording keeps the first position, like an upsert keeps the row.
    this.rows.set(key, { ...message, ref: { ...message.ref } });
  }

  async list(subject: string): Promise<SentMessage[]> {
    return [...this.rows.values()]
      .filter((m) => m.subject === subject)
      .sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
  }
}

function rowKey(subject: string, platform: Platform, recipient: string): string {
  return JSON.stringify([subject, platform, recipient]);
}
