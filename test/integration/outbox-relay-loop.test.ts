import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BullMqJobQueue } from '../../src/adapters/bullmq/bullmq-job-queue.ts';
import { type OutboxRelayLoop, startOutboxRelay } from '../../src/adapters/bullmq/outbox-relay-loop.ts';
import { type RedisHandle, startRedisServer } from '../../src/adapters/redis/ensure-redis.ts';
import { requestEvaluation } from '../../src/app/request-evaluation.ts';
import { QUEUE_NAMES } from '../../src/ports/store.ts';
import { createHarness, type Harness } from '../helpers/app-harness.ts';
import { capturedLogger } from '../helpers/http-client.ts';
import { deletePrefix, freePort, TEST_REDIS_URL, uniquePrefix, waitFor } from '../helpers/test-redis.ts';

describe('outbox relay loop', () => {
  let h: Harness;
  let prefix: string;
  let queue: BullMqJobQueue | undefined;
  let relay: OutboxRelayLoop | undefined;
  let redis: RedisHandle | undefined;

  beforeEach(async () => {
    h = await createHarness();
    prefix = uniquePrefix();
  });

  afterEach(async () => {
    await relay?.stop();
    await queue?.close();
    await redis?.stop();
    await deletePrefix(prefix);
    await h.close();
    relay = queue = redis = undefined;
  });

  async function request(student: string, project: string): Promise<void> {
    await requestEvaluation(h.ctx, { student, project, actor: { type: 'api' } });
  }

  /** Every job of every queue under the test prefix, as `queue/id`. */
  async function jobIds(q: BullMqJobQueue): Promise<string[]> {
    const ids: string[] = [];
    for (const name of QUEUE_NAMES) {
      const jobs = (await q.queues.get(name)?.getJobs(['waiting', 'delayed', 'completed'])) ?? [];
      for (const job of jobs) ids.push(`${name}/${job.id}`);
    }
    return ids.sort();
  }

  it('moves committed rows into the queues, with their delays', async () => {
    queue = new BullMqJobQueue({ connectionUrl: TEST_REDIS_URL, prefix, definitions: [] });
    const { logger } = capturedLogger();
    relay = startOutboxRelay({ store: h.store, queue, clock: h.clock, logger, intervalMs: 50 });
    await request('stu-emma', 'web-1-portfolio');
    const rows = await h.store.outbox.pending(100);
    expect(rows.length).toBeGreaterThan(0);
    relay.kick();
    await waitFor(async () => (await h.store.outbox.pending(100)).length === 0);
    expect(await jobIds(queue)).toEqual(rows.map((r) => `${r.queue}/${r.key}`).sort());
    const expiry = rows.find((r) => r.runAt !== null);
    if (!expiry) throw new Error('no delayed row: the offer expiry was expected');
    const delayed = await queue.queues.get(expiry.queue)?.getJob(expiry.key);
    expect(delayed?.opts.delay).toBe(24 * 3_600_000);
  });

  it('keeps rows while Redis is down and relays each exactly once when it returns', async () => {
    const port = await freePort();
    redis = await startRedisServer({ port });
    queue = new BullMqJobQueue({ connectionUrl: redis.url, prefix, definitions: [], connectWaitMs: 100 });
    const { logger, lines } = capturedLogger();
    relay = startOutboxRelay({
      store: h.store,
      queue,
      clock: h.clock,
      logger,
      intervalMs: 20,
      maxBackoffMs: 100,
    });
    await request('stu-emma', 'web-1-portfolio');
    relay.kick();
    await waitFor(async () => (await h.store.outbox.pending(100)).length === 0);
    const before = await jobIds(queue);
    expect(before.length).toBeGreaterThan(0);

    await redis.stop();
    await request('stu-felix', 'web-1-portfolio');
    await request('stu-gina', 'data-1-sql');
    await request('stu-hugo', 'data-1-sql');
    const waiting = await h.store.outbox.pending(100);
    expect(waiting.length).toBeGreaterThanOrEqual(3);
    relay.kick();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await h.store.outbox.pending(100)).toHaveLength(waiting.length);
    const outageLogs = lines.filter((l) => l.includes('job queue unreachable'));
    expect(outageLogs).toHaveLength(1);

    redis = await startRedisServer({ port });
    await waitFor(async () => (await h.store.outbox.pending(100)).length === 0, 10_000);
    // The server restarted empty: the rows written during the outage, and the ones it held before
    // (the offer expiry is a delayed job, the rest recent), are all there again, each once.
    const written = waiting.map((r) => `${r.queue}/${r.key}`);
    expect(await jobIds(queue)).toEqual([...before, ...written].sort());
    expect(lines.filter((l) => l.includes('job queue reachable again'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('job queue lost its data'))).toHaveLength(1);
  });

  it('hands over again, after Redis lost its data, the delayed jobs and the recent ones, not the old ones done', async () => {
    queue = new BullMqJobQueue({ connectionUrl: TEST_REDIS_URL, prefix, definitions: [] });
    const { logger, lines } = capturedLogger();
    relay = startOutboxRelay({ store: h.store, queue, clock: h.clock, logger, intervalMs: 20 });
    await request('stu-emma', 'web-1-portfolio');
    await waitFor(async () => (await h.store.outbox.pending(100)).length === 0);
    const old = await jobIds(queue);
    expect(old.some((id) => id.startsWith('reminders/'))).toBe(true);
    // 25 h later the first offer's DM is long done and its expiry (24 h) is due: only the second
    // request's rows come back, relayed in the last 24 h, its expiry still ahead.
    h.clock.advanceHours(12);
    await request('stu-felix', 'web-1-portfolio');
    await waitFor(async () => (await h.store.outbox.pending(100)).length === 0);
    const recent = (await jobIds(queue)).filter((id) => !old.includes(id));
    h.clock.advanceHours(13);
    await relay.stop();

    await deletePrefix(prefix);
    relay = startOutboxRelay({ store: h.store, queue, clock: h.clock, logger, intervalMs: 20 });
    await waitFor(async () => lines.some((l) => l.includes('job queue lost its data')));
    await waitFor(async () => (await jobIds(queue as BullMqJobQueue)).length >= recent.length);
    expect(await jobIds(queue)).toEqual(recent.sort());
    expect(lines.filter((l) => l.includes('job queue lost its data'))).toHaveLength(1);
  });

  it('stops after the batch in progress: a backlog waits in the database for the next start', async () => {
    queue = new BullMqJobQueue({ connectionUrl: TEST_REDIS_URL, prefix, definitions: [] });
    const { logger } = capturedLogger();
    const backlog = 2_000;
    await h.store.transaction(async (tx) => {
      for (let i = 0; i < backlog; i++)
        await tx.outbox.add({
          key: `backlog-${i}`,
          queue: 'digest',
          name: 'digest',
          payload: { i },
          runAt: null,
        });
    });
    relay = startOutboxRelay({ store: h.store, queue, clock: h.clock, logger, batchSize: 20 });
    await waitFor(async () => (await h.store.outbox.pending(backlog)).length < backlog, 5_000, 1);
    await relay.stop();
    const pending = (await h.store.outbox.pending(backlog)).length;
    const relayed = await jobIds(queue);
    // Stopped well before the end, and every row marked relayed is a job: nothing fell between.
    expect(pending).toBeGreaterThan(backlog / 2);
    expect(relayed).toHaveLength(backlog - pending);
  });
});
