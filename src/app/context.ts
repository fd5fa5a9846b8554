/**
 * What every use case needs: the store, the clock and the workflow's timing policy. Use cases take
 * a context and plain input, and return domain values or view models; they throw `DeskError`.
 */
import type { Person } from '../domain/model.ts';
import type { Clock } from '../ports/clock.ts';
import type { Store } from '../ports/store.ts';

/** Timings of the workflow (DESIGN §2.1, §2.6), in hours unless named otherwise. */
export type Policy = {
  /** An unanswered offer moves to the next candidate after this long. */
  offerTtlHours: number;
  /** A report is due this long after the soutenance (or after acceptance when none is set). */
  reportDueHours: number;
  /** The assessor is reminded this long before the report is due. */
  reminderBeforeDueHours: number;
  /** The student's re-upload window, then the assessor's decision window, each this long. */
  conditionalWindowHours: number;
  /** Evaluations finished within this many days count in an assessor's load. */
  recentLoadDays: number;
  /** This many readiness doubts on one student alert the mentor and the coordinators. */
  doubtAlertThreshold: number;
};

export const DEFAULT_POLICY: Policy = {
  offerTtlHours: 24,
  reportDueHours: 48,
  reminderBeforeDueHours: 24,
  conditionalWindowHours: 48,
  recentLoadDays: 30,
  doubtAlertThreshold: 2,
};

export type AppContext = {
  store: Store;
  clock: Clock;
  policy: Policy;
};

/** Who asked: a registered person (from a chat platform), or a machine entry point. */
export type Actor =
  | { type: 'person'; person: Person }
  | { type: 'api' }
  | { type: 'cli' }
  | { type: 'system' };

/** The actor's id as written in the audit log. */
export function actorId(actor: Actor): string {
  return actor.type === 'person' ? actor.person.id : actor.type;
}

export const HOUR_MS = 3_600_000;

export function addHours(date: Date, hours: number): Date {
  return new Date(date.getTime() + hours * HOUR_MS);
}
