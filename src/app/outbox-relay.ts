/**
 * Moves outbox rows into the job queues (DESIGN §4). Each row's key becomes the job id, so a row
 * relayed twice (a crash between enqueue and mark) is still one job. When the queue backend is
 * down the rows stay pending and the next pass picks them up.
 */
import type { Clock } from '../ports/clock.ts';
import type { JobQueue } from '../ports/job-queue.ts';
import type { Store } from '../ports/store.ts';

export type RelayResult = { relayed: number; failed: boolean };

export async function relayOutbox(
  deps: { store: Store; queue: JobQueue; clock: Clock },
  batchSize = 200,
): Promise<RelayResult> {
  let relayed = 0;
  for (;;) {
    const rows = await deps.store.outbox.pending(batchSize);
    if (rows.length === 0) return { relayed, failed: false };
    const done: number[] = [];
    try {
      for (const row of rows) {
        const delayMs = row.runAt ? Math.max(0, row.runAt.getTime() - deps.clock.now().getTime()) : 0;
        await deps.queue.enqueue({
          queue: row.queue,
          name: row.name,
          payload: row.payload,
          id: row.key,
          ...(delayMs > 0 ? { delayMs } : {}),
        });
        done.push(row.id);
      }
    } catch {
      // The backend is unreachable: keep what was handed over, retry the rest on the next pass.
      if (done.length) await deps.store.outbox.markRelayed(done, deps.clock.now());
      return { relayed: relayed + done.length, failed: true };
    }
    await deps.store.outbox.markRelayed(done, deps.clock.now());
    relayed += done.length;
    if (rows.length < batchSize) return { relayed, failed: false };
  }
}
