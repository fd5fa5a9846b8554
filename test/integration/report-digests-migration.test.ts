/** Migration 0004 copies the latest version of every existing report into `report_digests`. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/database.ts';
import { evaluationToRow } from '../../src/store/evaluation-repository.ts';
import { KyselyStore } from '../../src/store/kysely-store.ts';
import { migrationProvider } from '../../src/store/migrations/index.ts';
import { openStore } from '../../src/store/open-store.ts';
import { reportToRow } from '../../src/store/report-repository.ts';
import { at, buildEvaluation, buildReport, buildReportContent } from '../contract/store-fixtures.ts';
import { buildOrganisation } from '../helpers/org-builder.ts';

const dir = mkdtempSync(join(tmpdir(), 'assessor-desk-migration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migration 0004-report-digests', () => {
  it('fills the digest table from the reports written before it', async () => {
    const file = join(dir, 'desk.db');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(file) }) });
    const migrator = new Migrator({ db, provider: migrationProvider('sqlite') });
    expect((await migrator.migrateTo('0003-sent-messages')).error).toBeUndefined();
    await new KyselyStore(db, 'sqlite').org.importOrganisation(buildOrganisation());
    // More reports than one backfill batch, one of them amended.
    const count = 1_203;
    for (let i = 1; i <= count; i++) {
      await db
        .insertInto('evaluations')
        .values(evaluationToRow(buildEvaluation({ id: `E-${i}` })))
        .execute();
      await db
        .insertInto('reports')
        .values(reportToRow(buildReport({ evaluation: `E-${i}`, submittedAt: at(i) })))
        .execute();
    }
    const amended = buildReport({
      evaluation: 'E-7',
      version: 2,
      submittedAt: at(5_000),
      amendReason: 'typo',
      content: buildReportContent({ commonMistakes: 'No alt text.', outcome: 'conditional' }),
    });
    await db.insertInto('reports').values(reportToRow(amended)).execute();
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    await db.destroy();

    const store = await openStore(`sqlite:${file}`);
    try {
      const scanned = [];
      for await (const batch of store.reports.scanLatest({}, 500)) scanned.push(...batch);
      expect(scanned.map((r) => `${r.evaluation}v${r.version}`)).toEqual(
        (await store.reports.list()).map((r) => `${r.evaluation}v${r.version}`),
      );
      expect(scanned).toHaveLength(count);
      expect(scanned.at(-1)).toMatchObject({
        evaluation: 'E-7',
        version: 2,
        content: { outcome: 'conditional', commonMistakes: 'No alt text.' },
      });
    } finally {
      await store.close();
    }
  });
});
