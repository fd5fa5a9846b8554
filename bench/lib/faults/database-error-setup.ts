/**
 * The case of the database-error fault: a generated organisation, its evaluations requested and
 * accepted through the use cases, the values each report modal is submitted with, and a store whose
 * writes inside a submission's transaction fail once for a fixed set of evaluations.
 */

import type { AppContext } from '../../../src/app/context.ts';
import { requestEvaluation } from '../../../src/app/request-evaluation.ts';
import { acceptOffer } from '../../../src/app/respond-to-offer.ts';
import { criterionFieldId } from '../../../src/domain/audience-leak.ts';
import type { Locale, Organisation, Outcome } from '../../../src/domain/model.ts';
import type { AuditEntry, OutboxEntry, Store, StoreTx } from '../../../src/ports/store.ts';
import type { SubmittedValue } from '../../../src/sandbox/slack-fake/index.ts';
import { faultSchool } from './fault-school.ts';

/** Projects requested for every student; the path has one more, so it never completes (no dossier). */
export const PROJECTS_REQUESTED = 4;
const ASSESSORS = 40;
const CRITERIA = ['structure', 'behaviour', 'quality'];

/** Where a submission's transaction fails: the first, a middle or the last of its writes. */
export type FaultKind = 'report insert' | 'first outbox add' | 'second outbox add' | 'audit append';
const KINDS: readonly FaultKind[] = [
  'report insert',
  'first outbox add',
  'second outbox add',
  'audit append',
];

/** One accepted evaluation, what its report says, and whether its first submission fails. */
export type Planned = {
  id: string;
  assessor: string;
  /** The assessor's Slack user id. */
  user: string;
  locale: Locale;
  outcome: Outcome;
  /** The student is on a chat platform, so the report also gives them feedback. */
  studentOnPlatform: boolean;
  fault: FaultKind | null;
};

/** The generated organisation: one path of five projects, 40 assessors on Slack (1 in 4 French). */
export function faultOrganisation(students: number): Organisation {
  return faultSchool({
    name: 'Fault School',
    projects: PROJECTS_REQUESTED + 1,
    rubric: CRITERIA.map((c) => ({ id: c, title: `${c.charAt(0).toUpperCase()}${c.slice(1)}` })),
    assessors: ASSESSORS,
    assessor: (i) => ({
      locale: i % 4 === 3 ? 'fr' : 'en',
      languages: ['en', 'fr'],
      platforms: { slack: slackUser(i + 1) },
    }),
    mentors: 10,
    students,
    // Every other student is on Slack: their reports add a student feedback row.
    student: (i) => ({ platforms: i % 2 === 0 ? { slack: `U0STU${String(i + 1).padStart(4, '0')}` } : {} }),
  });
}

/** The Slack id of assessor `n`. */
export function slackUser(n: number): string {
  return `U0AS${String(n).padStart(4, '0')}`;
}

/** The outcome of the `index`-th report: mostly approved, some conditional, some to rework. */
function outcomeOf(index: number): Outcome {
  if (index % 4 !== 3) return 'approved';
  return index % 8 === 3 ? 'conditional' : 'to_rework';
}

/**
 * Requests and accepts `PROJECTS_REQUESTED` evaluations per student through the use cases (the
 * assignment engine picks the assessor); every fifth one's first submission is planned to fail.
 */
export async function acceptedEvaluations(ctx: AppContext, org: Organisation): Promise<Planned[]> {
  const planned: Planned[] = [];
  const people = new Map(org.people.map((p) => [p.id, p]));
  let faults = 0;
  for (const [s, student] of org.students.entries()) {
    for (let p = 0; p < PROJECTS_REQUESTED; p += 1) {
      const index = planned.length;
      const { evaluation, offer } = await requestEvaluation(ctx, {
        student: student.id,
        project: `proj-${p + 1}`,
        actor: { type: 'api' },
      });
      const person = offer ? people.get(offer.assessor) : undefined;
      if (!person?.platforms.slack) throw new Error(`${evaluation.id} was offered to no assessor on Slack`);
      await acceptOffer(ctx, { evaluation: evaluation.id, person });
      const outcome = outcomeOf(index);
      const studentOnPlatform = s % 2 === 0;
      let fault: FaultKind | null = null;
      if (index % 5 === 2) {
        fault = KINDS[faults % KINDS.length] ?? 'report insert';
        faults += 1;
        // Only a report with two notifications has a second outbox add to fail.
        const adds = 1 + (studentOnPlatform ? 1 : 0) + (outcome === 'conditional' ? 1 : 0);
        if (fault === 'second outbox add' && adds < 2) fault = 'first outbox add';
      }
      planned.push({
        id: evaluation.id,
        assessor: person.id,
        user: person.platforms.slack,
        locale: person.locale,
        outcome,
        studentOnPlatform,
        fault,
      });
    }
  }
  return planned;
}

/** A jury justification the report rules accept (substantial, distinct words). */
export const JUSTIFICATION =
  'The student delivered a working project and defended each design decision with clear reasoning. ' +
  'Structure was demonstrated live, behaviour under unusual input was explained and tested on three ' +
  'cases, and answers showed genuine understanding rather than memorised rules.';

/** What the assessor types in the report modal, by input block id. */
export function reportValues(plan: Planned): Record<string, SubmittedValue> {
  const values: Record<string, SubmittedValue> = {
    outcome: plan.outcome,
    strengths: 'Clear structure and careful naming of every module.',
    improvements: 'Add automated checks to the build next time, before each release.',
    mentorNote: 'Confident defence; keep pushing on testing habits.',
    juryJustification: JUSTIFICATION,
  };
  for (const [i, criterion] of CRITERIA.entries()) {
    const missed = plan.outcome !== 'approved' && i === 0;
    values[criterionFieldId(criterion, 'verdict')] = missed ? 'not_met' : 'met';
    if (missed) values[criterionFieldId(criterion, 'comment')] = 'The layout breaks below 400 pixels wide.';
  }
  return values;
}

/** The error a failing write throws, as better-sqlite3 reports a failing disk. */
function ioError(): Error {
  return Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
}

/** What {@link failingWrites} did: the evaluations whose fault fired, and how to put the store back. */
export type FailingWrites = { fired: Map<string, FaultKind>; restore(): void };

/**
 * Makes the write named by `plan` throw inside the submission transaction of each planned
 * evaluation, the first time only (a retry succeeds), as a database failing mid-write would.
 */
export function failingWrites(store: Store, plan: ReadonlyMap<string, FaultKind>): FailingWrites {
  const fired = new Map<string, FaultKind>();
  const original = store.transaction.bind(store);
  const fire = (evaluation: unknown, kind: FaultKind): boolean => {
    if (typeof evaluation !== 'string' || plan.get(evaluation) !== kind || fired.has(evaluation))
      return false;
    fired.set(evaluation, kind);
    return true;
  };
  const sabotage = (tx: StoreTx): StoreTx => {
    // Outbox adds per evaluation in this transaction, to fail the first or the second one.
    const adds = new Map<unknown, number>();
    const reports = new Proxy(tx.reports, {
      get: (target, name, receiver) =>
        name === 'insert'
          ? (report: { evaluation: string }) => {
              if (fire(report.evaluation, 'report insert')) return Promise.reject(ioError());
              return target.insert(report as Parameters<typeof target.insert>[0]);
            }
          : bound(target, name, receiver),
    });
    const outbox = new Proxy(tx.outbox, {
      get: (target, name, receiver) =>
        name === 'add'
          ? (entry: OutboxEntry) => {
              const evaluation = entry.payload.evaluation;
              const n = (adds.get(evaluation) ?? 0) + 1;
              adds.set(evaluation, n);
              const kind: FaultKind = n === 1 ? 'first outbox add' : 'second outbox add';
              if (n <= 2 && fire(evaluation, kind)) return Promise.reject(ioError());
              return target.add(entry);
            }
          : bound(target, name, receiver),
    });
    const audit = new Proxy(tx.audit, {
      get: (target, name, receiver) =>
        name === 'append'
          ? (entry: AuditEntry) => {
              if (entry.action === 'report.submit' && fire(entry.subject, 'audit append'))
                return Promise.reject(ioError());
              return target.append(entry);
            }
          : bound(target, name, receiver),
    });
    return new Proxy(tx, {
      get(target, prop, receiver) {
        if (prop === 'reports') return reports;
        if (prop === 'outbox') return outbox;
        if (prop === 'audit') return audit;
        return Reflect.get(target, prop, receiver);
      },
    });
  };
  Object.assign(store, {
    transaction: <T>(work: (tx: StoreTx) => Promise<T>) => original((tx) => work(sabotage(tx))),
  });
  return { fired, restore: () => Reflect.deleteProperty(store, 'transaction') };
}

/** A repository member, methods bound to the repository (the proxy is not their `this`). */
function bound(target: object, name: string | symbol, receiver: unknown): unknown {
  const value: unknown = Reflect.get(target, name, receiver);
  return typeof value === 'function' ? value.bind(target) : value;
}
