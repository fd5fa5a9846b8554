import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BullMqJobQueue, hashTagPrefix } from '../../src/adapters/bullmq/bullmq-job-queue.ts';
import { startWorkers, type WorkerRuntime } from '../../src/adapters/bullmq/worker-runtime.ts';
import { DEFAULT_POLICY } from '../../src/app/context.ts';
import { defineJob, type JobDefinition, type WorkerDeps } from '../../src/app/job-definition.ts';
import { createLogger } from '../../src/logger.ts';
import type { Store } from '../../src/ports/store.ts';
import { ManualClock } from '../fakes/manual-clock.ts';
import { MemoryJobQueue } from '../fakes/memory-job-queue.ts';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix, waitFor } from '../helpers/test-redis.ts';

const logger = createLogger('silent');

const notifyJob = defineJob({
  queue: 'notify',
  name: 'send',
  payload: z.object({ to: z.string() }),
  defaults: { attempts: 4, backoffMs: 1_500 },
  process: async () => 'sent',
});

describe('BullMqJobQueue', () => {
  let prefix: string;
  let queue: BullMqJobQueue;
  let runtime: WorkerRuntime | undefined;

  beforeEach(() => {
    prefix = uniquePrefix();
    queue = new BullMqJobQueue({ connectionUrl: TEST_REDIS_URL, prefix, definitions: [notifyJob] });
  });

  afterEach(async () => {
    await runtime?.close();
    runtime = undefined;
    await queue.close();
    await deletePrefix(prefix);
  });

  function bull(name: 'notify' | 'dossier' | 'digest' | 'reminders') {
    const q = queue.queues.get(name);
    if (!q) throw new Error(`no queue ${name}`);
    return q;
  }

  it('keeps the prefix in a hash tag', () => {
    expect(hashTagPrefix('desk')).toBe('{desk}');
    expect(hashTagPrefix('{desk}')).toBe('{desk}');
    expect(queue.prefix).toBe(prefix);
    expect(() => hashTagPrefix('a:b')).toThrow();
  });

  it('adds a job once per id, with the retry defaults of its definition', async () => {
    const job = { queue: 'notify' as const, name: 'send', payload: { to: 'amina' }, id: 'offer.E-1.dm' };
    await queue.enqueue(job);
    await queue.enqueue({ ...job, payload: { to: 'someone-else' } });
    expect(await bull('notify').getJobCounts('waiting')).toEqual({ waiting: 1 });
    const stored = await bull('notify').getJob('offer.E-1.dm');
    expect(stored?.data).toEqual({ to: 'amina' });
    expect(stored?.opts.attempts).toBe(4);
    expect(stored?.opts.backoff).toEqual({ type: 'exponential', delay: 1_500 });
    expect(await queue.status('notify', 'offer.E-1.dm')).toEqual({ state: 'waiting', progress: 0 });
    expect(await queue.status('notify', 'absent')).toBeNull();
  });

  it('delays a job and cancels it', async () => {
    await queue.enqueue({
      queue: 'reminders',
      name: 'offer-expiry',
      payload: {},
      id: 'exp.E-2',
      delayMs: 60_000,
    });
    const job = await bull('reminders').getJob('exp.E-2');
    expect(job?.opts.delay).toBe(60_000);
    expect((await queue.status('reminders', 'exp.E-2'))?.state).toBe('delayed');
    await queue.cancel('reminders', 'exp.E-2');
    expect(await queue.status('reminders', 'exp.E-2')).toBeNull();
    await queue.cancel('reminders', 'exp.E-2');
  });

  it('refuses ids with ":" or that are integers', async () => {
    const base = { queue: 'notify' as const, name: 'send', payload: {} };
    await expect(queue.enqueue({ ...base, id: 'a:b:c' })).rejects.toThrow(/invalid job id/);
    await expect(queue.enqueue({ ...base, id: '42' })).rejects.toThrow(/invalid job id/);
    await expect(
      queue.enqueueFlow({ parent: { ...base, id: 'p' }, children: [{ ...base, id: 'c:1' }] }),
    ).rejects.toThrow(/invalid job id/);
    expect(await bull('notify').getJobCounts('waiting')).toEqual({ waiting: 0 });
  });

  it('upserts one scheduler per id', async () => {
    const job = { queue: 'digest' as const, name: 'curriculum-digest', payload: { reason: 'weekly' } };
    await queue.upsertSchedule('weekly-digest', '0 8 * * 1', 'Europe/Paris', job);
    await queue.upsertSchedule('weekly-digest', '0 9 * * 1', 'Europe/Paris', job);
    const schedulers = await bull('digest').getJobSchedulers();
    expect(schedulers).toHaveLength(1);
    expect(schedulers[0]).toMatchObject({ key: 'weekly-digest', pattern: '0 9 * * 1', tz: 'Europe/Paris' });
  });

  it('runs a flow parent after its children, with their results, once per parent id', async () => {
    const order: string[] = [];
    const section = defineJob({
      queue: 'dossier',
      name: 'section',
      payload: z.object({ n: z.number() }),
      defaults: { attempts: 1, backoffMs: 10 },
      process: async ({ n }) => {
        order.push(`section-${n}`);
        return `section-${n}`;
      },
    });
    let seen: unknown[] = [];
    const assemble = defineJob({
      queue: 'dossier',
      name: 'assemble',
      payload: z.object({ student: z.string() }),
      defaults: { attempts: 1, backoffMs: 10 },
      process: async (_payload, run) => {
        order.push('assemble');
        seen = await run.childResults();
        return 'done';
      },
    });
    const flow = {
      parent: {
        queue: 'dossier' as const,
        name: 'assemble',
        payload: { student: 'leo' },
        id: 'dossier.leo.h1',
      },
      children: [1, 2, 3].map((n) => ({
        queue: 'dossier' as const,
        name: 'section',
        payload: { n },
        id: `dossier.leo.h1.s${n}`,
      })),
    };
    await queue.enqueueFlow(flow);
    await queue.enqueueFlow(flow);
    const definitions: JobDefinition[] = [section, assemble];
    const deps: WorkerDeps = {
      ctx: { store: {} as Store, clock: new ManualClock(), policy: DEFAULT_POLICY },
      platforms: {},
      queue: new MemoryJobQueue(),
      logger,
      defaultLocale: 'en',
    };
    runtime = startWorkers({ connectionUrl: TEST_REDIS_URL, prefix, definitions, deps, logger });
    await waitFor(async () => (await queue.status('dossier', 'dossier.leo.h1'))?.state === 'completed');
    expect(order).toHaveLength(4);
    expect(order.at(-1)).toBe('assemble');
    expect([...seen].sort()).toEqual(['section-1', 'section-2', 'section-3']);
    expect(await bull('dossier').getJobCounts('completed')).toEqual({ completed: 4 });
  });

  it('pings, and fails fast when Redis does not answer', async () => {
    await queue.ping();
    const down = new BullMqJobQueue({
      connectionUrl: 'redis://127.0.0.1:1',
      prefix,
      definitions: [],
      connectWaitMs: 200,
    });
    try {
      const started = Date.now();
      await expect(down.ping()).rejects.toThrow();
      await expect(down.enqueue({ queue: 'notify', name: 'send', payload: {}, id: 'x' })).rejects.toThrow(
        /not connected/,
      );
      expect(Date.now() - started).toBeLessThan(1_500);
    } finally {
      await down.close();
    }
  });
});
