/**
 * Fault case: Redis down for 10 s during submissions → nothing lost (DESIGN §8), the load version
 * of `test/integration/redis-outage.test.ts`. A redis-server of the case's own, the outbox relay
 * loop and the notify workers run in this process; a stream of report submissions (the real use
 * cases: request, accept, submit) is spread over ~15 s, and Redis is stopped for 10 s in the middle
 * then started again on the same port. Every report must be saved once, and every notification the
 * reports cause (the mentor's summary, the student's feedback) delivered once on each platform of
 * its reader.
 */
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { jobDefinitions } from '../../../jobs/index.ts';
import { BullMqJobQueue } from '../../../src/adapters/bullmq/bullmq-job-queue.ts';
import { startOutboxRelay } from '../../../src/adapters/bullmq/outbox-relay-loop.ts';
import { startWorkers } from '../../../src/adapters/bullmq/worker-runtime.ts';
import { type RedisHandle, startRedisServer } from '../../../src/adapters/redis/ensure-redis.ts';
import { DEFAULT_POLICY } from '../../../src/app/context.ts';
import { requestEvaluation } from '../../../src/app/request-evaluation.ts';
import { acceptOffer } from '../../../src/app/respond-to-offer.ts';
import { submitReport } from '../../../src/app/submit-report.ts';
import { t } from '../../../src/domain/catalog/index.ts';
import { createLogger } from '../../../src/logger.ts';
import { systemClock } from '../../../src/ports/clock.ts';
import { openStore } from '../../../src/store/open-store.ts';
import { benchPrefix, deletePrefix } from '../redis.ts';
import type { BenchContext } from '../types.ts';
import type { FaultCase, FaultOutcome } from './fault-case.ts';
import {
  approvedReport,
  outageOrganisation,
  RecordingPlatform,
  studentPlatforms,
} from './redis-outage-world.ts';

/** Projects each student is evaluated on (of 8: the path is never complete, so no dossier work). */
const PROJECTS_PER_STUDENT = 5;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sizes and timeline (ms from the first submission). */
type Plan = { students: number; spreadMs: number; outageAtMs: number; outageMs: number; drainMs: number };
const FULL: Plan = { students: 100, spreadMs: 15_000, outageAtMs: 2_500, outageMs: 10_000, drainMs: 30_000 };
const QUICK: Plan = { students: 20, spreadMs: 5_000, outageAtMs: 1_000, outageMs: 3_000, drainMs: 8_000 };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A logger stream that counts the runtime's warnings and errors by message and job name. */
function countingLog(): { stream: Writable; counts: Map<string, number> } {
  const counts = new Map<string, number>();
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        const { msg, jobName } = JSON.parse(line) as { msg?: string; jobName?: string };
        const key = `${msg ?? '?'}${jobName ? ` (${jobName})` : ''}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      done();
    },
  });
  return { stream, counts };
}

async function waitUntil(check: () => Promise<boolean>, ms: number, every = 100): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(every);
  }
  return check();
}

/** Rejects when `promise` takes longer than `ms`, so a hung close cannot hang the bench. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function run({ quick, workDir, log }: BenchContext): Promise<FaultOutcome> {
  const started = performance.now();
  const plan = quick ? QUICK : FULL;
  const org = outageOrganisation(plan.students);
  const port = await freePort();
  let redis: RedisHandle = await startRedisServer({ port });
  const store = await openStore(`sqlite:${join(workDir, 'redis-outage.db')}`);
  const prefix = benchPrefix();
  const slack = new RecordingPlatform('slack');
  const discord = new RecordingPlatform('discord');
  const { stream, counts: logged } = countingLog();
  const logger = createLogger('warn', stream);
  const queue = new BullMqJobQueue({ connectionUrl: redis.url, prefix, definitions: jobDefinitions });
  const workers = startWorkers({
    connectionUrl: redis.url,
    prefix,
    definitions: jobDefinitions,
    deps: {
      ctx: { store, clock: systemClock, policy: DEFAULT_POLICY },
      platforms: { slack, discord },
      queue,
      logger,
      defaultLocale: 'en',
    },
    logger,
  });
  const relay = startOutboxRelay({ store, queue, clock: systemClock, logger });
  let outage: Promise<void> = Promise.resolve();
  try {
    await store.migrate();
    await store.org.importOrganisation(org);
    await workers.ready();
    const ctx = { store, clock: systemClock, policy: DEFAULT_POLICY };
    const pairs = Array.from({ length: PROJECTS_PER_STUDENT }, (_, p) =>
      org.students.map((s) => ({ student: s.id, project: `proj-${p + 1}` })),
    ).flat();

    // The outage runs beside the submissions: stop at `outageAtMs`, start again `outageMs` later.
    const t0 = performance.now();
    let inRedisAtStop = '';
    let remindersAtStop: string[] = [];
    let submittedDuringOutage = 0;
    let down = false;
    let restarted = 0;
    outage = (async () => {
      await sleep(plan.outageAtMs);
      const notify = queue.queues.get('notify');
      const c = (await notify?.getJobCounts('waiting', 'active', 'delayed', 'prioritized')) ?? {};
      inRedisAtStop = Object.entries(c)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ');
      // Reminders relayed before the stop (due in 24–48 h): the outbox will not relay them again.
      const delayed = (await queue.queues.get('reminders')?.getDelayed()) ?? [];
      remindersAtStop = delayed.map((job) => job.id ?? '');
      await redis.stop();
      down = true;
      log(`redis-outage: Redis stopped after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      await sleep(plan.outageMs);
      redis = await startRedisServer({ port });
      restarted = performance.now();
      down = false;
      log(`redis-outage: Redis started again after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    })();

    const saved: string[] = [];
    const refused: string[] = [];
    for (const [i, pair] of pairs.entries()) {
      const wait = t0 + (i * plan.spreadMs) / pairs.length - performance.now();
      if (wait > 0) await sleep(wait);
      try {
        const { evaluation } = await requestEvaluation(ctx, { ...pair, actor: { type: 'api' } });
        relay.kick();
        const assessor = await store.people.getPerson(evaluation.assessor ?? '');
        if (!assessor) throw new Error(`nobody offered ${pair.student} ${pair.project}`);
        await acceptOffer(ctx, { evaluation: evaluation.id, person: assessor });
        relay.kick();
        const result = await submitReport(ctx, {
          evaluation: evaluation.id,
          person: assessor,
          content: approvedReport(i),
        });
        relay.kick();
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        saved.push(evaluation.id);
        if (down) submittedDuringOutage += 1;
      } catch (error) {
        refused.push(`${pair.student} ${pair.project}: ${String(error)}`.slice(0, 200));
      }
    }
    const loadSeconds = (performance.now() - t0) / 1000;
    await outage;

    // Expected: each report's summary to its mentor and feedback to its student, on each of their platforms.
    const expected = new Set<string>();
    for (const [i, student] of org.students.entries()) {
      const mentor = org.people.find((p) => p.id === student.mentor);
      for (let p = 1; p <= PROJECTS_PER_STUDENT; p += 1) {
        const project = `Project ${p}`;
        const summary = t('en', 'notify.summary.title', { student: student.name, project });
        const feedback = t('en', 'notify.feedback.title', { project, outcome: t('en', 'outcome.approved') });
        for (const platform of ['slack', 'discord'] as const) {
          const to = mentor?.platforms[platform];
          if (to) expected.add(`${platform} mentor ${to} ${summary}`);
        }
        for (const platform of studentPlatforms(i)) {
          expected.add(`${platform} student ${student.platforms[platform]} ${feedback}`);
        }
      }
    }
    const sentToReaders = () => {
      const sent = new Map<string, number>();
      for (const platform of [slack, discord]) {
        for (const [key, n] of platform.sent) if (/^\w+ (mentor|student) /.test(key)) sent.set(key, n);
      }
      return sent;
    };
    const notifyQueue = queue.queues.get('notify');
    const drained = await waitUntil(async () => {
      const sent = sentToReaders();
      if (![...expected].every((k) => sent.has(k))) return false;
      if ((await store.outbox.pending(1)).length > 0) return false;
      const c = (await notifyQueue?.getJobCounts('waiting', 'active', 'delayed', 'prioritized')) ?? {};
      return Object.values(c).every((n) => n === 0);
    }, plan.drainMs);
    const recovered = (performance.now() - restarted) / 1000;
    await sleep(1_000); // Let a duplicate show up before counting.

    // Reports: each submission saved exactly once (one version).
    let reportsSeen = 0;
    let reportsDuplicated = 0;
    for (const id of saved) {
      const versions = (await store.reports.versions(id)).length;
      if (versions >= 1) reportsSeen += 1;
      if (versions > 1) reportsDuplicated += 1;
    }
    const sent = sentToReaders();
    let messagesSeen = 0;
    let messagesDuplicated = 0;
    for (const key of expected) {
      const n = sent.get(key) ?? 0;
      if (n >= 1) messagesSeen += 1;
      if (n > 1) messagesDuplicated += 1;
    }
    const reminders = queue.queues.get('reminders');
    let remindersGone = 0;
    for (const id of remindersAtStop) if (!(await reminders?.getJob(id))) remindersGone += 1;
    const strays = [...sent.keys()].filter((k) => !expected.has(k)).length;
    const others = [slack, discord].reduce(
      (n, p) => n + [...p.sent].filter(([k]) => !/^\w+ (mentor|student) /.test(k)).length,
      0,
    );
    const failedJobs = (await notifyQueue?.getFailedCount()) ?? 0;
    const pendingRows = (await store.outbox.pending(10_000)).length;
    const total = pairs.length + expected.size + remindersAtStop.length;
    const seen = reportsSeen + messagesSeen + remindersAtStop.length - remindersGone;
    const outageSeconds = plan.outageMs / 1000;
    const warnings = [...logged].map(([msg, n]) => `${n}× "${msg}"`).join('; ');
    return {
      name: 'Redis down during submissions',
      load:
        `${pairs.length} reports (request, accept, submit) over ${plan.spreadMs / 1000} s, Redis stopped ` +
        `${plan.outageAtMs / 1000} s in for ${outageSeconds} s${quick ? ' (shortened in quick mode)' : ''} ` +
        `(${submittedDuringOutage} submitted meanwhile), ${expected.size} reader notifications`,
      expected: total,
      seen,
      lost: total - seen,
      duplicated: reportsDuplicated + messagesDuplicated + strays,
      seconds: (performance.now() - started) / 1000,
      notes: [
        `Counted: ${reportsSeen}/${pairs.length} reports saved (${refused.length} submissions refused` +
          `${refused.length ? `: ${refused.slice(0, 2).join(' | ')}` : ''}; ${reportsDuplicated} with a second version); ` +
          `${messagesSeen}/${expected.size} reader notifications delivered (mentor summary on each of the mentor's ` +
          `platforms, student feedback on each of the student's), ${messagesDuplicated} more than once, ` +
          `${strays} unexpected; keyed by platform, reader and message title on a recording platform.`,
        `Redis: a redis-server of the case's own on port ${port} (startRedisServer: no persistence, so the ` +
          `restart comes back empty); notify jobs in Redis when it stopped: ${inRedisAtStop || 'none'}. ` +
          `Load took ${loadSeconds.toFixed(1)} s; everything delivered and the notify queue idle ` +
          `${recovered.toFixed(1)} s after Redis returned${drained ? '' : ' (timed out)'}; ${pendingRows} outbox rows left pending, ${failedJobs} failed ` +
          `notify jobs, ${others} other messages (offers) and ${slack.updates + discord.updates} updates sent.` +
          `${warnings ? ` Runtime warnings: ${warnings}.` : ''}`,
        `Reminders (offer expiry, report due; delayed 24–48 h) in Redis when it stopped: ` +
          `${remindersAtStop.length - remindersGone}/${remindersAtStop.length} back after the empty restart ` +
          '(the relay finds the queues lost their data and hands over again the delayed rows and those of the ' +
          'last 24 h); counted among the effects.',
      ],
    };
  } finally {
    await outage.catch(() => {});
    await relay.stop();
    await within(workers.close(), 15_000, 'closing the workers').catch(() => {});
    await queue.close();
    await deletePrefix(prefix, redis.url).catch(() => {});
    await redis.stop();
    await store.close();
  }
}

/** 500 report submissions with Redis down for 10 s in the middle; every report and notification once. */
export const redisOutageCase: FaultCase = { name: 'Redis down during submissions', run };
