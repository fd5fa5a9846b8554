/**
 * Loads what a jury dossier is built from (DESIGN §2.4): the student, their path and its projects,
 * the mentor, and each evaluation with the report version to show. Shared by the dossier jobs.
 */
import type { AttemptSource, DossierBase, DossierSources, NamedRef } from '../domain/dossier.ts';
import type { Project, Student } from '../domain/model.ts';
import type { StoreTx } from '../ports/store.ts';

type NameFinder = (id: string) => Promise<string | null>;
type ProjectFinder = (id: string) => Promise<Project | null>;

/** Finds people's names once per load; someone who left the organisation is shown by id. */
function nameFinder(tx: StoreTx): NameFinder {
  const names = new Map<string, string | null>();
  return async (id) => {
    if (!names.has(id)) names.set(id, (await tx.people.getPerson(id))?.name ?? null);
    return names.get(id) ?? null;
  };
}

/** Finds projects once per load (attempts and the path share them). */
function projectFinder(tx: StoreTx): ProjectFinder {
  const projects = new Map<string, Project | null>();
  return async (id) => {
    if (!projects.has(id)) projects.set(id, await tx.org.getProject(id));
    return projects.get(id) ?? null;
  };
}

/**
 * The student, their path (in path order) and mentor, and the projects the dossier covers: the
 * path's, then `extraProjects` (evaluated outside the path). Null when the student does not exist.
 */
export async function loadDossierBase(
  tx: StoreTx,
  studentId: string,
  extraProjects: readonly string[] = [],
  finders: { name: NameFinder; project: ProjectFinder } = {
    name: nameFinder(tx),
    project: projectFinder(tx),
  },
): Promise<(DossierBase & { student: Student }) | null> {
  const student = await tx.people.getStudent(studentId);
  if (!student) return null;
  const path = (await tx.org.getPath(student.path)) ?? { id: student.path, name: student.path, projects: [] };
  const mentorName = await finders.name(student.mentor);
  const mentor: NamedRef = { id: student.mentor, name: mentorName ?? student.mentor };
  const findProject = finders.project;
  const projects: Project[] = [];
  // Projects outside the path come after it, by id, whatever order they were found in.
  const extras = [...new Set(extraProjects)].filter((id) => !path.projects.includes(id)).sort();
  for (const id of [...path.projects, ...extras]) {
    const project = await findProject(id);
    if (project) projects.push(project);
  }
  return { student, path, mentor, projects };
}

/** One evaluation's attempt with a given report version, or null when either is gone. */
export async function loadAttemptSource(
  tx: StoreTx,
  evaluationId: string,
  version: number,
): Promise<AttemptSource | null> {
  const evaluation = await tx.evaluations.get(evaluationId);
  if (!evaluation) return null;
  const report = (await tx.reports.versions(evaluationId)).find((r) => r.version === version);
  const project = await tx.org.getProject(evaluation.project);
  if (!report || !project) return null;
  return { evaluation, report, project, assessorName: await nameFinder(tx)(report.author) };
}

/**
 * Everything the dossier of a student is built from: every evaluation that has a report, with its
 * latest version. Null when the student does not exist.
 */
export async function loadDossierSources(tx: StoreTx, studentId: string): Promise<DossierSources | null> {
  const evaluations = await tx.evaluations.list({ student: studentId });
  const findName = nameFinder(tx);
  const findProject = projectFinder(tx);
  const attempts: AttemptSource[] = [];
  for (const evaluation of evaluations) {
    const report = await tx.reports.latest(evaluation.id);
    const project = await findProject(evaluation.project);
    if (!report || !project) continue;
    attempts.push({ evaluation, report, project, assessorName: await findName(report.author) });
  }
  const base = await loadDossierBase(
    tx,
    studentId,
    attempts.map((a) => a.project.id),
    { name: findName, project: findProject },
  );
  return base ? { ...base, attempts } : null;
}
