/**
 * Gathers what the curriculum digest needs from the store and streams the reports into the pure
 * aggregation (`src/domain/digest.ts`). The digest job posts the result; the CLI exports it.
 */
import { createDigestAccumulator, type Digest, digestPeriods } from '../domain/digest.ts';
import type { StoreTx } from '../ports/store.ts';
import { requireProject } from './lookups.ts';

/** Which digest: one project or all (null), over `since` (null: 7 days before `until`) to `until`. */
export type DigestRequest = { project: string | null; since: Date | null; until: Date };

/** Reports read from the store at a time: memory stays bounded by one batch whatever the period holds. */
export const DIGEST_SCAN_BATCH = 2_000;

/**
 * The digest over the requested period and the one before it; rejects an unknown project. Reports
 * are read in batches (`ReportRepository.scanLatest`) and counted as they come, so the memory used
 * grows with the distinct feedback statements, not with the number of reports.
 */
export async function loadDigest(store: StoreTx, request: DigestRequest): Promise<Digest> {
  const { period, previous } = digestPeriods({ since: request.since, until: request.until });
  const projects = request.project
    ? [await requireProject(store, request.project)]
    : await store.org.listProjects();
  const names = await store.people.everyName();
  const accumulator = createDigestAccumulator({ projects, period, previous, names });
  // Projects a later import dropped still have reports in the period: report on them too.
  const known = new Set(projects.map((p) => p.id));
  const filter = request.project ? { project: request.project } : {};
  const scan = store.reports.scanLatest(
    { ...filter, since: previous.since, until: period.until },
    DIGEST_SCAN_BATCH,
  );
  for await (const batch of scan) {
    for (const report of batch) {
      if (!known.has(report.project)) {
        known.add(report.project);
        const dropped = await store.org.getProject(report.project);
        if (dropped) accumulator.include(dropped);
      }
      accumulator.add(report, report);
    }
  }
  return accumulator.finish();
}
