/**
 * The `report_digests` table: for each report, its latest version reduced to what the curriculum
 * digest reads (verdicts, outcome, doubt, curriculum feedback), a few hundred bytes against the
 * kilobytes of the full content, so that a digest over 100,000 reports reads a narrow table in
 * submission order. Existing reports are copied in.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { ReportContent } from '../../domain/model.ts';
import { parseJson } from '../codec.ts';
import { digestContentJson } from '../report-digest.ts';

const BACKFILL_BATCH = 500;

/** Creates the table and its (submitted_at, evaluation) index, then fills it from `reports`. */
export function reportDigestsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('report_digests')
        .addColumn('evaluation', 'text', (c) => c.primaryKey().references('evaluations.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('submitted_at', 'bigint', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('report_digests_submitted')
        .on('report_digests')
        .columns(['submitted_at', 'evaluation'])
        .execute();

      let after = '';
      for (;;) {
        const { rows } = await sql<{
          evaluation: string;
          version: number | string;
          content: string;
          submitted_at: number | string;
        }>`select r.evaluation, r.version, r.content, r.submitted_at from reports r
           where r.evaluation > ${after}
             and not exists (select 1 from reports n where n.evaluation = r.evaluation and n.version > r.version)
           order by r.evaluation limit ${BACKFILL_BATCH}`.execute(db);
        for (const row of rows) {
          const content = digestContentJson(parseJson<ReportContent>(row.content));
          await sql`insert into report_digests (evaluation, version, submitted_at, content)
                    values (${row.evaluation}, ${Number(row.version)}, ${Number(row.submitted_at)}, ${content})`.execute(
            db,
          );
        }
        const last = rows.at(-1);
        if (last === undefined || rows.length < BACKFILL_BATCH) return;
        after = last.evaluation;
      }
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('report_digests').ifExists().execute();
    },
  };
}
