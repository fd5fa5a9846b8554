/**
 * Gathers what the curriculum digest needs from the store and streams the reports into the pure
 * aggregation (`src/domain/digest.ts`). The digest job posts the result; the CLI exports it.
 */
import { createDigestAccumulator, type Digest, digestPeriods } from '../domain/digest.ts';
import type { Project } from '../domain/model.ts';
import type { StoreTx } from '../ports/store.ts';
import { requireProject } from './lookups.ts';

/** Which digest: one project or all (null), over `since` (null: 7 days before `until`) to `until`. */
export type DigestRequest = { project: string | null; since: Date | null; until: Date };

/** The digest over the requested period and the one before it; rejects an unknown project. */
export async function loadDigest(store: StoreTx, request: DigestRequest): Promise<Digest> {
  const { period, previous } = digestPeriods({ since: request.since, until: request.until });
  const projects = request.project
    ? [await requireProject(store, request.project)]
    : await store.org.listProjects();
  const filter = request.project ? { project: request.project } : {};
  const reports = await store.reports.list({ ...filter, since: previous.since, until: period.until });
  const evaluations = new Map(
    (await store.evaluations.list(filter)).map((e) => [e.id, { project: e.project, attempt: e.attempt }]),
  );
  const names = [
    ...(await store.people.listPeople()).map((p) => p.name),
    ...(await store.people.listStudents()).map((s) => s.name),
  ];
  const accumulator = createDigestAccumulator({
    projects: await withDroppedProjects(store, projects, reports, evaluations),
    period,
    previous,
    names,
  });
  for (const report of reports) {
    const meta = evaluations.get(report.evaluation);
    if (meta) accumulator.add(report, meta);
  }
  return accumulator.finish();
}

/** Projects a later import dropped still have reports in the period: report on them too. */
async function withDroppedProjects(
  store: StoreTx,
  projects: Project[],
  reports: readonly { evaluation: string }[],
  evaluations: ReadonlyMap<string, { project: string }>,
): Promise<Project[]> {
  const known = new Set(projects.map((p) => p.id));
  const missing = new Set<string>();
  for (const report of reports) {
    const project = evaluations.get(report.evaluation)?.project;
    if (project !== undefined && !known.has(project)) missing.add(project);
  }
  const dropped: Project[] = [];
  for (const id of [...missing].sort()) {
    const project = await store.org.getProject(id);
    if (project) dropped.push(project);
  }
  return [...projects, ...dropped];
}
