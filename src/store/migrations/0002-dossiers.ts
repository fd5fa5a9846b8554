/** Jury dossiers: one row per (student, content hash), with progress, delivery and the jury's lock. */
import type { Kysely, Migration } from 'kysely';

/** The dossier migration; the same on both dialects. */
export function dossiersMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('dossiers')
        .addColumn('student', 'text', (c) => c.notNull().references('students.id'))
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('requested_at', 'bigint', (c) => c.notNull())
        .addColumn('delivered_at', 'bigint')
        .addColumn('done', 'integer', (c) => c.notNull())
        .addColumn('total', 'integer', (c) => c.notNull())
        .addColumn('locked', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_at', 'bigint')
        .addColumn('markdown', 'text')
        .addPrimaryKeyConstraint('dossiers_pk', ['student', 'hash'])
        .execute();
      await db.schema
        .createIndex('dossiers_student_requested')
        .on('dossiers')
        .columns(['student', 'requested_at'])
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('dossiers').ifExists().execute();
    },
  };
}
