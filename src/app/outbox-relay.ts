/**
 * Moves outbox rows into the job queues (DESIGN §4). Each row's key becomes the job id, so a row
 * relayed twice (a crash between enqueue and mark) is still one job. When the queue backend is
 * down the rows stay pending and the next pass picks them up. A row the queue refuses outright
 * (`JobRejectedError`) is set aside so it never blocks the rows behind it.
 */
import type { Clock } from '../ports/clock.ts';
import { type JobQueue, JobRejectedError } from '../ports/job-queue.ts';
import type { Store } from '../ports/store.ts';

export type RelayResult = {
  relayed: number;
  failed: boolean;
  /** Keys of rows the queue refused; they are marked handled and reported, not retried. */
  rejected?: string[];
};

export async function relayOutbox(
  deps: { store: Store; queue: JobQueue; clock: Clock },
  batchSize = 200,
): Promise<RelayResult> {
  let relayed = 0;
  const rejected: string[] = [];
  const result = (failed: boolean): RelayResult => ({
    relayed,
    failed,
    ...(rejected.length ? { rejected } : {}),
  });
  for (;;) {
    const rows = await deps.store.outbox.pending(batchSize);
    if (rows.length === 0) return result(false);
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
    if (rows.length < batchSize) return result(false);
  }
}
