/**
 * What the Slack and Discord halves of the duplicates case share: the generated organisation, the
 * product's back end as production runs it (SQLite file store, outbox relay loop, BullMQ queues and
 * the worker runtime with every job definition, on a private Redis prefix), waiting until the product
 * has gone quiet, and the tally of effects that should each happen once.
 */

import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { jobDefinitions } from '../../../jobs/index.ts';
import { BullMqJobQueue } from '../../../src/adapters/bullmq/bullmq-job-queue.ts';
import { type OutboxRelayLoop, startOutboxRelay } from '../../../src/adapters/bullmq/outbox-relay-loop.ts';
import { startWorkers, type WorkerRuntime } from '../../../src/adapters/bullmq/worker-runtime.ts';
import { type AppContext, DEFAULT_POLICY } from '../../../src/app/context.ts';
import type { ChatPlatforms } from '../../../src/app/job-definition.ts';
import { requestEvaluation } from '../../../src/app/request-evaluation.ts';
import type { Organisation } from '../../../src/domain/model.ts';
import { createLogger, type Logger } from '../../../src/logger.ts';
import { systemClock } from '../../../src/ports/clock.ts';
import type { Store } from '../../../src/ports/store.ts';
import { openStore } from '../../../src/store/open-store.ts';
import { BENCH_REDIS_URL, benchPrefix, deletePrefix } from '../redis.ts';
import { faultSchool } from './fault-school.ts';

/** The project every evaluation of the case is on. */
export const PROJECT = 'dup-portfolio';
/** Offers an assessor can hold at once in the case (capacity per week). */
const CAPACITY = 20;

/** Who the case's people are on one platform: assessors and mentors, by index. */
export type Identities = { assessor(i: number): string; mentor(i: number): string };

/**
 * `offers` students on one path of one project (two criteria, so the Slack report form is one
 * modal), each with a mentor of their own (who opens the Home tab and gets the report's summary),
 * and enough assessors certified on it for every offer to find one, all on the given platform.
 */
export function duplicatesOrganisation(
  offers: number,
  platform: 'slack' | 'discord',
  ids: Identities,
): Organisation {
  return faultSchool({
    name: 'Duplicates School',
    projects: [PROJECT],
    projectName: () => 'Portfolio',
    rubric: [
      { id: 'semantic-html', title: 'Semantic HTML' },
      { id: 'responsive', title: 'Responsive layout' },
    ],
    assessors: Math.max(8, Math.ceil((offers * 2) / CAPACITY)),
    capacity: CAPACITY,
    assessor: (i) => ({ platforms: { [platform]: ids.assessor(i + 1) } }),
    mentors: offers,
    mentor: (i) => ({ platforms: { [platform]: ids.mentor(i + 1) } }),
    students: offers,
  });
}

/** The product's back end for one half of the case, as `npm start` composes it. */
export type Backend = {
  store: Store;
  ctx: AppContext;
  queue: BullMqJobQueue;
  relay: OutboxRelayLoop;
  logger: Logger;
  /** The SQLite file, read directly for what the store's interface does not list (relayed outbox rows). */
  file: string;
  /** True while a row waits in the outbox or a job waits or runs (delayed jobs, such as reminders, excluded). */
  busy(): Promise<boolean>;
  close(): Promise<void>;
};

/** Opens a SQLite file store with `org` imported, and starts the relay loop and the workers over it. */
export async function startBackend(
  workDir: string,
  name: string,
  org: Organisation,
  platforms: (ctx: AppContext, logger: Logger) => ChatPlatforms,
): Promise<Backend> {
  const logger = createLogger('silent');
  const file = join(workDir, `${name}.db`);
  const store = await openStore(`sqlite:${file}`);
  await store.migrate();
  await store.org.importOrganisation(org);
  const ctx: AppContext = { store, clock: systemClock, policy: DEFAULT_POLICY };
  const prefix = benchPrefix();
  const queue = new BullMqJobQueue({ connectionUrl: BENCH_REDIS_URL, prefix, definitions: jobDefinitions });
  let runtime: WorkerRuntime | null = null;
  let relay: OutboxRelayLoop | null = null;
  const close = async () => {
    await relay?.stop();
    await runtime?.close();
    await queue.close();
    await deletePrefix(prefix);
    await store.close();
  };
  try {
    runtime = startWorkers({
      connectionUrl: BENCH_REDIS_URL,
      prefix,
      definitions: jobDefinitions,
      deps: { ctx, logger, defaultLocale: 'en', queue, platforms: platforms(ctx, logger) },
      logger,
    });
    await runtime.ready();
    await queue.ping();
    relay = startOutboxRelay({ store, queue, clock: ctx.clock, logger });
  } catch (error) {
    await close();
    throw error;
  }
  const busy = async () => {
    if ((await store.outbox.pending(1)).length > 0) return true;
    for (const q of queue.queues.values()) {
      const counts = await q.getJobCounts('waiting', 'active', 'prioritized');
      if (Object.values(counts).some((n) => n > 0)) return true;
    }
    return false;
  };
  return { store, ctx, queue, relay, logger, file, busy, close };
}

/** Requests one evaluation per student (the API's use case), one after the other; their ids in order. */
export async function requestAll(backend: Backend, students: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 1; i <= students; i += 1) {
    const { evaluation, offer } = await requestEvaluation(backend.ctx, {
      student: `stu-${i}`,
      project: PROJECT,
      actor: { type: 'api' },
    });
    if (offer === null) throw new Error(`${evaluation.id} found no assessor`);
    ids.push(evaluation.id);
  }
  backend.relay.kick();
  return ids;
}

/**
 * Requests `offers` evaluations (see {@link requestAll}) and waits until each offer DM reached its
 * assessor (`delivered(user, evaluation)`) and the product went quiet; returns the evaluation ids
 * and, for each, its assessor's platform user id.
 */
export async function requestAndDeliver(
  backend: Backend,
  offers: number,
  ids: Identities,
  delivered: (user: string, evaluation: string) => boolean,
  activity: () => number,
  log: (message: string) => void,
  platform: string,
): Promise<{ evaluations: string[]; userOf(evaluation: string): string }> {
  const evaluations = await requestAll(backend, offers);
  const users = new Map<string, string>();
  for (const id of evaluations) {
    const assessor = (await backend.store.evaluations.get(id))?.assessor ?? '';
    users.set(id, ids.assessor(Number(assessor.replace('as-', ''))));
  }
  const userOf = (id: string) => users.get(id) ?? '';
  await until(
    () => evaluations.every((id) => delivered(userOf(id), id)),
    60_000,
    `every offer DM on ${platform}`,
  );
  await settle(backend, activity, log);
  log(`${platform}: ${offers} offers delivered as DMs`);
  return { evaluations, userOf };
}

/**
 * Waits until nothing changes for `quietMs` (the platform fake's `activity` counter stands still and
 * the back end is idle): work a listener does after its acknowledgement has then finished. Says so
 * through `log` when it never went quiet within `capMs` (the counts that follow may then be short).
 */
export async function settle(
  backend: Backend,
  activity: () => number,
  log: (message: string) => void,
  quietMs = 800,
  capMs = 30_000,
): Promise<void> {
  const end = Date.now() + capMs;
  let last = activity();
  let since = Date.now();
  while (Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = activity();
    if (now !== last || (await backend.busy())) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
  }
  log(`still busy after ${capMs / 1000} s; counting anyway`);
}

/** Polls `check` until it holds, or throws after `ms`. */
export async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Evaluation ids of the `mentor_summary` outbox rows, relayed or not (one entry per row). */
export function mentorSummaryRows(backend: Backend): string[] {
  // Read-only on the WAL file: the store's interface lists pending rows only.
  const db = new BetterSqlite3(backend.file, { readonly: true });
  try {
    const rows = db.prepare("SELECT payload FROM outbox WHERE name = 'mentor_summary'").all() as {
      payload: string;
    }[];
    return rows.map((row) => String((JSON.parse(row.payload) as { evaluation?: unknown }).evaluation));
  } finally {
    db.close();
  }
}

/** One kind of effect: how many should happen (once each), how many did, how many more than once. */
export type EffectCount = { kind: string; expected: number; seen: number; duplicated: number };

/**
 * Counts one kind of effect over the ids it should happen for: `counts` gives how often each
 * happened; `strays` are effects of this kind for ids that should have none.
 */
export function countEffect(
  kind: string,
  ids: readonly string[],
  counts: (id: string) => number,
  strays = 0,
): EffectCount {
  let seen = 0;
  let duplicated = strays;
  for (const id of ids) {
    const n = counts(id);
    if (n > 0) seen += 1;
    duplicated += Math.max(0, n - 1);
  }
  return { kind, expected: ids.length, seen, duplicated };
}

/** How often each value occurs in a list. */
export function occurrences(values: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const value of values) map.set(value, (map.get(value) ?? 0) + 1);
  return map;
}

/** Runs `task` over `items` with at most `limit` at once. */
export async function pool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
