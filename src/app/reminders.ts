/**
 * What a reminder does when it fires (DESIGN §2.6). Each one checks that the thing it waits for is
 * still pending — an answered offer, a submitted report, a moved deadline make it a no-op — so
 * reminders never need to be cancelled for correctness.
 */
import type { Reminder } from '../domain/notifications.ts';
import { conditionalWindowEnded } from './conditional.ts';
import type { AppContext } from './context.ts';
import { notify } from './effects.ts';
import { expireOffer } from './respond-to-offer.ts';

/** What a reminder did, for logs and tests. */
export type ReminderOutcome = 'expired' | 'reminded' | 'escalated' | 'window_ended' | 'nothing_to_do';

async function reportDue(
  ctx: AppContext,
  evaluationId: string,
  dueAt: string,
  overdue: boolean,
): Promise<ReminderOutcome> {
  return ctx.store.transaction(async (tx) => {
    const evaluation = await tx.evaluations.get(evaluationId);
    // Submitted, reassigned or rescheduled since: this reminder is stale.
    if (evaluation?.status !== 'accepted' || evaluation.dueAt?.toISOString() !== dueAt)
      return 'nothing_to_do';
    await notify(tx, { type: overdue ? 'report_overdue' : 'report_reminder', evaluation: evaluationId });
    return overdue ? 'escalated' : 'reminded';
  });
}

export async function handleReminder(ctx: AppContext, reminder: Reminder): Promise<ReminderOutcome> {
  switch (reminder.type) {
    case 'offer_expiry':
      return (await expireOffer(ctx, reminder.offer)) ? 'expired' : 'nothing_to_do';
    case 'report_due_soon':
      return reportDue(ctx, reminder.evaluation, reminder.dueAt, false);
    case 'report_due':
      return reportDue(ctx, reminder.evaluation, reminder.dueAt, true);
    case 'resubmission_window':
    case 'decision_window':
      return (await conditionalWindowEnded(ctx, {
        evaluation: reminder.evaluation,
        endsAt: new Date(reminder.endsAt),
      }))
        ? 'window_ended'
        : 'nothing_to_do';
  }
}
