/**
 * Moves outbox rows into the job queues (DESIGN §4). Each row's key becomes the job id, so a row
 * relayed twice (a crash between enqueue and mark) is still one job. When the queue backend is
 * down the rows stay pending and the next pass picks them up. A row the queue refuses outright
 * (`JobRejectedError`) is set aside so it never blocks the rows behind it. When the backend lost
 * its data (a Redis restarted without persistence), the rows it may no longer hold are relayed
 * again first: the delayed ones not yet due, and those of the last {@link REPLAY_WINDOW_MS}.
 */
import type { Clock } from '../ports/clock.ts';
import { type JobQueue, JobRejectedError } from '../ports/job-queue.ts';
import type { Store } from '../ports/store.ts';

/** Jobs relayed longer ago than this (and already due) are taken as done when the queues lose their data. */
export const REPLAY_WINDOW_MS = 24 * 60 * 60 * 1000;

export type RelayResult = {
  relayed: number;
  failed: boolean;
  /** Rows made pending again because the queue backend lost its data. */
  replayed?: number;
  /** Keys of rows the queue refused; they are marked handled and reported, not retried. */
  rejected?: string[];
};

/**
 * Relays every pending row, `batchSize` at a time. `stopping` is asked between batches: a
 * shutdown does not wait for a long backlog, whose rows stay pending for the next start.
 */
export async function relayOutbox(
  deps: { store: Store; queue: JobQueue; clock: Clock },
  batchSize = 200,
  stopping: () => boolean = () => false,
): Promise<RelayResult> {
  let relayed = 0;
  let replayed = 0;
  const rejected: string[] = [];
  const result = (failed: boolean): RelayResult => ({
    relayed,
    failed,
    ...(replayed ? { replayed } : {}),
    ...(rejected.length ? { rejected } : {}),
  });
  let lost: boolean;
  try {
    lost = await deps.queue.mayHaveLostJobs();
  } catch {
    return result(true);
  }
  if (lost) {
    const now = deps.clock.now();
    replayed = await deps.store.outbox.replay(new Date(now.getTime() - REPLAY_WINDOW_MS), now);
  }
  for (;;) {
    if (stopping()) return result(false);
    const rows = await deps.store.outbox.pending(batchSize);
    if (rows.length === 0) {
      // Marked only once everything is handed over: a pass cut short replays again next time.
      if (lost && !(await markHeld(deps.queue))) return result(true);
      return result(false);
    }
    const done: number[] = [];
    let failed = false;
    for (const row of rows) {
      const delayMs = row.runAt ? Math.max(0, row.runAt.getTime() - deps.clock.now().getTime()) : 0;
      try {
        await deps.queue.enqueue({
          queue: row.queue,
          name: row.name,
          payload: row.payload,
          id: row.key,
          ...(delayMs > 0 ? { delayMs } : {}),
        });
        relayed += 1;
      } catch (error) {
        if (!(error instanceof JobRejectedError)) {
          // The backend is unreachable: keep what was handed over, retry the rest on the next pass.
          failed = true;
          break;
        }
        rejected.push(row.key);
      }
      done.push(row.id);
    }
    if (done.length) await deps.store.outbox.markRelayed(done, deps.clock.now());
    if (failed) return result(true);
  }
}

async function markHeld(queue: JobQueue): Promise<boolean> {
  try {
    await queue.markJobsHeld();
    return true;
  } catch {
    return false;
  }
}
