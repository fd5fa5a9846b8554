/**
 * The jury dossier as data (DESIGN §2.4): a cover, the competency coverage matrix and every attempt
 * with its verdicts, the jury justification and the readiness doubts. Everything is plain JSON
 * (dates as ISO strings), so that a section travels through the queue as a job's return value and
 * the content hash is stable. The dossier is written for the jury: it never carries the curriculum
 * feedback, the student-facing strengths and improvements, or the mentor note.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  CriterionVerdict,
  type Evaluation,
  type LearningPath,
  Outcome,
  type Project,
  type Report,
  type Student,
} from './model.ts';

const NamedRef = z.object({ id: z.string(), name: z.string() });
/** A person, student, path or project as the dossier names it. */
export type NamedRef = z.infer<typeof NamedRef>;

/** One criterion of an attempt: the assessor's verdict (null when none was given) and comment. */
export const DossierCriterion = z.object({
  id: z.string(),
  title: z.string(),
  competency: z.string().nullable(),
  verdict: CriterionVerdict.nullable(),
  comment: z.string(),
});
export type DossierCriterion = z.infer<typeof DossierCriterion>;

/** One attempt (an evaluation and the report version the dossier shows): a section of the dossier. */
export const DossierAttempt = z.object({
  evaluation: z.string(),
  project: NamedRef,
  attempt: z.number().int().min(1),
  outcome: Outcome.nullable(),
  requestedAt: z.string(),
  /** The first submission of the report. */
  submittedAt: z.string().nullable(),
  /** When the shown version was written, if it amends the first one. */
  amendedAt: z.string().nullable(),
  assessor: NamedRef.nullable(),
  criteria: z.array(DossierCriterion),
  juryJustification: z.string(),
  /** The assessor's readiness doubt, with its note; null when none was raised. */
  doubt: z.object({ note: z.string() }).nullable(),
  /** How many versions the report has up to the one shown (1 when never amended). */
  versions: z.number().int().min(1),
});
export type DossierAttempt = z.infer<typeof DossierAttempt>;

/** The first page: who, which path, the mentor, the dates and whether the path is complete. */
export type DossierCover = {
  student: NamedRef;
  path: NamedRef;
  mentor: NamedRef | null;
  firstRequestedAt: string | null;
  lastSubmittedAt: string | null;
  pathComplete: boolean;
  /** Projects of the path with an approved attempt, out of all of them. */
  approvedProjects: number;
  totalProjects: number;
  /** Attempts by outcome (an attempt without outcome is not counted). */
  outcomes: Record<Outcome, number>;
};

/** A matrix cell: the criterion's verdict at one attempt, or null when the project had no such attempt. */
export type CoverageCell = 'met' | 'not_met' | 'not_assessed' | null;

/** A matrix row: one criterion of one project, with a cell per attempt number (1, 2, …). */
export type CoverageRow = {
  project: NamedRef;
  criterion: NamedRef;
  cells: CoverageCell[];
};

/** The rows of one competency (null: criteria that name none). */
export type CoverageGroup = { competency: string | null; rows: CoverageRow[] };

/** Criteria grouped by competency × projects × attempts. */
export type CoverageMatrix = {
  /** Number of attempt columns: the most attempts any project had, at least 1. */
  attempts: number;
  groups: CoverageGroup[];
};

/** The whole dossier, as the jury reads it. */
export type DossierModel = {
  cover: DossierCover;
  matrix: CoverageMatrix;
  attempts: DossierAttempt[];
};

/** What the dossier is built around: the student, their path with its projects (in path order) and mentor. */
export type DossierBase = {
  student: Pick<Student, 'id' | 'name'>;
  path: Pick<LearningPath, 'id' | 'name' | 'projects'>;
  mentor: NamedRef | null;
  /** The path's projects in order, then any other project the student was evaluated on. */
  projects: Project[];
};

/** What one attempt is built from: the evaluation and the report version to show. */
export type AttemptSource = {
  evaluation: Evaluation;
  report: Report;
  project: Project;
  assessorName: string | null;
};

/** Everything a dossier is built from. */
export type DossierSources = DossierBase & { attempts: AttemptSource[] };

/** One attempt's section, from its evaluation, report version and project rubric. */
export function buildDossierAttempt(source: AttemptSource): DossierAttempt {
  const { evaluation, report, project } = source;
  const content = report.content;
  const rubricIds = new Set(project.rubric.map((c) => c.id));
  const criteria: DossierCriterion[] = project.rubric.map((c) => ({
    id: c.id,
    title: c.title,
    competency: c.competency ?? null,
    verdict: content.criteria[c.id]?.verdict ?? null,
    comment: content.criteria[c.id]?.comment.trim() ?? '',
  }));
  // Verdicts on criteria a later import removed from the rubric still belong to the record.
  for (const id of Object.keys(content.criteria).sort()) {
    const given = content.criteria[id];
    if (rubricIds.has(id) || !given) continue;
    criteria.push({ id, title: id, competency: null, verdict: given.verdict, comment: given.comment.trim() });
  }
  const submittedAt = evaluation.submittedAt ?? (report.version === 1 ? report.submittedAt : null);
  return {
    evaluation: evaluation.id,
    project: { id: project.id, name: project.name },
    attempt: evaluation.attempt,
    outcome: content.outcome,
    requestedAt: evaluation.requestedAt.toISOString(),
    submittedAt: submittedAt?.toISOString() ?? null,
    amendedAt: report.version > 1 ? report.submittedAt.toISOString() : null,
    assessor: { id: report.author, name: source.assessorName ?? report.author },
    criteria,
    juryJustification: content.juryJustification.trim(),
    doubt: content.readinessDoubt ? { note: content.doubtNote.trim() } : null,
    versions: report.version,
  };
}

/** Attempts in path order, then by attempt number (projects outside the path last, by id). */
export function orderAttempts(
  attempts: readonly DossierAttempt[],
  pathProjects: readonly string[],
): DossierAttempt[] {
  const rank = (project: string) => {
    const index = pathProjects.indexOf(project);
    return index === -1 ? pathProjects.length : index;
  };
  return [...attempts].sort(
    (a, b) =>
      rank(a.project.id) - rank(b.project.id) ||
      a.project.id.localeCompare(b.project.id) ||
      a.attempt - b.attempt ||
      a.evaluation.localeCompare(b.evaluation),
  );
}

function buildMatrix(projects: readonly Project[], attempts: readonly DossierAttempt[]): CoverageMatrix {
  const byProject = new Map<string, DossierAttempt[]>();
  for (const attempt of attempts) {
    byProject.set(attempt.project.id, [...(byProject.get(attempt.project.id) ?? []), attempt]);
  }
  const columns = Math.max(
    1,
    ...[...byProject.values()].map((list) => Math.max(...list.map((a) => a.attempt))),
  );
  const groups = new Map<string | null, CoverageRow[]>();
  for (const project of projects) {
    const done = byProject.get(project.id) ?? [];
    const criteria = new Map<string, { title: string; competency: string | null }>();
    for (const c of project.rubric) criteria.set(c.id, { title: c.title, competency: c.competency ?? null });
    for (const c of done.flatMap((a) => a.criteria)) {
      if (!criteria.has(c.id)) criteria.set(c.id, { title: c.title, competency: c.competency });
    }
    for (const [id, criterion] of criteria) {
      const cells: CoverageCell[] = [];
      for (let n = 1; n <= columns; n += 1) {
        const attempt = done.find((a) => a.attempt === n);
        if (attempt) cells.push(attempt.criteria.find((c) => c.id === id)?.verdict ?? 'not_assessed');
        else cells.push(n === 1 && done.length === 0 ? 'not_assessed' : null);
      }
      const row: CoverageRow = {
        project: { id: project.id, name: project.name },
        criterion: { id, name: criterion.title },
        cells,
      };
      groups.set(criterion.competency, [...(groups.get(criterion.competency) ?? []), row]);
    }
  }
  // Competencies in order of first appearance along the path; criteria without one last.
  const ordered = [...groups.entries()].sort(([a], [b]) => Number(a === null) - Number(b === null));
  return { attempts: columns, groups: ordered.map(([competency, rows]) => ({ competency, rows })) };
}

function buildCover(base: DossierBase, attempts: readonly DossierAttempt[]): DossierCover {
  const approved = new Set(attempts.filter((a) => a.outcome === 'approved').map((a) => a.project.id));
  const outcomes: Record<Outcome, number> = { approved: 0, conditional: 0, to_rework: 0 };
  for (const attempt of attempts) if (attempt.outcome) outcomes[attempt.outcome] += 1;
  const requested = attempts.map((a) => a.requestedAt).sort();
  const submitted = attempts.flatMap((a) => [a.submittedAt, a.amendedAt]).filter((d) => d !== null);
  submitted.sort();
  const approvedProjects = base.path.projects.filter((p) => approved.has(p)).length;
  return {
    student: { id: base.student.id, name: base.student.name },
    path: { id: base.path.id, name: base.path.name },
    mentor: base.mentor,
    firstRequestedAt: requested[0] ?? null,
    lastSubmittedAt: submitted.at(-1) ?? null,
    pathComplete: base.path.projects.length > 0 && approvedProjects === base.path.projects.length,
    approvedProjects,
    totalProjects: base.path.projects.length,
    outcomes,
  };
}

/** The dossier from its base and its sections (as the flow's children rendered them), in any order. */
export function buildDossierModel(base: DossierBase, sections: readonly DossierAttempt[]): DossierModel {
  const attempts = orderAttempts(sections, base.path.projects);
  return { cover: buildCover(base, attempts), matrix: buildMatrix(base.projects, attempts), attempts };
}

/** The dossier from everything it is built from. */
export function buildDossier(sources: DossierSources): DossierModel {
  return buildDossierModel(sources, sources.attempts.map(buildDossierAttempt));
}

/** JSON with object keys sorted, so that equal content always gives equal text. */
function canonicalJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v).sort()) {
        const member: unknown = Reflect.get(v, key);
        if (member !== undefined) out[key] = sort(member);
      }
      return out;
    }
    return v;
  };
  return JSON.stringify(sort(value));
}

/**
 * SHA-256 (hex) of what the dossier shows. The model holds no generation time, so identical
 * content always gives the same hash: the key of "this dossier was already delivered".
 */
export function dossierContentHash(model: DossierModel): string {
  return createHash('sha256').update(canonicalJson(model)).digest('hex');
}

/** The first 12 hex digits of a content hash, as used in job ids and delivery keys. */
export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}

/** The job id of a dossier's assembling parent: one flow per (student, content). */
export function dossierFlowJobId(student: string, hash: string): string {
  return `dossier-${student}-${shortHash(hash)}`;
}

/** The job id of the child rendering one evaluation's section in a dossier's flow. */
export function dossierSectionJobId(student: string, hash: string, evaluation: string): string {
  return `${dossierFlowJobId(student, hash)}-${evaluation}`;
}

/** The idempotency key recording that a dossier reached the jury channel of one platform. */
export function dossierDeliveryKey(student: string, hash: string, platform: string): string {
  return `dossier-delivered.${student}.${shortHash(hash)}.${platform}`;
}
