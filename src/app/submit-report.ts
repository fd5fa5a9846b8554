/**
 * Report drafts, submission and amendment (DESIGN §2.2). Validation is the domain's; this file
 * applies the lifecycle and records the effects in the same transaction: the report version, the
 * mentor summary, the student's feedback, the doubt alert, the conditional window, the dossier.
 */
import { isDeepStrictEqual } from 'node:util';
import { DeskError } from '../domain/errors.ts';
import { REPORTED_STATUSES, transition } from '../domain/lifecycle.ts';
import type { Draft, Evaluation, Person, Project, Report, ReportContent, Student } from '../domain/model.ts';
import { type FieldError, validateReport } from '../domain/report-rules.ts';
import type { StoreTx } from '../ports/store.ts';
import { type Actor, type AppContext, addHours } from './context.ts';
import { audit, enqueue, notify, remind } from './effects.ts';
import { requireEvaluation, requireProject, requireStudent, saveEvaluation } from './lookups.ts';

export type ReportFormData = {
  evaluation: Evaluation;
  project: Project;
  student: Student;
  draft: Draft | null;
  /** The latest submitted version, when amending. */
  latest: Report | null;
};

/**
 * The result of a submission: saved, or the field errors to show in the form (nothing written).
 * `repeated`: the same report was already there (a double submit), nothing new was written.
 */
export type SubmitResult =
  | { ok: true; evaluation: Evaluation; report: Report; repeated?: true }
  | { ok: false; errors: FieldError[] };

function assertAuthor(evaluation: Evaluation, person: Person): void {
  if (evaluation.assessor !== person.id)
    throw new DeskError('not_your_evaluation', { id: evaluation.id }, 'evaluation');
}

/** What the report form needs: the rubric, the student, the draft to resume or the version to amend. */
export async function loadReportForm(
  ctx: AppContext,
  input: { evaluation: string; person: Person },
): Promise<ReportFormData> {
  const tx = ctx.store;
  const evaluation = await requireEvaluation(tx, input.evaluation);
  assertAuthor(evaluation, input.person);
  if (evaluation.status !== 'accepted' && !REPORTED_STATUSES.includes(evaluation.status)) {
    throw new DeskError('illegal_transition', {
      id: evaluation.id,
      from: evaluation.status,
      event: 'submit',
    });
  }
  return {
    evaluation,
    project: await requireProject(tx, evaluation.project),
    student: await requireStudent(tx, evaluation.student),
    draft: await tx.reports.getDraft(evaluation.id, input.person.id),
    latest: await tx.reports.latest(evaluation.id),
  };
}

/** Saves what the assessor typed so far; closing the form or a later step resumes from it. */
export async function saveDraft(
  ctx: AppContext,
  input: { evaluation: string; person: Person; content: Partial<ReportContent>; step?: number },
): Promise<Draft> {
  const evaluation = await requireEvaluation(ctx.store, input.evaluation);
  assertAuthor(evaluation, input.person);
  const previous = await ctx.store.reports.getDraft(evaluation.id, input.person.id);
  const draft: Draft = {
    evaluation: evaluation.id,
    author: input.person.id,
    content: {
      ...previous?.content,
      ...input.content,
      criteria: { ...previous?.content.criteria, ...input.content.criteria },
    },
    step: input.step ?? previous?.step ?? 0,
    updatedAt: ctx.clock.now(),
  };
  await ctx.store.reports.saveDraft(draft);
  return draft;
}

/** Notifications and jobs every new report version causes. */
async function recordReportEffects(
  ctx: AppContext,
  tx: StoreTx,
  evaluation: Evaluation,
  report: Report,
  student: Student,
): Promise<void> {
  await notify(tx, { type: 'mentor_summary', evaluation: evaluation.id, version: report.version });
  if (student.platforms.slack || student.platforms.discord) {
    await notify(tx, { type: 'student_feedback', evaluation: evaluation.id, version: report.version });
  }
  if (report.content.readinessDoubt) {
    const doubts = (await tx.reports.list({ student: student.id })).filter(
      (r) => r.content.readinessDoubt,
    ).length;
    if (doubts >= ctx.policy.doubtAlertThreshold)
      await notify(tx, { type: 'doubt_alert', student: student.id, doubts });
  }
  if (evaluation.status === 'approved' && (await pathComplete(tx, student))) {
    await requestDossierIn(tx, student.id, `path-complete.${evaluation.id}.v${report.version}`);
  }
}

/** True when every project of the student's path has an approved evaluation. */
async function pathComplete(tx: StoreTx, student: Student): Promise<boolean> {
  const path = await tx.org.getPath(student.path);
  if (!path) return false;
  const approved = new Set(
    (await tx.evaluations.list({ student: student.id, status: 'approved' })).map((e) => e.project),
  );
  return path.projects.every((p) => approved.has(p));
}

/** Queues the jury dossier compilation; the job itself is idempotent by content hash. */
export async function requestDossierIn(tx: StoreTx, student: string, reason: string): Promise<void> {
  await enqueue(tx, 'dossier', 'compile-dossier', `dossier.${student}.${reason}`, { student, reason });
}

/** The names the anonymous curriculum feedback must not carry: the student's, their mentor's, the author's. */
async function namesKeptOut(tx: StoreTx, student: Student, author: Person): Promise<string[]> {
  const mentor = await tx.people.getPerson(student.mentor);
  return [student.name, author.name, ...(mentor ? [mentor.name] : [])];
}

export async function submitReport(
  ctx: AppContext,
  input: { evaluation: string; person: Person; content: ReportContent },
): Promise<SubmitResult> {
  return ctx.store.transaction(async (tx) => {
    const now = ctx.clock.now();
    const evaluation = await requireEvaluation(tx, input.evaluation);
    assertAuthor(evaluation, input.person);
    // A double submit of the same report: the first one stands.
    if (REPORTED_STATUSES.includes(evaluation.status)) {
      const latest = await tx.reports.latest(evaluation.id);
      if (latest) return { ok: true, evaluation, report: latest, repeated: true };
    }
    const project = await requireProject(tx, evaluation.project);
    const student = await requireStudent(tx, evaluation.student);
    const names = await namesKeptOut(tx, student, input.person);
    const validation = validateReport(input.content, project.rubric, { names });
    if (!validation.ok) return { ok: false, errors: validation.errors };
    const content = validation.report;
    const outcome = content.outcome ?? undefined;
    const submitted = transition(evaluation.id, evaluation.status, 'submit');
    const status = transition(evaluation.id, submitted, 'settle', outcome);
    const windowEndsAt =
      status === 'awaiting_resubmission' ? addHours(now, ctx.policy.conditionalWindowHours) : null;
    const saved = await saveEvaluation(
      tx,
      { ...evaluation, status, outcome: content.outcome, submittedAt: now, windowEndsAt },
      now,
    );
    const report: Report = {
      evaluation: evaluation.id,
      version: 1,
      author: input.person.id,
      content,
      submittedAt: now,
      amendReason: null,
    };
    await tx.reports.insert(report);
    await tx.reports.deleteDraft(evaluation.id, input.person.id);
    if (windowEndsAt) {
      await remind(
        tx,
        { type: 'resubmission_window', evaluation: evaluation.id, endsAt: windowEndsAt.toISOString() },
        windowEndsAt,
      );
    }
    await recordReportEffects(ctx, tx, saved, report, student);
    await audit(tx, now, { type: 'person', person: input.person }, 'report.submit', evaluation.id, {
      outcome: content.outcome,
    });
    return { ok: true, evaluation: saved, report };
  });
}

/**
 * Adds a version to a submitted report. The outcome may change only once the evaluation is final
 * (approved ↔ to_rework); a conditional evaluation changes outcome through `/assess decide`.
 */
export async function amendReport(
  ctx: AppContext,
  input: { evaluation: string; actor: Actor & { type: 'person' }; content: ReportContent; reason: string },
): Promise<SubmitResult> {
  return ctx.store.transaction(async (tx) => {
    const now = ctx.clock.now();
    const evaluation = await requireEvaluation(tx, input.evaluation);
    assertAuthor(evaluation, input.actor.person);
    // Once the jury locked the dossier (diploma decided), its reports are final.
    if ((await tx.dossiers.get(evaluation.student))?.locked) {
      throw new DeskError('dossier_locked', { student: evaluation.student });
    }
    const latest = await tx.reports.latest(evaluation.id);
    if (!latest || !REPORTED_STATUSES.includes(evaluation.status)) {
      throw new DeskError('illegal_transition', {
        id: evaluation.id,
        from: evaluation.status,
        event: 'amend',
      });
    }
    const project = await requireProject(tx, evaluation.project);
    const student = await requireStudent(tx, evaluation.student);
    const names = await namesKeptOut(tx, student, input.actor.person);
    const validation = validateReport(input.content, project.rubric, { names });
    if (!validation.ok) return { ok: false, errors: validation.errors };
    const content = validation.report;
    // The same report again (a double submit that arrived after the first committed): no new version.
    if (isDeepStrictEqual(content, latest.content))
      return { ok: true, evaluation, report: latest, repeated: true };
    const final = evaluation.status === 'approved' || evaluation.status === 'to_rework';
    if (content.outcome !== evaluation.outcome && !(final && content.outcome !== 'conditional')) {
      return {
        ok: false,
        errors: [{ field: 'outcome', code: 'outcome_locked', params: { outcome: evaluation.outcome ?? '' } }],
      };
    }
    const status = final && content.outcome ? content.outcome : evaluation.status;
    const saved = await saveEvaluation(tx, { ...evaluation, status, outcome: content.outcome }, now);
    const report: Report = {
      evaluation: evaluation.id,
      version: latest.version + 1,
      author: input.actor.person.id,
      content,
      submittedAt: now,
      amendReason: input.reason.trim() || null,
    };
    await tx.reports.insert(report);
    await tx.reports.deleteDraft(evaluation.id, input.actor.person.id);
    await recordReportEffects(ctx, tx, saved, report, await requireStudent(tx, evaluation.student));
    // An amendment after the dossier was compiled rebuilds it (the job skips an unchanged hash).
    await requestDossierIn(tx, evaluation.student, `amended.${evaluation.id}.v${report.version}`);
    await audit(tx, now, input.actor, 'report.amend', evaluation.id, {
      version: report.version,
      reason: input.reason,
    });
    return { ok: true, evaluation: saved, report };
  });
}
