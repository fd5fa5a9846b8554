/**
 * Runs the job definitions of `jobs/` on BullMQ workers, one per queue, dispatching by job name.
 * Processors signal outcomes with ordinary errors (see `job-definition.ts`); this file maps them
 * to BullMQ's: `UnrecoverableError` for permanent failures, a queue-wide pause and `RateLimitError`
 * for a platform 429 (no attempt consumed), a plain rethrow for exponential backoff.
 */
import { type Job, RateLimitError, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobDefinition, JobRun, WorkerDeps } from '../../app/job-definition.ts';
import { PermanentJobError } from '../../app/job-definition.ts';
import type { Logger } from '../../logger.ts';
import { PlatformError } from '../../ports/chat-platform.ts';
import { QUEUE_NAMES, type QueueName } from '../../ports/store.ts';
import { createRedis } from '../redis/redis-connection.ts';
import { DEFAULT_QUEUE_PREFIX, hashTagPrefix } from './bullmq-job-queue.ts';
import type { DeskMetrics } from './metrics.ts';

export type WorkerRuntimeOptions = {
  /** `redis://…` of the Redis holding the queues. */
  connectionUrl: string;
  /** The queue prefix the producers use; `{desk}` by default. */
  prefix?: string;
  definitions: readonly JobDefinition[];
  deps: WorkerDeps;
  logger: Logger;
  /** Jobs one worker runs at once; by default the largest `concurrency` of its queue's definitions, or 1. */
  concurrency?: number;
  /** How often a worker looks for jobs whose worker died (BullMQ's `stalledInterval`); 30 s by default. */
  stalledIntervalMs?: number;
  /** How long a job's lock lives without renewal (BullMQ's `lockDuration`); 30 s by default. */
  lockDurationMs?: number;
  /** Pause used when a platform answers 429 without saying how long to wait. */
  defaultRetryAfterMs?: number;
  metrics?: DeskMetrics;
};

export type WorkerRuntime = {
  /** The running workers, by queue (queues without a definition have none). */
  readonly workers: ReadonlyMap<QueueName, Worker<unknown, unknown>>;
  /** Resolves once every worker is connected and fetching. */
  ready(): Promise<void>;
  /** Stops fetching, lets active jobs finish, then closes the connections. Safe to call twice. */
  close(): Promise<void>;
};

/** Connection errors repeat on every reconnect attempt: log them at most this often. */
const ERROR_LOG_INTERVAL_MS = 30_000;

function describeIssues(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }) {
  return error.issues.map((i) => `${i.path.map(String).join('.') || '(payload)'}: ${i.message}`).join('; ');
}

/** Turns a processor's error into what BullMQ acts on; a 429 pauses the worker's queue first. */
async function toBullMqError(
  error: unknown,
  worker: Worker<unknown, unknown>,
  defaultRetryAfterMs: number,
): Promise<Error> {
  if (error instanceof PermanentJobError) return new UnrecoverableError(`${error.code}: ${error.message}`);
  if (error instanceof PlatformError) {
    if (error.permanent) return new UnrecoverableError(`${error.message}`);
    if (error.code === 'rate_limited') {
      await worker.rateLimit(Math.max(1, error.retryAfterMs ?? defaultRetryAfterMs));
      return new RateLimitError();
    }
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** Starts one worker per queue that has definitions; they begin fetching at once. */
export function startWorkers(options: WorkerRuntimeOptions): WorkerRuntime {
  const prefix = hashTagPrefix(options.prefix ?? DEFAULT_QUEUE_PREFIX);
  const byQueue = new Map<QueueName, Map<string, JobDefinition>>();
  for (const definition of options.definitions) {
    const names = byQueue.get(definition.queue) ?? new Map<string, JobDefinition>();
    if (names.has(definition.name))
      throw new Error(`job ${definition.queue}/${definition.name} defined twice`);
    names.set(definition.name, definition);
    byQueue.set(definition.queue, names);
  }
  // Shared by the workers for ordinary commands; BullMQ gives each worker its own blocking duplicate.
  const connection: Redis = createRedis(options.connectionUrl, 'worker');
  const workers = new Map<QueueName, Worker<unknown, unknown>>();
  const retryAfterMs = options.defaultRetryAfterMs ?? 1_000;

  for (const queue of QUEUE_NAMES) {
    const definitions = byQueue.get(queue);
    if (!definitions) continue;
    const concurrency =
      options.concurrency ?? Math.max(1, ...[...definitions.values()].map((d) => d.concurrency ?? 1));
    const queueLog = options.logger.child({ queue });

    const processor = async (job: Job<unknown, unknown>): Promise<unknown> => {
      const log = options.logger.child({ jobId: job.id, jobName: job.name, queue });
      const definition = definitions.get(job.name);
      if (!definition) {
        options.metrics?.jobFinished(queue, job.name, 'failed', 0);
        log.error('no job definition for this name');
        throw new UnrecoverableError(`unknown job ${queue}/${job.name}`);
      }
      const parsed = definition.payload.safeParse(job.data);
      if (!parsed.success) {
        const detail = describeIssues(parsed.error);
        options.metrics?.jobFinished(queue, job.name, 'failed', 0);
        log.error({ detail }, 'invalid job payload');
        throw new UnrecoverableError(`invalid payload: ${detail}`);
      }
      const run: JobRun = {
        id: job.id ?? '',
        attempt: job.attemptsMade + 1,
        log,
        progress: (value) => job.updateProgress(value),
        childResults: async () => Object.values(await job.getChildrenValues()),
      };
      const started = performance.now();
      const seconds = () => (performance.now() - started) / 1000;
      try {
        const result = await definition.process(parsed.data, run, options.deps);
        options.metrics?.jobFinished(queue, job.name, 'completed', seconds());
        log.debug({ attempt: run.attempt, ms: Math.round(seconds() * 1000) }, 'job completed');
        return result;
      } catch (error) {
        const mapped = await toBullMqError(error, worker, retryAfterMs);
        if (mapped instanceof RateLimitError) {
          log.info({ attempt: run.attempt }, 'rate limited: queue paused, job will retry');
          throw mapped;
        }
        options.metrics?.jobFinished(queue, job.name, 'failed', seconds());
        const final = mapped instanceof UnrecoverableError || run.attempt >= (job.opts.attempts ?? 1);
        log[final ? 'error' : 'warn']({ err: error, attempt: run.attempt, final }, 'job failed');
        throw mapped;
      }
    };

    const worker = new Worker<unknown, unknown>(queue, processor, {
      connection,
      prefix,
      concurrency,
      ...(options.stalledIntervalMs === undefined ? {} : { stalledInterval: options.stalledIntervalMs }),
      ...(options.lockDurationMs === undefined ? {} : { lockDuration: options.lockDurationMs }),
    });
    let lastErrorLog = 0;
    worker.on('error', (error) => {
      const now = Date.now();
      if (now - lastErrorLog < ERROR_LOG_INTERVAL_MS) return;
      lastErrorLog = now;
      queueLog.warn({ err: error }, 'worker error (further ones are not logged for 30 s)');
    });
    worker.on('stalled', (jobId) => queueLog.warn({ jobId }, 'job stalled: its worker died, it runs again'));
    workers.set(queue, worker);
  }

  if (workers.size === 0) options.logger.warn('no job definitions: no worker started');
  let closed: Promise<void> | undefined;
  return {
    workers,
    async ready() {
      await Promise.all([...workers.values()].map((w) => w.waitUntilReady()));
    },
    close() {
      closed ??= (async () => {
        // `close()` waits for the active jobs (SIGTERM must not cut a dossier in half).
        await Promise.allSettled([...workers.values()].map((w) => w.close()));
        connection.disconnect();
      })();
      return closed;
    },
  };
}
