/**
 * What the product tells people, as intents. Use cases write these into the outbox (queue `notify`)
 * in the same transaction as the change that causes them; the `notify` job loads the data, renders
 * the message in the recipient's locale and delivers it on every platform the recipient is on.
 * Keys are deterministic so that a replayed outbox or a retried job never sends twice.
 */
import { z } from 'zod';

export const Notification = z.discriminatedUnion('type', [
  /** Offer DM to an assessor, with the engine's explanation and Accept / Decline. */
  z.object({ type: z.literal('offer'), offer: z.string() }),
  /** The offer message is updated in place once answered or expired (buttons removed). */
  z.object({ type: z.literal('offer_closed'), offer: z.string() }),
  /** Nobody eligible: the coordinators' channel is told; the request waits for `/assess claim`. */
  z.object({ type: z.literal('no_assessor'), evaluation: z.string() }),
  /** Mentor DM summary after a submission or an amendment (DESIGN §2.3). */
  z.object({ type: z.literal('mentor_summary'), evaluation: z.string(), version: z.number().int() }),
  /** Student-facing feedback only, when the student is on a platform. */
  z.object({ type: z.literal('student_feedback'), evaluation: z.string(), version: z.number().int() }),
  /** Two or more readiness doubts on one student: the mentor and the coordinators. */
  z.object({ type: z.literal('doubt_alert'), student: z.string(), doubts: z.number().int() }),
  /** Report due soon (assessor DM) or overdue (coordinators' channel). */
  z.object({ type: z.literal('report_reminder'), evaluation: z.string() }),
  z.object({ type: z.literal('report_overdue'), evaluation: z.string() }),
  /** Conditional window: the assessor is asked to decide (re-upload arrived, or the window lapsed). */
  z.object({ type: z.literal('decision_needed'), evaluation: z.string(), lapsed: z.boolean() }),
  /** The assessor was taken off an evaluation (reassigned or cancelled by a coordinator). */
  z.object({ type: z.literal('evaluation_withdrawn'), evaluation: z.string(), assessor: z.string() }),
  /** A platform refused delivery permanently: the coordinators are told once. */
  z.object({
    type: z.literal('delivery_failed'),
    recipient: z.string(),
    platform: z.enum(['slack', 'discord']),
    code: z.string(),
  }),
]);
export type Notification = z.infer<typeof Notification>;
export type NotificationType = Notification['type'];

/** Delayed work of the `reminders` queue (DESIGN §2.6). */
export const Reminder = z.discriminatedUnion('type', [
  z.object({ type: z.literal('offer_expiry'), offer: z.string() }),
  z.object({ type: z.literal('report_due_soon'), evaluation: z.string(), dueAt: z.string() }),
  z.object({ type: z.literal('report_due'), evaluation: z.string(), dueAt: z.string() }),
  z.object({ type: z.literal('resubmission_window'), evaluation: z.string(), endsAt: z.string() }),
  z.object({ type: z.literal('decision_window'), evaluation: z.string(), endsAt: z.string() }),
]);
export type Reminder = z.infer<typeof Reminder>;

/** Job ids may not contain `:` (BullMQ); these keys use `-` and `.` only. */
export function notificationKey(n: Notification): string {
  switch (n.type) {
    case 'offer':
    case 'offer_closed':
      return `${n.type}.${n.offer}`;
    case 'mentor_summary':
    case 'student_feedback':
      return `${n.type}.${n.evaluation}.v${n.version}`;
    case 'doubt_alert':
      return `${n.type}.${n.student}.${n.doubts}`;
    case 'decision_needed':
      return `${n.type}.${n.evaluation}.${n.lapsed ? 'lapsed' : 'resubmitted'}`;
    case 'evaluation_withdrawn':
      return `${n.type}.${n.evaluation}.${n.assessor}`;
    case 'delivery_failed':
      return `${n.type}.${n.recipient}.${n.platform}`;
    default:
      return `${n.type}.${n.evaluation}`;
  }
}

export function reminderKey(r: Reminder): string {
  switch (r.type) {
    case 'offer_expiry':
      return `${r.type}.${r.offer}`;
    case 'report_due_soon':
    case 'report_due':
      return `${r.type}.${r.evaluation}.${Date.parse(r.dueAt)}`;
    default:
      return `${r.type}.${r.evaluation}.${Date.parse(r.endsAt)}`;
  }
}
