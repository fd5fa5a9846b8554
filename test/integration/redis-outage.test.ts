import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jobDefinitions } from '../../jobs/index.ts';
import { BullMqJobQueue } from '../../src/adapters/bullmq/bullmq-job-queue.ts';
import { type OutboxRelayLoop, startOutboxRelay } from '../../src/adapters/bullmq/outbox-relay-loop.ts';
import { startWorkers } from '../../src/adapters/bullmq/worker-runtime.ts';
import { type RedisHandle, startRedisServer } from '../../src/adapters/redis/ensure-redis.ts';
import { requestEvaluation } from '../../src/app/request-evaluation.ts';
import { acceptOffer } from '../../src/app/respond-to-offer.ts';
import { submitReport } from '../../src/app/submit-report.ts';
import type { Evaluation, Person } from '../../src/domain/model.ts';
import { MemoryChatPlatform } from '../fakes/memory-chat-platform.ts';
import { createHarness, type Harness, validReport } from '../helpers/app-harness.ts';
import { deletePrefix, freePort, uniquePrefix, waitFor } from '../helpers/test-redis.ts';

const CHANNELS = {
  slack: ['C01COORD', 'C01CURRIC', 'C01JURY'],
  discord: ['300000000000000001', '300000000000000002', '300000000000000003'],
};

describe('Redis down for 10 s while reports are submitted', () => {
  let h: Harness;
  let redis: RedisHandle | undefined;
  let prefix: string;
  const closers: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    h = await createHarness();
    prefix = uniquePrefix();
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    if (redis) await deletePrefix(prefix, redis.url).catch(() => {});
    await redis?.stop();
    await h.close();
  });

  it('saves every report and delivers every notification once after recovery', {
    timeout: 60_000,
  }, async () => {
    const port = await freePort();
    redis = await startRedisServer({ port });
    const slack = new MemoryChatPlatform('slack', CHANNELS.slack);
    const discord = new MemoryChatPlatform('discord', CHANNELS.discord);
    const logger = pino({ level: 'silent' });
    const queue = new BullMqJobQueue({
      connectionUrl: redis.url,
      prefix,
      definitions: jobDefinitions,
      connectWaitMs: 200,
    });
    closers.push(() => queue.close());
    const workers = await startWorkers({
      connectionUrl: redis.url,
      prefix,
      definitions: jobDefinitions,
      deps: { ctx: h.ctx, platforms: { slack, discord }, queue, logger, defaultLocale: 'en' },
      logger,
    });
    closers.push(() => workers.close());
    const relay: OutboxRelayLoop = startOutboxRelay({
      store: h.store,
      queue,
      clock: h.clock,
      logger,
      intervalMs: 50,
    });
    closers.push(() => relay.stop());

    const accepted: { evaluation: Evaluation; assessor: Person }[] = [];
    for (const [student, project] of [
      ['stu-emma', 'web-1-portfolio'],
      ['stu-felix', 'web-1-portfolio'],
      ['stu-emma', 'web-2-api'],
    ] as const) {
      const { evaluation } = await requestEvaluation(h.ctx, { student, project, actor: { type: 'api' } });
      const assessor = await h.person(evaluation.assessor ?? '');
      accepted.push({
        evaluation: await acceptOffer(h.ctx, { evaluation: evaluation.id, person: assessor }),
        assessor,
      });
    }
    // Everything so far reached the assessors before the outage.
    await waitFor(async () => (await h.store.outbox.pending(100)).length === 0, 10_000);
    await waitFor(
      async () => (await queue.queues.get('notify')?.getJobCounts('waiting', 'active'))?.active === 0,
      10_000,
    );

    await redis.stop();
    const outageStart = Date.now();
    for (const { evaluation, assessor } of accepted) {
      const rubric = (await h.store.org.getProject(evaluation.project))?.rubric.map((c) => c.id) ?? [];
      const result = await submitReport(h.ctx, {
        evaluation: evaluation.id,
        person: assessor,
        content: validReport(rubric),
      });
      expect(result.ok).toBe(true);
    }
    // Every report is in the database while Redis is down; the notifications wait in the outbox.
    for (const { evaluation } of accepted) expect(await h.store.reports.latest(evaluation.id)).not.toBeNull();
    expect((await h.store.outbox.pending(100)).some((r) => r.name === 'mentor_summary')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 10_000 - (Date.now() - outageStart))));
    redis = await startRedisServer({ port });

    const summaries = (platform: MemoryChatPlatform) =>
      platform.messages.filter((m) => m.message.audience === 'mentor');
    await waitFor(() => summaries(slack).length >= 3 && summaries(discord).length >= 3, 30_000);
    // Let any duplicate show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const platform of [slack, discord]) {
      const titles = summaries(platform).map((m) => m.message.text.split('\n')[0]);
      // bruno, felix's mentor, reads French.
      expect(titles.sort()).toEqual([
        'Rapport sur Student felix : Portfolio site',
        'Report on Student emma: Portfolio site',
        'Report on Student emma: REST API',
      ]);
    }
    // The student on Slack got the feedback for both of her reports, once each.
    expect(slack.dmsTo('U02EMMA').filter((m) => m.message.audience === 'student')).toHaveLength(2);
  });
});
