/**
 * Notification fan-out (DESIGN §7): 1,000 mentor summaries delivered as Slack DMs by the real
 * worker runtime (`startWorkers` with `notifyJobs`, real Redis on a private prefix) through the
 * real `SlackPlatform`, against the local Slack fake set to a token bucket on `chat.postMessage`
 * that answers 429 with `Retry-After` when empty. The bound is the DMs ÷ the bucket's rate; the
 * figure is the time from the first enqueue to the last DM delivered. Lost and duplicated DMs are
 * counted from the fake's own state (each summary names its student and project).
 */
import { join } from 'node:path';
import { notifyJobs } from '../../jobs/notify.ts';
import { BullMqJobQueue } from '../../src/adapters/bullmq/bullmq-job-queue.ts';
import { startWorkers } from '../../src/adapters/bullmq/worker-runtime.ts';
import { SlackPlatform } from '../../src/adapters/slack/slack-platform.ts';
import { DEFAULT_POLICY } from '../../src/app/context.ts';
import { Organisation } from '../../src/domain/model.ts';
import { type Notification, notificationKey } from '../../src/domain/notifications.ts';
import { createLogger } from '../../src/logger.ts';
import { systemClock } from '../../src/ports/clock.ts';
import { createSlackWorkspace, startSlackFake } from '../../src/sandbox/slack-fake/index.ts';
import { openStore } from '../../src/store/open-store.ts';
import { dossierOrganisation, fillDossierStore } from '../lib/dossier-case.ts';
import { BENCH_REDIS_URL, benchPrefix, deletePrefix } from '../lib/redis.ts';
import type { BenchContext, Benchmark, BenchResult } from '../lib/types.ts';

const BOT_TOKEN = 'xoxb-bench-fanout';
const TIME_GOAL = 1.2;
/** Reports per student in the dossier case: 125 students give 1,000 mentor summaries. */
const REPORTS_PER_STUDENT = 8;
const logger = createLogger('silent');
const databaseUrl = (workDir: string) => `sqlite:${join(workDir, 'dm-fanout.db')}`;
/** DMs, and the bucket's rate (messages per second) that sets the bound. */
const sizes = (quick: boolean) => (quick ? { dms: 96, perSecond: 32 } : { dms: 1_000, perSecond: 75 });
const slackId = (mentor: string) => `U${mentor.replace(/\D/g, '').padStart(8, '0')}`;

/** The dossier case's organisation with every mentor on Slack. */
function fanoutOrganisation(dms: number): Organisation {
  const org = dossierOrganisation(Math.ceil(dms / REPORTS_PER_STUDENT));
  return Organisation.parse({
    ...org,
    people: org.people.map((p) =>
      p.roles.includes('mentor') ? { ...p, platforms: { ...p.platforms, slack: slackId(p.id) } } : p,
    ),
  });
}

async function prepare({ quick, workDir, log }: BenchContext): Promise<void> {
  const store = await openStore(databaseUrl(workDir));
  try {
    await store.migrate();
    await fillDossierStore(store, fanoutOrganisation(sizes(quick).dms));
  } finally {
    await store.close();
  }
  log('store filled');
}

type Delivered = { total: number; distinct: number; duplicated: number };

/** DMs in the fake's state: one per (mentor, summary text) expected, anything more is a duplicate. */
function countDelivered(workspace: ReturnType<typeof createSlackWorkspace>, mentors: string[]): Delivered {
  let total = 0;
  let distinct = 0;
  for (const mentor of mentors) {
    const texts = workspace.dmMessages(slackId(mentor)).map((m) => m.text);
    total += texts.length;
    distinct += new Set(texts).size;
  }
  return { total, distinct, duplicated: total - distinct };
}

async function run({ quick, workDir, log }: BenchContext): Promise<BenchResult> {
  const { dms, perSecond } = sizes(quick);
  const org = fanoutOrganisation(dms);
  const mentors = org.people.filter((p) => p.roles.includes('mentor')).map((p) => p.id);
  const workspace = createSlackWorkspace({
    users: mentors.map((m) => ({ id: slackId(m), name: m })),
    botToken: BOT_TOKEN,
  });
  // Only chat.postMessage is limited; conversations.open (Tier 3) is left free, see the notes.
  workspace.rateLimit({ method: 'chat.postMessage', perSecond, burst: perSecond });
  const fake = await startSlackFake({ workspace });
  const store = await openStore(databaseUrl(workDir));
  const prefix = benchPrefix();
  const queue = new BullMqJobQueue({ connectionUrl: BENCH_REDIS_URL, prefix, definitions: notifyJobs });
  const runtime = startWorkers({
    connectionUrl: BENCH_REDIS_URL,
    prefix,
    definitions: notifyJobs,
    deps: {
      ctx: { store, clock: systemClock, policy: DEFAULT_POLICY },
      logger,
      defaultLocale: 'en',
      queue,
      platforms: { slack: new SlackPlatform({ token: BOT_TOKEN, apiUrl: fake.apiUrl }) },
    },
    logger,
  });
  const worker = runtime.workers.get('notify');
  if (worker === undefined) throw new Error('no notify worker');
  let completed = 0;
  let failed = 0;
  let lastDelivered = 0;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const settle = () => {
    if (completed + failed === dms) finish();
  };
  worker.on('completed', () => {
    completed += 1;
    lastDelivered = performance.now();
    if (completed % Math.max(1, dms / 5) === 0) log(`${completed} DMs delivered`);
    settle();
  });
  worker.on('failed', (job) => {
    // A 429 re-queues the job (RateLimitError) without failing it; only a final failure counts.
    if (job && job.finishedOn !== undefined) {
      failed += 1;
      settle();
    }
  });
  try {
    await runtime.ready();
    await queue.ping();
    const notifications: Notification[] = Array.from({ length: dms }, (_, i) => ({
      type: 'mentor_summary',
      evaluation: `E-${1_001 + i}`,
      version: 1,
    }));
    const started = performance.now();
    for (let i = 0; i < notifications.length; i += 100) {
      await Promise.all(
        notifications
          .slice(i, i + 100)
          .map((n) => queue.enqueue({ queue: 'notify', name: n.type, id: notificationKey(n), payload: n })),
      );
    }
    const timeout = setTimeout(finish, 200_000);
    await finished;
    clearTimeout(timeout);
    const seconds = (lastDelivered - started) / 1000;
    const bound = dms / perSecond;
    const delivered = countDelivered(workspace, mentors);
    const lost = dms - delivered.distinct;
    const refusals = workspace.limiter.refusals;
    const opens = workspace.calls('conversations.open').length;
    const ratio = seconds / bound;
    log(`${seconds.toFixed(1)} s for ${dms} DMs (bound ${bound.toFixed(1)} s), ${refusals} × 429`);
    const met = ratio <= TIME_GOAL && lost === 0 && delivered.duplicated === 0 && failed === 0;
    return {
      figure: seconds,
      unit: 's',
      comparison: { figure: bound, label: `rate-limit bound (${dms} DMs ÷ ${perSecond}/s)` },
      ratio,
      ratioLabel: '× bound',
      goal: `lost 0, duplicated 0, time ≤ ${TIME_GOAL}× the bound`,
      met,
      metrics: [
        { name: 'time ÷ bound', value: ratio, unit: '×', goal: `≤ ${TIME_GOAL}`, met: ratio <= TIME_GOAL },
        { name: 'lost DMs', value: lost, unit: 'DMs', goal: '0', met: lost === 0 },
        {
          name: 'duplicated DMs',
          value: delivered.duplicated,
          unit: 'DMs',
          goal: '0',
          met: delivered.duplicated === 0,
        },
        { name: 'jobs failed', value: failed, unit: 'jobs', goal: '0', met: failed === 0 },
        { name: '429 answers', value: refusals, unit: 'calls' },
        { name: 'conversations.open calls', value: opens, unit: 'calls' },
      ],
      notes: [
        `${dms} mentor_summary notifications (${Math.ceil(dms / REPORTS_PER_STUDENT)} students × ` +
          `${REPORTS_PER_STUDENT} reports, ${mentors.length} mentors on Slack), enqueued as notify jobs; ` +
          `one worker process, notify concurrency ${Math.max(...notifyJobs.map((d) => d.concurrency ?? 1))}; ` +
          'SQLite file store; real Redis on a private prefix.',
        `The fake limits chat.postMessage only: a token bucket of ${perSecond}/s holding ${perSecond} tokens, ` +
          '429 with Retry-After (whole seconds, at least 1) when empty. conversations.open (Tier 3 at Slack) ' +
          'is left unlimited: the bound is the message rate.',
        `With a full bucket at the start the fastest possible is (DMs − ${perSecond}) ÷ ${perSecond}/s = ` +
          `${((dms - perSecond) / perSecond).toFixed(1)} s. What limits it: a 429 pauses the whole notify ` +
          'queue for Retry-After, whole seconds, so a bucket smaller than one second of its rate would waste ' +
          'most of each pause; with the bucket holding one second of messages the pause exactly refills it.',
        'Time: first enqueue to the last job completed (its DM recorded). Lost: summaries missing from the ' +
          "fake's DMs; duplicated: the same summary twice in one mentor's DM.",
      ],
    };
  } finally {
    await runtime.close();
    await queue.close();
    await deletePrefix(prefix);
    await fake.close();
    await store.close();
  }
}

const benchmark: Benchmark = {
  name: 'dm-fanout',
  goal: `lost 0, duplicated 0, time ≤ ${TIME_GOAL}× the rate-limit bound`,
  prepare,
  run,
};
export default benchmark;
