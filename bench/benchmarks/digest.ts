/**
 * Digest (DESIGN §7): the curriculum digest of every project over 100,000 reports in a SQLite file
 * store, `loadDigest` and the channel messages, timed (median of three runs, the first one cold
 * reported apart) with the process's peak RSS read right after. Comparison: the same aggregation and
 * messages over the same reports already in memory (pure domain), so the ratio is the store's share.
 */
import { join } from 'node:path';
import { loadDigest } from '../../src/app/load-digest.ts';
import { createDigestAccumulator, type Digest, digestPeriods } from '../../src/domain/digest.ts';
import type { Report } from '../../src/domain/model.ts';
import { openStore } from '../../src/store/open-store.ts';
import { digestMessages } from '../../src/views/digest-views.ts';
import type { MessageView } from '../../src/views/view-model.ts';
import { digestOrganisation, generateReports, SINCE, UNTIL } from '../lib/digest-case.ts';
import { median } from '../lib/random.ts';
import type { BenchContext, Benchmark, BenchResult } from '../lib/types.ts';

const GOAL_SECONDS = 2;
const GOAL_RSS_MB = 400;
const BATCH = 2_000;

const reportCount = (quick: boolean) => (quick ? 20_000 : 100_000);
const databaseUrl = (workDir: string) => `sqlite:${join(workDir, 'digest.db')}`;

async function prepare({ quick, workDir, log }: BenchContext): Promise<void> {
  const started = performance.now();
  const store = await openStore(databaseUrl(workDir));
  await store.migrate();
  const org = digestOrganisation();
  await store.org.importOrganisation(org);
  let batch: ReturnType<typeof generateReports> extends Generator<infer T> ? T[] : never = [];
  const flush = async () => {
    const rows = batch;
    batch = [];
    await store.transaction(async (tx) => {
      for (const { evaluation, versions } of rows) {
        await tx.evaluations.insert(evaluation);
        for (const version of versions) await tx.reports.insert(version);
      }
    });
  };
  for (const generated of generateReports(org, reportCount(quick))) {
    batch.push(generated);
    if (batch.length === BATCH) await flush();
  }
  await flush();
  await store.close();
  log(
    `store filled with ${reportCount(quick)} reports in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

type Timed = { digest: Digest; messages: MessageView[]; seconds: number };

async function fromStore(workDir: string): Promise<Timed> {
  const store = await openStore(databaseUrl(workDir));
  try {
    const started = performance.now();
    const digest = await loadDigest(store, { project: null, since: SINCE, until: UNTIL });
    const messages = digestMessages(digest, 'en');
    return { digest, messages, seconds: (performance.now() - started) / 1000 };
  } finally {
    await store.close();
  }
}

/** The same digest over reports held in memory: the accumulator and the messages only. */
function fromMemory(reports: readonly { report: Report; project: string; attempt: number }[]): Timed {
  const org = digestOrganisation();
  const { period, previous } = digestPeriods({ since: SINCE, until: UNTIL });
  const started = performance.now();
  const accumulator = createDigestAccumulator({
    projects: org.projects,
    period,
    previous,
    names: [...org.people.map((p) => p.name), ...org.students.map((s) => s.name)],
  });
  for (const r of reports) accumulator.add(r.report, r);
  const digest = accumulator.finish();
  const messages = digestMessages(digest, 'en');
  return { digest, messages, seconds: (performance.now() - started) / 1000 };
}

function mb(kilobytes: number): number {
  return Math.round(kilobytes / 1024);
}

async function run({ quick, workDir, log }: BenchContext): Promise<BenchResult> {
  const count = reportCount(quick);
  const rssBefore = mb(process.resourceUsage().maxRSS);
  const runs: Timed[] = [];
  for (let i = 0; i < 3; i++) {
    runs.push(await fromStore(workDir));
    log(`from the store: ${runs.at(-1)?.seconds.toFixed(2)} s`);
  }
  const peakRss = mb(process.resourceUsage().maxRSS);
  const seconds = median(runs.map((r) => r.seconds));
  const cold = runs[0]?.seconds ?? 0;
  const stored = runs.at(-1);

  const org = digestOrganisation();
  const inMemory: { report: Report; project: string; attempt: number }[] = [];
  for (const { evaluation, versions } of generateReports(org, count)) {
    const latest = versions.at(-1);
    if (latest) inMemory.push({ report: latest, project: evaluation.project, attempt: evaluation.attempt });
  }
  fromMemory(inMemory); // warm-up, as the store runs had
  const memory = fromMemory(inMemory);
  log(`in memory: ${memory.seconds.toFixed(2)} s`);
  const same = stored !== undefined && JSON.stringify(stored.messages) === JSON.stringify(memory.messages);
  const reported = stored?.digest.projects.reduce((n, p) => n + p.reports + p.previousReports, 0) ?? 0;

  const timeMet = seconds <= GOAL_SECONDS;
  const rssMet = peakRss <= GOAL_RSS_MB;
  return {
    figure: seconds,
    unit: 's',
    comparison: { figure: memory.seconds, label: 'same aggregation over reports in memory' },
    ratio: seconds / memory.seconds,
    ratioLabel: '× in-memory',
    goal: `≤ ${GOAL_SECONDS} s, peak RSS ≤ ${GOAL_RSS_MB} MB`,
    met: timeMet && rssMet && same,
    metrics: [
      {
        name: 'peak RSS during the digest',
        value: peakRss,
        unit: 'MB',
        goal: `≤ ${GOAL_RSS_MB}`,
        met: rssMet,
      },
      { name: 'first (cold) run', value: cold, unit: 's' },
      { name: 'reports counted', value: reported, unit: `of ${count.toLocaleString('en-US')}` },
      {
        name: 'same messages as in memory',
        value: same ? 1 : 0,
        unit: same ? '(yes)' : '(no)',
        goal: '1',
        met: same,
      },
    ],
    notes: [
      `${count.toLocaleString('en-US')} reports (5 % amended once) over 12 projects × 5 criteria, two-week period ` +
        'and the two weeks before; every project digested (one message each); median of 3 runs.',
      'The store side reads `ReportRepository.scanLatest`: pages of 2,000 rows of `report_digests` (each ' +
        "report's latest version reduced to verdicts, outcome, doubt and curriculum feedback) joined to their " +
        'evaluation; what remains of the ratio is those reads, the JSON of each row and the query builder. ' +
        'The aggregation itself is bound by reading and clustering the free text (the in-memory figure).',
      `Peak RSS is the whole process's (Node and tsx ≈ ${rssBefore} MB before the first run), read after the store runs ` +
        'and before the in-memory comparison is generated.',
    ],
  };
}

const benchmark: Benchmark = {
  name: 'digest',
  goal: `≤ ${GOAL_SECONDS} s; peak RSS ≤ ${GOAL_RSS_MB} MB`,
  prepare,
  run,
};
export default benchmark;
