/** Delivered messages on Kysely, in the `sent_messages` table (migration `0003-sent-messages`). */
import type { Kysely } from 'kysely';
import type { Platform } from '../domain/model.ts';
import type { SentMessage, SentMessageRepository } from '../ports/sent-messages.ts';
import { fromMs, toMs } from './codec.ts';
import type { Database, DbContext } from './database.ts';

/** The `sent_messages` table as Kysely sees it. */
export interface SentMessagesTable {
  subject: string;
  platform: Platform;
  recipient: string;
  channel: string;
  message_id: string;
  sent_at: number;
}

type SentMessagesDb = { sent_messages: SentMessagesTable };

/** `SentMessageRepository` on Kysely. */
export class KyselySentMessageRepository implements SentMessageRepository {
  private readonly ctx: DbContext;

  constructor(ctx: DbContext) {
    this.ctx = ctx;
  }

  // The table is declared here rather than in the shared `Database` interface.
  private db(): Kysely<Database & SentMessagesDb> {
    return this.ctx.db.withTables<SentMessagesDb>();
  }

  async record(message: SentMessage): Promise<void> {
    const row = {
      subject: message.subject,
      platform: message.ref.platform,
      recipient: message.recipient,
      channel: message.ref.channel,
      message_id: message.ref.id,
      sent_at: toMs(message.sentAt),
    };
    await this.db()
      .insertInto('sent_messages')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['subject', 'platform', 'recipient'])
          .doUpdateSet({ channel: row.channel, message_id: row.message_id, sent_at: row.sent_at }),
      )
      .execute();
  }

  async list(subject: string): Promise<SentMessage[]> {
    const rows = await this.db()
      .selectFrom('sent_messages')
      .selectAll()
      .where('subject', '=', subject)
      .orderBy('sent_at')
      .orderBy('platform')
      .orderBy('recipient')
      .execute();
    return rows.map((row) => ({
      subject: row.subject,
      recipient: row.recipient,
      ref: { platform: row.platform, channel: row.channel, id: row.message_id },
      sentAt: fromMs(row.sent_at),
    }));
  }
}
