import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KnownBlock, ModalView } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  SlackFakeClient,
  signatureBaseString,
  signSlackRequest,
} from '../../src/sandbox/slack-fake/index.ts';
import {
  ASSESSOR,
  type FakeWorld,
  fixtureJson,
  fixtureText,
  hasFixtures,
  startFakeWorld,
} from '../helpers/slack-fake-setup.ts';

type Received = { headers: IncomingHttpHeaders; body: string; signatureValid: boolean };
type Reply = { status?: number; body?: string; delayMs?: number };

let world: FakeWorld;
let app: Server;
let received: Received[];
let reply: (request: Received) => Reply;
let client: SlackFakeClient;

/** Verifies a request the way an app must, independently of the fake's own signing code. */
function verify(secret: string, headers: IncomingHttpHeaders, body: string): boolean {
  const timestamp = String(headers['x-slack-request-timestamp']);
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const expected = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const given = String(headers['x-slack-signature']);
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

beforeEach(async () => {
  world = await startFakeWorld();
  received = [];
  reply = () => ({});
  app = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      const request = {
        headers: req.headers,
        body,
        signatureValid: verify('test-signing-secret', req.headers, body),
      };
      received.push(request);
      const answer = request.signatureValid ? reply(request) : { status: 401 };
      setTimeout(() => {
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
        res.end(answer.body ?? '');
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  const { port } = app.address() as AddressInfo;
  client = new SlackFakeClient({
    workspace: world.workspace,
    appUrl: `http://127.0.0.1:${port}/slack/events`,
  });
});

afterEach(async () => {
  app.closeAllConnections();
  await new Promise((resolve) => app.close(resolve));
  await world.fake.close();
});

function payloadOf(request: Received | undefined): Record<string, unknown> {
  const raw = new URLSearchParams(request?.body ?? '').get('payload');
  if (raw === null) throw new Error('no payload field');
  return JSON.parse(raw) as Record<string, unknown>;
}

function keysOf(value: unknown): string[] {
  return Object.keys(value as Record<string, unknown>).sort();
}

const reportModal: ModalView = {
  type: 'modal',
  callback_id: 'report',
  private_metadata: '{"evaluation":"E-1001"}',
  notify_on_close: true,
  title: { type: 'plain_text', text: 'Report E-1001' },
  submit: { type: 'plain_text', text: 'Submit' },
  blocks: [
    {
      type: 'input',
      block_id: 'justification',
      label: { type: 'plain_text', text: 'Jury' },
      element: { type: 'plain_text_input', action_id: 'text', multiline: true },
    },
    {
      type: 'input',
      block_id: 'outcome',
      label: { type: 'plain_text', text: 'Outcome' },
      element: {
        type: 'radio_buttons',
        action_id: 'choice',
        options: [
          { text: { type: 'plain_text', text: 'Approved' }, value: 'approved' },
          { text: { type: 'plain_text', text: 'To rework' }, value: 'to_rework' },
        ],
      },
    },
    {
      type: 'input',
      block_id: 'criterion',
      label: { type: 'plain_text', text: 'C1' },
      element: {
        type: 'static_select',
        action_id: 'status',
        initial_option: { text: { type: 'plain_text', text: 'Met' }, value: 'met' },
        options: [
          { text: { type: 'plain_text', text: 'Met' }, value: 'met' },
          { text: { type: 'plain_text', text: 'Not met' }, value: 'not_met' },
        ],
      },
    },
    {
      type: 'input',
      block_id: 'doubt',
      optional: true,
      label: { type: 'plain_text', text: 'Doubt' },
      element: {
        type: 'checkboxes',
        action_id: 'flags',
        options: [{ text: { type: 'plain_text', text: 'Not ready' }, value: 'not_ready' }],
      },
    },
  ] as KnownBlock[],
};

async function openReport(): Promise<string> {
  const opened = await world.web.views.open({
    trigger_id: world.workspace.issueTrigger(ASSESSOR),
    view: reportModal,
  });
  return opened.view?.id ?? '';
}

describe('Slack fake signing', () => {
  it.skipIf(!hasFixtures)('matches the official worked example of signature v0', () => {
    const example = fixtureJson('slack-request-signing-example.json');
    const headers = example.headers as Record<string, string>;
    const timestamp = headers['X-Slack-Request-Timestamp'] ?? '';
    const body = String(example.body);
    expect(fixtureText('slack-request-signing-example.body.txt').trim()).toBe(body);
    expect(signatureBaseString(timestamp, body)).toBe(example.basestring);
    expect(signSlackRequest(String(example.signing_secret), timestamp, body)).toBe(
      example.expected_signature,
    );
    expect(example.expected_signature).toBe(headers['X-Slack-Signature']);
  });

  it('lets a test forge a signature or a stale timestamp', async () => {
    expect(
      (await client.send('a=b', 'application/x-www-form-urlencoded', { signature: 'v0=bad' })).status,
    ).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 301;
    expect((await client.send('a=b', 'application/x-www-form-urlencoded', { timestamp: stale })).status).toBe(
      401,
    );
    const unsigned = await client.send('a=b', 'application/x-www-form-urlencoded', { unsigned: true });
    expect(unsigned.status).toBe(401);
    expect(received.at(-1)?.headers).not.toHaveProperty('x-slack-signature');
    expect((await client.send('a=b', 'application/x-www-form-urlencoded')).status).toBe(200);
  });
});

describe('Slack fake acting as Slack towards the app', () => {
  it('sends a signed slash command like the fixture, with a live trigger and response_url', async () => {
    reply = () => ({ body: JSON.stringify({ text: 'Working on it' }) });
    const sent = await client.slashCommand(ASSESSOR, '/assess', 'accept E-1001');
    expect(sent.status).toBe(200);
    expect(sent.durationMs).toBeGreaterThan(0);
    const [request] = received;
    expect(request?.signatureValid).toBe(true);
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.body).toContain('command=%2Fassess&text=accept+E-1001');
    const fields = Object.fromEntries(new URLSearchParams(request?.body));
    expect(fields).toMatchObject({
      user_id: ASSESSOR,
      user_name: 'amelie',
      command: '/assess',
      text: 'accept E-1001',
    });
    expect(fields.trigger_id).toMatch(/^\d+\.\d+\.[0-9a-f]+$/);
    expect(fields.response_url?.startsWith(`${world.fake.url}/hooks/commands/`)).toBe(true);
    if (hasFixtures) {
      const expected = Object.keys(fixtureJson('slack-slash-command.json')).filter(
        (k) => !k.startsWith('enterprise'),
      );
      expect(Object.keys(fields)).toEqual(expect.arrayContaining(expected));
    }
    expect(world.workspace.ephemerals(ASSESSOR)).toMatchObject([
      { text: 'Working on it', via: 'command_ack' },
    ]);
    const later = await fetch(sent.responseUrl, {
      method: 'POST',
      body: JSON.stringify({ text: 'Accepted E-1001' }),
    });
    expect(later.status).toBe(200);
    expect(world.workspace.ephemerals(ASSESSOR).at(-1)).toMatchObject({
      text: 'Accepted E-1001',
      via: 'response_url',
    });
    const opened = await world.web.views.open({ trigger_id: sent.triggerId, view: reportModal });
    expect(opened.ok).toBe(true);
  });

  it('sends a block action from a message like the fixture; replace_original updates it', async () => {
    const blocks: KnownBlock[] = [
      { type: 'section', text: { type: 'mrkdwn', text: 'Offer E-1001' } },
      {
        type: 'actions',
        block_id: 'offer',
        elements: [
          {
            type: 'button',
            action_id: 'offer_accept',
            value: 'E-1001',
            text: { type: 'plain_text', text: 'Accept' },
          },
        ],
      },
    ];
    const posted = await world.web.chat.postMessage({ channel: ASSESSOR, text: 'Offer E-1001', blocks });
    const channel = posted.channel ?? '';
    const clicked = await client.clickButton(ASSESSOR, { channel, ts: posted.ts ?? '' }, 'offer_accept');
    expect(clicked.status).toBe(200);
    expect(received[0]?.body.startsWith('payload=')).toBe(true);
    const payload = payloadOf(received[0]);
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: ASSESSOR },
      container: { type: 'message', message_ts: posted.ts, channel_id: channel, is_ephemeral: false },
      message: { ts: posted.ts, text: 'Offer E-1001' },
      actions: [{ action_id: 'offer_accept', block_id: 'offer', value: 'E-1001', type: 'button' }],
    });
    if (hasFixtures) {
      const fixture = fixtureJson('slack-block-actions-message-button.json');
      expect(keysOf(payload)).toEqual(expect.arrayContaining(keysOf(fixture)));
      const [fixtureAction] = fixture.actions as unknown[];
      expect(keysOf((payload.actions as unknown[])[0])).toEqual(keysOf(fixtureAction));
    }
    const responseUrl = String(payload.response_url);
    await fetch(responseUrl, {
      method: 'POST',
      body: JSON.stringify({ replace_original: true, text: 'Accepted' }),
    });
    const message = world.workspace.message(channel, posted.ts ?? '');
    expect(message).toMatchObject({ text: 'Accepted', blocks: [] });
    expect(message?.edits).toHaveLength(1);
    expect((await world.web.views.open({ trigger_id: clicked.triggerId, view: reportModal })).ok).toBe(true);
  });

  it('sends a view submission with state built from the input blocks; errors keep the modal open', async () => {
    const viewId = await openReport();
    reply = () => ({
      body: JSON.stringify({ response_action: 'errors', errors: { justification: 'Too short' } }),
    });
    const first = await client.submitView(ASSESSOR, viewId, {
      justification: 'Short',
      outcome: 'to_rework',
      doubt: ['not_ready'],
    });
    expect(first.outcome).toBe('errors');
    const payload = payloadOf(received[0]);
    const view = payload.view as Record<string, unknown>;
    expect(payload).toMatchObject({
      type: 'view_submission',
      user: { id: ASSESSOR },
      trigger_id: expect.any(String),
    });
    expect(view).toMatchObject({
      id: viewId,
      callback_id: 'report',
      private_metadata: '{"evaluation":"E-1001"}',
    });
    expect(view.state).toEqual({
      values: {
        justification: { text: { type: 'plain_text_input', value: 'Short' } },
        outcome: {
          choice: {
            type: 'radio_buttons',
            selected_option: { text: { type: 'plain_text', text: 'To rework' }, value: 'to_rework' },
          },
        },
        criterion: {
          status: {
            type: 'static_select',
            selected_option: { text: { type: 'plain_text', text: 'Met' }, value: 'met' },
          },
        },
        doubt: {
          flags: {
            type: 'checkboxes',
            selected_options: [{ text: { type: 'plain_text', text: 'Not ready' }, value: 'not_ready' }],
          },
        },
      },
    });
    if (hasFixtures) {
      const fixture = fixtureJson('slack-view-submission.json');
      expect(keysOf(payload)).toEqual(expect.arrayContaining(keysOf(fixture)));
      expect(keysOf(view)).toEqual(expect.arrayContaining(keysOf(fixture.view)));
    }
    expect(world.workspace.views.current(ASSESSOR)).toMatchObject({
      id: viewId,
      errors: { justification: 'Too short' },
    });
    reply = () => ({});
    const second = await client.submitView(ASSESSOR, viewId, {
      justification: 'A long enough justification',
    });
    expect(second.outcome).toBe('closed');
    expect(world.workspace.views.stack(ASSESSOR)).toEqual([]);
    expect(received).toHaveLength(2);
  });

  it('refuses an empty required input before sending, as the Slack client does', async () => {
    const viewId = await openReport();
    const refused = await client.submitView(ASSESSOR, viewId, { outcome: 'approved' });
    expect(refused).toMatchObject({ outcome: 'refused', refused: { justification: expect.any(String) } });
    expect(received).toEqual([]);
  });

  it('applies response_action update, push and clear', async () => {
    const viewId = await openReport();
    const step2 = { ...reportModal, notify_on_close: false, title: { type: 'plain_text', text: 'Step 2' } };
    reply = () => ({ body: JSON.stringify({ response_action: 'update', view: step2 }) });
    const values = { justification: 'x', outcome: 'approved' };
    expect((await client.submitView(ASSESSOR, viewId, values)).outcome).toBe('updated');
    expect(world.workspace.views.current(ASSESSOR)).toMatchObject({ id: viewId, title: { text: 'Step 2' } });
    reply = () => ({ body: JSON.stringify({ response_action: 'push', view: step2 }) });
    const pushed = await client.submitView(ASSESSOR, viewId, values);
    expect(pushed.outcome).toBe('pushed');
    expect(world.workspace.views.stack(ASSESSOR)).toHaveLength(2);
    reply = () => ({ body: JSON.stringify({ response_action: 'clear' }) });
    expect((await client.submitView(ASSESSOR, pushed.view.id, values)).outcome).toBe('cleared');
    expect(world.workspace.views.stack(ASSESSOR)).toEqual([]);
  });

  it('sends view_closed for a view with notify_on_close, like the fixture', async () => {
    const viewId = await openReport();
    const closed = await client.closeView(ASSESSOR, viewId);
    expect(closed.sent).toBe(true);
    const payload = payloadOf(received[0]);
    expect(payload).toMatchObject({
      type: 'view_closed',
      is_cleared: false,
      view: { id: viewId, notify_on_close: true },
    });
    if (hasFixtures) {
      const fixture = fixtureJson('slack-view-closed.json');
      expect(keysOf(payload)).toEqual(expect.arrayContaining(keysOf(fixture)));
    }
    expect(world.workspace.views.stack(ASSESSOR)).toEqual([]);
    const quiet = await world.web.views.open({
      trigger_id: world.workspace.issueTrigger(ASSESSOR),
      view: { ...reportModal, notify_on_close: false },
    });
    expect((await client.closeView(ASSESSOR, quiet.view?.id ?? '')).sent).toBe(false);
    expect(received).toHaveLength(1);
  });

  it('sends app_home_opened like the fixture, and its retry with the same event_id', async () => {
    await world.web.views.publish({ user_id: ASSESSOR, view: { type: 'home', blocks: [] } });
    const opened = await client.openHome(ASSESSOR);
    expect(opened.status).toBe(200);
    expect(received[0]?.headers['content-type']).toBe('application/json');
    const envelope = JSON.parse(received[0]?.body ?? '') as Record<string, unknown>;
    expect(envelope).toMatchObject({
      type: 'event_callback',
      team_id: 'T0SCHOOL1',
      event: { type: 'app_home_opened', user: ASSESSOR, tab: 'home', view: { type: 'home' } },
    });
    expect(envelope.event_id).toMatch(/^Ev/);
    if (hasFixtures) {
      const fixture = fixtureJson('slack-event-app-home-opened.json');
      // The fixture is an org-wide install; a workspace install has no top-level enterprise_id.
      const expected = keysOf(fixture).filter((key) => key !== 'enterprise_id');
      expect(keysOf(envelope)).toEqual(expect.arrayContaining(expected));
      expect(keysOf(envelope.event)).toEqual(expect.arrayContaining(keysOf(fixture.event)));
    }
    await client.retry(opened.envelope, 1);
    expect(received[1]?.headers).toMatchObject({
      'x-slack-retry-num': '1',
      'x-slack-retry-reason': 'http_timeout',
    });
    expect(JSON.parse(received[1]?.body ?? '')).toEqual(envelope);
    const next = await client.openHome(ASSESSOR);
    expect(next.envelope.event_id).not.toBe(envelope.event_id);
  });

  it('sends the url_verification handshake and a click on an App Home button', async () => {
    reply = (request) => ({ body: JSON.stringify({ challenge: JSON.parse(request.body).challenge }) });
    const verification = await client.urlVerification();
    expect(verification.json).toEqual({ challenge: verification.challenge });
    const home = {
      type: 'home' as const,
      blocks: [
        {
          type: 'actions',
          elements: [
            { type: 'button', action_id: 'open_report', text: { type: 'plain_text', text: 'Report' } },
          ],
        },
      ] as KnownBlock[],
    };
    const published = await world.web.views.publish({ user_id: ASSESSOR, view: home });
    reply = () => ({});
    await client.clickButton(ASSESSOR, { viewId: published.view?.id ?? '' }, 'open_report');
    expect(payloadOf(received[1])).toMatchObject({
      type: 'block_actions',
      container: { type: 'view', view_id: published.view?.id },
      view: { type: 'home' },
      actions: [{ action_id: 'open_report', type: 'button' }],
    });
  });

  it('gives up after the acknowledgement timeout, as Slack does after 3 s', async () => {
    const impatient = new SlackFakeClient({
      workspace: world.workspace,
      appUrl: client.appUrl,
      ackTimeoutMs: 100,
    });
    reply = () => ({ delayMs: 400 });
    const late = await impatient.slashCommand(ASSESSOR, '/assess', 'queue');
    expect(late).toMatchObject({ status: 0, timedOut: true });
    expect(late.durationMs).toBeGreaterThanOrEqual(90);
  });
});
