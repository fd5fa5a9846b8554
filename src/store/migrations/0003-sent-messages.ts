/** Where delivered messages went (`SentMessageRepository`), so they can be updated in place. */
import type { Kysely, Migration } from 'kysely';

/** The `sent_messages` table: one row per subject, platform and recipient. */
export function sentMessagesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('sent_messages')
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('sent_messages_pk', ['subject', 'platform', 'recipient'])
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('sent_messages').execute();
    },
  };
}
