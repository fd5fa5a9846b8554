/**
 * The conditional outcome (DESIGN §1): the student re-uploads within 48 h, then the assessor
 * decides within 48 h, with no new session. The decision is recorded as a new report version.
 */
import { DeskError } from '../domain/errors.ts';
import { transition } from '../domain/lifecycle.ts';
import type { Evaluation, Person, Report } from '../domain/model.ts';
import { type Actor, type AppContext, addHours } from './context.ts';
import { audit, notify, remind } from './effects.ts';
import { requireEvaluation, requireStudent, saveEvaluation } from './lookups.ts';
import { requestDossierIn } from './submit-report.ts';

/** The student re-uploaded (LMS via the HTTP API, or a coordinator): the assessor's window opens. */
export async function recordResubmission(
  ctx: AppContext,
  input: { evaluation: string; actor: Actor },
): Promise<Evaluation> {
  return ctx.store.transaction(async (tx) => {
    const now = ctx.clock.now();
    const evaluation = await requireEvaluation(tx, input.evaluation);
    if (evaluation.status === 'conditional') return evaluation;
    const status = transition(evaluation.id, evaluation.status, 'resubmit');
    const windowEndsAt = addHours(now, ctx.policy.conditionalWindowHours);
    const saved = await saveEvaluation(tx, { ...evaluation, status, windowEndsAt }, now);
    await notify(tx, { type: 'decision_needed', evaluation: evaluation.id, lapsed: false });
    await remind(
      tx,
      { type: 'decision_window', evaluation: evaluation.id, endsAt: windowEndsAt.toISOString() },
      windowEndsAt,
    );
    await audit(tx, now, input.actor, 'evaluation.resubmission', evaluation.id);
    return saved;
  });
}

/** `/assess decide <evaluation> <approved|to_rework>`: the assessor settles a conditional outcome. */
export async function decideConditional(
  ctx: AppContext,
  input: { evaluation: string; person: Person; outcome: 'approved' | 'to_rework'; note?: string },
): Promise<{ evaluation: Evaluation; report: Report }> {
  return ctx.store.transaction(async (tx) => {
    const now = ctx.clock.now();
    const evaluation = await requireEvaluation(tx, input.evaluation);
    if (evaluation.assessor !== input.person.id) {
      throw new DeskError('not_your_evaluation', { id: evaluation.id }, 'evaluation');
    }
    const status = transition(evaluation.id, evaluation.status, 'decide', input.outcome);
    const latest = await tx.reports.latest(evaluation.id);
    if (!latest)
      throw new DeskError('illegal_transition', {
        id: evaluation.id,
        from: evaluation.status,
        event: 'decide',
      });
    const saved = await saveEvaluation(
      tx,
      { ...evaluation, status, outcome: input.outcome, windowEndsAt: null },
      now,
    );
    const report: Report = {
      evaluation: evaluation.id,
      version: latest.version + 1,
      author: input.person.id,
      content: { ...latest.content, outcome: input.outcome },
      submittedAt: now,
      amendReason: input.note?.trim() || `conditional decision: ${input.outcome}`,
    };
    await tx.reports.insert(report);
    await notify(tx, { type: 'mentor_summary', evaluation: evaluation.id, version: report.version });
    const student = await requireStudent(tx, evaluation.student);
    if (student.platforms.slack || student.platforms.discord) {
      await notify(tx, { type: 'student_feedback', evaluation: evaluation.id, version: report.version });
    }
    if (status === 'approved') await requestDossierIn(tx, student.id, `decided.${evaluation.id}`);
    await audit(tx, now, { type: 'person', person: input.person }, 'evaluation.decide', evaluation.id, {
      outcome: input.outcome,
    });
    return { evaluation: saved, report };
  });
}

/**
 * Called when a conditional window ends without a decision: the assessor is asked to decide, with
 * `to_rework` suggested when the student did not re-upload. The decision stays the assessor's.
 * No-op when the evaluation was settled or the window moved since.
 */
export async function conditionalWindowEnded(
  ctx: AppContext,
  input: { evaluation: string; endsAt: Date },
): Promise<boolean> {
  return ctx.store.transaction(async (tx) => {
    const evaluation = await requireEvaluation(tx, input.evaluation);
    const open = evaluation.status === 'conditional' || evaluation.status === 'awaiting_resubmission';
    if (!open || evaluation.windowEndsAt?.getTime() !== input.endsAt.getTime()) return false;
    await notify(tx, { type: 'decision_needed', evaluation: evaluation.id, lapsed: true });
    await audit(tx, ctx.clock.now(), { type: 'system' }, 'evaluation.window_ended', evaluation.id, {
      status: evaluation.status,
    });
    return true;
  });
}
