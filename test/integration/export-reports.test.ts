import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReportRows, reportsToCsv } from '../../src/app/export-reports.ts';
import { importOrganisationFile } from '../../src/app/import-organisation.ts';
import { type Evaluation, emptyReportContent } from '../../src/domain/model.ts';
import type { Store } from '../../src/ports/store.ts';
import { openStore } from '../../src/store/open-store.ts';

let store: Store;

function evaluation(id: string, student: string, project: string, submittedAt: Date): Evaluation {
  return {
    id,
    student,
    project,
    attempt: 1,
    status: 'approved',
    assessor: 'kwame-mensah',
    requestedBy: null,
    requestedAt: new Date(submittedAt.getTime() - 86_400_000),
    scheduledAt: null,
    acceptedAt: null,
    dueAt: null,
    submittedAt,
    windowEndsAt: null,
    outcome: 'approved',
    version: 1,
    updatedAt: submittedAt,
  };
}

beforeAll(async () => {
  store = await openStore('sqlite::memory:');
  await store.migrate();
  const result = await importOrganisationFile(
    store,
    readFileSync('examples/org.demo.yaml', 'utf8'),
    'org.demo.yaml',
    {
      clock: { now: () => new Date('2026-11-01T00:00:00Z') },
    },
  );
  expect(result.ok).toBe(true);
  const reports = [
    evaluation('E-1001', 'chloe-martin', 'web-static-site', new Date('2026-11-02T10:00:00Z')),
    evaluation('E-1002', 'kenji-sato', 'data-sql-queries', new Date('2026-11-20T10:00:00Z')),
  ];
  for (const e of reports) {
    await store.evaluations.insert(e);
    const content = {
      ...emptyReportContent(),
      outcome: 'approved' as const,
      juryJustification: `Solid work on ${e.project}`,
    };
    await store.reports.insert({
      evaluation: e.id,
      version: 1,
      author: 'kwame-mensah',
      content,
      submittedAt: e.submittedAt ?? e.updatedAt,
      amendReason: null,
    });
  }
  await store.reports.insert({
    evaluation: 'E-1001',
    version: 2,
    author: 'kwame-mensah',
    content: { ...emptyReportContent(), outcome: 'approved', juryJustification: 'Amended, "final" text' },
    submittedAt: new Date('2026-11-03T10:00:00Z'),
    amendReason: 'typo',
  });
});

afterAll(async () => {
  await store.close();
});

describe('loadReportRows', () => {
  it('exports the latest version of each report with its lookups', async () => {
    const rows = await loadReportRows(store);
    expect(rows.map((r) => [r.report.evaluation, r.report.version])).toEqual([
      ['E-1001', 2],
      ['E-1002', 1],
    ]);
    expect(rows[0]).toMatchObject({
      student: { name: 'Chloé Martin' },
      project: { path: 'web-developer' },
      assessor: { name: 'Kwame Mensah' },
    });
    const csv = reportsToCsv(rows);
    expect(csv).toContain(
      'E-1001,2,chloe-martin,Chloé Martin,web-static-site,1,kwame-mensah,Kwame Mensah,approved',
    );
    expect(csv).toContain('"Amended, ""final"" text"');
  });

  it('filters by path and by submission date', async () => {
    expect((await loadReportRows(store, { path: 'data-analyst' })).map((r) => r.report.evaluation)).toEqual([
      'E-1002',
    ]);
    const since = new Date('2026-11-10T00:00:00Z');
    expect((await loadReportRows(store, { since })).map((r) => r.report.evaluation)).toEqual(['E-1002']);
  });
});
