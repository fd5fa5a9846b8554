/**
 * A database error during submission (DESIGN §8), under load: the load version of the
 * database-error test of `test/integration/faults.test.ts`. The product's HTTP app with the Slack
 * app behind its request guard, a SQLite file store, the local Slack fake for the Web API; assessors
 * open their report modals with `/assess report <id>` and submit them through the fake's client
 * (signed `view_submission`s in Slack's payload shape), 20 assessors at a time. Every fifth
 * submission has one write inside its transaction fail once; the modal must stay open with the
 * error and nothing be written, and the assessor's second submit must then go through whole.
 */

import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { type AppContext, DEFAULT_POLICY } from '../../../src/app/context.ts';
import { t } from '../../../src/domain/catalog/index.ts';
import { systemClock } from '../../../src/ports/clock.ts';
import {
  createSlackWorkspace,
  SlackFakeClient,
  type SlackFakeView,
  type SlackWorkspace,
  startSlackFake,
} from '../../../src/sandbox/slack-fake/index.ts';
import { openStore } from '../../../src/store/open-store.ts';
import { eventsUrl, startSlackProduct } from '../slack-product.ts';
import type { BenchContext } from '../types.ts';
import {
  acceptedEvaluations,
  type FailingWrites,
  type FaultKind,
  failingWrites,
  faultOrganisation,
  JUSTIFICATION,
  type Planned,
  reportValues,
} from './database-error-setup.ts';
import type { FaultCase, FaultOutcome } from './fault-case.ts';

const NAME = 'database error during submission';
const CONCURRENCY = 20;
const SIGNING_SECRET = 'bench-fault-signing-secret-0123456789';
const BOT_TOKEN = 'xoxb-bench-fault-token';

/** What an evaluation's rows were before the load: the status change and outbox rows come after. */
type Baseline = { version: number; outbox: Set<string> };

/** What happened to one evaluation's submission (and its resubmission when the first one failed). */
type Submission = {
  plan: Planned;
  /** How the fake's client saw the answer: `closed`, `errors`, `failed`, … or `no modal`. */
  first: string;
  /** Each way the first answer differs from what the plan calls for. */
  wrong: string[];
  /** What a failed submission left in the store (should be nothing). */
  leftover: string[];
  /** The resubmission's answer, when the first one failed. */
  retry?: string;
  ms: number;
};

/** Read-only SQL on the database file: sees rows whatever the product's repositories would show. */
class Rows {
  readonly #db: BetterSqlite3.Database;
  constructor(file: string) {
    this.#db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  }
  evaluation(id: string): { status: string; version: number } | undefined {
    return this.#db.prepare('select status, version from evaluations where id = ?').get(id) as
      | { status: string; version: number }
      | undefined;
  }
  count(sql: string, ...args: string[]): number {
    return Number((this.#db.prepare(sql).get(...args) as { n: number }).n);
  }
  outboxKeys(id: string): string[] {
    const rows = this.#db
      .prepare(`select key from outbox where json_extract(payload, '$.evaluation') = ?`)
      .all(id) as { key: string }[];
    return rows.map((r) => r.key);
  }
  draft(id: string, author: string): string | undefined {
    const row = this.#db
      .prepare('select content from drafts where evaluation = ? and author = ?')
      .get(id, author);
    return (row as { content: string } | undefined)?.content;
  }
  close(): void {
    this.#db.close();
  }
}

const reportsOf = (rows: Rows, id: string) =>
  rows.count('select count(*) as n from reports where evaluation = ?', id);
const auditsOf = (rows: Rows, id: string) =>
  rows.count(`select count(*) as n from audit where subject = ? and action = 'report.submit'`, id);

/** What a failed submission left behind: anything but the evaluation as it was before. */
function leftBehind(rows: Rows, plan: Planned, base: Baseline): string[] {
  const found: string[] = [];
  const evaluation = rows.evaluation(plan.id);
  if (evaluation?.status !== 'accepted' || evaluation.version !== base.version)
    found.push(`status ${evaluation?.status} v${evaluation?.version}`);
  if (reportsOf(rows, plan.id) > 0) found.push('a report');
  for (const key of rows.outboxKeys(plan.id)) if (!base.outbox.has(key)) found.push(`outbox ${key}`);
  if (auditsOf(rows, plan.id) > 0) found.push('a report.submit audit entry');
  return found;
}

/** The effects a successful submission must have written, once each: missing and extra ones. */
function effects(rows: Rows, plan: Planned, base: Baseline): { missing: string[]; extra: string[] } {
  const missing: string[] = [];
  const extra: string[] = [];
  const status = plan.outcome === 'conditional' ? 'awaiting_resubmission' : plan.outcome;
  const evaluation = rows.evaluation(plan.id);
  if (evaluation?.status !== status) missing.push(`status ${status} (is ${evaluation?.status})`);
  // One submission is one status change: the evaluation's version moves by exactly one.
  const changes = (evaluation?.version ?? base.version) - base.version;
  if (changes > 1) extra.push(`${changes} status changes`);
  const reports = reportsOf(rows, plan.id);
  if (reports === 0) missing.push('the report');
  for (let n = 1; n < reports; n += 1) extra.push(`report #${n + 1}`);
  const audits = auditsOf(rows, plan.id);
  if (audits === 0) missing.push('the report.submit audit entry');
  for (let n = 1; n < audits; n += 1) extra.push(`audit entry #${n + 1}`);
  const wanted = [
    `mentor_summary.${plan.id}.v1`,
    ...(plan.studentOnPlatform ? [`student_feedback.${plan.id}.v1`] : []),
    ...(plan.outcome === 'conditional' ? [`resubmission_window.${plan.id}.`] : []),
  ];
  const added = rows.outboxKeys(plan.id).filter((key) => !base.outbox.has(key));
  const matches = (key: string, want: string) => (want.endsWith('.') ? key.startsWith(want) : key === want);
  for (const want of wanted) if (!added.some((key) => matches(key, want))) missing.push(`outbox ${want}`);
  for (const key of added) if (!wanted.some((want) => matches(key, want))) extra.push(`outbox ${key}`);
  if (rows.draft(plan.id, plan.assessor) !== undefined) missing.push('the draft deleted');
  return { missing, extra };
}

/** The report modal of `evaluation` once the app has opened it for `user` (views.open is after the ack). */
async function openedView(
  ws: SlackWorkspace,
  user: string,
  evaluation: string,
): Promise<SlackFakeView | null> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const view = ws.views.current(user);
    if (view?.privateMetadata.includes(`"${evaluation}"`)) return view;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return null;
}

type Load = { client: SlackFakeClient; ws: SlackWorkspace; rows: Rows; baseline: Map<string, Baseline> };

/** One assessor's evaluation: open the modal, submit it, and when it fails check it and submit again. */
async function submitOne(load: Load, plan: Planned): Promise<Submission> {
  const { client, ws, rows } = load;
  const base = load.baseline.get(plan.id) ?? { version: 0, outbox: new Set() };
  const opened = await client.slashCommand(plan.user, '/assess', `report ${plan.id}`);
  const view = opened.status === 200 ? await openedView(ws, plan.user, plan.id) : null;
  if (view === null)
    return { plan, first: 'no modal', wrong: ['the modal did not open'], leftover: [], ms: 0 };
  const values = reportValues(plan);
  const first = await client.submitView(plan.user, view.id, values);
  const result: Submission = { plan, first: first.outcome, wrong: [], leftover: [], ms: first.durationMs };
  if (plan.fault === null) {
    if (first.outcome !== 'closed')
      result.wrong.push(`answered ${first.outcome}: ${first.body.slice(0, 200)}`);
    return result;
  }
  if (first.outcome !== 'errors') {
    result.wrong.push(`answered ${first.outcome} to a failed write`);
    return result;
  }
  const block = view.blocks.find((b) => b.type === 'input')?.block_id;
  const expected = {
    response_action: 'errors',
    errors: { [String(block)]: t(plan.locale, 'slack.form.failed') },
  };
  if (JSON.stringify(first.json) !== JSON.stringify(expected)) result.wrong.push(`errors ${first.body}`);
  if (ws.views.current(plan.user)?.id !== view.id) result.wrong.push('the modal closed');
  // Checked at once, before anything else touches this evaluation.
  result.leftover = leftBehind(rows, plan, base);
  if (!rows.draft(plan.id, plan.assessor)?.includes(JUSTIFICATION.slice(0, 40)))
    result.wrong.push('what was typed was not kept as a draft');
  const retry = await client.submitView(plan.user, view.id, values);
  result.retry = retry.outcome;
  if (retry.outcome !== 'closed') result.wrong.push(`resubmission answered ${retry.outcome}`);
  return result;
}

/** `CONCURRENCY` assessors at a time, each submitting their own evaluations one after another. */
async function runLoad(load: Load, planned: readonly Planned[]): Promise<Submission[]> {
  const byUser = new Map<string, Planned[]>();
  for (const plan of planned) byUser.set(plan.user, [...(byUser.get(plan.user) ?? []), plan]);
  const queues = [...byUser.values()];
  const results: Submission[] = [];
  const worker = async () => {
    for (let next = queues.shift(); next !== undefined; next = queues.shift())
      for (const plan of next) results.push(await submitOne(load, plan));
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return results;
}

function tally(results: readonly Submission[], rows: Rows, baseline: Map<string, Baseline>) {
  let seen = 0;
  let lost = 0;
  let duplicated = 0;
  const problems: string[] = [];
  for (const r of results) {
    const base = baseline.get(r.plan.id) ?? { version: 0, outbox: new Set<string>() };
    const { missing, extra } = effects(rows, r.plan, base);
    duplicated += r.leftover.length + extra.length;
    const answeredOk = (r.retry ?? r.first) === 'closed';
    if (answeredOk && missing.length > 0) lost += 1;
    const whole =
      r.wrong.length === 0 && r.leftover.length === 0 && missing.length === 0 && extra.length === 0;
    if (whole) seen += 1;
    else
      problems.push(
        `${r.plan.id} (${r.plan.fault ?? 'no fault'}): ${[...r.wrong, ...r.leftover.map((l) => `left ${l}`), ...missing.map((m) => `missing ${m}`), ...extra.map((e) => `extra ${e}`)].join('; ')}`,
      );
  }
  return { seen, lost, duplicated, problems };
}

async function run(context: BenchContext): Promise<FaultOutcome> {
  const started = performance.now();
  const file = join(context.workDir, 'database-error.db');
  const store = await openStore(`sqlite:${file}`);
  const closers: (() => Promise<void> | void)[] = [() => store.close()];
  let failing: FailingWrites | undefined;
  try {
    await store.migrate();
    const org = faultOrganisation(context.quick ? 25 : 100);
    await store.org.importOrganisation(org);
    const ctx: AppContext = { store, clock: systemClock, policy: DEFAULT_POLICY };
    const planned = await acceptedEvaluations(ctx, org);
    const rows = new Rows(file);
    closers.push(() => rows.close());
    const baseline = new Map(
      planned.map((p) => [
        p.id,
        { version: rows.evaluation(p.id)?.version ?? 0, outbox: new Set(rows.outboxKeys(p.id)) },
      ]),
    );
    context.log(
      `${NAME}: ${planned.length} evaluations accepted in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const users = org.people.flatMap((p) =>
      p.platforms.slack ? [{ id: p.platforms.slack, name: p.id }] : [],
    );
    const ws = createSlackWorkspace({ users, botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET });
    const fake = await startSlackFake({ workspace: ws });
    closers.push(() => fake.close());
    const server = await startSlackProduct({
      ctx,
      apiUrl: fake.apiUrl,
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
    });
    closers.push(() => server.close());
    const client = new SlackFakeClient({
      workspace: ws,
      appUrl: eventsUrl(server),
    });
    const plan = new Map(planned.flatMap((p): [string, FaultKind][] => (p.fault ? [[p.id, p.fault]] : [])));
    failing = failingWrites(store, plan);
    const loadStarted = performance.now();
    const results = await runLoad({ client, ws, rows, baseline }, planned);
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    failing.restore();
    // The work after each answer (the confirmation DM, the Home tab) ends before the counting.
    await server.close();
    const counted = tally(results, rows, baseline);
    const kinds = new Map<FaultKind, number>();
    for (const kind of failing.fired.values()) kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    const slowest = Math.max(...results.map((r) => r.ms));
    const notes = [
      `Each assessor opens the modal with /assess report <id> (the app calls views.open on the local Slack fake) and ` +
        `submits it with the fake's client: a signed view_submission in Slack's payload shape, through the request ` +
        `guard, Bolt and the report use case into a SQLite file store; ${CONCURRENCY} assessors at a time, each ` +
        `one evaluation after another; ${loadSeconds.toFixed(1)} s for the load, slowest first answer ${slowest.toFixed(0)} ms.`,
      `Faults fired: ${[...kinds].map(([kind, n]) => `${n} on ${kind}`).join(', ')} (${failing.fired.size} of ${plan.size} planned), ` +
        'each once; a failed submission is checked at once from the database file (status still accepted and its ' +
        'version unchanged, no report, no new outbox row, no audit entry, the draft kept), then submitted again ' +
        'from the modal left open.',
      'A whole submission: answered as planned (closed, or errors in the assessor’s language on the first block ' +
        'with the modal still open), then the status change once, report v1 once, its outbox rows once ' +
        '(mentor summary; student feedback when the student is on a platform; the resubmission window when ' +
        'conditional), one audit entry, the draft gone; duplicated counts rows left by a failed write or written twice.',
      ...counted.problems.slice(0, 5),
    ];
    return {
      name: NAME,
      load:
        `${results.length} report modals submitted by ${new Set(planned.map((p) => p.user)).size} assessors at ` +
        `concurrency ${CONCURRENCY}; ${failing.fired.size} failed inside the transaction and were submitted again`,
      expected: planned.length,
      seen: counted.seen,
      lost: counted.lost,
      duplicated: counted.duplicated,
      seconds: (performance.now() - started) / 1000,
      notes,
    };
  } finally {
    failing?.restore();
    for (const close of closers.reverse()) await Promise.resolve(close()).catch(() => undefined);
  }
}

/** DESIGN §8's "a database error during submission", under load. */
export const databaseErrorCase: FaultCase = { name: NAME, run };
