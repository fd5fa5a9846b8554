/**
 * `/jury status <student>` and the jury's lock (DESIGN §2.4): where a student's dossier stands
 * (delivered, compiling with its progress, failed, or none), and locking it once the diploma is
 * decided, after which the student's reports can no longer be amended.
 */
import { t } from '../domain/catalog/index.ts';
import { dossierFlowJobId, type NamedRef } from '../domain/dossier.ts';
import type { Locale } from '../domain/model.ts';
import type { JobQueue } from '../ports/job-queue.ts';
import type { DossierRecord } from '../ports/store.ts';
import { formatDossierDate } from '../views/dossier-markdown.ts';
import type { Actor, AppContext } from './context.ts';
import { audit } from './effects.ts';
import { requireStudent } from './lookups.ts';

/** Where a student's dossier stands, ready to be rendered by a command. */
export type DossierStatusView =
  | { state: 'none'; student: NamedRef }
  | {
      state: 'compiling' | 'failed';
      student: NamedRef;
      hash: string;
      requestedAt: Date;
      progress: { done: number; total: number };
      /** The flow's parent job state in the queue (`waiting`, `active`, `failed`…); null when unknown. */
      jobState: string | null;
      /** When an earlier version of the dossier reached the jury, if one did. */
      previousDeliveredAt: Date | null;
      locked: boolean;
    }
  | {
      state: 'delivered';
      student: NamedRef;
      hash: string;
      requestedAt: Date;
      deliveredAt: Date;
      locked: boolean;
      lockedAt: Date | null;
    };

/** The latest dossier of a student and, while it compiles, its progress and job state. */
export async function dossierStatus(
  ctx: AppContext,
  queue: JobQueue | null,
  studentId: string,
): Promise<DossierStatusView> {
  const found = await requireStudent(ctx.store, studentId);
  const student = { id: found.id, name: found.name };
  const latest = await ctx.store.dossiers.get(found.id);
  if (!latest) return { state: 'none', student };
  if (latest.status === 'delivered' && latest.deliveredAt) {
    const { hash, requestedAt, deliveredAt, locked, lockedAt } = latest;
    return { state: 'delivered', student, hash, requestedAt, deliveredAt, locked, lockedAt };
  }
  const previous = await ctx.store.dossiers.lastDelivered(found.id);
  return {
    state: latest.status === 'failed' ? 'failed' : 'compiling',
    student,
    hash: latest.hash,
    requestedAt: latest.requestedAt,
    progress: latest.progress,
    jobState: await jobState(queue, latest),
    previousDeliveredAt: previous?.deliveredAt ?? null,
    locked: latest.locked,
  };
}

/** The state of the dossier's parent job; the status still answers while Redis is unreachable. */
async function jobState(queue: JobQueue | null, record: DossierRecord): Promise<string | null> {
  if (!queue) return null;
  try {
    return (await queue.status('dossier', dossierFlowJobId(record.student, record.hash)))?.state ?? null;
  } catch {
    return null;
  }
}

/** The status as a short text in the reader's locale. */
export function describeDossierStatus(view: DossierStatusView, locale: Locale, timeZone = 'UTC'): string {
  const student = view.student.name;
  const date = (at: Date) => formatDossierDate(at, locale, timeZone);
  if (view.state === 'none') return t(locale, 'dossier.state.none', { student });
  if (view.state === 'delivered') {
    const lines = [t(locale, 'dossier.state.delivered', { student, date: date(view.deliveredAt) })];
    if (view.locked) lines.push(t(locale, 'dossier.state.locked'));
    return lines.join(' ');
  }
  const lines = [
    view.state === 'failed'
      ? t(locale, 'dossier.state.failed', { student })
      : t(locale, 'dossier.state.compiling', { student, ...view.progress }),
  ];
  if (view.previousDeliveredAt) {
    lines.push(t(locale, 'dossier.state.previous', { date: date(view.previousDeliveredAt) }));
  }
  if (view.locked) lines.push(t(locale, 'dossier.state.locked'));
  return lines.join(' ');
}

/** What locking did: locked now, was locked already, or there was no dossier to lock. */
export type LockDossierResult = {
  result: 'locked' | 'already_locked' | 'no_dossier';
  student: NamedRef;
  at: Date;
};

/** The jury locks a student's dossier once the diploma is decided; amendments are refused afterwards. */
export async function lockDossier(
  ctx: AppContext,
  input: { student: string; actor: Actor },
): Promise<LockDossierResult> {
  return ctx.store.transaction(async (tx) => {
    const now = ctx.clock.now();
    const found = await requireStudent(tx, input.student);
    const student = { id: found.id, name: found.name };
    const latest = await tx.dossiers.get(found.id);
    const result = !latest
      ? 'no_dossier'
      : (await tx.dossiers.lock(found.id, now))
        ? 'locked'
        : 'already_locked';
    await audit(tx, now, input.actor, 'dossier.lock', found.id, {}, result === 'locked' ? 'ok' : result);
    return { result, student, at: now };
  });
}

/** The lock's outcome as a short text in the reader's locale. */
export function describeLockResult(lock: LockDossierResult, locale: Locale): string {
  const key =
    lock.result === 'locked'
      ? 'dossier.lock.done'
      : lock.result === 'already_locked'
        ? 'dossier.lock.already'
        : 'dossier.lock.none';
  return t(locale, key, { student: lock.student.name });
}
