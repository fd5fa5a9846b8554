/**
 * The `JobQueue` port on BullMQ 6 (DESIGN §4, §6): one queue per `QueueName`, all under a prefix in
 * a Redis Cluster hash tag so that flows spanning queues stay in one slot. Producers share one
 * connection that fails fast when Redis is down, so the outbox keeps its rows until it returns.
 */
import { type FlowJobNode, FlowProducer, type JobsOptions, type KeepJobs, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobDefinition, RetryDefaults } from '../../app/job-definition.ts';
import { type FlowRequest, type JobQueue, JobRejectedError, type JobRequest } from '../../ports/job-queue.ts';
import { QUEUE_NAMES, type QueueName } from '../../ports/store.ts';
import { createRedis, pingRedis } from '../redis/redis-connection.ts';

/** The queue prefix used in production: every key of every queue lives in the `{desk}` slot. */
export const DEFAULT_QUEUE_PREFIX = '{desk}';

/** Retry defaults for a job no definition was registered for (another process may know it). */
export const FALLBACK_RETRY: RetryDefaults = { attempts: 5, backoffMs: 2_000 };

/**
 * Completed jobs are kept a week so that a replayed outbox row finds its id and stays one job
 * (BullMQ only deduplicates on ids that still exist).
 */
export const KEEP_COMPLETED: KeepJobs = { age: 7 * 24 * 3600, count: 10_000 };
/** Failed jobs are kept longer, for the dashboard and post-mortems. */
export const KEEP_FAILED: KeepJobs = { age: 30 * 24 * 3600, count: 50_000 };

/** Thrown when a request is refused before reaching Redis (bad id, Redis not connected). */
export class JobQueueError extends Error {
  readonly code: 'queue_unavailable';
  constructor(code: JobQueueError['code'], message: string) {
    super(message);
    this.name = 'JobQueueError';
    this.code = code;
  }
}

/** Wraps a name in a hash tag (`desk` → `{desk}`); a prefix that already is one is kept. */
export function hashTagPrefix(name: string): string {
  if (/^\{[^{}:]+\}$/.test(name)) return name;
  if (name === '' || /[{}:]/.test(name)) throw new Error(`invalid queue prefix: ${name}`);
  return `{${name}}`;
}

/** Refuses ids BullMQ would misread: `:` separates key parts, and integer ids are reserved. */
export function checkJobId(id: string): void {
  if (id === '' || id.includes(':') || `${Number.parseInt(id, 10)}` === id) {
    throw new JobRejectedError(`invalid job id ${JSON.stringify(id)}: no ":", not an integer`);
  }
}

export type BullMqJobQueueOptions = {
  /** `redis://…` of the Redis holding the queues. */
  connectionUrl: string;
  /** Queue prefix, wrapped in a hash tag when it is not one already; `{desk}` by default. */
  prefix?: string;
  /** The job definitions whose retry defaults apply, looked up by (queue, name). */
  definitions: readonly JobDefinition[];
  /** How long a call waits for a connection in progress before failing; 1 s by default. */
  connectWaitMs?: number;
};

/** `JobQueue` on BullMQ; `queues` exposes the BullMQ queues to the dashboard and the metrics. */
export class BullMqJobQueue implements JobQueue {
  /** The prefix in use, hash tag included. */
  readonly prefix: string;
  /** One BullMQ queue per `QueueName`. */
  readonly queues: ReadonlyMap<QueueName, Queue>;
  private readonly redis: Redis;
  private readonly flows: FlowProducer;
  private readonly retries = new Map<string, RetryDefaults>();
  private readonly connectWaitMs: number;
  private closed: Promise<void> | undefined;

  constructor(options: BullMqJobQueueOptions) {
    this.connectWaitMs = options.connectWaitMs ?? 1_000;
    this.prefix = hashTagPrefix(options.prefix ?? DEFAULT_QUEUE_PREFIX);
    this.redis = createRedis(options.connectionUrl, 'producer');
    for (const d of options.definitions) this.retries.set(`${d.queue}/${d.name}`, d.defaults);
    const queues = new Map<QueueName, Queue>();
    for (const name of QUEUE_NAMES) {
      const queue = new Queue(name, { connection: this.redis, prefix: this.prefix });
      // Connection errors surface through rejected calls and `ping`; unhandled they would crash.
      queue.on('error', () => {});
      queues.set(name, queue);
    }
    this.queues = queues;
    this.flows = new FlowProducer({ connection: this.redis, prefix: this.prefix });
    this.flows.on('error', () => {});
  }

  /** The BullMQ options of a job: id, delay, retries from its definition, retention. */
  jobOptions(job: JobRequest): JobsOptions {
    checkJobId(job.id);
    const retry = this.retries.get(`${job.queue}/${job.name}`) ?? FALLBACK_RETRY;
    return {
      jobId: job.id,
      attempts: retry.attempts,
      backoff: { type: 'exponential', delay: retry.backoffMs },
      removeOnComplete: KEEP_COMPLETED,
      removeOnFail: KEEP_FAILED,
      ...(job.delayMs !== undefined && job.delayMs > 0 ? { delay: Math.round(job.delayMs) } : {}),
    };
  }

  async enqueue(job: JobRequest): Promise<void> {
    const opts = this.jobOptions(job);
    await this.connected();
    await this.queue(job.queue).add(job.name, job.payload, opts);
  }

  async enqueueFlow(flow: FlowRequest): Promise<void> {
    const parentOpts = this.jobOptions(flow.parent);
    const children: FlowJobNode[] = flow.children.map((child) => ({
      name: child.name,
      queueName: child.queue,
      data: child.payload,
      // A child that fails for good fails the parent, instead of leaving it waiting forever.
      opts: { ...this.jobOptions(child), failParentOnFailure: true },
    }));
    await this.connected();
    if (await this.queue(flow.parent.queue).getJob(flow.parent.id)) return;
    await this.flows.add({
      name: flow.parent.name,
      queueName: flow.parent.queue,
      data: flow.parent.payload,
      opts: parentOpts,
      children,
    });
  }

  async upsertSchedule(
    schedulerId: string,
    cron: string,
    timezone: string,
    job: Omit<JobRequest, 'id' | 'delayMs'>,
  ): Promise<void> {
    checkJobId(schedulerId);
    const retry = this.retries.get(`${job.queue}/${job.name}`) ?? FALLBACK_RETRY;
    await this.connected();
    await this.queue(job.queue).upsertJobScheduler(
      schedulerId,
      { pattern: cron, tz: timezone },
      {
        name: job.name,
        data: job.payload,
        opts: {
          attempts: retry.attempts,
          backoff: { type: 'exponential', delay: retry.backoffMs },
          removeOnComplete: KEEP_COMPLETED,
          removeOnFail: KEEP_FAILED,
        },
      },
    );
  }

  async cancel(queue: QueueName, id: string): Promise<void> {
    checkJobId(id);
    await this.connected();
    const job = await this.queue(queue).getJob(id);
    if (!job) return;
    const state = await job.getState();
    // Running or finished jobs are left alone: only what has not started can be called off.
    if (state === 'waiting' || state === 'delayed' || state === 'prioritized') await job.remove();
  }

  async status(queue: QueueName, id: string): Promise<{ state: string; progress: unknown } | null> {
    checkJobId(id);
    await this.connected();
    const job = await this.queue(queue).getJob(id);
    if (!job) return null;
    return { state: await job.getState(), progress: job.progress };
  }

  async mayHaveLostJobs(): Promise<boolean> {
    await this.connected();
    return (await this.redis.exists(this.heldMark)) === 0;
  }

  async markJobsHeld(): Promise<void> {
    await this.connected();
    await this.redis.set(this.heldMark, new Date().toISOString());
  }

  /** A key in the queues' own slot: it disappears with their data. */
  private get heldMark(): string {
    return `${this.prefix}:outbox-relayed`;
  }

  async ping(): Promise<void> {
    await this.connected();
    await pingRedis(this.redis);
  }

  /** Closes the queues and the flow producer, then the shared connection. Safe to call twice. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
      await this.flows.close().catch(() => {});
      this.redis.disconnect();
    })();
    return this.closed;
  }

  private queue(name: QueueName): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`unknown queue ${name}`);
    return queue;
  }

  /**
   * Resolves when the shared connection is up, waiting at most `connectWaitMs` for one in
   * progress; rejects otherwise, where BullMQ would wait for Redis as long as it takes.
   */
  private async connected(): Promise<void> {
    if (this.closed) throw new JobQueueError('queue_unavailable', 'the job queue is closed');
    const redis = this.redis;
    if (redis.status === 'ready') return;
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        clearTimeout(timer);
        redis.off('ready', onReady);
        if (error) reject(error);
        else resolve();
      };
      const onReady = () => done();
      const timer = setTimeout(
        () => done(new JobQueueError('queue_unavailable', `Redis is not connected (${redis.status})`)),
        this.connectWaitMs,
      );
      redis.once('ready', onReady);
    });
  }
}
