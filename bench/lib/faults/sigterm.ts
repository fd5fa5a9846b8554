/**
 * SIGTERM during load (DESIGN §8): the load version of `test/integration/faults-sigterm.test.ts`.
 * The product runs as `npm start` does (`src/main/start.ts` in a child process: HTTP, the local
 * workspace's Slack and Discord, workers and outbox relay) on its own SQLite file and queue prefix.
 * 50 clients post `POST /api/evaluations` (each request a distinct student and project, on a
 * connection of its own) when SIGTERM arrives; a few requests are still being received at that
 * moment. Then: every request the server read is answered in full, every 201 has its evaluation
 * and nothing else was written, the process exits 0 within the drain timeout, no job is left
 * active, every outbox row marked relayed is a job in Redis, and a restart relays the rest.
 */
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Redis } from 'ioredis';
import { QUEUE_NAMES } from '../../../src/ports/store.ts';
import { openStore } from '../../../src/store/open-store.ts';
import { BENCH_REDIS_URL, benchPrefix, deletePrefix } from '../redis.ts';
import type { BenchContext } from '../types.ts';
import type { FaultCase, FaultOutcome } from './fault-case.ts';
import {
  call,
  freePort,
  killProduct,
  type Outcome,
  type Product,
  pairsOf,
  sigtermOrganisation,
  slowCall,
  started,
  startProduct,
  until,
} from './sigterm-setup.ts';

const NAME = 'SIGTERM during load';
const CONNECTIONS = 50;
/** The HTTP server's drain timeout (10 s) plus the rest of the shutdown, as the test allows. */
const EXIT_WITHIN_MS = 15_000;
/** Requests still being received when SIGTERM arrives; their body ends a second later. */
const SLOW = 5;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** `null` after `ms`, without keeping the process alive for it. */
const timeout = (ms: number) => new Promise<null>((resolve) => setTimeout(() => resolve(null), ms).unref());

type Sent = { pair: number; outcome: Outcome; slow: boolean };

/**
 * Loads the product and sends SIGTERM after `sigtermAfterMs`. `SLOW` requests opened first (so the
 * server has read their headers long before) send the rest of their body a second after SIGTERM.
 */
async function loadThenSigterm(
  product: Product,
  pairs: readonly [string, string][],
  sigtermAfterMs: number,
  pending: () => number,
) {
  const sent: Sent[] = [];
  const body = (n: number) => JSON.stringify({ student: pairs[n]?.[0], project: pairs[n]?.[1] });
  let next = 0;
  let sigtermAt = 0;
  let exited = false;
  void product.exited.then(() => {
    exited = true;
  });
  const slow = Array.from({ length: SLOW }, () => {
    const n = next++;
    return { n, ...slowCall(product.port, body(n)) };
  });
  await sleep(100);
  const client = async () => {
    while (next < pairs.length && !exited) {
      const n = next++;
      const outcome = await call(product.port, 'POST', '/api/evaluations', body(n));
      sent.push({ pair: n, outcome, slow: false });
      // Once the listener is closed nothing more will be read: this client is done.
      if ('error' in outcome && sigtermAt > 0) return;
    }
  };
  const loadStarted = Date.now();
  const clients = Array.from({ length: CONNECTIONS }, client);
  await sleep(sigtermAfterMs);
  const exhausted = next >= pairs.length;
  // What the relay still has to hand over: the shutdown waits for the pass in progress.
  const pendingAtSigterm = pending();
  sigtermAt = Date.now();
  product.child.kill('SIGTERM');
  setTimeout(() => {
    for (const s of slow) s.finish();
  }, 1_000);
  await Promise.all(clients);
  for (const s of slow) sent.push({ pair: s.n, outcome: await s.outcome, slow: true });
  return { sent, sigtermAt, loadMs: sigtermAt - loadStarted, exhausted, pendingAtSigterm };
}

/** What the database and Redis hold: evaluations by pair, outbox rows and whether each is a job. */
async function inspect(file: string, prefix: string) {
  const db = new BetterSqlite3(file, { fileMustExist: true });
  let evaluations: { id: string; student: string; project: string }[];
  let offers: { id: string; evaluation: string }[];
  let outbox: { key: string; queue: string; payload: string; relayed_at: number | null }[];
  try {
    evaluations = db.prepare('select id, student, project from evaluations').all() as typeof evaluations;
    offers = db.prepare('select id, evaluation from offers').all() as typeof offers;
    outbox = db.prepare('select key, queue, payload, relayed_at from outbox').all() as typeof outbox;
  } finally {
    db.close();
  }
  const redis = new Redis(BENCH_REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let active = 0;
    const counts = { completed: 0, failed: 0, waiting: 0, delayed: 0 };
    for (const queue of QUEUE_NAMES) {
      active += await redis.llen(`${prefix}:${queue}:active`);
      counts.completed += await redis.zcard(`${prefix}:${queue}:completed`);
      counts.failed += await redis.zcard(`${prefix}:${queue}:failed`);
      counts.waiting += await redis.llen(`${prefix}:${queue}:wait`);
      counts.delayed += await redis.zcard(`${prefix}:${queue}:delayed`);
    }
    const pipeline = redis.pipeline();
    for (const row of outbox) pipeline.exists(`${prefix}:${row.queue}:${row.key}`);
    const exists = ((await pipeline.exec()) ?? []).map(([, n]) => n === 1);
    const offerOf = new Map(offers.map((o) => [o.id, o.evaluation]));
    const rows = outbox.map((row, i) => {
      const payload = JSON.parse(row.payload) as { evaluation?: unknown; offer?: unknown };
      const evaluation =
        typeof payload.evaluation === 'string' ? payload.evaluation : offerOf.get(String(payload.offer));
      return { key: row.key, evaluation, relayed: row.relayed_at !== null, job: exists[i] === true };
    });
    return { evaluations, rows, active, counts };
  } finally {
    redis.disconnect();
  }
}

type Inspection = Awaited<ReturnType<typeof inspect>>;

/** Outbox rows not handed to the queues yet. */
function pendingRows(file: string): number {
  const db = new BetterSqlite3(file, { fileMustExist: true });
  try {
    return Number(
      (db.prepare('select count(*) as n from outbox where relayed_at is null').get() as { n: number }).n,
    );
  } finally {
    db.close();
  }
}

/** Restarts the product on the same database and prefix until the outbox is empty, then stops it. */
async function restart(env: Parameters<typeof startProduct>[0], file: string) {
  const product = startProduct(env);
  try {
    if (!(await started(product, 30_000)))
      return { product, relayed: false, code: null as number | null, signal: null };
    const relayed = await until(() => pendingRows(file) === 0, 20_000);
    product.child.kill('SIGTERM');
    const exit = await Promise.race([product.exited, timeout(EXIT_WITHIN_MS)]);
    return { product, relayed, code: exit?.code ?? null, signal: exit?.signal ?? null };
  } finally {
    killProduct(product);
  }
}

function tally(pairs: readonly [string, string][], sent: readonly Sent[], served: number, final: Inspection) {
  const byPair = new Map<string, string[]>();
  for (const e of final.evaluations) {
    const key = `${e.student}/${e.project}`;
    byPair.set(key, [...(byPair.get(key) ?? []), e.id]);
  }
  const missingJob = new Set(final.rows.filter((r) => !r.job).map((r) => r.evaluation));
  const answered = sent.filter((s) => 'status' in s.outcome && s.outcome.complete);
  const created = new Set<string>();
  let seen = 0;
  for (const s of answered) {
    const pair = pairs[s.pair] ?? ['', ''];
    const ids = byPair.get(`${pair[0]}/${pair[1]}`) ?? [];
    if (!('status' in s.outcome)) continue;
    if (s.outcome.status !== 201) {
      // Every pair is valid and asked once: only a refusal the client can act on, writing nothing, will do.
      if (s.outcome.status < 500 && ids.length === 0) seen += 1;
      continue;
    }
    const id = String((JSON.parse(s.outcome.body) as { id?: unknown }).id);
    created.add(id);
    if (ids.includes(id) && !missingJob.has(id)) seen += 1;
  }
  // Evaluations no 201 answered (a client would ask again: a second one), and doubles of a pair.
  const phantoms = final.evaluations.filter((e) => !created.has(e.id)).length;
  const unattributed = final.rows.filter((r) => r.evaluation === undefined);
  return {
    answered: answered.length,
    created: created.size,
    phantoms,
    expected: Math.max(served, answered.length) + unattributed.length,
    seen: seen + unattributed.filter((r) => r.job).length,
  };
}

/** What the first run left: how it stopped, what its log says, what the clients saw. */
type FirstRun = {
  load: Awaited<ReturnType<typeof loadThenSigterm>>;
  exit: { code: number | null; at: number } | null;
  log: Product['log'];
};

/** The counts and notes of the case, from the first run, the state at its exit and after the restart. */
function outcomeOf(
  pairs: readonly [string, string][],
  first: FirstRun,
  atExit: Inspection,
  again: Awaited<ReturnType<typeof restart>>,
  final: Inspection,
): Omit<FaultOutcome, 'seconds'> {
  const { load, exit, log } = first;
  const exitMs = exit === null ? Number.POSITIVE_INFINITY : exit.at - load.sigtermAt;
  const cleanExit = exit?.code === 0 && exitMs < EXIT_WITHIN_MS;
  const requests = log.filter(
    (l) => l.msg === 'request' && l.method === 'POST' && l.path === '/api/evaluations',
  );
  const stopping = log.find((l) => l.msg === 'shutting down')?.time ?? Number.POSITIVE_INFINITY;
  const cut = requests.filter((l) => typeof l.status !== 'number').length;
  const failedSteps = log.filter((l) => /shutdown (step )?failed/.test(l.msg ?? '')).length;
  const counted = tally(pairs, load.sent, requests.length, final);
  const errors = new Map<string, number>();
  const statuses = new Map<number, number>();
  for (const { outcome } of load.sent) {
    if ('error' in outcome) errors.set(outcome.error, (errors.get(outcome.error) ?? 0) + 1);
    else statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
  }
  const odd = [...errors.keys()].filter((e) => e !== 'ECONNREFUSED' && e !== 'ECONNRESET');
  const incomplete = load.sent.filter((s) => 'status' in s.outcome && !s.outcome.complete).length;
  const slow = load.sent
    .filter((s) => s.slow)
    .map((s) => ('status' in s.outcome ? s.outcome.status : s.outcome.error));
  const relayedAtExit = atExit.rows.filter((r) => r.relayed);
  const problem = (when: boolean, text: string) => (when ? [`PROBLEM: ${text}`] : []);
  const expected = counted.expected + 1;
  const seen = counted.seen + (cleanExit ? 1 : 0);
  return {
    name: NAME,
    load:
      `${load.sent.length} POST /api/evaluations at concurrency ${CONNECTIONS} (${SLOW} of them sending ` +
      `their body until 1 s after SIGTERM), SIGTERM after ${(load.loadMs / 1000).toFixed(1)} s, then a restart on the same database`,
    expected,
    seen,
    lost: expected - seen,
    duplicated: counted.phantoms + atExit.active + final.active,
    notes: [
      `Effects: ${counted.expected} requests the server read (its request log), each answered whole, a 201 with ` +
        'its evaluation (that id, that student and project) and every outbox row of it a BullMQ job after the ' +
        `restart; plus the clean exit (code 0 within ${EXIT_WITHIN_MS / 1000} s). Duplicated: evaluations no 201 ` +
        'announced (each pair is asked once), jobs left active.',
      `Answers: ${[...statuses].map(([status, n]) => `${n} × ${status}`).join(', ')}; ` +
        `${requests.filter((l) => (l.time ?? 0) >= stopping).length} read after "shutting down"; the slow ones ` +
        `${slow.join(', ')}. Connections never read: ${[...errors].map(([e, n]) => `${n} ${e}`).join(', ') || 'none'} ` +
        '(refused or reset at the closed listener: the client knows to retry).',
      `Exit ${exit?.code ?? 'none'} ${exitMs} ms after SIGTERM (${load.pendingAtSigterm} outbox rows pending at SIGTERM, ` +
        `${log.filter((l) => l.msg === 'notification delivered' && (l.time ?? 0) >= stopping).length} notifications ` +
        `delivered during the shutdown); at exit ${atExit.active} jobs active, ` +
        `${relayedAtExit.length} of ${atExit.rows.length} outbox rows relayed, ` +
        `${relayedAtExit.filter((r) => !r.job).length} of those not a job in Redis.`,
      `After the restart: ${final.rows.filter((r) => !r.relayed).length} rows pending, ` +
        `${final.rows.filter((r) => !r.job).length} without their job, ${final.active} active; jobs completed ` +
        `${final.counts.completed}, failed ${final.counts.failed}, waiting ${final.counts.waiting}, delayed ` +
        `${final.counts.delayed} (offer expiries, due in 24 h).`,
      ...problem(!cleanExit, `exit ${exit?.code ?? 'none'} after ${exitMs} ms.`),
      ...problem(
        cut + incomplete + failedSteps > 0,
        `${cut} requests logged aborted, ${incomplete} answers not whole, ${failedSteps} shutdown steps failed.`,
      ),
      ...problem(
        requests.length !== counted.answered,
        `the server logged ${requests.length} requests, the clients got ${counted.answered} whole answers.`,
      ),
      ...problem(odd.length > 0, `connection errors other than refused or reset: ${odd.join(', ')}.`),
      ...problem(
        !again.relayed || again.code !== 0,
        `the restart relayed everything: ${again.relayed}; it exited ${again.code ?? again.signal}.`,
      ),
      ...problem(load.exhausted, 'every pair was asked before SIGTERM: the load had ended.'),
    ],
  };
}

async function run(context: BenchContext): Promise<FaultOutcome> {
  const begun = performance.now();
  const file = join(context.workDir, 'sigterm.db');
  const database = `sqlite:${file}`;
  const prefix = benchPrefix();
  const org = sigtermOrganisation(context.quick ? 500 : 1_500);
  const pairs = pairsOf(org);
  const store = await openStore(database);
  try {
    await store.migrate();
    await store.org.importOrganisation(org);
  } finally {
    await store.close();
  }
  const env = { port: await freePort(), database, redis: BENCH_REDIS_URL, prefix };
  let product: Product | undefined;
  try {
    product = startProduct(env);
    if (!(await started(product, 30_000)))
      throw new Error(`the product did not start: ${product.other.join('').slice(-800)}`);
    const load = await loadThenSigterm(product, pairs, context.quick ? 1_500 : 5_000, () =>
      pendingRows(file),
    );
    const exit = await Promise.race([product.exited, timeout(EXIT_WITHIN_MS + 5_000)]);
    killProduct(product);
    const atExit = await inspect(file, prefix);
    context.log(`${NAME}: ${load.sent.length} requests, exit ${exit?.code}; restarting`);
    const again = await restart({ ...env, port: await freePort() }, file);
    const final = await inspect(file, prefix);
    const outcome = outcomeOf(pairs, { load, exit, log: product.log }, atExit, again, final);
    return { ...outcome, seconds: (performance.now() - begun) / 1000 };
  } finally {
    killProduct(product);
    await deletePrefix(prefix);
  }
}

/** DESIGN §8's "SIGTERM: HTTP drains, workers finish their jobs, nothing lost", under load. */
export const sigtermCase: FaultCase = { name: NAME, run };
