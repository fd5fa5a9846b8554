/**
 * Runs one phase (`prepare` or `run`) of one benchmark file in this process and writes the outcome
 * as JSON to `--result`: the benchmark's result and this process's peak RSS. Started by `run.ts`
 * as `node --import tsx bench/lib/child.ts --file … --phase … --work … --result … [--quick]`.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { BenchContext, Benchmark, BenchResult } from './types.ts';

/** What the child writes to the result file. */
export type ChildOutcome =
  | { ok: true; result: BenchResult | null; maxRssKb: number }
  | { ok: false; error: string; maxRssKb: number };

function isBenchmark(value: unknown): value is Benchmark {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof Reflect.get(value, 'name') === 'string' &&
    typeof Reflect.get(value, 'run') === 'function'
  );
}

const { values } = parseArgs({
  options: {
    file: { type: 'string' },
    phase: { type: 'string' },
    work: { type: 'string' },
    result: { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
});
const { file, phase, work, result: resultFile } = values;
if (!file || !work || !resultFile || (phase !== 'prepare' && phase !== 'run')) {
  process.stderr.write(
    'usage: child.ts --file <benchmark.ts> --phase prepare|run --work <dir> --result <file>\n',
  );
  process.exit(2);
}

const write = (outcome: ChildOutcome) => writeFileSync(resultFile, JSON.stringify(outcome));
try {
  const module: unknown = await import(pathToFileURL(resolve(file)).href);
  const benchmark = typeof module === 'object' && module !== null ? Reflect.get(module, 'default') : null;
  if (!isBenchmark(benchmark)) throw new Error(`${file} has no default export shaped as a Benchmark`);
  const context: BenchContext = {
    quick: values.quick ?? false,
    workDir: work,
    log: (message) => process.stderr.write(`  [${benchmark.name}] ${message}\n`),
  };
  let result: BenchResult | null = null;
  if (phase === 'prepare') await benchmark.prepare?.(context);
  else result = await benchmark.run(context);
  write({ ok: true, result, maxRssKb: process.resourceUsage().maxRSS });
  // Open handles a benchmark forgot (a socket, a timer) must not keep the run waiting.
  process.exit(0);
} catch (error) {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  write({ ok: false, error: message, maxRssKb: process.resourceUsage().maxRSS });
  process.exit(1);
}
