/**
 * Faults under load (DESIGN §8, the load versions of the fault tests): duplicates, a worker
 * SIGKILLed mid-job, Redis down for 10 s, database errors during submission, SIGTERM during load.
 * Each case runs the real product path with its fault injected and counts what the product left
 * behind; the goal is every expected effect exactly once (0 lost, 0 duplicated or half-written).
 */
import { databaseErrorCase } from '../lib/faults/database-error.ts';
import { duplicatesCase } from '../lib/faults/duplicates.ts';
import type { FaultCase, FaultOutcome } from '../lib/faults/fault-case.ts';
import { redisOutageCase } from '../lib/faults/redis-outage.ts';
import { sigtermCase } from '../lib/faults/sigterm.ts';
import { workerKillCase } from '../lib/faults/worker-kill.ts';
import type { BenchContext, BenchMetric, Benchmark, BenchResult } from '../lib/types.ts';

const CASES: FaultCase[] = [duplicatesCase, workerKillCase, redisOutageCase, databaseErrorCase, sigtermCase];

const exact = (o: FaultOutcome) => o.lost === 0 && o.duplicated === 0 && o.seen === o.expected;

async function runCase(fault: FaultCase, context: BenchContext): Promise<FaultOutcome> {
  context.log(`${fault.name}…`);
  const outcome = await fault.run(context);
  context.log(
    `${outcome.name}: ${outcome.seen}/${outcome.expected} effects, ${outcome.lost} lost, ` +
      `${outcome.duplicated} duplicated, ${outcome.seconds.toFixed(1)} s`,
  );
  return outcome;
}

async function run(context: BenchContext): Promise<BenchResult> {
  const outcomes: FaultOutcome[] = [];
  for (const fault of CASES) outcomes.push(await runCase(fault, context));
  const held = outcomes.filter(exact).length;
  const metrics: BenchMetric[] = outcomes.flatMap((o) => [
    {
      name: `${o.name}: lost + duplicated (${o.seen}/${o.expected} effects)`,
      value: o.lost + o.duplicated,
      unit: 'effects',
      goal: '0',
      met: exact(o),
    },
    { name: `${o.name}: time`, value: o.seconds, unit: 's' },
  ]);
  return {
    figure: held,
    unit: 'faults',
    comparison: { figure: outcomes.length, label: 'injected; the figure: those with every effect once' },
    ratio: held / outcomes.length,
    ratioLabel: 'held',
    goal: '0 lost, 0 duplicated in every case',
    met: held === outcomes.length,
    metrics,
    notes: outcomes.flatMap((o) => [`${o.name} — ${o.load}.`, ...o.notes]),
  };
}

const benchmark: Benchmark = {
  name: 'faults',
  goal: 'every fault under load: 0 lost, 0 duplicated',
  run,
};
export default benchmark;
