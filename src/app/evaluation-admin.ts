/**
 * `/evaluation …` (coordinators, admins): the manual override of the assignment engine. Every
 * override is audited with the rules it bent.
 */
import { ineligibilityReasons } from '../domain/assignment.ts';
import { DeskError } from '../domain/errors.ts';
import { FINAL_STATUSES, transition, WAITING_STATUSES } from '../domain/lifecycle.ts';
import type { Evaluation, HardRule, Offer } from '../domain/model.ts';
import type { StoreTx } from '../ports/store.ts';
import type { Actor, AppContext } from './context.ts';
import { audit, notify } from './effects.ts';
import { requireEvaluation, requirePerson, saveEvaluation } from './lookups.ts';
import { assignmentRequest, eligibilityContext, offerNext, recordOffer } from './offer-next.ts';

/** Rules a coordinator may knowingly override (load, a past decline); the others protect students. */
const OVERRIDABLE: readonly HardRule[] = ['under_capacity', 'not_declined', 'not_away'];

async function withdrawFromCurrent(tx: StoreTx, evaluation: Evaluation, now: Date): Promise<void> {
  const pending = await tx.offers.pendingFor(evaluation.id);
  if (pending) {
    await tx.offers.respond(pending.id, { status: 'withdrawn', at: now });
    await notify(tx, { type: 'offer_closed', offer: pending.id });
  }
  if (evaluation.assessor) {
    await notify(tx, {
      type: 'evaluation_withdrawn',
      evaluation: evaluation.id,
      assessor: evaluation.assessor,
    });
  }
}

/** Offers `evaluation` to `assessor` chosen by hand, withdrawing the current offer or assignment. */
export async function reassignEvaluation(
  ctx: AppContext,
  input: { evaluation: string; assessor: string; actor: Actor },
): Promise<{ evaluation: Evaluation; offer: Offer; overridden: HardRule[] }> {
  return ctx.store.transaction(async (tx) => {
    const now = ctx.clock.now();
    const evaluation = await requireEvaluation(tx, input.evaluation);
    const person = await requirePerson(tx, input.assessor.trim().toLowerCase());
    if (!person.roles.includes('assessor')) {
      throw new DeskError('not_eligible', { id: evaluation.id, rule: 'role' }, 'assessor');
    }
    if (person.id === evaluation.assessor && evaluation.status !== 'offered') {
      throw new DeskError('illegal_transition', {
        id: evaluation.id,
        from: evaluation.status,
        event: 'reassign',
      });
    }
    const broken = ineligibilityReasons(
      person,
      await assignmentRequest(tx, evaluation),
      await eligibilityContext(ctx, tx, evaluation, now),
    );
    const blocking = broken.find((rule) => !OVERRIDABLE.includes(rule));
    if (blocking) throw new DeskError('not_eligible', { id: evaluation.id, rule: blocking }, 'assessor');
    await withdrawFromCurrent(tx, evaluation, now);
    const event = WAITING_STATUSES.includes(evaluation.status) ? 'offer' : 'reassign';
    const result = await recordOffer(
      ctx,
      tx,
      evaluation,
      {
        evaluation: evaluation.id,
        assessor: person.id,
        explanation: {
          assessor: person.id,
          passed: [],
          load: { open: 0, recent: 0, total: 0, capacity: person.capacity, weekOpen: 0 },
          fresh: !(await tx.evaluations.pastAssessors(evaluation.student)).includes(person.id),
          others: [],
          manual: {
            by: input.actor.type === 'person' ? input.actor.person.id : input.actor.type,
            overridden: broken,
          },
        },
      },
      now,
      event,
    );
    await audit(tx, now, input.actor, 'evaluation.reassign', evaluation.id, {
      from: evaluation.assessor,
      to: person.id,
      overridden: broken,
    });
    return { ...result, overridden: broken };
  });
}

export async function cancelEvaluation(
  ctx: AppContext,
  input: { evaluation: string; reason?: string; actor: Actor },
): Promise<Evaluation> {
  return ctx.store.transaction(async (tx) => {
    const now = ctx.clock.now();
    const evaluation = await requireEvaluation(tx, input.evaluation);
    if (FINAL_STATUSES.includes(evaluation.status) && evaluation.status !== 'cancelled') {
      throw new DeskError('illegal_transition', {
        id: evaluation.id,
        from: evaluation.status,
        event: 'cancel',
      });
    }
    if (evaluation.status === 'cancelled') return evaluation;
    const status = transition(evaluation.id, evaluation.status, 'cancel');
    await withdrawFromCurrent(tx, evaluation, now);
    const saved = await saveEvaluation(tx, { ...evaluation, status }, now);
    await audit(tx, now, input.actor, 'evaluation.cancel', evaluation.id, { reason: input.reason ?? null });
    return saved;
  });
}

/** `desk assign`: offers every waiting request again, oldest first (new assessors, freed capacity). */
export async function assignWaiting(
  ctx: AppContext,
  actor: Actor,
): Promise<{ offered: number; waiting: number }> {
  const waiting = await ctx.store.evaluations.list({ status: [...WAITING_STATUSES] });
  waiting.sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime());
  let offered = 0;
  for (const candidate of waiting) {
    const result = await ctx.store.transaction(async (tx) => {
      const now = ctx.clock.now();
      const evaluation = await requireEvaluation(tx, candidate.id);
      if (!WAITING_STATUSES.includes(evaluation.status)) return null;
      await audit(tx, now, actor, 'evaluation.assign', evaluation.id);
      return (await offerNext(ctx, tx, evaluation, now)).nextOffer;
    });
    if (result) offered += 1;
  }
  return { offered, waiting: waiting.length - offered };
}
