/**
 * Fuzzing the Slack path (DESIGN §8): thousands of generated requests, signed as Slack signs them
 * (and some forged), sent over HTTP to the real Bolt app mounted on the product's express app.
 * Report modals valid, truncated, wrongly typed, huge, with unknown blocks and evaluations; other
 * modals, buttons and slash commands; malformed payloads. Nothing crashes, nothing answers 5xx,
 * nothing is half-written, nothing unexpected is logged as an error.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { createAppHttpApp } from '../../src/adapters/http/app-use-cases.ts';
import { type RunningServer, startHttpServer } from '../../src/adapters/http/server.ts';
import { createSlackApp, SLACK_EVENTS_PATH } from '../../src/adapters/slack/slack-app.ts';
import { createRegistry } from '../../src/app/commands/command-runner.ts';
import { reassignEvaluation } from '../../src/app/evaluation-admin.ts';
import { requestEvaluation } from '../../src/app/request-evaluation.ts';
import { acceptOffer } from '../../src/app/respond-to-offer.ts';
import { submitReport } from '../../src/app/submit-report.ts';
import { MemoryJobQueue } from '../fakes/memory-job-queue.ts';
import { createHarness, type Harness, validReport } from '../helpers/app-harness.ts';
import {
  type CapturedLogs,
  captureLogs,
  httpPost,
  settle,
  watchUnhandledRejections,
} from '../helpers/fuzz-inputs.ts';
import {
  interceptSlack,
  type SlackRecorder,
  slackOrganisation,
  stopIntercepting,
} from '../helpers/slack-app-server.ts';
import {
  FUZZ_CRITERIA,
  signing,
  signingHeaders,
  slackFuzzInput,
  slackFuzzRequest,
  type Target,
} from '../helpers/slack-fuzz-inputs.ts';
import { FIXTURES_PRESENT, SIGNING_SECRET, SLACK_API } from '../helpers/slack-requests.ts';
import { storeViolations } from '../helpers/store-invariants.ts';

/** Half of the 10,000 generated inputs of DESIGN §8; the other half goes to Discord. */
const RUNS = 5000;

let h: Harness;
let server: RunningServer;
let base: string;
let slack: SlackRecorder;
let logs: CapturedLogs;
const seeded = { accepted: '', offered: '', reported: '' };

/** A request on one of stu-emma's or stu-felix's projects, offered to alice. */
async function offeredToAlice(student: string, project: string): Promise<string> {
  const { evaluation } = await requestEvaluation(h.ctx, { student, project, actor: { type: 'api' } });
  if (evaluation.assessor !== 'alice')
    await reassignEvaluation(h.ctx, { evaluation: evaluation.id, assessor: 'alice', actor: { type: 'cli' } });
  return evaluation.id;
}

function evaluationOf(target: Target): string {
  if (target === 'unknown') return 'E-9999';
  if (target === 'garbage') return '../../etc/passwd';
  return seeded[target];
}

describe.skipIf(!FIXTURES_PRESENT)('fuzzing the Slack app over HTTP', () => {
  beforeAll(async () => {
    slack = interceptSlack();
    logs = captureLogs('warn');
    h = await createHarness(slackOrganisation());
    const app = createSlackApp({
      config: {
        SLACK_BOT_TOKEN: 'xoxb-fuzz',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_APP_TOKEN: undefined,
        SLACK_API_URL: `${SLACK_API}/api/`,
        DEFAULT_LOCALE: 'en',
      },
      ctx: h.ctx,
      registry: createRegistry(commands),
      queue: new MemoryJobQueue(),
      logger: logs.logger,
      kick: () => {},
    });
    const http = createAppHttpApp({
      ctx: h.ctx,
      config: { API_TOKEN: undefined, DEFAULT_LOCALE: 'en' },
      ready: async () => ({ database: true, redis: true }),
      logger: logs.logger,
      mounts: [{ path: SLACK_EVENTS_PATH, handlers: app.handlers ?? [] }],
    });
    server = await startHttpServer(http, 0, { host: '127.0.0.1' });
    base = `http://127.0.0.1:${server.port}${SLACK_EVENTS_PATH}`;
    const alice = await h.person('alice');
    seeded.accepted = await offeredToAlice('stu-emma', 'web-1-portfolio');
    await acceptOffer(h.ctx, { evaluation: seeded.accepted, person: alice });
    seeded.reported = await offeredToAlice('stu-felix', 'web-1-portfolio');
    await acceptOffer(h.ctx, { evaluation: seeded.reported, person: alice });
    const content = validReport(FUZZ_CRITERIA);
    expect((await submitReport(h.ctx, { evaluation: seeded.reported, person: alice, content })).ok).toBe(
      true,
    );
    seeded.offered = await offeredToAlice('stu-emma', 'web-2-api');
  });

  afterAll(async () => {
    await server?.close();
    await h?.close();
    stopIntercepting();
  });

  it('keeps a forged number out of the draft, so the report form still opens', async () => {
    const values = { strengths: { type: 'plain_text_input', value: 42 } };
    const input = { kind: 'report' as const, user: 'U01ALICE', target: 'accepted' as const, step: 0, values };
    const { request } = slackFuzzRequest(input, evaluationOf);
    const reply = await httpPost(base, request.body, {
      'content-type': request.contentType,
      ...signingHeaders('signed', request.body),
    });
    expect(reply.status).toBe(200);
    expect((await h.store.reports.getDraft(seeded.accepted, 'alice'))?.content.strengths).toBe('');
    const command = slackFuzzRequest(
      { kind: 'command', user: 'U01ALICE', command: '/assess', text: `report ${seeded.accepted}` },
      evaluationOf,
    ).request;
    await httpPost(base, command.body, {
      'content-type': command.contentType,
      ...signingHeaders('signed', command.body),
    });
    await slack.next('views.open');
    expect(logs.errors()).toEqual([]);
    slack.reset();
  });

  it(`answers ${RUNS} generated requests with 200, 400 or 401 and keeps the store consistent`, async () => {
    const unhandled = watchUnhandledRejections();
    let signed = 0;
    try {
      await fc.assert(
        fc.asyncProperty(slackFuzzInput, signing, async (input, how) => {
          const { request, expected } = slackFuzzRequest(input, evaluationOf);
          const reply = await httpPost(base, request.body, {
            'content-type': request.contentType,
            ...signingHeaders(how, request.body),
          });
          if (how === 'signed') signed += 1;
          // Whatever Slack could send, signed: an answer or a 400. Anything not signed: 401.
          if (how === 'signed') expect(expected).toContain(reply.status);
          else expect(reply.status).toBe(401);
          expect(await storeViolations(h.store)).toEqual([]);
          expect(unhandled.described()).toEqual([]);
          expect(logs.errors()).toEqual([]);
          slack.reset();
        }),
        { numRuns: RUNS },
      );
      // The work Bolt does after acknowledging (response URLs, views, the Home tab) ends cleanly too.
      await settle(300);
      expect(await storeViolations(h.store)).toEqual([]);
      expect(unhandled.described()).toEqual([]);
      expect(logs.errors()).toEqual([]);
    } finally {
      unhandled.stop();
    }
    expect(signed).toBeGreaterThan(RUNS / 2);
    expect(signed).toBeLessThan(RUNS);
    // The generators reach the use cases: reports were submitted and amended along the way.
    expect((await h.store.reports.versions(seeded.reported)).length).toBeGreaterThan(1);
  }, 120_000);
});
