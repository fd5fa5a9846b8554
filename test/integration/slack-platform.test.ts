import { readFileSync } from 'node:fs';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SlackPlatform } from '../../src/adapters/slack/slack-platform.ts';
import { PlatformError } from '../../src/ports/chat-platform.ts';
import type { FormView, MessageView } from '../../src/views/view-model.ts';

const API = 'https://slack.test';
const TOKEN = 'xoxb-test-token';

const completeUpload = JSON.parse(
  readFileSync(
    new URL('../../../shared/fixtures/slack-api-files-completeUploadExternal.json', import.meta.url),
    'utf8',
  ),
) as unknown;

const message: MessageView = {
  text: 'Offer E-1042 <for you>',
  audience: 'assessor',
  blocks: [
    { type: 'header', text: 'Offer E-1042' },
    { type: 'text', text: 'Emma & REST API' },
    { type: 'actions', buttons: [{ action: 'offer.accept', label: 'Accept', value: 'E-1042' }] },
  ],
};

const form: FormView = {
  callback: 'report',
  title: 'Report E-1042',
  submitLabel: 'Submit',
  fields: [{ kind: 'text', id: 'strengths', label: 'Strengths', required: true }],
  metadata: { evaluation: 'E-1042', step: 0 },
};

type Body = Record<string, string>;

function platform(): SlackPlatform {
  return new SlackPlatform({ token: TOKEN, apiUrl: `${API}/api/` });
}

/** Intercepts one Web API call, keeping the form body it was sent with. */
function method(
  name: string,
  reply: object | string,
  seen: Body[] = [],
  status = 200,
  headers: Record<string, string> = {},
) {
  return nock(API)
    .matchHeader('authorization', `Bearer ${TOKEN}`)
    .post(`/api/${name}`, (body: Body) => {
      seen.push(body);
      return true;
    })
    .reply(status, reply, { 'content-type': 'application/json', ...headers });
}

async function failure(work: Promise<unknown>): Promise<PlatformError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformError;
}

beforeAll(() => {
  if (!nock.isActive()) nock.activate();
  nock.disableNetConnect();
});
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

describe('SlackPlatform', () => {
  it('sends a DM: conversations.open, then chat.postMessage with the rendered blocks', async () => {
    const opened: Body[] = [];
    const posted: Body[] = [];
    method('conversations.open', { ok: true, channel: { id: 'D069C7QFK' } }, opened);
    method('chat.postMessage', { ok: true, channel: 'D069C7QFK', ts: '1503435956.000247' }, posted);
    const ref = await platform().sendDirectMessage('U01ALICE', message);
    expect(ref).toEqual({ platform: 'slack', channel: 'D069C7QFK', id: '1503435956.000247' });
    expect(opened[0]?.users).toBe('U01ALICE');
    expect(posted[0]?.channel).toBe('D069C7QFK');
    expect(posted[0]?.text).toBe('Offer E-1042 &lt;for you&gt;');
    const blocks = JSON.parse(posted[0]?.blocks ?? '[]') as { type: string }[];
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'actions']);
  });

  it('posts to a channel and updates the message in place', async () => {
    const updated: Body[] = [];
    method('chat.postMessage', { ok: true, channel: 'C01COORD', ts: '1.000100' });
    method('chat.update', { ok: true, channel: 'C01COORD', ts: '1.000100' }, updated);
    const slack = platform();
    const ref = await slack.postToChannel('C01COORD', message);
    expect(ref).toEqual({ platform: 'slack', channel: 'C01COORD', id: '1.000100' });
    await slack.updateMessage(ref, { ...message, blocks: [{ type: 'text', text: 'Accepted' }] });
    expect(updated[0]).toMatchObject({ channel: 'C01COORD', ts: '1.000100' });
    expect(JSON.parse(updated[0]?.blocks ?? '[]')).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'Accepted' } },
    ]);
  });

  it('uploads a file: upload URL, the bytes, then completion in the channel with the comment', async () => {
    const asked: Body[] = [];
    const completed: Body[] = [];
    let uploaded = '';
    method(
      'files.getUploadURLExternal',
      {
        ok: true,
        upload_url: 'https://files.slack.test/upload/v1/abcdefghi',
        file_id: 'F012AB3CDE4',
      },
      asked,
    );
    nock('https://files.slack.test')
      .post('/upload/v1/abcdefghi', (body: string) => {
        uploaded = body;
        return true;
      })
      .reply(200, 'OK - 12');
    method('files.completeUploadExternal', completeUpload as object, completed);
    const ref = await platform().uploadFile('C0123AB4CDE', {
      filename: 'dossier.md',
      content: new TextEncoder().encode('# Dossier\n'),
      title: 'Jury dossier',
      comment: 'Dossier of Emma',
    });
    expect(asked[0]).toMatchObject({ filename: 'dossier.md', length: '10' });
    expect(uploaded).toBe('# Dossier\n');
    expect(completed[0]).toMatchObject({ channel_id: 'C0123AB4CDE', initial_comment: 'Dossier of Emma' });
    expect(JSON.parse(completed[0]?.files ?? '[]')).toEqual([{ id: 'F012AB3CDE4', title: 'Jury dossier' }]);
    // The message that shared the file, so it can be found again.
    expect(ref).toEqual({ platform: 'slack', channel: 'C0123AB4CDE', id: '1760688662.900279' });
  });

  it('opens a form as a modal with the trigger', async () => {
    const opened: Body[] = [];
    method('views.open', { ok: true, view: { id: 'V1' } }, opened);
    await platform().openForm({ platform: 'slack', token: '123.456.abc' }, form);
    expect(opened[0]?.trigger_id).toBe('123.456.abc');
    expect(JSON.parse(opened[0]?.view ?? '{}')).toMatchObject({ type: 'modal', callback_id: 'report' });
  });

  it('reports a 429 at once as rate_limited with Retry-After in milliseconds', async () => {
    method('chat.postMessage', { ok: false, error: 'ratelimited' }, [], 429, { 'retry-after': '7' });
    const error = await failure(platform().postToChannel('C01COORD', message));
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(7000);
    expect(error.permanent).toBe(false);
  });

  it('maps invalid_auth to unauthorized (permanent)', async () => {
    method('chat.postMessage', { ok: false, error: 'invalid_auth' });
    const error = await failure(platform().postToChannel('C01COORD', message));
    expect([error.code, error.platformCode, error.permanent]).toEqual(['unauthorized', 'invalid_auth', true]);
  });

  it('maps expired_trigger_id on views.open to trigger_expired', async () => {
    method('views.open', { ok: false, error: 'expired_trigger_id' });
    const error = await failure(platform().openForm({ platform: 'slack', token: 'old' }, form));
    expect([error.code, error.platformCode]).toEqual(['trigger_expired', 'expired_trigger_id']);
  });

  it('maps user_not_found to recipient_unreachable and channel_not_found to channel_not_found', async () => {
    method('conversations.open', { ok: false, error: 'user_not_found' });
    const dm = await failure(platform().sendDirectMessage('U404', message));
    expect([dm.code, dm.permanent]).toEqual(['recipient_unreachable', true]);
    method('chat.postMessage', { ok: false, error: 'channel_not_found' });
    const post = await failure(platform().postToChannel('C404', message));
    expect(post.code).toBe('channel_not_found');
  });

  it('maps a server error and an unknown error code to unavailable (retried)', async () => {
    method('chat.update', 'upstream down', [], 503);
    const server = await failure(
      platform().updateMessage({ platform: 'slack', channel: 'C1', id: '1.1' }, message),
    );
    expect([server.code, server.permanent]).toEqual(['unavailable', false]);
    method('chat.update', { ok: false, error: 'fatal_error' });
    const unknown = await failure(
      platform().updateMessage({ platform: 'slack', channel: 'C1', id: '1.1' }, message),
    );
    expect([unknown.code, unknown.platformCode]).toEqual(['unavailable', 'fatal_error']);
  });
});
