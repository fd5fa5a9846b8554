/** `/assess claim`: an assessor takes a waiting request themselves, within the hard rules. */
import { ineligibilityReasons } from '../domain/assignment.ts';
import { DeskError } from '../domain/errors.ts';
import { transition, WAITING_STATUSES } from '../domain/lifecycle.ts';
import type { Evaluation, Person } from '../domain/model.ts';
import type { AppContext } from './context.ts';
import { audit } from './effects.ts';
import { requireEvaluation, saveEvaluation } from './lookups.ts';
import { assignmentRequest, eligibilityContext } from './offer-next.ts';
import { scheduleReportDue } from './respond-to-offer.ts';

/**
 * Claims `evaluation`, or the oldest waiting request this assessor is eligible for. Refuses with
 * `not_eligible` naming the first hard rule broken, or `no_eligible_assessor` when none fits.
 */
export async function claimEvaluation(
  ctx: AppContext,
  input: { person: Person; evaluation?: string },
): Promise<Evaluation> {
  return ctx.store.transaction(async (tx) => {
    const now = ctx.clock.now();
    const candidates = input.evaluation
      ? [await requireEvaluation(tx, input.evaluation)]
      : (await tx.evaluations.list({ status: [...WAITING_STATUSES] })).sort(
          (a, b) => a.requestedAt.getTime() - b.requestedAt.getTime(),
        );
    let firstRefusal: string | null = null;
    for (const evaluation of candidates) {
      if (!WAITING_STATUSES.includes(evaluation.status)) {
        throw new DeskError('illegal_transition', {
          id: evaluation.id,
          from: evaluation.status,
          event: 'claim',
        });
      }
      const request = await assignmentRequest(tx, evaluation);
      const context = await eligibilityContext(ctx, tx, evaluation, now);
      const broken = ineligibilityReasons(input.person, request, context);
      if (broken.length > 0) {
        firstRefusal ??= broken[0] ?? null;
        continue;
      }
      const status = transition(evaluation.id, evaluation.status, 'claim');
      const dueAt = await scheduleReportDue(ctx, tx, evaluation, now);
      const claimed = await saveEvaluation(
        tx,
        { ...evaluation, status, assessor: input.person.id, acceptedAt: now, dueAt },
        now,
      );
      await audit(tx, now, { type: 'person', person: input.person }, 'evaluation.claim', evaluation.id);
      return claimed;
    }
    if (input.evaluation && firstRefusal) {
      throw new DeskError('not_eligible', { id: input.evaluation.toUpperCase(), rule: firstRefusal });
    }
    throw new DeskError('no_eligible_assessor', { id: '-' });
  });
}
