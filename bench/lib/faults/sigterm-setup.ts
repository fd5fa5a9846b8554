/**
 * What the SIGTERM fault case runs against: a generated organisation, the product started as
 * `npm start` does in a child process (local-workspace mode, its own SQLite file and queue prefix),
 * and a plain HTTP client that tells an answer from a refused, reset or cut connection.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { type IncomingMessage, request } from 'node:http';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Organisation } from '../../../src/domain/model.ts';
import { faultSchool } from './fault-school.ts';

/** The bearer token of the HTTP API the child is started with. */
export const API_TOKEN = 'bench-sigterm-api-token-0123456789';
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const PROJECTS = 4;

/** `students` students on one path of four projects, 60 assessors on Slack (every third on Discord too). */
export function sigtermOrganisation(students: number): Organisation {
  return faultSchool({
    name: 'Shutdown School',
    projects: PROJECTS,
    rubric: [{ id: 'quality', title: 'Quality' }],
    assessors: 60,
    assessor: (i) => ({
      platforms: {
        slack: `U0AS${String(i + 1).padStart(4, '0')}`,
        ...(i % 3 === 0 ? { discord: String(100_000_000_000_000_000n + BigInt(i)) } : {}),
      },
    }),
    mentors: 10,
    students,
  });
}

/** Every (student, project) pair of the organisation, each requested once at most. */
export function pairsOf(org: Organisation): [string, string][] {
  return org.students.flatMap((s) => org.projects.map((p): [string, string] => [s.id, p.id]));
}

/** A TCP port free on loopback right now. */
export function freePort(): Promise<number> {
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

/** A JSON line of the child's log (pino). */
export type LogLine = { msg?: string; method?: string; path?: string; status?: unknown; time?: number };

/** The product in a child process, its log lines, and how it ended. */
export type Product = {
  child: ChildProcess;
  port: number;
  log: LogLine[];
  /** Lines that are not JSON (stderr, a crash). */
  other: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
};

/** Starts `src/main/start.ts` (what `npm start` runs) with no platform credentials: the local workspace. */
export function startProduct(env: {
  port: number;
  database: string;
  redis: string;
  prefix: string;
}): Product {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/start.ts'], {
    cwd: REPO,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: String(env.port),
      DATABASE_URL: env.database,
      REDIS_URL: env.redis,
      QUEUE_PREFIX: env.prefix,
      API_TOKEN,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: LogLine[] = [];
  const other: string[] = [];
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      try {
        log.push(JSON.parse(line) as LogLine);
      } catch {
        if (line.trim()) other.push(line);
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => other.push(chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  return { child, port: env.port, log, other, exited };
}

/** Kills the child if it still runs (a case that failed half-way must not leave it behind). */
export function killProduct(product: Product | undefined): void {
  if (product && product.child.exitCode === null && product.child.signalCode === null)
    product.child.kill('SIGKILL');
}

/** How one request ended: a whole answer, or the connection's error code. */
export type Outcome = { status: number; body: string; complete: boolean } | { error: string };

/** One request on a connection of its own (no keep-alive), as a load balancer's fresh connection. */
export function call(port: number, method: string, path: string, body?: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const headers = { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' };
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) =>
      readAnswer(res, resolve),
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end(body);
  });
}

/** Reads a whole response into an outcome; one cut after it started is what a drain must never do. */
function readAnswer(res: IncomingMessage, resolve: (outcome: Outcome) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => {
    const text = Buffer.concat(chunks).toString('utf8');
    resolve({ status: res.statusCode ?? 0, body: text, complete: isJsonObject(text) });
  });
  res.on('error', (error: NodeJS.ErrnoException) => resolve({ error: `cut ${error.code ?? error.message}` }));
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null;
  } catch {
    return false;
  }
}

/** A POST whose body is sent in two parts: still being received until `finish` is called. */
export function slowCall(port: number, body: string): { finish(): void; outcome: Promise<Outcome> } {
  let finish = () => {};
  const outcome = new Promise<Outcome>((resolve) => {
    const req = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/evaluations',
      agent: false,
      headers: {
        authorization: `Bearer ${API_TOKEN}`,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
      },
    });
    req.on('response', (res) => readAnswer(res, resolve));
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.write(body.slice(0, 10));
    finish = () => req.end(body.slice(10));
  });
  return { finish, outcome };
}

/** Resolves once `check` holds, polling every 50 ms; false after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/**
 * Waits until the child has started: it answers `/healthz` and its last start step (the Discord bot
 * on the local workspace's gateway) is done. `src/main/start.ts` handles SIGTERM only from then on;
 * false when it exited or took longer than `ms`.
 */
export function started(product: Product, ms: number): Promise<boolean> {
  const running = () => product.child.exitCode === null && product.child.signalCode === null;
  return until(async () => {
    if (!running()) return true;
    if (!product.log.some((line) => line.msg === 'discord bot connected')) return false;
    const answer = await call(product.port, 'GET', '/healthz');
    return 'status' in answer && answer.status === 200;
  }, ms).then((ok) => ok && running());
}
