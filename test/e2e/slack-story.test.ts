/**
 * The Slack story end to end: the real Bolt app on the product's HTTP server, its Web API calls
 * served by the local Slack fake, signed requests sent by the fake as Slack sends them, and the
 * notifications delivered by the outbox relay and the `notify` job processor into the fake.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { processNotification } from '../../jobs/notify.ts';
import { createAppHttpApp } from '../../src/adapters/http/app-use-cases.ts';
import { type RunningServer, startHttpServer } from '../../src/adapters/http/server.ts';
import { createSlackApp, SLACK_EVENTS_PATH } from '../../src/adapters/slack/slack-app.ts';
import { SlackPlatform } from '../../src/adapters/slack/slack-platform.ts';
import { createRegistry } from '../../src/app/commands/command-runner.ts';
import { reassignEvaluation } from '../../src/app/evaluation-admin.ts';
import type { JobRun, WorkerDeps } from '../../src/app/job-definition.ts';
import { relayOutbox } from '../../src/app/outbox-relay.ts';
import { requestEvaluation } from '../../src/app/request-evaluation.ts';
import { criterionFieldId } from '../../src/domain/audience-leak.ts';
import { Notification } from '../../src/domain/notifications.ts';
import { createLogger } from '../../src/logger.ts';
import {
  createSlackWorkspace,
  SlackFakeClient,
  type SlackFakeServer,
  type SlackWorkspace,
  startSlackFake,
} from '../../src/sandbox/slack-fake/index.ts';
import type { SlackFakeMessage } from '../../src/sandbox/slack-fake/types.ts';
import { MemoryJobQueue } from '../fakes/memory-job-queue.ts';
import { createHarness, type Harness } from '../helpers/app-harness.ts';
import { scanDeliveries, slackFakeDeliveries } from '../helpers/audience-scan.ts';
import { slackOrganisation } from '../helpers/slack-app-server.ts';
import { until } from '../helpers/slack-requests.ts';

const TOKEN = 'xoxb-e2e-token';
const SECRET = 'e2e-signing-secret';
const ALICE = 'U01ALICE';
const MIA = 'U01MIA';
const EMMA = 'U02EMMA';

const JUSTIFICATION =
  'The student delivered a working portfolio and defended each layout decision with clear reasoning. ' +
  'Semantic structure was demonstrated live with a screen reader, responsive breakpoints were explained ' +
  'and tested on three devices, and answers showed genuine understanding rather than memorised rules.';

const hasAction = (message: { blocks: unknown[] }, action: string) =>
  JSON.stringify(message.blocks).includes(`"action_id":"${action}"`);

describe('Slack story: offer, accept, report with a correction, mentor summary, App Home', () => {
  let h: Harness;
  let workspace: SlackWorkspace;
  let fake: SlackFakeServer;
  let server: RunningServer;
  let client: SlackFakeClient;
  const queue = new MemoryJobQueue();
  const done = new Set<string>();
  const logger = createLogger('silent');
  let deps: WorkerDeps;

  /** What the relay and the notify workers do: outbox → queue → Slack (the fake). */
  async function deliverNotifications(): Promise<void> {
    await relayOutbox({ store: h.store, queue, clock: h.clock });
    for (const job of queue.list('notify')) {
      if (done.has(job.id)) continue;
      done.add(job.id);
      const run: JobRun = {
        id: job.id,
        attempt: 1,
        log: logger,
        progress: async () => {},
        childResults: async () => [],
      };
      await processNotification(Notification.parse(job.payload), run, deps);
    }
  }

  beforeAll(async () => {
    const org = slackOrganisation();
    h = await createHarness(org);
    const users = org.people.flatMap((p) =>
      p.platforms.slack ? [{ id: p.platforms.slack, name: p.id }] : [],
    );
    const students = org.students.flatMap((s) =>
      s.platforms.slack ? [{ id: s.platforms.slack, name: s.id }] : [],
    );
    workspace = createSlackWorkspace({
      users: [...users, ...students],
      channels: [
        { id: 'C01COORD', name: 'coordinators' },
        { id: 'C01CURRIC', name: 'curriculum' },
        { id: 'C01JURY', name: 'jury' },
      ],
      team: { id: 'T0SCHOOL', name: 'Test School' },
      botToken: TOKEN,
      signingSecret: SECRET,
    });
    fake = await startSlackFake({ workspace });
    deps = {
      ctx: h.ctx,
      platforms: {
        slack: new SlackPlatform(
          { token: TOKEN, apiUrl: fake.apiUrl },
          { ctx: h.ctx, logger, defaultLocale: 'en' },
        ),
      },
      queue,
      logger,
      defaultLocale: 'en',
    };
    const slack = createSlackApp({
      config: {
        SLACK_BOT_TOKEN: TOKEN,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_APP_TOKEN: undefined,
        SLACK_API_URL: fake.apiUrl,
        DEFAULT_LOCALE: 'en',
      },
      ctx: h.ctx,
      registry: createRegistry(commands),
      queue,
      logger,
      kick: () => {},
    });
    const app = createAppHttpApp({
      ctx: h.ctx,
      config: { API_TOKEN: undefined, DEFAULT_LOCALE: 'en' },
      ready: async () => ({ database: true, redis: true }),
      logger,
      mounts: [{ path: SLACK_EVENTS_PATH, handlers: slack.handlers ?? [] }],
    });
    server = await startHttpServer(app, 0, { host: '127.0.0.1' });
    client = new SlackFakeClient({
      workspace,
      appUrl: `http://127.0.0.1:${server.port}${SLACK_EVENTS_PATH}`,
    });
  });

  afterAll(async () => {
    await server?.close();
    await fake?.close();
    await h?.close();
  });

  it('runs the whole story through Slack', async () => {
    // A request arrives from the LMS and is offered to alice.
    const { evaluation } = await requestEvaluation(h.ctx, {
      student: 'stu-emma',
      project: 'web-1-portfolio',
      actor: { type: 'api' },
    });
    const id = evaluation.id;
    if (evaluation.assessor !== 'alice') {
      await reassignEvaluation(h.ctx, { evaluation: id, assessor: 'alice', actor: { type: 'cli' } });
    }
    await deliverNotifications();
    const offer = workspace.dmMessages(ALICE).find((m) => hasAction(m, 'offer.accept'));
    expect(offer?.text).toContain(id);
    // Her App Home already shows the offer: delivering it republished the tab.
    expect(hasAction(workspace.views.home(ALICE) ?? { blocks: [] }, 'offer.accept')).toBe(true);

    // She accepts from the DM: the message loses its buttons and the report is offered.
    const accepted = await client.clickButton(
      ALICE,
      { channel: offer?.channel ?? '', ts: offer?.ts ?? '' },
      'offer.accept',
    );
    expect([accepted.status, accepted.durationMs < 3000]).toEqual([200, true]);
    await until(
      () => workspace.ephemerals(ALICE).some((m) => hasAction(m, 'report.open')),
      3000,
      'the Open report button',
    );
    const updated = workspace.message(offer?.channel ?? '', offer?.ts ?? '');
    expect(updated && hasAction(updated, 'offer.accept')).toBe(false);
    expect((await h.store.evaluations.get(id))?.status).toBe('accepted');
    await deliverNotifications();

    // The App Home shows the report to write.
    await client.openHome(ALICE);
    await until(
      () => JSON.stringify(workspace.views.home(ALICE)?.blocks ?? []).includes(id),
      3000,
      'the Home tab',
    );
    expect(hasAction(workspace.views.home(ALICE) ?? { blocks: [] }, 'report.open')).toBe(true);

    // She opens the report from the ephemeral button.
    const prompt = workspace.ephemerals(ALICE).find((m) => hasAction(m, 'report.open'));
    await client.clickButton(ALICE, { channel: prompt?.channel ?? '', ts: prompt?.ts ?? '' }, 'report.open');
    await until(() => workspace.views.current(ALICE)?.callbackId === 'report', 3000, 'the report modal');
    const modal = workspace.views.current(ALICE);
    expect(modal?.notifyOnClose).toBe(true);

    // Each text starts with its field's marker, for the outbound scan at the end.
    const values = {
      [criterionFieldId('semantic-html', 'verdict')]: 'met',
      [criterionFieldId('responsive', 'verdict')]: 'met',
      outcome: 'approved',
      strengths: 'STRENGTH-1 Clear structure and careful naming of every section.',
      improvements: 'IMPROVE-1 Add automated accessibility checks to the build next time.',
      mentorNote: 'MENTORNOTE-1 Confident defence; keep pushing on testing habits.',
      juryJustification: 'Good work overall.',
      commonMistakes: 'CURRMISTAKE-1 Headings skipped levels on the contact page.',
    };
    // The jury justification is too thin: the modal stays open with the error on that block.
    const first = await client.submitView(ALICE, modal?.id ?? '', values);
    expect(first.outcome).toBe('errors');
    expect(Object.keys(first.view.errors ?? {})).toEqual(['juryJustification']);
    expect(workspace.views.current(ALICE)?.id).toBe(modal?.id);

    // Corrected, the report goes through and the modal closes.
    const second = await client.submitView(ALICE, modal?.id ?? '', {
      juryJustification: `JURYJUST-1 ${JUSTIFICATION}`,
    });
    expect(second.outcome).toBe('closed');
    expect(workspace.views.current(ALICE)).toBeUndefined();
    expect((await h.store.evaluations.get(id))?.status).toBe('approved');
    await until(
      () => workspace.dmMessages(ALICE).some((m) => m.text.includes(`Report ${id} submitted`)),
      3000,
      'the confirmation',
    );

    // The outbox-driven messages: the mentor's summary, the student's feedback.
    await deliverNotifications();
    const summary = workspace.dmMessages(MIA).at(-1) as SlackFakeMessage;
    expect(summary.text).toContain('Student emma');
    expect(JSON.stringify(summary.blocks)).toContain('Confident defence');
    const feedback = workspace.dmMessages(EMMA).at(-1) as SlackFakeMessage;
    expect(JSON.stringify(feedback.blocks)).toContain('Clear structure and careful naming');
    // The student never reads what was written for the jury or the mentor.
    expect(JSON.stringify(feedback)).not.toContain('defended each layout decision');
    expect(JSON.stringify(feedback)).not.toContain('Confident defence');

    // The Home tab was republished: nothing left to write.
    await until(
      () => !JSON.stringify(workspace.views.home(ALICE)?.blocks ?? []).includes(id),
      3000,
      'the updated Home',
    );

    // Slack was never sent an argument its methods do not take.
    expect(workspace.calls().filter((c) => c.unknownArgs.length > 0)).toEqual([]);
    expect(workspace.calls().filter((c) => !c.ok)).toEqual([]);
  });

  it('showed no field of the report to a reader it is not meant for', async () => {
    const scan = await scanDeliveries(h.store, slackFakeDeliveries(workspace));
    expect(scan.leaks).toEqual([]);
    expect(scan.seen.mentorNote).toBeGreaterThan(0);
    expect(scan.seen.strengths).toBeGreaterThan(0);
  });
});
