/**
 * SIGTERM during load (DESIGN §8): the product runs as `npm start` does (`src/main/start.ts` in a
 * child process: HTTP, Slack and Discord on the local workspace, workers and outbox relay), with a
 * temporary SQLite database and a queue prefix of its own. A stream of `POST /api/evaluations` is
 * under way when SIGTERM arrives: every request the server took gets a complete answer, the
 * process exits 0 within the drain timeout, no job is left half-run, and every outbox row marked
 * relayed is a job in Redis; rows not relayed yet are relayed at the next start.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobDefinitions } from '../../jobs/index.ts';
import { BullMqJobQueue } from '../../src/adapters/bullmq/bullmq-job-queue.ts';
import { relayOutbox } from '../../src/app/outbox-relay.ts';
import { systemClock } from '../../src/ports/clock.ts';
import { QUEUE_NAMES } from '../../src/ports/store.ts';
import { openStore } from '../../src/store/open-store.ts';
import { buildOrganisation } from '../helpers/org-builder.ts';
import { outboxRows } from '../helpers/store-invariants.ts';
import { deletePrefix, freePort, TEST_REDIS_URL, uniquePrefix, waitFor } from '../helpers/test-redis.ts';

const TOKEN = 'sigterm-api-token-0123456789';
/** The HTTP server's drain timeout (`startHttpServer`), plus the time the rest of the shutdown takes. */
const EXIT_WITHIN_MS = 15_000;
const PAIRS = [
  ['stu-emma', 'web-1-portfolio'],
  ['stu-emma', 'web-2-api'],
  ['stu-felix', 'web-1-portfolio'],
  ['stu-felix', 'web-2-api'],
  ['stu-gina', 'data-1-sql'],
  ['stu-hugo', 'data-1-sql'],
  ['stu-gina', 'data-2-dashboard'],
  ['stu-hugo', 'data-2-dashboard'],
];

type Outcome = { status: number; complete: boolean } | { error: string };

/** One request on a connection of its own (no keep-alive): its answer, or how the connection failed. */
function call(port: number, method: string, path: string, body?: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let complete = false;
        try {
          complete = typeof JSON.parse(text) === 'object';
        } catch {
          complete = false;
        }
        resolve({ status: res.statusCode ?? 0, complete });
      });
      // A response cut after it started is what a drain must never do.
      res.on('error', (error: NodeJS.ErrnoException) =>
        resolve({ error: `cut ${error.code ?? error.message}` }),
      );
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end(body);
  });
}

/** A POST whose body is sent in two parts: in flight until `finish` is called. */
function slowCall(port: number, body: string): { finish(): void; outcome: Promise<Outcome> } {
  let finish = () => {};
  const outcome = new Promise<Outcome>((resolve) => {
    const headers = {
      authorization: `Bearer ${TOKEN}`,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
    };
    const req = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/evaluations',
      headers,
      agent: false,
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, complete: text.startsWith('{') && text.endsWith('}') });
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.write(body.slice(0, 10));
    finish = () => req.end(body.slice(10));
  });
  return { finish, outcome };
}

type Product = { child: ChildProcess; lines: string[]; port: number };

/** npm start's entry in a child process on the local workspace, its output kept line by line. */
async function spawnProduct(
  database: string,
  prefix: string,
  extraEnv: Record<string, string> = {},
): Promise<Product> {
  const port = await freePort();
  const lines: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/start.ts'], {
    cwd: join(import.meta.dirname, '../..'),
    // No platform credentials: the local workspace, as on a fresh machine.
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: String(port),
      DATABASE_URL: database,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: prefix,
      API_TOKEN: TOKEN,
      LOG_LEVEL: 'info',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const complete = buffered.split('\n');
    buffered = complete.pop() ?? '';
    lines.push(...complete);
  });
  child.stderr?.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
  return { child, lines, port };
}

/** A database with the test organisation, in a temporary directory. */
async function organisationDatabase(dir: string): Promise<string> {
  const database = `sqlite:${join(dir, 'desk.db')}`;
  const store = await openStore(database);
  await store.migrate();
  await store.org.importOrganisation(buildOrganisation());
  await store.close();
  return database;
}

/** Resolves once `/healthz` answers 200, polling every `everyMs`. */
function healthy(port: number, everyMs: number, timeoutMs: number): Promise<void> {
  return waitFor(
    async () => {
      const health = await call(port, 'GET', '/healthz');
      return 'status' in health && health.status === 200;
    },
    timeoutMs,
    everyMs,
  );
}

/**
 * A queue prefix and a temporary directory for one describe block; `start` runs the product on a
 * fresh database there. The product is killed if still running, and both are removed, after all.
 */
function productSandbox(tag: string): {
  prefix: string;
  start(env?: Record<string, string>): Promise<Product>;
} {
  const prefix = uniquePrefix();
  const dir = mkdtempSync(join(tmpdir(), `desk-${tag}-`));
  let product: Product | undefined;
  afterAll(async () => {
    const child = product?.child;
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await deletePrefix(prefix);
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    prefix,
    start: async (env = {}) => {
      product = await spawnProduct(await organisationDatabase(dir), prefix, env);
      return product;
    },
  };
}

describe('SIGTERM during load', () => {
  const prefix = uniquePrefix();
  const dir = mkdtempSync(join(tmpdir(), 'desk-sigterm-'));
  let database: string;
  let lines: string[];
  let child: ChildProcess;
  let port: number;

  beforeAll(async () => {
    database = await organisationDatabase(dir);
    ({ child, lines, port } = await spawnProduct(database, prefix));
    await healthy(port, 20, 30_000);
  }, 40_000);

  afterAll(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await deletePrefix(prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers every request it took, exits 0 in time, and loses no job', async () => {
    const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
      child.once('exit', (code) => resolve({ code, at: Date.now() })),
    );
    const outcomes: Outcome[] = [];
    // A request still being received when SIGTERM comes: the drain must wait for it.
    const slow = slowCall(port, JSON.stringify({ student: 'stu-hugo', project: 'data-1-sql' }));
    let sentAt = 0;
    const total = 120;
    let next = 0;
    // Sixteen clients send requests one after another; SIGTERM goes out once a third is answered.
    const client = async () => {
      while (next < total) {
        const n = next++;
        const [student, project] = PAIRS[n % PAIRS.length] ?? [];
        const outcome =
          n % 3 === 2
            ? await call(port, 'GET', `/api/evaluations/E-${1001 + (n % 8)}`)
            : await call(port, 'POST', '/api/evaluations', JSON.stringify({ student, project }));
        outcomes.push(outcome);
        if (outcomes.length === total / 3 && !sentAt) {
          sentAt = Date.now();
          child.kill('SIGTERM');
          setTimeout(() => slow.finish(), 1000);
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, client));
    const slowOutcome = await slow.outcome;
    expect(slowOutcome).toMatchObject({ complete: true });
    outcomes.push(slowOutcome);
    const { code, at } = await exited;
    expect(code).toBe(0);
    expect(at - sentAt).toBeLessThan(EXIT_WITHIN_MS);

    const answered = outcomes.filter((o): o is { status: number; complete: boolean } => 'status' in o);
    const log = lines.flatMap((line) => {
      try {
        return [JSON.parse(line) as { msg?: string; path?: string; status?: unknown; time?: number }];
      } catch {
        return [];
      }
    });
    // The server logs each request it read when its response ends (or `aborted` when cut).
    const served = log.filter(
      (entry) => entry.msg === 'request' && entry.path?.startsWith('/api/evaluations'),
    );
    expect(served.length).toBeGreaterThan(total / 3);
    expect(served.filter((entry) => typeof entry.status !== 'number')).toEqual([]);
    expect(log.filter((entry) => /shutdown (step )?failed/.test(entry.msg ?? ''))).toEqual([]);
    // Every request the server read was answered in full, those in flight at SIGTERM included.
    expect(answered.length).toBe(served.length);
    expect(answered.every((o) => o.complete && [200, 201, 404, 409].includes(o.status))).toBe(true);
    const stopping = log.find((entry) => entry.msg === 'shutting down')?.time ?? Number.POSITIVE_INFINITY;
    expect(served.filter((entry) => (entry.time ?? 0) >= stopping).length).toBeGreaterThan(0);
    // The others failed before the server read them: a refused connection, or one reset at the
    // close before its request was read; never a response cut halfway.
    const failed = outcomes.filter((o): o is { error: string } => 'error' in o).map((o) => o.error);
    expect(failed.filter((e) => e !== 'ECONNREFUSED' && e !== 'ECONNRESET')).toEqual([]);

    const store = await openStore(database);
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
    try {
      for (const queue of QUEUE_NAMES) expect(await redis.llen(`${prefix}:${queue}:active`), queue).toBe(0);
      const missing = async () => {
        const rows = await outboxRows(store);
        const lost: string[] = [];
        for (const row of rows.filter((r) => r.relayed))
          if (!(await redis.exists(`${prefix}:${row.queue}:${row.key}`))) lost.push(row.key);
        return { lost, pending: rows.filter((r) => !r.relayed).length, rows: rows.length };
      };
      const before = await missing();
      expect(before.rows).toBeGreaterThan(0);
      expect(before.lost).toEqual([]);
      // The next start relays what was still waiting.
      const queue = new BullMqJobQueue({
        connectionUrl: TEST_REDIS_URL,
        prefix,
        definitions: jobDefinitions,
      });
      await relayOutbox({ store, queue, clock: systemClock });
      await queue.close();
      expect(await missing()).toEqual({ lost: [], pending: 0, rows: before.rows });
    } finally {
      redis.disconnect();
      await store.close();
    }
  }, 60_000);
});

describe('SIGTERM while the product is still starting', () => {
  const sandbox = productSandbox('sigterm-start');

  it('stops what it started (HTTP already answers, workers run) and exits 0', async () => {
    const { child, lines, port } = await sandbox.start();
    const prefix = sandbox.prefix;
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    // HTTP answers before the platforms are connected: SIGTERM lands in the middle of the start.
    await healthy(port, 2, 30_000);
    child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    const messages = lines.flatMap((line) => {
      try {
        return [(JSON.parse(line) as { msg?: string }).msg ?? ''];
      } catch {
        return [];
      }
    });
    expect(messages).toContain('shutting down');
    expect(messages.filter((m) => /shutdown (step )?failed/.test(m))).toEqual([]);
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
    try {
      for (const queue of QUEUE_NAMES) expect(await redis.llen(`${prefix}:${queue}:active`), queue).toBe(0);
    } finally {
      redis.disconnect();
    }
  }, 60_000);
});

describe('SIGTERM with SHUTDOWN_DELAY_MS, as behind a load balancer', () => {
  const sandbox = productSandbox('sigterm-delay');

  it('says draining on /readyz and still serves requests for the delay, then drains and exits 0', async () => {
    const { child, port } = await sandbox.start({ SHUTDOWN_DELAY_MS: '1500' });
    await healthy(port, 20, 30_000);
    await waitFor(async () => {
      const ready = await call(port, 'GET', '/readyz');
      return 'status' in ready && ready.status === 200;
    }, 30_000);
    const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
      child.once('exit', (code) => resolve({ code, at: Date.now() })),
    );
    const sentAt = Date.now();
    child.kill('SIGTERM');
    await waitFor(
      async () => {
        const ready = await call(port, 'GET', '/readyz');
        return 'status' in ready && ready.status === 503;
      },
      1_000,
      10,
    );
    // New connections are still accepted and answered while balancers take the instance out.
    const body = JSON.stringify({ student: 'stu-emma', project: 'web-1-portfolio' });
    expect(await call(port, 'POST', '/api/evaluations', body)).toMatchObject({ status: 201, complete: true });
    expect(await call(port, 'GET', '/healthz')).toMatchObject({ status: 200 });
    const { code, at } = await exited;
    expect(code).toBe(0);
    expect(at - sentAt).toBeGreaterThanOrEqual(1_500);
    expect(at - sentAt).toBeLessThan(1_500 + EXIT_WITHIN_MS);
  }, 60_000);
});
