/**
 * The evaluation lifecycle as an explicit state machine. Every status change in the product goes
 * through `transition`, which refuses anything not in `TRANSITIONS` with `illegal_transition`.
 *
 * ```
 * requested ─offer→ offered ─accept→ accepted ─submit→ submitted ─settle→ approved | to_rework
 *     ↑ claim→ accepted      │ decline→ declined ─offer/wait→ …        └─settle(conditional)→ awaiting_resubmission
 *     └──────wait──── expired ←expire┘                                  awaiting_resubmission ─resubmit→ conditional
 *                                                                       conditional ─decide→ approved | to_rework
 * ```
 * `awaiting_resubmission`: the student has 48 h to re-upload. `conditional`: the re-upload arrived
 * and the assessor has 48 h to decide. Any open state can be `cancel`led.
 */
import { DeskError } from './errors.ts';
import type { EvaluationStatus, Outcome } from './model.ts';

export const EVENTS = [
  'offer',
  'accept',
  'decline',
  'expire',
  'wait',
  'claim',
  'reassign',
  'submit',
  'settle',
  'resubmit',
  'decide',
  'cancel',
] as const;
export type LifecycleEvent = (typeof EVENTS)[number];

type Target = EvaluationStatus | ((outcome: Outcome | undefined) => EvaluationStatus | null);

const settle = (outcome: Outcome | undefined): EvaluationStatus | null =>
  outcome === 'conditional' ? 'awaiting_resubmission' : (outcome ?? null);
const decide = (outcome: Outcome | undefined): EvaluationStatus | null =>
  outcome === 'approved' || outcome === 'to_rework' ? outcome : null;

/** The complete transition table: status → event → next status. */
export const TRANSITIONS: Readonly<Record<EvaluationStatus, Partial<Record<LifecycleEvent, Target>>>> = {
  requested: { offer: 'offered', claim: 'accepted', cancel: 'cancelled' },
  offered: {
    accept: 'accepted',
    decline: 'declined',
    expire: 'expired',
    reassign: 'offered',
    cancel: 'cancelled',
  },
  declined: { offer: 'offered', wait: 'requested', claim: 'accepted', cancel: 'cancelled' },
  expired: { offer: 'offered', wait: 'requested', claim: 'accepted', cancel: 'cancelled' },
  accepted: { submit: 'submitted', reassign: 'offered', cancel: 'cancelled' },
  submitted: { settle },
  awaiting_resubmission: { resubmit: 'conditional', decide, cancel: 'cancelled' },
  conditional: { decide, cancel: 'cancelled' },
  approved: {},
  to_rework: {},
  cancelled: {},
};

/** Statuses in which an evaluation still needs someone to act. */
export const OPEN_STATUSES: readonly EvaluationStatus[] = [
  'requested',
  'offered',
  'accepted',
  'declined',
  'expired',
  'awaiting_resubmission',
  'conditional',
];

/** Statuses that end an evaluation (a report exists for approved and to_rework). */
export const FINAL_STATUSES: readonly EvaluationStatus[] = ['approved', 'to_rework', 'cancelled'];

/** Statuses with a submitted report. */
export const REPORTED_STATUSES: readonly EvaluationStatus[] = [
  'approved',
  'to_rework',
  'awaiting_resubmission',
  'conditional',
];

/** Waiting for an assessor: the pool `/assess claim` pulls from. */
export const WAITING_STATUSES: readonly EvaluationStatus[] = ['requested', 'declined', 'expired'];

/** The next status for `event`, or null when the event is not allowed from `from`. */
export function nextStatus(
  from: EvaluationStatus,
  event: LifecycleEvent,
  outcome?: Outcome,
): EvaluationStatus | null {
  const target = TRANSITIONS[from][event];
  if (target === undefined) return null;
  return typeof target === 'function' ? target(outcome) : target;
}

/** Like `nextStatus`, but throws `illegal_transition` naming the evaluation, its status and the event. */
export function transition(
  evaluationId: string,
  from: EvaluationStatus,
  event: LifecycleEvent,
  outcome?: Outcome,
): EvaluationStatus {
  const to = nextStatus(from, event, outcome);
  if (to === null) throw new DeskError('illegal_transition', { id: evaluationId, from, event });
  return to;
}

export function isOpen(status: EvaluationStatus): boolean {
  return OPEN_STATUSES.includes(status);
}
