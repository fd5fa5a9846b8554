import { ErrorCode, type KnownBlock, type ModalView, type WebAPIRateLimitedError } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshotSlackWorkspace } from '../../src/sandbox/slack-fake/index.ts';
import {
  ASSESSOR,
  COORDINATORS,
  type FakeWorld,
  fixtureJson,
  hasFixtures,
  JURY_CHANNEL,
  MENTOR,
  silentLogger,
  slackError,
  startFakeWorld,
} from '../helpers/slack-fake-setup.ts';

let world: FakeWorld;

beforeEach(async () => {
  world = await startFakeWorld();
});

afterEach(async () => {
  await world.fake.close();
});

const modal = (blocks: KnownBlock[] = [], extra: Partial<ModalView> = {}): ModalView => ({
  type: 'modal',
  title: { type: 'plain_text', text: 'Report' },
  submit: { type: 'plain_text', text: 'Submit' },
  blocks,
  ...extra,
});

const input = (blockId: string): KnownBlock => ({
  type: 'input',
  block_id: blockId,
  label: { type: 'plain_text', text: blockId },
  element: { type: 'plain_text_input', action_id: 'value' },
});

describe('Slack fake Web API', () => {
  it('answers auth.test with the team and the bot, in the fixture shape', async () => {
    const result = await world.web.auth.test();
    expect(result).toMatchObject({
      ok: true,
      team: 'Online School',
      team_id: 'T0SCHOOL1',
      user_id: 'U0BOT0001',
    });
    expect(result.bot_id).toBe('B0BOT0001');
    if (hasFixtures) {
      for (const key of Object.keys(fixtureJson('slack-api-auth-test.json')))
        expect(result).toHaveProperty(key);
    }
  });

  it('posts and updates messages, keeping the earlier version', async () => {
    const posted = await world.web.chat.postMessage({
      channel: COORDINATORS,
      text: 'No assessor for E-1001',
    });
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(posted.channel).toBe(COORDINATORS);
    expect(posted.message).toMatchObject({
      type: 'message',
      text: 'No assessor for E-1001',
      bot_id: 'B0BOT0001',
    });
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Assigned*' } }];
    const updated = await world.web.chat.update({
      channel: COORDINATORS,
      ts: posted.ts ?? '',
      text: 'Assigned',
      blocks,
    });
    expect(updated).toMatchObject({ ok: true, ts: posted.ts, text: 'Assigned' });
    const [message] = world.workspace.messages(COORDINATORS);
    expect(message?.text).toBe('Assigned');
    expect(message?.blocks[0]).toMatchObject({ type: 'section', block_id: expect.any(String) });
    expect(message?.edits.map((edit) => edit.text)).toEqual(['No assessor for E-1001']);
    expect(message?.editedTs).toBeDefined();
  });

  it('emits changes as they happen and snapshots the state as plain JSON', async () => {
    const kinds: string[] = [];
    const stop = world.workspace.on('message', (event) => kinds.push(event.kind));
    const updated = world.workspace.waitFor('message', (event) => event.kind === 'updated');
    const posted = await world.web.chat.postMessage({ channel: MENTOR, text: 'Summary' });
    await world.web.chat.update({ channel: posted.channel ?? '', ts: posted.ts ?? '', text: 'Summary v2' });
    expect((await updated).message.text).toBe('Summary v2');
    stop();
    expect(kinds).toEqual(['posted', 'updated']);
    const snapshot = snapshotSlackWorkspace(world.workspace);
    const dm = snapshot.channels.find((channel) => channel.kind === 'im');
    expect(dm).toMatchObject({ user: MENTOR, messages: [{ text: 'Summary v2' }] });
    expect(JSON.parse(JSON.stringify(snapshot)).users).toHaveLength(3);
  });

  it('gives message ts strictly increasing', async () => {
    const a = await world.web.chat.postMessage({ channel: COORDINATORS, text: 'a' });
    const b = await world.web.chat.postMessage({ channel: COORDINATORS, text: 'b' });
    expect((b.ts ?? '') > (a.ts ?? '')).toBe(true);
  });

  it('answers Slack errors: unknown channel, unknown ts, too many blocks, missing argument, wrong type', async () => {
    expect((await slackError(world.web.chat.postMessage({ channel: 'C0NOPE', text: 'x' }))).error).toBe(
      'channel_not_found',
    );
    expect(
      (await slackError(world.web.chat.update({ channel: COORDINATORS, ts: '1700000000.000100', text: 'x' })))
        .error,
    ).toBe('message_not_found');
    const many = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    const tooMany = await slackError(
      world.web.chat.postMessage({ channel: COORDINATORS, text: 'x', blocks: many }),
    );
    expect(tooMany).toEqual({
      error: 'invalid_blocks',
      messages: ['[ERROR] no more than 50 items allowed [json-pointer:/blocks]'],
    });
    const missing = await slackError(world.web.apiCall('chat.postMessage', { text: 'no channel' }));
    expect(missing).toEqual({
      error: 'invalid_arguments',
      messages: ['[ERROR] missing required field: channel'],
    });
    const wrongType = await slackError(
      world.web.apiCall('files.getUploadURLExternal', { filename: 'a', length: 'x' }),
    );
    expect(wrongType.messages).toEqual(['[ERROR] must be an integer [json-pointer:/length]']);
    expect((await slackError(world.web.apiCall('chat.postMessage', { channel: COORDINATORS }))).error).toBe(
      'no_text',
    );
  });

  it('accepts unknown arguments like Slack and shows them in the call log', async () => {
    await world.web.apiCall('chat.postMessage', { channel: COORDINATORS, text: 'x', chanel_typo: 'y' });
    const [call] = world.workspace.calls('chat.postMessage');
    expect(call).toMatchObject({ ok: true, status: 200, unknownArgs: ['chanel_typo'] });
    expect(call?.args).not.toHaveProperty('token');
  });

  it('refuses a wrong token with invalid_auth and no token with not_authed', async () => {
    const { WebClient } = await import('@slack/web-api');
    const stranger = new WebClient('xoxb-wrong', {
      slackApiUrl: world.fake.apiUrl,
      retryConfig: { retries: 0 },
      logger: silentLogger,
    });
    expect((await slackError(stranger.auth.test())).error).toBe('invalid_auth');
    const response = await fetch(`${world.fake.apiUrl}auth.test`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: false, error: 'not_authed' });
    if (hasFixtures) {
      expect(fixtureJson('slack-api-error-invalid-auth.json')).toEqual({ ok: false, error: 'invalid_auth' });
    }
  });

  it('reads JSON bodies with the token in the Authorization header, and query arguments', async () => {
    const response = await fetch(`${world.fake.apiUrl}chat.postMessage?channel=${COORDINATORS}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${world.workspace.botToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        text: 'json',
        blocks: [{ type: 'section', text: { type: 'plain_text', text: 'hi' } }],
      }),
    });
    expect(await response.json()).toMatchObject({ ok: true, channel: COORDINATORS });
    expect(world.workspace.messages(COORDINATORS)[0]?.blocks).toHaveLength(1);
  });

  it('answers an unknown method with 404 unknown_method', async () => {
    const response = await fetch(`${world.fake.apiUrl}chat.meMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${world.workspace.botToken}` },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ ok: false, error: 'unknown_method' });
  });

  it('opens a DM once, posts to it by user id, and knows users', async () => {
    const opened = await world.web.conversations.open({ users: MENTOR });
    const dm = opened.channel?.id ?? '';
    expect(dm).toMatch(/^D/);
    const again = await world.web.conversations.open({ users: MENTOR });
    expect(again).toMatchObject({ channel: { id: dm }, already_open: true });
    await world.web.chat.postMessage({ channel: dm, text: 'Summary for E-1001' });
    await world.web.chat.postMessage({ channel: MENTOR, text: 'Second summary' });
    expect(world.workspace.dmMessages(MENTOR).map((m) => m.text)).toEqual([
      'Summary for E-1001',
      'Second summary',
    ]);
    expect((await slackError(world.web.conversations.open({ users: 'U0NOBODY' }))).error).toBe(
      'user_not_found',
    );
    const info = await world.web.users.info({ user: MENTOR, include_locale: true });
    expect(info.user).toMatchObject({ id: MENTOR, name: 'marc', real_name: 'Marc Durand', locale: 'en-US' });
    expect(info.user?.profile).toMatchObject({ display_name: 'marc', email: 'marc@school.example' });
    expect((await slackError(world.web.users.info({ user: 'U0NOBODY' }))).error).toBe('user_not_found');
  });

  it('records ephemeral messages per user and refuses users outside the channel', async () => {
    const result = await world.web.chat.postEphemeral({
      channel: COORDINATORS,
      user: ASSESSOR,
      text: 'Only you',
    });
    expect(result.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(world.workspace.ephemerals(ASSESSOR)).toMatchObject([{ channel: COORDINATORS, text: 'Only you' }]);
    expect(world.workspace.ephemerals(MENTOR)).toEqual([]);
    const outside = world.web.chat.postEphemeral({ channel: JURY_CHANNEL, user: ASSESSOR, text: 'x' });
    expect((await slackError(outside)).error).toBe('user_not_in_channel');
  });
});

describe('Slack fake views', () => {
  it('opens a modal with a fresh trigger and refuses a reused, expired, unknown or malformed one', async () => {
    const trigger = world.workspace.issueTrigger(ASSESSOR);
    const opened = await world.web.views.open({ trigger_id: trigger, view: modal([input('comment')]) });
    expect(opened.view).toMatchObject({ type: 'modal', callback_id: '', root_view_id: opened.view?.id });
    expect(opened.view?.hash).toMatch(/^\d+\./);
    expect(world.workspace.views.current(ASSESSOR)?.id).toBe(opened.view?.id);
    const reused = world.web.views.open({ trigger_id: trigger, view: modal() });
    expect((await slackError(reused)).error).toBe('exchanged_trigger_id');
    const late = world.workspace.issueTrigger(ASSESSOR);
    world.advance(3001);
    expect((await slackError(world.web.views.open({ trigger_id: late, view: modal() }))).error).toBe(
      'expired_trigger_id',
    );
    const unknown = world.web.views.open({ trigger_id: '123.456.abcdef', view: modal() });
    expect((await slackError(unknown)).error).toBe('expired_trigger_id');
    const malformed = await slackError(world.web.views.open({ trigger_id: 'nope', view: modal() }));
    expect(malformed).toEqual({ error: 'invalid_arguments', messages: ['invalid `trigger_id`'] });
    if (hasFixtures) {
      expect(fixtureJson('slack-api-views-open-error.json')).toMatchObject({
        error: 'invalid_arguments',
        response_metadata: { messages: malformed.messages },
      });
    }
  });

  it('refuses views over Slack limits with invalid_arguments, leaving the trigger usable', async () => {
    const trigger = world.workspace.issueTrigger(ASSESSOR);
    const cases: [unknown, string][] = [
      [modal([], { title: { type: 'plain_text', text: 'x'.repeat(25) } }), '/view/title/text'],
      [modal([], { submit: { type: 'plain_text', text: 'x'.repeat(25) } }), '/view/submit/text'],
      [modal([], { close: { type: 'plain_text', text: 'x'.repeat(25) } }), '/view/close/text'],
      [modal(Array.from({ length: 101 }, () => ({ type: 'divider' }))), '/view/blocks'],
      [modal([], { private_metadata: 'x'.repeat(3001) }), '/view/private_metadata'],
    ];
    for (const [view, pointer] of cases) {
      const refused = await slackError(world.web.apiCall('views.open', { trigger_id: trigger, view }));
      expect(refused.error).toBe('invalid_arguments');
      expect(refused.messages).toHaveLength(1);
      expect(refused.messages[0]).toMatch(new RegExp(`^\\[ERROR\\] .+ \\[json-pointer:${pointer}\\]$`));
    }
    const atLimits = modal(
      Array.from({ length: 100 }, () => ({ type: 'divider' })),
      { title: { type: 'plain_text', text: 'x'.repeat(24) }, private_metadata: 'x'.repeat(3000) },
    );
    expect((await world.web.views.open({ trigger_id: trigger, view: atLimits })).ok).toBe(true);
  });

  it('stacks three views at most: a 4th views.push gets push_limit_reached', async () => {
    await world.web.views.open({ trigger_id: world.workspace.issueTrigger(ASSESSOR), view: modal() });
    for (const step of [2, 3]) {
      const pushed = await world.web.views.push({
        trigger_id: world.workspace.issueTrigger(ASSESSOR),
        view: modal([], { title: { type: 'plain_text', text: `Step ${step}` } }),
      });
      expect(pushed.view?.previous_view_id).toBeTruthy();
    }
    const fourth = world.web.views.push({
      trigger_id: world.workspace.issueTrigger(ASSESSOR),
      view: modal(),
    });
    expect((await slackError(fourth)).error).toBe('push_limit_reached');
    expect(world.workspace.views.stack(ASSESSOR)).toHaveLength(3);
  });

  it('updates a view by id with a hash check, and publishes App Home per user', async () => {
    const opened = await world.web.views.open({
      trigger_id: world.workspace.issueTrigger(ASSESSOR),
      view: modal(),
    });
    const id = opened.view?.id ?? '';
    const stale = world.web.views.update({ view_id: id, hash: 'stale.hash', view: modal() });
    expect((await slackError(stale)).error).toBe('hash_conflict');
    const updated = await world.web.views.update({
      view_id: id,
      hash: opened.view?.hash ?? '',
      view: modal([], { private_metadata: '{"evaluation":"E-1001"}' }),
    });
    expect(updated.view).toMatchObject({ id, private_metadata: '{"evaluation":"E-1001"}' });
    expect((await slackError(world.web.views.update({ view_id: 'V0NOPE', view: modal() }))).error).toBe(
      'not_found',
    );
    const home = {
      type: 'home' as const,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Queue' } }],
    };
    const published = await world.web.views.publish({ user_id: ASSESSOR, view: home });
    expect(published.view).toMatchObject({ type: 'home' });
    expect(world.workspace.views.home(ASSESSOR)?.blocks).toHaveLength(1);
    expect((await slackError(world.web.views.publish({ user_id: 'U0NOBODY', view: home }))).error).toBe(
      'user_not_found',
    );
  });
});

describe('Slack fake files and rate limits', () => {
  it('runs the upload flow of files.uploadV2 end to end into a channel', async () => {
    const bytes = Buffer.from('%PDF-1.7 dossier');
    await world.web.filesUploadV2({
      channel_id: JURY_CHANNEL,
      file: bytes,
      filename: 'dossier-S-17.pdf',
      title: 'Dossier S-17',
      initial_comment: 'Dossier for S-17',
    });
    const [file] = world.workspace.files.inChannel(JURY_CHANNEL);
    expect(file).toMatchObject({
      name: 'dossier-S-17.pdf',
      title: 'Dossier S-17',
      comment: 'Dossier for S-17',
    });
    expect(file?.bytes?.equals(bytes)).toBe(true);
    const [message] = world.workspace.messages(JURY_CHANNEL);
    expect(message).toMatchObject({ text: 'Dossier for S-17', files: [file?.id], via: 'file_share' });
    const download = await fetch(file?.url ?? '');
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    expect(world.workspace.calls().map((c) => c.method)).toEqual([
      'files.getUploadURLExternal',
      'files.completeUploadExternal',
    ]);
  });

  it('takes raw bytes at the upload URL and answers completeUploadExternal in the fixture shape', async () => {
    const started = await world.web.files.getUploadURLExternal({ filename: 'digest.md', length: 7 });
    expect(started.upload_url?.startsWith(`${world.fake.url}/upload/v1/`)).toBe(true);
    const posted = await fetch(started.upload_url ?? '', { method: 'POST', body: '# Hello' });
    expect(posted.status).toBe(200);
    const done = await world.web.files.completeUploadExternal({
      files: [{ id: started.file_id ?? '', title: 'Digest' }],
      channel_id: COORDINATORS,
      initial_comment: 'Weekly digest',
    });
    const [file] = done.files ?? [];
    expect(file).toMatchObject({
      id: started.file_id,
      title: 'Digest',
      name: 'digest.md',
      channels: [COORDINATORS],
    });
    if (hasFixtures) {
      const [expected] = fixtureJson('slack-api-files-completeUploadExternal.json').files as Record<
        string,
        unknown
      >[];
      const missing = Object.keys(expected ?? {}).filter((key) => !(key in (file ?? {})));
      expect(missing.sort()).toEqual(
        [
          'edit_link',
          'lines',
          'lines_more',
          'permalink_public',
          'preview',
          'preview_highlight',
          'preview_is_truncated',
          'comments_count',
          'is_starred',
        ].sort(),
      );
    }
    const again = world.web.files.completeUploadExternal({ files: [{ id: started.file_id ?? '' }] });
    expect((await slackError(again)).error).toBe('file_not_found');
    const channelMissing = await world.web.files.getUploadURLExternal({ filename: 'x.txt', length: 1 });
    await fetch(channelMissing.upload_url ?? '', { method: 'POST', body: 'x' });
    const lost = world.web.files.completeUploadExternal({
      files: [{ id: channelMissing.file_id ?? '' }],
      channel_id: 'C0NOPE',
    });
    expect((await slackError(lost)).error).toBe('channel_not_found');
  });

  it('answers 429 with Retry-After on demand; WebClient sees a rate-limited error', async () => {
    world.workspace.rateLimit({ method: 'chat.postMessage', everyN: 2, retryAfterSeconds: 7 });
    await world.web.chat.postMessage({ channel: COORDINATORS, text: 'first' });
    const error = await world.web.chat
      .postMessage({ channel: COORDINATORS, text: 'second' })
      .catch((e: unknown) => e);
    expect((error as WebAPIRateLimitedError).code).toBe(ErrorCode.RateLimitedError);
    expect((error as WebAPIRateLimitedError).retryAfter).toBe(7);
    await world.web.chat.postMessage({ channel: COORDINATORS, text: 'third' });
    const raw = await fetch(`${world.fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${world.workspace.botToken}` },
      body: new URLSearchParams({ channel: COORDINATORS, text: 'fourth' }),
    });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('7');
    expect(await raw.json()).toEqual({ ok: false, error: 'ratelimited' });
    expect(world.workspace.messages(COORDINATORS).map((m) => m.text)).toEqual(['first', 'third']);
    expect(world.workspace.limiter.refusals).toBe(2);
  });

  it('limits chat.postMessage to about one per second per channel with a token bucket', async () => {
    const remove = world.workspace.rateLimit({ method: 'chat.postMessage', perSecond: 1, perChannel: true });
    await world.web.chat.postMessage({ channel: COORDINATORS, text: 'a' });
    const limited = await world.web.chat
      .postMessage({ channel: COORDINATORS, text: 'b' })
      .catch((e: unknown) => e);
    expect((limited as WebAPIRateLimitedError).retryAfter).toBe(1);
    await world.web.chat.postMessage({ channel: JURY_CHANNEL, text: 'other channel' });
    world.advance(1000);
    await world.web.chat.postMessage({ channel: COORDINATORS, text: 'c' });
    remove();
    await world.web.chat.postMessage({ channel: COORDINATORS, text: 'd' });
    expect(world.workspace.messages(COORDINATORS).map((m) => m.text)).toEqual(['a', 'c', 'd']);
  });
});
