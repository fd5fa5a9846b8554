/**
 * An assessor's answer to an offer: accept, decline (with a reason), or the offer's expiry.
 * Answering twice (a double click, a retried request) has one effect.
 */
import { DeskError } from '../domain/errors.ts';
import { transition } from '../domain/lifecycle.ts';
import type { DeclineReason, Evaluation, Offer, Person } from '../domain/model.ts';
import type { StoreTx } from '../ports/store.ts';
import { type AppContext, addHours } from './context.ts';
import { audit, notify, remind } from './effects.ts';
import { requireEvaluation, saveEvaluation } from './lookups.ts';
import { offerNext } from './offer-next.ts';

/** The pending offer on `evaluation` made to `person`, or the coded reason there is none. */
async function pendingOfferOf(tx: StoreTx, evaluation: Evaluation, person: Person): Promise<Offer> {
  const offer = await tx.offers.pendingFor(evaluation.id);
  if (offer && offer.assessor === person.id) return offer;
  const mine = (await tx.offers.listFor(evaluation.id)).filter((o) => o.assessor === person.id).at(-1);
  if (!mine) throw new DeskError('not_your_evaluation', { id: evaluation.id }, 'evaluation');
  throw new DeskError('offer_not_pending', { id: mine.id, status: mine.status });
}

/** Sets the report's due date and schedules its reminder and escalation. */
export async function scheduleReportDue(
  ctx: AppContext,
  tx: StoreTx,
  evaluation: Evaluation,
  from: Date,
): Promise<Date> {
  const dueAt = addHours(from, ctx.policy.reportDueHours);
  const due = dueAt.toISOString();
  await remind(
    tx,
    { type: 'report_due_soon', evaluation: evaluation.id, dueAt: due },
    addHours(dueAt, -ctx.policy.reminderBeforeDueHours),
  );
  await remind(tx, { type: 'report_due', evaluation: evaluation.id, dueAt: due }, dueAt);
  return dueAt;
}

/** What accepting did: accepted now, or `repeated` when the person had accepted already (a double click). */
export type AcceptResult = { evaluation: Evaluation; repeated: boolean };

/** Accepts the person's pending offer; a repeated acceptance changes nothing and says so. */
export async function acceptOfferOnce(
  ctx: AppContext,
  input: { evaluation: string; person: Person },
): Promise<AcceptResult> {
  return ctx.store.transaction(async (tx) => {
    const now = ctx.clock.now();
    const evaluation = await requireEvaluation(tx, input.evaluation);
    if (evaluation.status === 'accepted' && evaluation.assessor === input.person.id)
      return { evaluation, repeated: true };
    const offer = await pendingOfferOf(tx, evaluation, input.person);
    if (!(await tx.offers.respond(offer.id, { status: 'accepted', at: now }))) {
      throw new DeskError('offer_not_pending', { id: offer.id, status: 'answered' });
    }
    const status = transition(evaluation.id, evaluation.status, 'accept');
    const dueAt = await scheduleReportDue(ctx, tx, evaluation, evaluation.scheduledAt ?? now);
    const accepted = await saveEvaluation(tx, { ...evaluation, status, acceptedAt: now, dueAt }, now);
    await notify(tx, { type: 'offer_closed', offer: offer.id });
    await audit(tx, now, { type: 'person', person: input.person }, 'offer.accept', evaluation.id, {
      offer: offer.id,
    });
    return { evaluation: accepted, repeated: false };
  });
}

/** Accepts the person's pending offer; accepting again returns the accepted evaluation. */
export async function acceptOffer(
  ctx: AppContext,
  input: { evaluation: string; person: Person },
): Promise<Evaluation> {
  return (await acceptOfferOnce(ctx, input)).evaluation;
}

export type DeclineResult = { evaluation: Evaluation; nextOffer: Offer | null };

export async function declineOffer(
  ctx: AppContext,
  input: { evaluation: string; person: Person; reason: DeclineReason; note?: string },
): Promise<DeclineResult> {
  return ctx.store.transaction(async (tx) => {
    const now = ctx.clock.now();
    const evaluation = await requireEvaluation(tx, input.evaluation);
    const offer = await pendingOfferOf(tx, evaluation, input.person);
    const change = {
      status: 'declined' as const,
      at: now,
      reason: input.reason,
      ...(input.note ? { note: input.note } : {}),
    };
    if (!(await tx.offers.respond(offer.id, change))) {
      throw new DeskError('offer_not_pending', { id: offer.id, status: 'answered' });
    }
    // A declared conflict of interest is remembered so this pairing never recurs.
    if (input.reason === 'conflict_of_interest')
      await tx.people.addConflict(input.person.id, evaluation.student);
    const declined = await saveEvaluation(
      tx,
      { ...evaluation, status: transition(evaluation.id, evaluation.status, 'decline'), assessor: null },
      now,
    );
    await notify(tx, { type: 'offer_closed', offer: offer.id });
    await audit(tx, now, { type: 'person', person: input.person }, 'offer.decline', evaluation.id, {
      offer: offer.id,
      reason: input.reason,
    });
    return offerNext(ctx, tx, declined, now);
  });
}

/**
 * Called by the offer-expiry reminder: a still-pending offer past its time expires and the request
 * moves to the next candidate. Returns null when there was nothing to expire.
 */
export async function expireOffer(ctx: AppContext, offerId: string): Promise<DeclineResult | null> {
  return ctx.store.transaction(async (tx) => {
    const now = ctx.clock.now();
    const offer = await tx.offers.get(offerId);
    if (offer?.status !== 'pending' || offer.expiresAt.getTime() > now.getTime()) return null;
    if (!(await tx.offers.respond(offer.id, { status: 'expired', at: now }))) return null;
    const evaluation = await requireEvaluation(tx, offer.evaluation);
    const expired = await saveEvaluation(
      tx,
      { ...evaluation, status: transition(evaluation.id, evaluation.status, 'expire'), assessor: null },
      now,
    );
    await notify(tx, { type: 'offer_closed', offer: offer.id });
    await audit(tx, now, { type: 'system' }, 'offer.expire', evaluation.id, { offer: offer.id });
    return offerNext(ctx, tx, expired, now);
  });
}
