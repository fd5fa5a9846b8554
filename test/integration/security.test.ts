/**
 * Security checks of DESIGN §8 not covered elsewhere: a button or a read outside one's own scope
 * (Accept on someone else's offer, a mentor asking about another mentor's student) on both
 * platforms; the bearer token and the dashboard's basic auth compared in constant time; and no
 * production dependency with a high or critical advisory. The role × command matrix itself is in
 * command-runner, discord-roles and slack-app tests; secrets in logs in security-logs.test.ts.
 */
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { commands } from '../../commands/index.ts';
import { DASHBOARD_PATH, queueDashboard } from '../../src/adapters/bullmq/dashboard.ts';
import { createInteractionHandler } from '../../src/adapters/discord/interactions.ts';
import { createAppHttpApp } from '../../src/adapters/http/app-use-cases.ts';
import { type RunningServer, startHttpServer } from '../../src/adapters/http/server.ts';
import { createRegistry, describeDeskError } from '../../src/app/commands/command-runner.ts';
import { reassignEvaluation } from '../../src/app/evaluation-admin.ts';
import { requestEvaluation } from '../../src/app/request-evaluation.ts';
import { acceptOffer } from '../../src/app/respond-to-offer.ts';
import { submitReport } from '../../src/app/submit-report.ts';
import { authorize } from '../../src/domain/authz.ts';
import { createLogger } from '../../src/logger.ts';
import { DiscordRestMock } from '../fakes/discord-rest-mock.ts';
import { MemoryJobQueue } from '../fakes/memory-job-queue.ts';
import { createHarness, type Harness, validReport } from '../helpers/app-harness.ts';
import {
  chatInput,
  buttonClick as discordClick,
  discordOrganisation,
  hasInteractionFixtures,
  InteractionDriver,
} from '../helpers/discord-interactions.ts';
import {
  interceptSlack,
  type SlackRecorder,
  type SlackServer,
  startSlackServer,
  stopIntercepting,
} from '../helpers/slack-app-server.ts';
import {
  buttonClick,
  FIXTURES_PRESENT,
  postSlack,
  signedHeaders,
  slashCommand,
} from '../helpers/slack-requests.ts';

// Every digest comparison goes through this spy, which still compares (it calls the real one).
const compared = vi.hoisted(() => ({ lengths: [] as [number, number][] }));
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return {
    ...actual,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      compared.lengths.push([a.byteLength, b.byteLength]);
      return actual.timingSafeEqual(a, b);
    },
  };
});

const MENTOR_NOTE = 'Private to the mentor: keep an eye on her confidence when presenting.';

/** stu-emma's portfolio offered to alice (not yet answered), and a report on stu-emma by alice. */
async function seed(h: Harness): Promise<{ offered: string }> {
  const alice = await h.person('alice');
  const { evaluation: done } = await requestEvaluation(h.ctx, {
    student: 'stu-emma',
    project: 'web-2-api',
    actor: { type: 'api' },
  });
  if (done.assessor !== 'alice')
    await reassignEvaluation(h.ctx, { evaluation: done.id, assessor: 'alice', actor: { type: 'cli' } });
  await acceptOffer(h.ctx, { evaluation: done.id, person: alice });
  const content = validReport(['routes', 'validation', 'tests'], { mentorNote: MENTOR_NOTE });
  expect((await submitReport(h.ctx, { evaluation: done.id, person: alice, content })).ok).toBe(true);
  const { evaluation } = await requestEvaluation(h.ctx, {
    student: 'stu-emma',
    project: 'web-1-portfolio',
    actor: { type: 'api' },
  });
  if (evaluation.assessor !== 'alice')
    await reassignEvaluation(h.ctx, { evaluation: evaluation.id, assessor: 'alice', actor: { type: 'cli' } });
  return { offered: evaluation.id };
}

/** The offer is still alice's and waiting: nobody else's click changed anything. */
async function expectStillOffered(h: Harness, id: string): Promise<void> {
  expect(await h.store.evaluations.get(id)).toMatchObject({ status: 'offered', assessor: 'alice' });
  expect((await h.store.offers.pendingFor(id))?.assessor).toBe('alice');
  expect(await h.store.audit.list({ action: 'offer.accept', subject: id })).toEqual([]);
}

describe.skipIf(!FIXTURES_PRESENT)('Slack: buttons and reads outside one’s own scope', () => {
  let server: SlackServer;
  let slack: SlackRecorder;
  let offered: string;

  beforeAll(async () => {
    slack = interceptSlack();
    server = await startSlackServer();
    ({ offered } = await seed(server.h));
  });
  afterAll(async () => {
    await server.close();
    stopIntercepting();
  });

  it('refuses Accept on an offer made to someone else, whoever clicks', async () => {
    const dm = { channel: 'D-U01DMITRI', ts: '1700000000.000001' };
    // dmitri assesses but was never offered this one.
    const click = buttonClick({ user: 'U01DMITRI', action: 'offer.accept', value: offered, message: dm });
    expect((await postSlack(server.base, click)).status).toBe(200);
    expect((await slack.hook(1)).body).toMatchObject({
      text: `Evaluation ${offered} is not assigned to you.`,
      replace_original: false,
    });
    await expectStillOffered(server.h, offered);
  });

  it('a button needs the role of the command it stands for: a mentor clicking Accept, Decline or Open report is refused and audited', async () => {
    const mia = await server.h.person('mia');
    const dm = { channel: 'D-U01MIA', ts: '1700000000.000002' };
    for (const [action, path] of [
      ['offer.accept', 'assess accept'],
      ['offer.decline', 'assess decline'],
      ['report.open', 'assess report'],
    ] as const) {
      slack.reset();
      const click = buttonClick({ user: 'U01MIA', action, value: offered, message: dm });
      expect((await postSlack(server.base, click)).status).toBe(200);
      const allowed = authorize(mia, path);
      if (allowed.ok) throw new Error(`mia should not be allowed ${path}`);
      expect((await slack.hook(1)).body).toMatchObject({
        text: describeDeskError(mia.locale, allowed.error),
        replace_original: false,
      });
      const refusals = await server.h.store.audit.list({ actor: 'mia', action: 'command' });
      expect(refusals.at(-1)).toMatchObject({ outcome: 'forbidden', detail: { path } });
    }
    expect(slack.of('views.open')).toHaveLength(0);
    await expectStillOffered(server.h, offered);
  });

  it('refuses /mentor student for another mentor’s student, with an audit entry and no note', async () => {
    const reply = await postSlack(
      server.base,
      slashCommand({ user: 'U01BRUNO', command: '/mentor', text: 'student stu-emma' }),
    );
    const text = (reply.json as { text?: string }).text ?? '';
    expect(text).toBe("L'étudiant stu-emma ne fait pas partie de vos étudiants.");
    expect(text).not.toContain(MENTOR_NOTE);
    const refusals = await server.h.store.audit.list({ action: 'command', actor: 'bruno' });
    expect(refusals.at(-1)).toMatchObject({
      outcome: 'not_your_student',
      detail: { path: 'mentor student' },
    });
    // Her own mentor reads it.
    const own = await postSlack(
      server.base,
      slashCommand({ user: 'U01MIA', command: '/mentor', text: 'student stu-emma' }),
    );
    expect((own.json as { text?: string }).text).toContain(MENTOR_NOTE);
  });
});

describe.skipIf(!hasInteractionFixtures)('Discord: buttons and reads outside one’s own scope', () => {
  let h: Harness;
  let api: DiscordRestMock;
  let driver: InteractionDriver;
  let offered: string;

  beforeAll(async () => {
    h = await createHarness(discordOrganisation());
    api = new DiscordRestMock();
    const registry = createRegistry(commands);
    const logger = createLogger('silent');
    const handle = createInteractionHandler({
      ctx: h.ctx,
      registry,
      queue: new MemoryJobQueue(),
      logger,
      kick: () => {},
      defaultLocale: 'en',
    });
    driver = new InteractionDriver(api, handle);
    ({ offered } = await seed(h));
  });
  afterAll(async () => {
    await driver.close();
    await api.close();
    await h.close();
  });

  const answer = async (payload: Record<string, unknown>) => {
    await driver.dispatch(payload);
    const data = driver.callback(payload)?.data ?? {};
    return typeof data.content === 'string' ? data.content : JSON.stringify(data);
  };

  it('refuses Accept on an offer made to someone else, whoever clicks', async () => {
    // chloe assesses but was never offered this one; mia is a mentor only (a role refusal, audited).
    const chloe = (await h.person('chloe')).platforms.discord ?? '';
    expect(await answer(discordClick(chloe, `offer.accept:${offered}`))).toContain(
      `Evaluation ${offered} is not assigned to you.`,
    );
    const mia = (await h.person('mia')).platforms.discord ?? '';
    expect(await answer(discordClick(mia, `offer.accept:${offered}`))).toMatch(/is for the assessor/);
    expect((await h.store.audit.list({ action: 'command', actor: 'mia' })).at(-1)?.outcome).toBe('forbidden');
    await expectStillOffered(h, offered);
  });

  it('refuses /mentor student for another mentor’s student', async () => {
    const bruno = (await h.person('bruno')).platforms.discord ?? '';
    const text = await answer(chatInput(bruno, 'mentor', 'student', { student: 'stu-emma' }));
    expect(text).toContain("L'étudiant stu-emma ne fait pas partie de vos étudiants.");
    expect(text).not.toContain(MENTOR_NOTE);
    const refusals = await h.store.audit.list({ action: 'command', actor: 'bruno' });
    expect(refusals.at(-1)?.outcome).toBe('not_your_student');
  });
});

describe('the API token and the dashboard password are compared in constant time', () => {
  const TOKEN = 'api-token-0123456789abcdef';
  const ADMIN = { user: 'admin', password: 'correct horse battery' };
  let h: Harness;
  let server: RunningServer;
  let base: string;

  beforeAll(async () => {
    h = await createHarness();
    const app = createAppHttpApp({
      ctx: h.ctx,
      config: { API_TOKEN: TOKEN, DEFAULT_LOCALE: 'en' },
      ready: async () => ({ database: true, redis: true }),
      logger: createLogger('silent'),
    });
    app.mount(DASHBOARD_PATH, ...queueDashboard({ queues: [], admin: ADMIN }));
    server = await startHttpServer(app, 0, { host: '127.0.0.1' });
    base = `http://127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await server.close();
    await h.close();
  });
  beforeEach(() => {
    compared.lengths.length = 0;
  });

  const status = async (path: string, authorization: string | null) =>
    (await fetch(`${base}${path}`, authorization === null ? {} : { headers: { authorization } })).status;
  const basic = (user: string, password: string) =>
    `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

  it('bearer: a wrong token of the same length, a longer, a shorter, an empty one and none are 401, each after one 32-byte comparison', async () => {
    const wrong = [TOKEN.replace(/.$/, 'X'), `${TOKEN}0`, TOKEN.slice(0, -1), ''];
    for (const token of wrong) expect(await status('/api/evaluations/E-1001', `Bearer ${token}`)).toBe(401);
    expect(await status('/api/evaluations/E-1001', null)).toBe(401);
    // No early return on length: every request compared two SHA-256 digests, whatever was sent.
    expect(compared.lengths).toEqual(Array(wrong.length + 1).fill([32, 32]));
    expect(await status('/api/evaluations/E-1001', `Bearer ${TOKEN}`)).toBe(404);
  });

  it('basic auth: wrong passwords of every length, a wrong user and nothing are 401, each after two comparisons', async () => {
    const p = ADMIN.password;
    const attempts = [
      basic(ADMIN.user, p.replace(/.$/, 'X')),
      basic(ADMIN.user, `${p}!`),
      basic(ADMIN.user, p.slice(0, 1)),
      basic(ADMIN.user, ''),
      basic('root', p),
      null,
    ];
    for (const attempt of attempts) expect(await status(DASHBOARD_PATH, attempt)).toBe(401);
    expect(compared.lengths).toEqual(Array(attempts.length * 2).fill([32, 32]));
    expect(await status(DASHBOARD_PATH, basic(ADMIN.user, p))).toBe(200);
  });
});

describe.skipIf(!FIXTURES_PRESENT)('Slack request signatures are compared in constant time', () => {
  let server: SlackServer;

  beforeAll(async () => {
    interceptSlack();
    server = await startSlackServer();
  });
  afterAll(async () => {
    await server.close();
    stopIntercepting();
  });
  beforeEach(() => {
    compared.lengths.length = 0;
  });

  it('a signature wrong in its last digit or made with another secret is 401 after one 32-byte comparison; a malformed one is 401 without one', async () => {
    const request = slashCommand({ user: 'U01ALICE', command: '/assess', text: 'queue' });
    const timestamp = Math.floor(Date.now() / 1000);
    const good = signedHeaders(request.body, timestamp);
    const last = good['x-slack-signature'].slice(-1);
    const wrong = [
      { ...good, 'x-slack-signature': good['x-slack-signature'].slice(0, -1) + (last === '0' ? '1' : '0') },
      signedHeaders(request.body, timestamp, 'another-signing-secret-0000000000'),
    ];
    for (const headers of wrong)
      expect((await postSlack(server.base, request, { replaceHeaders: headers })).status).toBe(401);
    expect(compared.lengths).toEqual([
      [32, 32],
      [32, 32],
    ]);
    const malformed = [
      'v0=abc',
      `v1=${good['x-slack-signature'].slice(3)}`,
      good['x-slack-signature'].toUpperCase(),
    ];
    for (const signature of malformed) {
      const headers = { ...good, 'x-slack-signature': signature };
      expect((await postSlack(server.base, request, { replaceHeaders: headers })).status).toBe(401);
    }
    expect(compared.lengths).toHaveLength(2);
    expect((await postSlack(server.base, request, { replaceHeaders: good })).status).toBe(200);
  });
});

/** What `npm audit` says: the high and critical advisories, or why it could not tell. */
type AuditResult = { high: number; critical: number; names: string[] } | { unavailable: string };

/** Runs `npm audit --omit=dev --json` (npm exits non-zero when it finds anything; the JSON says what). */
function audit(): Promise<AuditResult> {
  return new Promise((resolve) => {
    const options = { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 };
    execFile('npm', ['audit', '--omit=dev', '--json'], options, (error, stdout) => {
      try {
        const report = JSON.parse(stdout) as {
          message?: string;
          error?: unknown;
          metadata?: { vulnerabilities?: { high?: number; critical?: number } };
          vulnerabilities?: Record<string, { severity: string }>;
        };
        const counts = report.metadata?.vulnerabilities;
        if (report.error || !counts) return resolve({ unavailable: report.message ?? 'no audit report' });
        const names = Object.entries(report.vulnerabilities ?? {})
          .filter(([, v]) => v.severity === 'high' || v.severity === 'critical')
          .map(([name]) => name);
        resolve({ high: counts.high ?? 0, critical: counts.critical ?? 0, names });
      } catch {
        resolve({ unavailable: error?.message ?? 'npm audit printed no JSON' });
      }
    });
  });
}

describe('production dependencies', () => {
  it('have no high or critical advisory (npm audit --omit=dev)', async (ctx) => {
    const result = await audit();
    if ('unavailable' in result) {
      ctx.skip(
        `the registry's audit endpoint did not answer (${result.unavailable}); run npm audit --omit=dev where it does`,
      );
      return;
    }
    expect(result).toEqual({ high: 0, critical: 0, names: [] });
  }, 70_000);
});
