/**
 * Offers an evaluation to the best eligible assessor (DESIGN §2.1), or leaves it waiting in the
 * claim pool and tells the coordinators. Runs inside the caller's transaction.
 */
import { type AssignmentRequest, assign, type EligibilityContext } from '../domain/assignment.ts';
import { transition } from '../domain/lifecycle.ts';
import type { Evaluation, Offer } from '../domain/model.ts';
import type { StoreTx } from '../ports/store.ts';
import { type AppContext, addHours } from './context.ts';
import { audit, notify, remind } from './effects.ts';
import { requireProject, requireStudent, saveEvaluation } from './lookups.ts';

const DAY_MS = 86_400_000;

/** Start of the current ISO week (Monday 00:00 UTC), for weekly capacity. */
export function startOfWeek(now: Date): Date {
  const day = (now.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - day));
}

/** Everything the engine needs about current loads and this request's history. */
export async function eligibilityContext(
  ctx: AppContext,
  tx: StoreTx,
  evaluation: Evaluation,
  now: Date,
): Promise<EligibilityContext & { pastAssessors: Set<string> }> {
  const loads = await tx.evaluations.loads(
    new Date(now.getTime() - ctx.policy.recentLoadDays * DAY_MS),
    startOfWeek(now),
  );
  const offers = await tx.offers.listFor(evaluation.id);
  const declined = new Set(
    offers.filter((o) => o.status === 'declined' || o.status === 'expired').map((o) => o.assessor),
  );
  const pastAssessors = new Set(await tx.evaluations.pastAssessors(evaluation.student));
  return { loads, declined, pastAssessors, now };
}

export async function assignmentRequest(tx: StoreTx, evaluation: Evaluation): Promise<AssignmentRequest> {
  return {
    evaluation: evaluation.id,
    student: await requireStudent(tx, evaluation.student),
    project: await requireProject(tx, evaluation.project),
    attempt: evaluation.attempt,
  };
}

/** Records an offer of `evaluation` to `assessor`, its DM and its expiry. */
export async function recordOffer(
  ctx: AppContext,
  tx: StoreTx,
  evaluation: Evaluation,
  offer: Omit<
    Offer,
    'id' | 'status' | 'createdAt' | 'expiresAt' | 'respondedAt' | 'declineReason' | 'declineNote'
  >,
  now: Date,
  event: 'offer' | 'reassign' = 'offer',
): Promise<{ evaluation: Evaluation; offer: Offer }> {
  const previous = await tx.offers.listFor(evaluation.id);
  const created: Offer = {
    ...offer,
    id: `${evaluation.id}.${previous.length + 1}`,
    status: 'pending',
    createdAt: now,
    expiresAt: addHours(now, ctx.policy.offerTtlHours),
    respondedAt: null,
    declineReason: null,
    declineNote: null,
  };
  await tx.offers.insert(created);
  const status = transition(evaluation.id, evaluation.status, event);
  const saved = await saveEvaluation(tx, { ...evaluation, status, assessor: offer.assessor }, now);
  await notify(tx, { type: 'offer', offer: created.id });
  await remind(tx, { type: 'offer_expiry', offer: created.id }, created.expiresAt);
  return { evaluation: saved, offer: created };
}

export async function offerNext(
  ctx: AppContext,
  tx: StoreTx,
  evaluation: Evaluation,
  now: Date,
): Promise<{ evaluation: Evaluation; nextOffer: Offer | null }> {
  const request = await assignmentRequest(tx, evaluation);
  const context = await eligibilityContext(ctx, tx, evaluation, now);
  const candidates = await tx.people.listPeople({ role: 'assessor' });
  const decision = assign(request, candidates, context);
  if (decision.ok) {
    const { evaluation: offered, offer } = await recordOffer(
      ctx,
      tx,
      evaluation,
      { evaluation: evaluation.id, assessor: decision.assessor, explanation: decision.explanation },
      now,
    );
    await audit(tx, now, { type: 'system' }, 'evaluation.offer', evaluation.id, {
      assessor: decision.assessor,
    });
    return { evaluation: offered, nextOffer: offer };
  }
  const waiting =
    evaluation.status === 'requested'
      ? evaluation
      : await saveEvaluation(
          tx,
          { ...evaluation, status: transition(evaluation.id, evaluation.status, 'wait') },
          now,
        );
  await notify(tx, { type: 'no_assessor', evaluation: evaluation.id });
  await audit(tx, now, { type: 'system' }, 'evaluation.wait', evaluation.id, {
    rejected: decision.rejected.length,
  });
  return { evaluation: waiting, nextOffer: null };
}
