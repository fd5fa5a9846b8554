import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { createSlackApp } from '../../src/adapters/slack/slack-app.ts';
import { createRegistry } from '../../src/app/commands/command-runner.ts';
import { rolesFor } from '../../src/domain/authz.ts';
import type { Person } from '../../src/domain/model.ts';
import { createLogger } from '../../src/logger.ts';
import {
  interceptSlack,
  type SlackRecorder,
  type SlackServer,
  startSlackServer,
  stopIntercepting,
} from '../helpers/slack-app-server.ts';
import {
  appHomeOpened,
  FIXTURES_PRESENT,
  interactive,
  nowSeconds,
  postSlack,
  signedHeaders,
  slashCommand,
  until,
} from '../helpers/slack-requests.ts';

/** Slack's user ids of the test organisation's people, one per role. */
const PEOPLE = {
  alice: 'U01ALICE',
  mia: 'U01MIA',
  colin: 'U01COLIN',
  jade: 'U01JADE',
  cora: 'U01CORA',
  ada: 'U01ADA',
} as const;

/** Arguments that make each command do real work (ids of the test organisation). */
const ARGS: Record<string, string> = {
  'assess accept': 'E-9999',
  'assess decline': 'E-9999 conflict',
  'assess claim': '',
  'assess schedule': 'E-9999 2026-12-03 14:00',
  'assess decide': 'E-9999 approved',
  'assess availability': '',
  'assess curriculum': 'web-1-portfolio',
  'mentor student': 'stu-emma',
  'jury dossier': 'stu-emma',
  'jury status': 'stu-emma',
  'evaluation request': 'stu-gina data-1-sql',
  'evaluation reassign': 'E-9999 alice',
  'evaluation cancel': 'E-9999',
  'evaluation list': '',
};

const FORBIDDEN = /^The command \/\S+ \S+ is for the .+ role\(s\); you have /;

type Ack = { response_type?: string; text?: string; blocks?: { type: string }[] };

describe.skipIf(!FIXTURES_PRESENT)('the Slack app on POST /slack/events', () => {
  let server: SlackServer;
  let slack: SlackRecorder;

  beforeAll(async () => {
    slack = interceptSlack();
    server = await startSlackServer();
  });
  afterEach(() => slack.reset());
  afterAll(async () => {
    await server.close();
    stopIntercepting();
  });

  async function command(user: string, command: string, text: string): Promise<Ack> {
    const reply = await postSlack(server.base, slashCommand({ user, command, text }));
    expect(reply.status).toBe(200);
    expect(reply.ms).toBeLessThan(3000);
    if (reply.text) return reply.json as Ack;
    // A slow command answers through its response URL.
    const late = await slack.hook(1);
    return late.body as Ack;
  }

  describe('refuses what Slack did not sign, before any listener', () => {
    const request = () => slashCommand({ user: 'U404', command: '/assess', text: 'queue' });

    async function expectNothingHandled(): Promise<void> {
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await server.h.store.audit.list({ action: 'command' })).toEqual([]);
      expect(slack.calls).toEqual([]);
      expect(slack.hooks).toEqual([]);
    }

    it('a forged signature → 401', async () => {
      const forged = request();
      const headers = signedHeaders(forged.body, nowSeconds(), 'not-the-secret');
      expect((await postSlack(server.base, forged, { replaceHeaders: headers })).status).toBe(401);
      await expectNothingHandled();
    });

    it('a body changed after signing → 401', async () => {
      const signed = request();
      const headers = signedHeaders(signed.body);
      const tampered = { ...signed, body: signed.body.replace('queue', 'claim') };
      expect((await postSlack(server.base, tampered, { replaceHeaders: headers })).status).toBe(401);
      await expectNothingHandled();
    });

    it('a timestamp 301 s old or 301 s ahead → 401', async () => {
      expect((await postSlack(server.base, request(), { timestamp: nowSeconds() - 301 })).status).toBe(401);
      expect((await postSlack(server.base, request(), { timestamp: nowSeconds() + 301 })).status).toBe(401);
      await expectNothingHandled();
    });

    it('missing or malformed signature headers → 401', async () => {
      const r = request();
      const valid = signedHeaders(r.body);
      expect((await postSlack(server.base, r, { replaceHeaders: {} })).status).toBe(401);
      const noSignature = { 'x-slack-request-timestamp': valid['x-slack-request-timestamp'] };
      expect((await postSlack(server.base, r, { replaceHeaders: noSignature })).status).toBe(401);
      const noTimestamp = { 'x-slack-signature': valid['x-slack-signature'] };
      expect((await postSlack(server.base, r, { replaceHeaders: noTimestamp })).status).toBe(401);
      const words = { ...valid, 'x-slack-request-timestamp': 'yesterday' };
      expect((await postSlack(server.base, r, { replaceHeaders: words })).status).toBe(401);
      await expectNothingHandled();
    });

    it('a signed but malformed payload → 400, never 500', async () => {
      const bodies = [
        { body: 'payload=%7Bnot%20json', contentType: 'application/x-www-form-urlencoded' },
        { body: 'payload=42', contentType: 'application/x-www-form-urlencoded' },
        interactive({ type: 'dialog_submission', user: { id: 'U01ALICE' } }),
        interactive({ type: 'block_actions', user: { id: 'U01ALICE' }, actions: [] }),
        interactive({ type: 'block_actions', user: { id: 'U01ALICE' }, actions: [{ action_id: 'nope' }] }),
        interactive({
          type: 'view_submission',
          user: { id: 'U01ALICE' },
          view: { callback_id: 'unknown', state: { values: {} } },
        }),
        interactive({
          type: 'view_closed',
          user: { id: 'U01ALICE' },
          view: { callback_id: 'decline', state: { values: {} } },
        }),
        interactive({
          type: 'view_submission',
          user: { id: 'U01ALICE' },
          actions: [],
          view: { callback_id: 'decline', state: { values: {} } },
        }),
        interactive({
          type: 'block_actions',
          name: 'x',
          user: { id: 'U01ALICE' },
          actions: [{ action_id: 'offer.accept' }],
        }),
        slashCommand({ user: 'U01ALICE', command: '/weather', text: '94070' }),
        { body: 'user_id=U01ALICE', contentType: 'application/x-www-form-urlencoded' },
        { body: '{"type":"event_callback"', contentType: 'application/json' },
        {
          body: JSON.stringify({ type: 'event_callback', event_id: 'Ev1', event: { type: 'message' } }),
          contentType: 'application/json',
        },
        { body: JSON.stringify([1, 2]), contentType: 'application/json' },
        { body: 'hello', contentType: 'text/plain' },
      ];
      for (const body of bodies) {
        expect((await postSlack(server.base, body)).status, body.body).toBe(400);
      }
      await expectNothingHandled();
    });

    it('answers Slack’s URL verification', async () => {
      const body = JSON.stringify({ token: 't', challenge: 'abc123', type: 'url_verification' });
      const reply = await postSlack(server.base, { body, contentType: 'application/json' });
      expect([reply.status, reply.json]).toEqual([200, { challenge: 'abc123' }]);
    });
  });

  describe('slash commands', () => {
    it('/assess help answers within 3 s, in the acknowledgement, with the commands', async () => {
      const reply = await postSlack(
        server.base,
        slashCommand({ user: PEOPLE.alice, command: '/assess', text: 'help' }),
      );
      expect(reply.status).toBe(200);
      expect(reply.ms).toBeLessThan(3000);
      const ack = reply.json as Ack;
      expect(ack.response_type).toBe('ephemeral');
      expect(ack.text).toContain('Commands you can use');
      expect(ack.text).toContain('/assess queue');
      expect(ack.text).toContain('/assess report [evaluation]');
      expect(ack.blocks?.[0]?.type).toBe('header');
      expect(slack.hooks).toEqual([]);
    });

    it('acknowledges a slow command at once and answers through response_url', async () => {
      const evaluations = server.h.store.evaluations;
      const list = evaluations.list.bind(evaluations);
      Object.assign(evaluations, {
        list: async (...args: Parameters<typeof list>) => {
          await new Promise((resolve) => setTimeout(resolve, 1_800));
          return list(...args);
        },
      });
      try {
        const reply = await postSlack(
          server.base,
          slashCommand({ user: PEOPLE.alice, command: '/assess', text: 'queue' }),
        );
        expect([reply.status, reply.text]).toEqual([200, '']);
        expect(reply.ms).toBeLessThan(1_800);
        const late = (await slack.hook(1)).body as Ack;
        expect(late.response_type).toBe('ephemeral');
        expect(late.text).toContain('Your queue');
      } finally {
        Object.assign(evaluations, { list });
      }
    });

    it('tells an unregistered Slack user so', async () => {
      const ack = await command('U404', '/assess', 'queue');
      expect(ack.text).toMatch(/not registered/);
    });

    it('names a missing argument with the usage', async () => {
      const ack = await command(PEOPLE.alice, '/assess', 'accept');
      expect(ack.text).toBe('evaluation: required\nUsage: /assess accept &lt;evaluation&gt;');
    });

    it('keeps a charset on the content type from breaking the command', async () => {
      const r = slashCommand({ user: PEOPLE.alice, command: '/assess', text: 'help' });
      const reply = await postSlack(server.base, { ...r, contentType: `${r.contentType}; charset=utf-8` });
      expect([reply.status, (reply.json as Ack).response_type]).toEqual([200, 'ephemeral']);
    });

    // Every command of §3 × one person per role: the right role runs it, the wrong one is refused.
    const people: [string, string][] = Object.entries(PEOPLE);
    const table = commands.flatMap((spec) => people.map(([name, user]) => ({ path: spec.path, name, user })));

    it.each(table)('/$path as $name', async ({ path, name, user }) => {
      const person = (await server.h.store.people.getPerson(name)) as Person;
      const allowed = person.roles.some((role) => rolesFor(path).includes(role));
      const [group = '', sub = ''] = path.split(' ');
      const ack = await command(user, `/${group}`, `${sub} ${ARGS[path] ?? ''}`.trim());
      expect(ack.response_type).toBe('ephemeral');
      if (allowed) {
        expect(ack.text).not.toMatch(FORBIDDEN);
        expect(ack.text).not.toMatch(/Something went wrong/);
      } else {
        expect(ack.text).toMatch(FORBIDDEN);
        const refusals = await server.h.store.audit.list({ action: 'command' });
        expect(refusals.at(-1)).toMatchObject({ actor: name, outcome: 'forbidden' });
      }
    });

    it('spot-checks the table against the roles of §3', async () => {
      expect((await command(PEOPLE.alice, '/evaluation', 'list')).text).toMatch(FORBIDDEN);
      expect((await command(PEOPLE.mia, '/mentor', 'students')).text).toContain('Your students');
      expect((await command(PEOPLE.jade, '/jury', 'status stu-emma')).text).not.toMatch(FORBIDDEN);
      expect((await command(PEOPLE.cora, '/curriculum', 'digest')).text).not.toMatch(FORBIDDEN);
      expect((await command(PEOPLE.cora, '/jury', 'status stu-emma')).text).toMatch(FORBIDDEN);
      expect((await command(PEOPLE.colin, '/assess', 'queue')).text).toMatch(FORBIDDEN);
      expect((await command(PEOPLE.ada, '/evaluation', 'list')).text).not.toMatch(FORBIDDEN);
    });
  });

  it('uses Socket Mode instead of a route when SLACK_APP_TOKEN is set', async () => {
    const socket = createSlackApp({
      config: {
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_SIGNING_SECRET: undefined,
        SLACK_APP_TOKEN: 'xapp-1-test',
        SLACK_API_URL: 'https://slack.test/api/',
        DEFAULT_LOCALE: 'en',
      },
      ctx: server.h.ctx,
      registry: createRegistry(commands),
      queue: null,
      logger: createLogger('silent'),
      kick: () => {},
    });
    expect(socket.handlers).toBeNull();
    await socket.stop();
  });

  describe('events', () => {
    it('publishes the Home tab once for a retried app_home_opened (same event id)', async () => {
      const event = appHomeOpened({ user: PEOPLE.alice, eventId: 'Ev0HOME1' });
      expect((await postSlack(server.base, event)).status).toBe(200);
      const retry = await postSlack(server.base, event, {
        headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
      });
      expect(retry.status).toBe(200);
      const published = await slack.next('views.publish');
      expect(published.args.user_id).toBe(PEOPLE.alice);
      expect(published.args.view).toMatchObject({ type: 'home' });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(slack.of('views.publish')).toHaveLength(1);
      // A new event for the same user publishes again.
      await postSlack(
        server.base,
        appHomeOpened({ user: PEOPLE.alice, eventId: 'Ev0HOME2', tab: 'messages' }),
      );
      await until(() => slack.of('views.publish').length === 2);
    });

    it('shows a non-assessor what they can do', async () => {
      await postSlack(server.base, appHomeOpened({ user: PEOPLE.mia, eventId: 'Ev0HOME3' }));
      const published = await slack.next('views.publish');
      expect(JSON.stringify(published.args.view)).toContain('/assess help');
    });
  });
});
