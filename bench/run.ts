/**
 * `npm run bench [-- --only <name>[,<name>…]] [-- --quick]`: runs every benchmark of
 * `bench/benchmarks/` (the DESIGN §7 numbers), each in child processes of its own, prints one
 * table (figure, comparison, ratio, goal, met) and writes `bench/results/latest.json`
 * (`quick.json` for a quick run). A `--only` run updates its benchmarks' entries and keeps the others.
 */
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ChildOutcome } from './lib/child.ts';
import { type BenchSummary, machineInfo, renderTable } from './lib/report.ts';
import type { BenchEntry } from './lib/types.ts';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = dirname(benchDir);
/** DESIGN §7's order; benchmarks not listed run after these, by name. */
const ORDER = ['slack-ack', 'assignment', 'dossier', 'dm-fanout', 'digest'];
/** A phase that runs longer than this is killed and reported as failed. */
const PHASE_TIMEOUT_MS = 240_000;

const { values } = parseArgs({
  options: { only: { type: 'string', multiple: true }, quick: { type: 'boolean', default: false } },
});
const quick = values.quick ?? false;
const only = new Set((values.only ?? []).flatMap((v) => v.split(',')).filter((v) => v !== ''));

const available = readdirSync(join(benchDir, 'benchmarks'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => basename(f, '.ts'))
  .sort((a, b) => {
    const rank = (n: string) => (ORDER.includes(n) ? ORDER.indexOf(n) : ORDER.length);
    return rank(a) - rank(b) || a.localeCompare(b);
  });
const unknown = [...only].filter((n) => !available.includes(n));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; available: ${available.join(', ')}\n`);
  process.exit(2);
}
const selected = available.filter((n) => only.size === 0 || only.has(n));

type PhaseOutcome = { outcome: ChildOutcome; seconds: number };

/** Runs one phase in a child process (the benchmark's own heap) and reads what it wrote. */
function runPhase(name: string, phase: 'prepare' | 'run', workDir: string): Promise<PhaseOutcome> {
  const resultFile = join(workDir, `.${phase}-result.json`);
  const args = [
    '--import',
    'tsx',
    join(benchDir, 'lib', 'child.ts'),
    '--file',
    join(benchDir, 'benchmarks', `${name}.ts`),
    '--phase',
    phase,
    '--work',
    workDir,
    '--result',
    resultFile,
    ...(quick ? ['--quick'] : []),
  ];
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), PHASE_TIMEOUT_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      if (existsSync(resultFile)) {
        const outcome: ChildOutcome = JSON.parse(readFileSync(resultFile, 'utf8'));
        resolve({ outcome, seconds });
        return;
      }
      const why =
        signal === 'SIGKILL' ? `killed after ${PHASE_TIMEOUT_MS / 1000} s` : `exit ${code ?? signal}`;
      resolve({
        outcome: { ok: false, error: `${phase} ended without a result (${why})`, maxRssKb: 0 },
        seconds,
      });
    });
  });
}

async function runBenchmark(name: string): Promise<BenchEntry> {
  const workDir = mkdtempSync(join(tmpdir(), `desk-bench-${name}-`));
  const entry: BenchEntry = { name, goal: '', ok: false };
  try {
    process.stderr.write(`▶ ${name}${quick ? ' (quick)' : ''}\n`);
    // A benchmark without a prepare step makes this child a no-op (about a second to start).
    const prepared = await runPhase(name, 'prepare', workDir);
    entry.prepareSeconds = round(prepared.seconds);
    if (!prepared.outcome.ok) {
      entry.error = prepared.outcome.error;
      return entry;
    }
    const ran = await runPhase(name, 'run', workDir);
    entry.runSeconds = round(ran.seconds);
    entry.peakRssMb = Math.round(ran.outcome.maxRssKb / 1024);
    if (!ran.outcome.ok) entry.error = ran.outcome.error;
    else if (ran.outcome.result) {
      entry.ok = true;
      entry.goal = ran.outcome.result.goal;
      entry.result = ran.outcome.result;
    }
    return entry;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

function round(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}

const entries: BenchEntry[] = [];
for (const name of selected) {
  const entry = await runBenchmark(name);
  entries.push(entry);
  process.stderr.write(
    `  ${entry.ok ? 'done' : 'FAILED'} in ${round((entry.prepareSeconds ?? 0) + (entry.runSeconds ?? 0))} s\n`,
  );
}

process.stdout.write(`\n${renderTable(entries)}\n`);

const date = new Date().toISOString();
const resultsDir = join(benchDir, 'results');
mkdirSync(resultsDir, { recursive: true });
const file = join(resultsDir, quick ? 'quick.json' : 'latest.json');
const machine = machineInfo();
let kept: BenchSummary['benchmarks'] = [];
if (only.size > 0 && existsSync(file)) {
  const previous: BenchSummary = JSON.parse(readFileSync(file, 'utf8'));
  // Figures from another machine would not compare: keep earlier entries only from this one.
  if (previous.machine.model === machine.model && previous.machine.cpus === machine.cpus) {
    kept = previous.benchmarks.filter((b) => !only.has(b.name));
  }
}
const summary: BenchSummary = {
  date,
  quick,
  machine,
  benchmarks: [...kept, ...entries.map((e) => ({ ...e, date }))].sort(
    (a, b) => available.indexOf(a.name) - available.indexOf(b.name),
  ),
};
writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
process.stdout.write(`\nwritten to ${file.slice(root.length + 1)}\n`);
process.exit(entries.every((e) => e.ok) ? 0 : 1);
