/** `loadDigest` over the real store: reports streamed in batches, projects a later import dropped. */
import { afterEach, describe, expect, it } from 'vitest';
import { DIGEST_SCAN_BATCH, loadDigest } from '../../src/app/load-digest.ts';
import type { Project } from '../../src/domain/model.ts';
import { buildEvaluation, buildReport, buildReportContent } from '../contract/store-fixtures.ts';
import { createHarness, type Harness } from '../helpers/app-harness.ts';
import { buildOrganisation, organisationInput } from '../helpers/org-builder.ts';

const until = new Date('2025-03-10T00:00:00.000Z');
let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function report(harness: Harness, id: number, project: string, at: Date, mistakes = ''): Promise<void> {
  const evaluation = `E-${id}`;
  await harness.store.evaluations.insert(buildEvaluation({ id: evaluation, project }));
  const content = buildReportContent({ commonMistakes: mistakes });
  await harness.store.reports.insert(buildReport({ evaluation, submittedAt: at, content }));
}

describe('loadDigest', () => {
  it('counts every report of a period longer than one batch, and each at its latest version', async () => {
    h = await createHarness();
    const harness = h;
    const count = DIGEST_SCAN_BATCH + 5;
    await harness.store.transaction(async (tx) => {
      for (let i = 0; i < count; i++) {
        const evaluation = `E-${i + 1}`;
        await tx.evaluations.insert(buildEvaluation({ id: evaluation }));
        await tx.reports.insert(
          buildReport({ evaluation, submittedAt: new Date(until.getTime() - 1000 - i) }),
        );
      }
    });
    await harness.store.reports.insert(
      buildReport({
        evaluation: 'E-1',
        version: 2,
        submittedAt: new Date(until.getTime() - 1),
        amendReason: 'redo',
        content: buildReportContent({
          outcome: 'to_rework',
          criteria: { 'semantic-html': { verdict: 'not_met', comment: 'Divs only.' } },
        }),
      }),
    );
    const digest = await loadDigest(harness.store, { project: null, since: null, until });
    const [portfolio] = digest.projects;
    expect(digest.projects).toHaveLength(1);
    expect(portfolio?.reports).toBe(count);
    expect(portfolio?.outcomes).toEqual({ approved: count - 1, conditional: 0, to_rework: 1 });
    expect(portfolio?.criteria.find((c) => c.id === 'semantic-html')).toMatchObject({
      met: count - 1,
      notMet: 1,
    });
  });

  it('reports on a project a later import dropped, after the others', async () => {
    h = await createHarness();
    const harness = h;
    const day = (n: number) => new Date(until.getTime() - n * 86_400_000);
    await report(harness, 1, 'web-2-api', day(1), 'Forgot validation.');
    await report(harness, 2, 'web-1-portfolio', day(2));
    await report(harness, 3, 'data-1-sql', day(3));
    const input = organisationInput();
    const kept = (p: { id: string }) => p.id !== 'web-2-api';
    await harness.store.org.importOrganisation(
      buildOrganisation({
        projects: input.projects.filter(kept),
        paths: input.paths.map((p) => ({ ...p, projects: p.projects.filter((id) => id !== 'web-2-api') })),
      }),
    );
    const listed: Project[] = await harness.store.org.listProjects();
    expect(listed.map((p) => p.id)).not.toContain('web-2-api');

    const digest = await loadDigest(harness.store, { project: null, since: null, until });
    const ids = digest.projects.map((p) => p.project.id);
    expect(ids.at(-1)).toBe('web-2-api');
    expect(ids.slice(0, -1).sort()).toEqual(['data-1-sql', 'web-1-portfolio']);
    expect(digest.projects.at(-1)?.commonMistakes.statements).toBe(1);
  });

  it('keeps out the name of a student a later import deactivated', async () => {
    h = await createHarness();
    const harness = h;
    const day = new Date(until.getTime() - 86_400_000);
    await report(harness, 1, 'web-2-api', day, 'Hugo and others forgot input validation.');
    const input = organisationInput();
    await harness.store.org.importOrganisation(
      buildOrganisation({ students: (input.students ?? []).filter((s) => s.id !== 'stu-hugo') }),
    );
    expect(await harness.store.people.getStudent('stu-hugo')).toBeNull();

    const digest = await loadDigest(harness.store, { project: null, since: null, until });
    const shown = JSON.stringify(digest.projects.map((p) => p.commonMistakes));
    expect(shown).toContain('forgot input validation');
    expect(shown).not.toMatch(/hugo/i);
  });
});
