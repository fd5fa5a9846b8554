/**
 * Fault case: a worker SIGKILLed mid-job → exactly one delivery (DESIGN §8), the load version of
 * `test/integration/worker-crash.test.ts`. A worker child process (the real worker runtime with the
 * dossier jobs, a private Redis prefix, a SQLite file store) compiles a few hundred dossiers; it is
 * SIGKILLed once about a third are delivered, with jobs active, and a fresh worker takes over. Every
 * upload is appended to a file with the pid of the worker that made it; each student's dossier (its
 * PDF and its Markdown in the jury channel) must be there exactly once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assembleDossierJob } from '../../../jobs/assemble-dossier.ts';
import { compileDossierJob } from '../../../jobs/compile-dossier.ts';
import { renderDossierSectionJob } from '../../../jobs/render-dossier-section.ts';
import { BullMqJobQueue } from '../../../src/adapters/bullmq/bullmq-job-queue.ts';
import type { JobDefinition } from '../../../src/app/job-definition.ts';
import { openStore } from '../../../src/store/open-store.ts';
import { dossierOrganisation, fillDossierStore, JURY_CHANNEL } from '../dossier-case.ts';
import { BENCH_REDIS_URL, benchPrefix, deletePrefix } from '../redis.ts';
import type { BenchContext } from '../types.ts';
import type { FaultCase, FaultOutcome } from './fault-case.ts';
import type { WorkerKillDelivery } from './worker-kill-child.ts';

const DOSSIER_JOBS: JobDefinition[] = [compileDossierJob, renderDossierSectionJob, assembleDossierJob];
const CHILD = fileURLToPath(new URL('./worker-kill-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** BullMQ's lock and stalled check, shortened from 30 s so recovery takes seconds. */
const LOCK_MS = 2_000;
const STALLED_MS = 1_000;
/** Time left after the last expected upload for a duplicate to show up before counting. */
const GRACE_MS = 1_500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A worker child and what its stdout said: ready, stalled jobs recovered, jobs failed. */
type Worker = {
  child: ChildProcess;
  ready: Promise<void>;
  exited: Promise<void>;
  stalled: number;
  failed: string[];
};

function startWorker(env: Record<string, string>): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const worker: Worker = { child, ready: Promise.resolve(), exited, stalled: 0, failed: [] };
  worker.ready = new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready') resolve();
        else if (line.includes('job stalled')) worker.stalled += 1;
        else if (line.includes('"job failed"')) worker.failed.push(line.slice(0, 300));
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2_000);
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`worker exited before ready (${signal ?? code}): ${stderr.trim()}`)),
    );
  });
  // Once ready, a later exit must not surface as an unhandled rejection.
  worker.ready.catch(() => {});
  return worker;
}

/** Stops a worker: SIGTERM, then SIGKILL if it has not exited within `ms`. */
async function stopWorker(worker: Worker, ms = 10_000): Promise<void> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
  worker.child.kill('SIGTERM');
  const force = setTimeout(() => worker.child.kill('SIGKILL'), ms);
  await worker.exited;
  clearTimeout(force);
}

function readDeliveries(path: string): { deliveries: WorkerKillDelivery[]; torn: number } {
  if (!existsSync(path)) return { deliveries: [], torn: 0 };
  const deliveries: WorkerKillDelivery[] = [];
  let torn = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line) continue;
    try {
      deliveries.push(JSON.parse(line) as WorkerKillDelivery);
    } catch {
      torn += 1; // A line cut by the kill; counted in the notes, never as a delivery.
    }
  }
  return { deliveries, torn };
}

/** Uploads per student and file kind (`stu-7 pdf` → 1), jury channel only. */
function uploadsByFile(deliveries: WorkerKillDelivery[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of deliveries) {
    const match = d.kind === 'file' && d.to === JURY_CHANNEL && d.filename?.match(/^(.+)-dossier\.(pdf|md)$/);
    if (!match) continue;
    const key = `${match[1]} ${match[2]}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Dossiers whose Markdown (uploaded after the PDF) is there: delivered ones. */
const deliveredCount = (path: string) =>
  readDeliveries(path).deliveries.filter((d) => d.kind === 'file' && d.filename?.endsWith('.md')).length;

async function waitUntil(check: () => boolean | Promise<boolean>, ms: number, every = 50): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(every);
  }
  return check();
}

async function run({ quick, workDir, log }: BenchContext): Promise<FaultOutcome> {
  const started = performance.now();
  const count = quick ? 60 : 300;
  const killAt = Math.round(count / 3);
  const students = Array.from({ length: count }, (_, i) => `stu-${i + 1}`);
  const databaseUrl = `sqlite:${join(workDir, 'worker-kill.db')}`;
  const deliveriesPath = join(workDir, 'worker-kill-deliveries.jsonl');
  const prefix = benchPrefix();
  const store = await openStore(databaseUrl);
  const queue = new BullMqJobQueue({ connectionUrl: BENCH_REDIS_URL, prefix, definitions: DOSSIER_JOBS });
  const workers: Worker[] = [];
  try {
    await store.migrate();
    await fillDossierStore(store, dossierOrganisation(count));
    log(`worker-kill: store filled with ${count} students × 8 reports`);
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: BENCH_REDIS_URL,
      PREFIX: prefix,
      DELIVERIES: deliveriesPath,
      LOCK_MS: String(LOCK_MS),
      STALLED_MS: String(STALLED_MS),
    };
    const first = startWorker(env);
    workers.push(first);
    await first.ready;
    for (let i = 0; i < students.length; i += 50) {
      await Promise.all(
        students.slice(i, i + 50).map((student) =>
          queue.enqueue({
            queue: 'dossier',
            name: 'compile-dossier',
            id: `compile-dossier-${student}`,
            payload: { student, reason: 'requested' },
          }),
        ),
      );
    }
    const loaded = performance.now();

    if (!(await waitUntil(() => deliveredCount(deliveriesPath) >= killAt, 45_000, 20))) {
      throw new Error(`only ${deliveredCount(deliveriesPath)} dossiers delivered before the kill deadline`);
    }
    first.child.kill('SIGKILL');
    await first.exited;
    const killed = performance.now();
    const killedAt = Date.now();
    const atKill = deliveredCount(deliveriesPath);
    // The dead worker's jobs stay active in Redis until a live worker finds them stalled.
    const dossierQueue = queue.queues.get('dossier');
    const active = (await dossierQueue?.getActive()) ?? [];
    const activeNames = new Map<string, number>();
    for (const job of active) activeNames.set(job.name, (activeNames.get(job.name) ?? 0) + 1);
    const activeAtKill = `${active.length} jobs active (${[...activeNames].map(([n, k]) => `${k} ${n}`).join(', ')})`;
    log(`worker-kill: SIGKILL after ${atKill} dossiers delivered, ${activeAtKill}`);

    const second = startWorker(env);
    workers.push(second);
    await second.ready;
    const complete = () => {
      const counts = uploadsByFile(readDeliveries(deliveriesPath).deliveries);
      return students.every((s) => counts.has(`${s} pdf`) && counts.has(`${s} md`));
    };
    const idle = async () => {
      const c = (await dossierQueue?.getJobCounts('active', 'waiting', 'delayed', 'waiting-children')) ?? {};
      return Object.values(c).every((n) => n === 0);
    };
    const finished = await waitUntil(async () => complete() && (await idle()), quick ? 20_000 : 45_000, 100);
    const done = performance.now();
    await sleep(GRACE_MS);

    const { deliveries, torn } = readDeliveries(deliveriesPath);
    const counts = uploadsByFile(deliveries);
    let seen = 0;
    let duplicated = 0;
    let extraUploads = 0;
    for (const s of students) {
      const pdf = counts.get(`${s} pdf`) ?? 0;
      const md = counts.get(`${s} md`) ?? 0;
      if (pdf >= 1 && md >= 1) seen += 1;
      if (pdf > 1 || md > 1) duplicated += 1;
      extraUploads += Math.max(0, pdf - 1) + Math.max(0, md - 1);
    }
    const known = new Set(students.flatMap((s) => [`${s} pdf`, `${s} md`]));
    const strays = [...counts.keys()].filter((k) => !known.has(k)).length;
    const byFirst = deliveries.filter((d) => d.kind === 'file' && d.pid === first.child.pid).length;
    const bySecond = deliveries.filter((d) => d.kind === 'file' && d.pid === second.child.pid).length;
    const statuses = new Map<string, number>();
    for (const s of students) {
      const status = (await store.dossiers.get(s))?.status ?? 'none';
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    const failedJobs = (await dossierQueue?.getFailedCount()) ?? 0;
    const secondFirst = deliveries.find((d) => d.pid === second.child.pid);
    const failures = [...first.failed, ...second.failed];

    const seconds = (performance.now() - started) / 1000;
    return {
      name: 'worker SIGKILL mid-dossier',
      load:
        `${count} dossiers (8 reports each, PDF + Markdown), worker SIGKILLed after ${atKill} delivered ` +
        `with ${activeAtKill}, a fresh worker finishing the rest`,
      expected: count,
      seen,
      lost: count - seen,
      duplicated: duplicated + strays,
      seconds,
      notes: [
        `Counted from the uploads each worker appended (with its pid) to a file: a dossier is seen when its PDF and ` +
          `its Markdown reached the jury channel, duplicated when either arrived more than once ` +
          `(${extraUploads} extra uploads; ${strays} unexpected files; ${torn} torn lines). ` +
          `Killed worker uploaded ${byFirst} files, the fresh one ${bySecond}.`,
        `Recovery: BullMQ lockDuration ${LOCK_MS} ms, stalledInterval ${STALLED_MS} ms (30 s each in production); ` +
          `the fresh worker reported ${second.stalled} stalled jobs run again; ` +
          `its first upload came ${secondFirst ? `${((secondFirst.at - killedAt) / 1000).toFixed(1)} s` : 'never'} after the kill; ` +
          `all delivered ${((done - killed) / 1000).toFixed(1)} s after the kill ` +
          `(${((killed - loaded) / 1000).toFixed(1)} s from enqueue to kill). ${finished ? '' : 'Timed out waiting for the queue to drain. '}` +
          `Store: ${[...statuses].map(([k, v]) => `${v} ${k}`).join(', ')}; ${failedJobs} failed jobs in the queue` +
          `${failures.length ? `; failures: ${failures.slice(0, 3).join(' | ')}` : ''}.`,
      ],
    };
  } finally {
    for (const worker of workers) await stopWorker(worker);
    await queue.close();
    await store.close();
    await deletePrefix(prefix);
  }
}

/** A worker SIGKILLed a third of the way through a few hundred dossiers; each must be delivered once. */
export const workerKillCase: FaultCase = { name: 'worker SIGKILL mid-dossier', run };
