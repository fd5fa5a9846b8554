import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BullMqJobQueue } from '../../src/adapters/bullmq/bullmq-job-queue.ts';
import { createMetrics, type DeskMetrics } from '../../src/adapters/bullmq/metrics.ts';
import { startWorkers, type WorkerRuntime } from '../../src/adapters/bullmq/worker-runtime.ts';
import { DEFAULT_POLICY } from '../../src/app/context.ts';
import {
  defineJob,
  type JobDefinition,
  PermanentJobError,
  type WorkerDeps,
} from '../../src/app/job-definition.ts';
import { createLogger } from '../../src/logger.ts';
import { PlatformError } from '../../src/ports/chat-platform.ts';
import type { Store } from '../../src/ports/store.ts';
import { ManualClock } from '../fakes/manual-clock.ts';
import { MemoryJobQueue } from '../fakes/memory-job-queue.ts';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix, waitFor } from '../helpers/test-redis.ts';

const logger = createLogger('silent');
const deps: WorkerDeps = {
  ctx: { store: {} as Store, clock: new ManualClock(), policy: DEFAULT_POLICY },
  platforms: {},
  queue: new MemoryJobQueue(),
  logger,
  defaultLocale: 'en',
};

type Call = { payload: unknown; attempt: number; at: number };

/** A `notify` job whose behaviour per attempt the test decides. */
function testJob(
  name: string,
  behaviour: (attempt: number) => Promise<unknown>,
  defaults = { attempts: 3, backoffMs: 50 },
): { definition: JobDefinition; calls: Call[] } {
  const calls: Call[] = [];
  const definition = defineJob({
    queue: 'notify',
    name,
    payload: z.object({ to: z.string().trim().min(1), count: z.coerce.number().default(1) }),
    defaults,
    process: async (payload, run) => {
      calls.push({ payload, attempt: run.attempt, at: Date.now() });
      return behaviour(run.attempt);
    },
  });
  return { definition, calls };
}

describe('worker runtime', () => {
  let prefix: string;
  let queue: BullMqJobQueue;
  let runtime: WorkerRuntime | undefined;
  let metrics: DeskMetrics;

  beforeEach(() => {
    prefix = uniquePrefix();
    metrics = createMetrics({ processMetrics: false });
  });

  afterEach(async () => {
    await runtime?.close();
    runtime = undefined;
    await queue.close();
    await deletePrefix(prefix);
  });

  async function start(definitions: JobDefinition[]): Promise<void> {
    queue = new BullMqJobQueue({ connectionUrl: TEST_REDIS_URL, prefix, definitions });
    runtime = startWorkers({ connectionUrl: TEST_REDIS_URL, prefix, definitions, deps, logger, metrics });
    await runtime.ready();
  }

  async function add(name: string, id: string, payload: Record<string, unknown> = { to: ' amina ' }) {
    await queue.enqueue({ queue: 'notify', name, payload, id });
  }

  async function settled(id: string): Promise<{ state: string; attemptsMade: number; returnvalue: unknown }> {
    const bull = queue.queues.get('notify');
    if (!bull) throw new Error('no notify queue');
    await waitFor(async () =>
      ['completed', 'failed'].includes((await queue.status('notify', id))?.state ?? ''),
    );
    const job = await bull.getJob(id);
    if (!job) throw new Error(`job ${id} is gone`);
    return { state: await job.getState(), attemptsMade: job.attemptsMade, returnvalue: job.returnvalue };
  }

  it('runs a job with its parsed payload and attempt number', async () => {
    const ok = testJob('ok', async () => 'delivered');
    await start([ok.definition]);
    await add('ok', 'j1', { to: ' amina ', count: '2' });
    expect(await settled('j1')).toMatchObject({ state: 'completed', returnvalue: 'delivered' });
    expect(ok.calls.map(({ payload, attempt }) => ({ payload, attempt }))).toEqual([
      { payload: { to: 'amina', count: 2 }, attempt: 1 },
    ]);
  });

  it('fails an invalid payload without retrying', async () => {
    const job = testJob('strict', async () => 'never');
    await start([job.definition]);
    await add('strict', 'j2', { to: '' });
    const result = await settled('j2');
    expect(result).toMatchObject({ state: 'failed', attemptsMade: 1 });
    expect(job.calls).toHaveLength(0);
    const failed = await queue.queues.get('notify')?.getJob('j2');
    expect(failed?.failedReason).toMatch(/invalid payload: to:/);
  });

  it('fails a PermanentJobError and a permanent PlatformError without retrying', async () => {
    const permanent = testJob('permanent', async () => {
      throw new PermanentJobError('no_recipient', 'the mentor left');
    });
    const closed = testJob('dm-closed', async () => {
      throw new PlatformError('discord', 'recipient_unreachable', '50007');
    });
    await start([permanent.definition, closed.definition]);
    await add('permanent', 'j3');
    await add('dm-closed', 'j4');
    expect(await settled('j3')).toMatchObject({ state: 'failed', attemptsMade: 1 });
    expect(await settled('j4')).toMatchObject({ state: 'failed', attemptsMade: 1 });
    expect(permanent.calls).toHaveLength(1);
    expect(closed.calls).toHaveLength(1);
  });

  it('retries a transient error with exponential backoff, then succeeds', async () => {
    const flaky = testJob('flaky', async (attempt) => {
      if (attempt < 3) throw new Error('socket hang up');
      return 'third time';
    });
    await start([flaky.definition]);
    await add('flaky', 'j5');
    expect(await settled('j5')).toMatchObject({ state: 'completed', returnvalue: 'third time' });
    expect(flaky.calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
    const [first, second, third] = flaky.calls.map((c) => c.at);
    // 50 ms, then 100 ms (timers are coarse: allow a little slack below).
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(40);
    expect((third ?? 0) - (second ?? 0)).toBeGreaterThanOrEqual(90);
  });

  it('pauses the queue on a 429 and retries without consuming an attempt', async () => {
    const limited = testJob(
      'limited',
      async () => {
        if (limited.calls.length === 1)
          throw new PlatformError('slack', 'rate_limited', '429', { retryAfterMs: 300 });
        return 'sent';
      },
      { attempts: 1, backoffMs: 50 },
    );
    await start([limited.definition]);
    await add('limited', 'j6');
    expect(await settled('j6')).toMatchObject({ state: 'completed', returnvalue: 'sent' });
    expect(limited.calls.map((c) => c.attempt)).toEqual([1, 1]);
    const [first, second] = limited.calls.map((c) => c.at);
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(250);
    expect((second ?? 0) - (first ?? 0)).toBeLessThan(1_500);
  });

  it('lets an active job finish on close', async () => {
    let finished = false;
    const slow = testJob('slow', async () => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      finished = true;
      return 'done';
    });
    await start([slow.definition]);
    await add('slow', 'j7');
    await waitFor(() => slow.calls.length === 1);
    await runtime?.close();
    expect(finished).toBe(true);
    expect((await queue.status('notify', 'j7'))?.state).toBe('completed');
  });

  it('recovers a job whose worker died mid-run', async () => {
    const runs: string[] = [];
    const hang = testJob('dossier-like', async () => {
      runs.push(runs.length === 0 ? 'dies' : 'recovers');
      if (runs.length === 1) await new Promise(() => {});
      return 'assembled';
    });
    queue = new BullMqJobQueue({ connectionUrl: TEST_REDIS_URL, prefix, definitions: [hang.definition] });
    const options = { connectionUrl: TEST_REDIS_URL, prefix, definitions: [hang.definition], deps, logger };
    const doomed = startWorkers({ ...options, lockDurationMs: 400, stalledIntervalMs: 200 });
    await doomed.ready();
    await add('dossier-like', 'j11');
    await waitFor(() => runs.length === 1);
    // As SIGKILL would: no lock renewal, no graceful close of the job.
    await doomed.workers.get('notify')?.close(true);
    await doomed.close();
    runtime = startWorkers({ ...options, lockDurationMs: 400, stalledIntervalMs: 200 });
    expect(await settled('j11')).toMatchObject({ state: 'completed', returnvalue: 'assembled' });
    expect(runs).toEqual(['dies', 'recovers']);
  });

  it('counts completed and failed attempts', async () => {
    const ok = testJob('ok', async () => 'fine');
    const bad = testJob('bad', async () => {
      throw new PermanentJobError('nope', 'never works');
    });
    await start([ok.definition, bad.definition]);
    await add('ok', 'j8');
    await add('ok', 'j9');
    await add('bad', 'j10');
    await Promise.all(['j8', 'j9', 'j10'].map(settled));
    const text = await metrics.registry.metrics();
    expect(text).toContain('desk_jobs_completed_total{queue="notify",name="ok"} 2');
    expect(text).toContain('desk_jobs_failed_total{queue="notify",name="bad"} 1');
    expect(text).toContain('desk_job_duration_seconds_count{queue="notify",name="ok"} 2');
  });
});
