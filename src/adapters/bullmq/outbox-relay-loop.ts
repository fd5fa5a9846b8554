/**
 * Keeps the outbox flowing into the queues (DESIGN §4, §8): a pass every `intervalMs`, or at once
 * on `kick()` after a use case commits. While Redis is down the rows stay in the database and the
 * loop polls with a capped backoff, logging the outage once; when Redis returns, everything pending
 * is relayed. Passes never overlap.
 */
import { relayOutbox } from '../../app/outbox-relay.ts';
import type { Logger } from '../../logger.ts';
import type { Clock } from '../../ports/clock.ts';
import type { JobQueue } from '../../ports/job-queue.ts';
import type { Store } from '../../ports/store.ts';

export type OutboxRelayOptions = {
  store: Store;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  /** Pause between passes while all is well; 250 ms by default. */
  intervalMs?: number;
  /** Longest pause between passes during an outage (the pause doubles up to it); 5 s by default. */
  maxBackoffMs?: number;
  /** Rows read per query. */
  batchSize?: number;
};

export type OutboxRelayLoop = {
  /** Runs a pass now (or right after the current one); ignored during an outage, which has its own pace. */
  kick(): void;
  /** Stops polling and waits for the batch in progress (the rest waits for the next start). Safe to call twice. */
  stop(): Promise<void>;
};

/** Starts the loop; the first pass runs at once. */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelayLoop {
  const intervalMs = options.intervalMs ?? 250;
  const maxBackoffMs = Math.max(intervalMs, options.maxBackoffMs ?? 5_000);
  const log = options.logger.child({ component: 'outbox-relay' });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  let down = false;
  let delay = intervalMs;

  const failed = (error: unknown) => {
    delay = down ? Math.min(delay * 2, maxBackoffMs) : intervalMs;
    if (down) return;
    down = true;
    if (error === undefined)
      log.warn('job queue unreachable: outbox rows wait in the database until it returns');
    else log.error({ err: error }, 'outbox relay failed: retrying with backoff');
  };

  const pass = async () => {
    try {
      const result = await relayOutbox(options, options.batchSize, () => stopped);
      if (result.replayed)
        log.warn(
          { replayed: result.replayed },
          'job queue lost its data: recent and delayed outbox rows relayed again',
        );
      if (result.rejected)
        log.error({ keys: result.rejected }, 'outbox rows refused by the job queue were set aside');
      if (result.failed) {
        failed(undefined);
        return;
      }
      if (down) log.info({ relayed: result.relayed }, 'job queue reachable again: outbox relayed');
      else if (result.relayed > 0) log.debug({ relayed: result.relayed }, 'outbox relayed');
      down = false;
      delay = intervalMs;
    } catch (error) {
      failed(error);
    }
  };

  const schedule = (ms: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(run, ms);
  };

  function run(): void {
    timer = undefined;
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = pass().finally(() => {
      running = undefined;
      const now = again && !down;
      again = false;
      schedule(now ? 0 : delay);
    });
  }

  schedule(0);
  let stopping: Promise<void> | undefined;
  return {
    kick() {
      if (stopped || down) return;
      if (running) again = true;
      else schedule(0);
    },
    stop() {
      stopping ??= (async () => {
        stopped = true;
        clearTimeout(timer);
        await running;
      })();
      return stopping;
    },
  };
}
