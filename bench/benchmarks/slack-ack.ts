/**
 * Slack command ack (DESIGN §7): signed `/assess queue` requests at concurrency 50 with autocannon
 * against the product (its HTTP app with the Slack app mounted behind the request guard, a SQLite
 * file store with the demo organisation, the Web API pointed at the local Slack fake) and against a
 * bare Bolt app on the same kind of receiver (`ExpressReceiver` on an express app) whose `/assess`
 * listener only calls `ack()`. Each server runs in a child process of its own (this file with
 * `--serve`), so the load generator does not share its event loop; both get the same bodies, each
 * signed with a fresh timestamp by the same `setupRequest`.
 */

import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { App, type Authorize, ExpressReceiver } from '@slack/bolt';
import autocannon from 'autocannon';
import express from 'express';
import { startHttpServer } from '../../src/adapters/http/server.ts';
import { SLACK_EVENTS_PATH } from '../../src/adapters/slack/slack-app.ts';
import { DEFAULT_POLICY } from '../../src/app/context.ts';
import { importOrganisationFile } from '../../src/app/import-organisation.ts';
import { parseOrganisationFile } from '../../src/app/organisation-file.ts';
import { requestEvaluation } from '../../src/app/request-evaluation.ts';
import { acceptOffer } from '../../src/app/respond-to-offer.ts';
import { saveDraft } from '../../src/app/submit-report.ts';
import type { Organisation } from '../../src/domain/model.ts';
import { createLogger } from '../../src/logger.ts';
import { DEMO_ORGANISATION } from '../../src/main/services.ts';
import { systemClock } from '../../src/ports/clock.ts';
import type { Store } from '../../src/ports/store.ts';
import {
  createSlackWorkspace,
  signSlackRequest,
  startSlackFake,
} from '../../src/sandbox/slack-fake/index.ts';
import { openStore } from '../../src/store/open-store.ts';
import { startSlackProduct } from '../lib/slack-product.ts';
import type { BenchContext, Benchmark, BenchResult } from '../lib/types.ts';

const SIGNING_SECRET = 'bench-signing-secret-0123456789ab';
const BOT_TOKEN = 'xoxb-bench-token';
const CONNECTIONS = 50;
const THROUGHPUT_GOAL = 0.9;
const P99_GOAL_MS = 100;
const FORM = 'application/x-www-form-urlencoded';
const thisFile = fileURLToPath(import.meta.url);
const databaseUrl = (workDir: string) => `sqlite:${join(workDir, 'slack-ack.db')}`;
const usersFile = (workDir: string) => join(workDir, 'users.json');

type Kind = 'product' | 'bare';

/**
 * Gives the assessors something to list: each (student, project) pair of the demo organisation is
 * requested (the engine offers it), every other offer is accepted and every third accepted one
 * has a draft. Returns how many evaluations are offered and accepted.
 */
async function fillQueues(store: Store, org: Organisation): Promise<{ offered: number; accepted: number }> {
  const ctx = { store, clock: systemClock, policy: DEFAULT_POLICY };
  const actor = { type: 'api' as const };
  let offered = 0;
  let accepted = 0;
  for (const student of org.students) {
    const path = org.paths.find((p) => p.id === student.path);
    for (const project of path?.projects ?? []) {
      const { evaluation } = await requestEvaluation(ctx, { student: student.id, project, actor });
      const assessor =
        evaluation.assessor === null ? null : await store.people.getPerson(evaluation.assessor);
      if (assessor === null) continue;
      offered += 1;
      if (offered % 2 === 1) continue;
      await acceptOffer(ctx, { evaluation: evaluation.id, person: assessor });
      accepted += 1;
      if (accepted % 3 === 0) {
        const content = { strengths: 'Clear structure so far.' };
        await saveDraft(ctx, { evaluation: evaluation.id, person: assessor, content, step: 1 });
      }
    }
  }
  return { offered: offered - accepted, accepted };
}

/** Imports the demo organisation, fills the queues, and keeps the Slack ids of its assessors (the command's users). */
async function prepare({ workDir, log }: BenchContext): Promise<void> {
  const text = readFileSync(DEMO_ORGANISATION, 'utf8');
  const parsed = parseOrganisationFile(text, DEMO_ORGANISATION);
  if (!parsed.ok) throw new Error(`${DEMO_ORGANISATION} does not parse`);
  const store = await openStore(databaseUrl(workDir));
  try {
    await store.migrate();
    const imported = await importOrganisationFile(store, text, DEMO_ORGANISATION);
    if (!imported.ok) throw new Error(`${DEMO_ORGANISATION} could not be imported`);
    const queues = await fillQueues(store, parsed.organisation);
    log(`queues: ${queues.offered} offers waiting, ${queues.accepted} accepted (a third with a draft)`);
  } finally {
    await store.close();
  }
  const users = parsed.organisation.people
    .filter((p) => p.roles.includes('assessor'))
    .flatMap((p) => (p.platforms.slack ? [p.platforms.slack] : []));
  if (users.length === 0) throw new Error('no assessor on Slack in the demo organisation');
  writeFileSync(usersFile(workDir), JSON.stringify(users));
  log(`demo organisation imported; ${users.length} assessors on Slack`);
}

/** A single-workspace bot, as the product authorises (no `auth.test` call). */
const authorize: Authorize<boolean> = async () => ({ botToken: BOT_TOKEN });

/** Serves one side on loopback and prints its port on stdout; runs until killed. */
async function serve(kind: Kind, workDir: string): Promise<void> {
  const logger = createLogger('silent');
  const users: string[] = JSON.parse(readFileSync(usersFile(workDir), 'utf8'));
  const workspace = createSlackWorkspace({
    users: users.map((id) => ({ id, name: id.toLowerCase() })),
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
  });
  const fake = await startSlackFake({ workspace });
  let port: number;
  if (kind === 'product') {
    const store = await openStore(databaseUrl(workDir));
    const ctx = { store, clock: systemClock, policy: DEFAULT_POLICY };
    const options = { ctx, apiUrl: fake.apiUrl, botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, logger };
    port = (await startSlackProduct(options)).port;
  } else {
    const receiver = new ExpressReceiver({
      signingSecret: SIGNING_SECRET,
      endpoints: '/',
      processBeforeResponse: false,
    });
    const bolt = new App({ receiver, authorize, clientOptions: { slackApiUrl: fake.apiUrl } });
    bolt.command('/assess', async ({ ack }) => {
      await ack();
    });
    const app = express();
    app.use(SLACK_EVENTS_PATH, receiver.router);
    port = (await startHttpServer(app, 0, { host: '127.0.0.1' })).port;
  }
  process.stdout.write(`${JSON.stringify({ port, fakeUrl: fake.url })}\n`);
}

/** Slack's slash command payload for `/assess queue` by `user`. */
function commandBody(user: string, index: number, fakeUrl: string): string {
  return new URLSearchParams({
    token: 'gIkuvaNzQIHg97ATvDxqgjtO',
    team_id: 'T0LOCAL01',
    team_domain: 'assessor-desk',
    channel_id: 'C0BENCH01',
    channel_name: 'assessments',
    user_id: user,
    user_name: user.toLowerCase(),
    command: '/assess',
    text: 'queue',
    api_app_id: 'A0APP0001',
    is_enterprise_install: 'false',
    response_url: `${fakeUrl}/hooks/commands/T0LOCAL01/${index}/bench`,
    trigger_id: `${index}.1.bench`,
  }).toString();
}

type Server = { port: number; fakeUrl: string; stop(): void };

function startServer(kind: Kind, workDir: string): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', thisFile, '--serve', kind, '--work', workDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolvePort, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const line = out.split('\n')[0];
      if (!out.includes('\n') || line === undefined) return;
      const { port, fakeUrl }: { port: number; fakeUrl: string } = JSON.parse(line);
      resolvePort({ port, fakeUrl, stop: () => child.kill('SIGKILL') });
    });
    child.once('exit', (code) => reject(new Error(`${kind} server exited (${code}) before listening`)));
  });
}

type Load = { rps: number; p50: number; p99: number; errors: number; non2xx: number; total: number };

/** autocannon against one server; each request gets the next body, signed with the current second. */
async function load(port: number, bodies: readonly string[], seconds: number): Promise<Load> {
  let next = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${SLACK_EVENTS_PATH}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const body = bodies[next++ % bodies.length] ?? '';
          const timestamp = Math.floor(Date.now() / 1000);
          return {
            ...request,
            body,
            headers: {
              'content-type': FORM,
              'x-slack-request-timestamp': String(timestamp),
              'x-slack-signature': signSlackRequest(SIGNING_SECRET, timestamp, body),
            },
          };
        },
      },
    ],
  });
  return {
    rps: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}

/** Microseconds to sign one body, as `setupRequest` does for both sides. */
function signingCost(body: string): number {
  const count = 20_000;
  const started = performance.now();
  for (let i = 0; i < count; i += 1) signSlackRequest(SIGNING_SECRET, 1_700_000_000 + i, body);
  return ((performance.now() - started) * 1000) / count;
}

async function measure(kind: Kind, context: BenchContext, users: readonly string[]): Promise<Load> {
  const seconds = context.quick ? 3 : 10;
  const server = await startServer(kind, context.workDir);
  try {
    const bodies = Array.from({ length: 200 }, (_, i) =>
      commandBody(users[i % users.length] ?? '', i, server.fakeUrl),
    );
    await load(server.port, bodies, context.quick ? 1 : 2);
    const measured = await load(server.port, bodies, seconds);
    context.log(
      `${kind}: ${measured.rps.toFixed(0)} req/s, p50 ${measured.p50} ms, p99 ${measured.p99} ms, ` +
        `${measured.errors} errors, ${measured.non2xx} non-2xx`,
    );
    return measured;
  } finally {
    server.stop();
  }
}

async function run(context: BenchContext): Promise<BenchResult> {
  const users: string[] = JSON.parse(readFileSync(usersFile(context.workDir), 'utf8'));
  const bare = await measure('bare', context, users);
  const product = await measure('product', context, users);
  const ratio = product.rps / bare.rps;
  const failures = product.errors + product.non2xx + bare.errors + bare.non2xx;
  const signUs = signingCost(commandBody(users[0] ?? '', 0, 'http://127.0.0.1:1'));
  const met = ratio >= THROUGHPUT_GOAL && product.p99 <= P99_GOAL_MS && failures === 0;
  return {
    figure: product.rps,
    unit: 'req/s',
    comparison: { figure: bare.rps, label: 'bare Bolt app that only acks' },
    ratio,
    ratioLabel: '× bare Bolt',
    goal: `≥ ${THROUGHPUT_GOAL}× bare Bolt; p99 ≤ ${P99_GOAL_MS} ms`,
    met,
    metrics: [
      {
        name: 'throughput ratio',
        value: ratio,
        unit: '× bare',
        goal: `≥ ${THROUGHPUT_GOAL}`,
        met: ratio >= 0.9,
      },
      {
        name: 'p99 latency (product)',
        value: product.p99,
        unit: 'ms',
        goal: `≤ ${P99_GOAL_MS}`,
        met: product.p99 <= P99_GOAL_MS,
      },
      { name: 'p50 latency (product)', value: product.p50, unit: 'ms' },
      { name: 'p99 latency (bare Bolt)', value: bare.p99, unit: 'ms' },
      {
        name: 'errors + non-2xx (both sides)',
        value: failures,
        unit: 'responses',
        goal: '0',
        met: failures === 0,
      },
      { name: 'signing cost per request', value: signUs, unit: 'µs' },
    ],
    notes: [
      `autocannon, ${CONNECTIONS} connections, ${context.quick ? 3 : 10} s measured after a ` +
        `${context.quick ? 1 : 2} s warm-up per side; each server in its own process, the load generator in another.`,
      `Same 200 bodies (Slack's slash command payload, ${users.length} demo assessors in turn) for both sides, each ` +
        `signed with a fresh timestamp in setupRequest (${signUs.toFixed(1)} µs per request, in the load generator).`,
      'Product: the HTTP app with the request guard, Bolt ExpressReceiver, command runner and reply rendering; ' +
        'SQLite file store with the demo organisation, every (student, project) pair requested, every other ' +
        'offer accepted and a third of those with a draft (each assessor lists a few offers and reports); Web API at the local Slack fake (no call for /assess queue). ' +
        'Neither side logs requests (a silent logger; at LOG_LEVEL=info the product writes one line per request).',
      'What separates them: the product answers /assess queue inside the acknowledgement, so each request also ' +
        "makes nine SQLite reads (the person and their conflicts, the time zone, the assessor's evaluations, " +
        'pending offers and drafts, the waiting count, the names of the projects and students listed), builds ' +
        'those queries and maps their rows, renders Block Kit and writes a larger response; a bare ack does none ' +
        'of it. See bench/README.md for the profile.',
      `Totals: product ${product.total} requests, bare ${bare.total}.`,
    ],
  };
}

const benchmark: Benchmark = {
  name: 'slack-ack',
  goal: `≥ ${THROUGHPUT_GOAL}× bare Bolt throughput; p99 ≤ ${P99_GOAL_MS} ms`,
  prepare,
  run,
};
export default benchmark;

const entry = process.argv[1];
if (entry !== undefined && pathToFileURL(resolve(entry)).href === import.meta.url) {
  const { values } = parseArgs({ options: { serve: { type: 'string' }, work: { type: 'string' } } });
  if ((values.serve !== 'product' && values.serve !== 'bare') || values.work === undefined) {
    process.stderr.write('usage: slack-ack.ts --serve product|bare --work <dir>\n');
    process.exit(2);
  }
  // A clean exit on SIGINT, so that `--cpu-prof` writes its profile when profiling a side.
  process.once('SIGINT', () => process.exit(0));
  await serve(values.serve, values.work);
}
