/**
 * Prometheus metrics of the background work (DESIGN §3 `GET /metrics`): jobs completed and failed,
 * job durations, and queue depth by state read from BullMQ at scrape time.
 */
import type { Queue } from 'bullmq';
import type { RequestHandler } from 'express';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** What the depth gauge reads from each queue. */
export type DepthSource = Pick<Queue, 'name' | 'getJobCounts'>;

/** How a finished attempt ended. */
export type JobOutcome = 'completed' | 'failed';

export type DeskMetrics = {
  /** The registry behind `/metrics` (default process metrics included). */
  readonly registry: Registry;
  /** Records one finished attempt of a job: its outcome and how long the processor ran. */
  jobFinished(queue: string, name: string, outcome: JobOutcome, seconds: number): void;
  /** Adds queues to the depth gauge (the dashboard's and the producers' queues). */
  watchQueues(queues: Iterable<DepthSource>): void;
  /** `GET /metrics` in the Prometheus text format. */
  handler: RequestHandler;
};

/** A scrape never waits longer than this on Redis; a queue that does not answer is left out. */
const DEPTH_TIMEOUT_MS = 2_000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
    timer.unref();
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Creates the metrics. `jobs_failed_total` counts failed attempts (a job retried twice then
 * successful counts two failures and one completion); rate-limit pauses count as neither.
 */
export function createMetrics(
  options: { queues?: Iterable<DepthSource>; processMetrics?: boolean } = {},
): DeskMetrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const labelNames = ['queue', 'name'] as const;
  const completed = new Counter({
    name: 'desk_jobs_completed_total',
    help: 'Job attempts that completed, by queue and job name.',
    labelNames,
    registers: [registry],
  });
  const failed = new Counter({
    name: 'desk_jobs_failed_total',
    help: 'Job attempts that failed (retried or not), by queue and job name.',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'desk_job_duration_seconds',
    help: 'Time a job attempt spent in its processor, by queue and job name.',
    labelNames,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const sources: DepthSource[] = [...(options.queues ?? [])];
  new Gauge({
    name: 'desk_queue_depth',
    help: 'Jobs in each queue by state, read from Redis at scrape time.',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const answers = await Promise.allSettled(
        sources.map(async (q) => ({
          queue: q.name,
          counts: await withTimeout(q.getJobCounts(), DEPTH_TIMEOUT_MS),
        })),
      );
      for (const answer of answers) {
        if (answer.status !== 'fulfilled') continue;
        for (const [state, count] of Object.entries(answer.value.counts)) {
          this.set({ queue: answer.value.queue, state }, count);
        }
      }
    },
  });

  const metrics: DeskMetrics = {
    registry,
    jobFinished(queue, name, outcome, seconds) {
      (outcome === 'completed' ? completed : failed).inc({ queue, name });
      duration.observe({ queue, name }, seconds);
    },
    watchQueues(queues) {
      for (const q of queues) if (!sources.includes(q)) sources.push(q);
    },
    handler: (req, res, next) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        next();
        return;
      }
      registry.metrics().then(
        (text) => {
          res.set('Content-Type', registry.contentType).set('Cache-Control', 'no-store').send(text);
        },
        (error: unknown) => next(error),
      );
    },
  };
  return metrics;
}
