import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiscordRest, DiscordPlatform } from '../../src/adapters/discord/discord-platform.ts';
import { PlatformError } from '../../src/ports/chat-platform.ts';
import { textMessage } from '../../src/views/text-message.ts';
import type { FormView, MessageView } from '../../src/views/view-model.ts';
import { DiscordRestMock, FIXTURES, fixture, fixtureHeaders } from '../fakes/discord-rest-mock.ts';

const CHANNEL = '300000000000000001';
const USER = '100000000000000001';
const hasFixtures = existsSync(join(FIXTURES, 'discord-rate-limit-429-user.body.json'));

let api: DiscordRestMock;
let discord: DiscordPlatform;

beforeEach(() => {
  api = new DiscordRestMock([CHANNEL]);
  discord = new DiscordPlatform({
    rest: createDiscordRest({ api: api.api, token: 'test-token' }).setAgent(api.agent),
  });
});
afterEach(async () => {
  await api.close();
});

const offer: MessageView = {
  text: 'Evaluation offer E-1001',
  audience: 'assessor',
  blocks: [
    { type: 'header', text: 'Evaluation offer E-1001' },
    { type: 'text', text: 'You are offered the soutenance of Emma on Portfolio site.' },
    {
      type: 'fields',
      fields: [
        { label: 'Student', value: 'Emma' },
        { label: 'Project', value: 'Portfolio site' },
      ],
    },
    { type: 'divider' },
    { type: 'text', text: 'Why you' },
    { type: 'context', text: 'Answer before Monday.' },
    {
      type: 'actions',
      buttons: [
        { action: 'offer.accept', label: 'Accept', value: 'E-1001', style: 'primary' },
        { action: 'offer.decline', label: 'Decline', value: 'E-1001', style: 'danger' },
      ],
    },
  ],
};

async function failure(work: Promise<unknown>): Promise<PlatformError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformError;
}

describe('the Discord platform over @discordjs/rest', () => {
  it('sends a DM: opens the DM channel, then posts the message (and reuses the channel)', async () => {
    const ref = await discord.sendDirectMessage(USER, textMessage('Hello'));
    const dm = api.dmChannelOf(USER);
    expect(ref).toMatchObject({ platform: 'discord', channel: dm });
    expect(api.messagesIn(dm ?? '')[0]?.body).toMatchObject({ content: 'Hello', embeds: [], components: [] });
    await discord.sendDirectMessage(USER, textMessage('Again'));
    expect(api.requests.filter((r) => r.path.endsWith('/users/@me/channels'))).toHaveLength(1);
  });

  it('posts to a channel with embeds, fields, a footer and buttons as an action row', async () => {
    const ref = await discord.postToChannel(CHANNEL, offer);
    const body = api.messagesIn(CHANNEL)[0]?.body;
    expect(ref.id).toBe(api.messagesIn(CHANNEL)[0]?.id);
    expect(body?.content).toBeUndefined();
    expect(body?.embeds).toEqual([
      {
        title: 'Evaluation offer E-1001',
        description: 'You are offered the soutenance of Emma on Portfolio site.',
        fields: [
          { name: 'Student', value: 'Emma', inline: true },
          { name: 'Project', value: 'Portfolio site', inline: true },
        ],
      },
      { description: 'Why you', footer: { text: 'Answer before Monday.' } },
    ]);
    expect(body?.components).toEqual([
      {
        type: 1,
        components: [
          { type: 2, custom_id: 'offer.accept:E-1001', label: 'Accept', style: 1 },
          { type: 2, custom_id: 'offer.decline:E-1001', label: 'Decline', style: 4 },
        ],
      },
    ]);
  });

  it('edits a message, clearing its buttons', async () => {
    const ref = await discord.postToChannel(CHANNEL, offer);
    await discord.updateMessage(ref, textMessage('Offer accepted.'));
    expect(api.messagesIn(CHANNEL)[0]?.edits).toEqual([
      { content: 'Offer accepted.', embeds: [], components: [] },
    ]);
  });

  it('uploads a file as multipart with its title and comment', async () => {
    const ref = await discord.uploadFile(CHANNEL, {
      filename: 'dossier-stu-emma.pdf',
      content: new Uint8Array([37, 80, 68, 70]),
      title: 'Jury dossier · Emma',
      comment: 'Compiled from 3 reports.',
    });
    const stored = api.messagesIn(CHANNEL)[0];
    expect(ref.id).toBe(stored?.id);
    expect(stored?.files).toEqual([{ name: 'dossier-stu-emma.pdf', size: 4 }]);
    expect(stored?.body).toMatchObject({
      content: '**Jury dossier · Emma**\nCompiled from 3 reports.',
      attachments: [{ id: 0, filename: 'dossier-stu-emma.pdf' }],
    });
  });

  it('keeps a long plain message within 2000 characters and many fields within the embed limits', async () => {
    await discord.postToChannel(CHANNEL, textMessage('x'.repeat(2500)));
    expect(String(api.messagesIn(CHANNEL)[0]?.body.content).length).toBeLessThanOrEqual(2000);
    const fields = Array.from({ length: 30 }, (_, i) => ({ label: `Field ${i}`, value: 'v'.repeat(1500) }));
    await discord.postToChannel(CHANNEL, {
      text: 'Many fields',
      audience: 'coordinator',
      blocks: [
        { type: 'header', text: 'Many' },
        { type: 'fields', fields },
      ],
    });
    const body = api.messagesIn(CHANNEL)[1]?.body;
    const embeds = (body?.embeds ?? []) as { fields?: { value: string }[] }[];
    const chars = JSON.stringify(embeds).length;
    // 30 fields of 1024 characters cannot fit 6000: the message falls back to its plain text.
    expect(embeds.length === 0 || chars <= 6000).toBe(true);
    if (embeds.length === 0) expect(String(body?.content).length).toBeLessThanOrEqual(2000);
  });

  it.skipIf(!hasFixtures)(
    'turns a 429 into rate_limited with the delay of retry_after (user limit)',
    async () => {
      api.rateLimitNext = {
        body: fixture('discord-rate-limit-429-user.body.json') ?? {},
        headers: fixtureHeaders('discord-rate-limit-429-user.http.txt'),
      };
      const error = await failure(discord.postToChannel(CHANNEL, textMessage('Hi')));
      expect(error.code).toBe('rate_limited');
      expect(error.permanent).toBe(false);
      // retry_after 64.57 s (the header rounds it to 65), plus @discordjs/rest's 50 ms safety offset.
      expect(error.retryAfterMs).toBeGreaterThanOrEqual(64_570);
      expect(error.retryAfterMs).toBeLessThan(65_000);
    },
  );

  it.skipIf(!hasFixtures)('turns a global and a shared-resource 429 into rate_limited too', async () => {
    api.rateLimitNext = {
      body: fixture('discord-rate-limit-429-global.body.json') ?? {},
      headers: fixtureHeaders('discord-rate-limit-429-global.http.txt'),
    };
    const global = await failure(discord.postToChannel(CHANNEL, textMessage('Hi')));
    expect(global).toMatchObject({ code: 'rate_limited' });
    expect(global.retryAfterMs).toBeGreaterThanOrEqual(64_570);
    const other = new DiscordPlatform({
      rest: createDiscordRest({ api: api.api, token: 't' }).setAgent(api.agent),
    });
    api.rateLimitNext = {
      body: fixture('discord-rate-limit-429-resource.body.json') ?? {},
      headers: fixtureHeaders('discord-rate-limit-429-resource.http.txt'),
    };
    const resource = await failure(other.postToChannel(CHANNEL, textMessage('Hi')));
    expect(resource.retryAfterMs).toBeGreaterThanOrEqual(1_336_570);
  });

  it('reads the delay from Retry-After when the body has none', async () => {
    api.rateLimitNext = {
      body: { message: 'You are being rate limited.', global: false },
      headers: { 'Retry-After': '2' },
    };
    const error = await failure(discord.postToChannel(CHANNEL, textMessage('Hi')));
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(2000);
    expect(error.retryAfterMs).toBeLessThan(3000);
  });

  it('refuses a DM to a user whose DMs are closed (50007) as recipient_unreachable, permanently', async () => {
    api.unreachableUsers.add(USER);
    const error = await failure(discord.sendDirectMessage(USER, textMessage('Hi')));
    expect(error).toMatchObject({ code: 'recipient_unreachable', platformCode: '50007' });
    expect(error.permanent).toBe(true);
  });

  it('maps an unknown channel (10003) and an invalid body (50035) to permanent errors', async () => {
    expect(await failure(discord.postToChannel('999', textMessage('Hi')))).toMatchObject({
      code: 'channel_not_found',
      platformCode: '10003',
    });
    const invalid = fixture('discord-error-50035-request.json') ?? {
      code: 50035,
      message: 'Invalid Form Body',
    };
    api.failNext = { status: 400, body: invalid };
    const error = await failure(discord.postToChannel(CHANNEL, textMessage('Hi')));
    expect(error).toMatchObject({ code: 'invalid_request', platformCode: '50035' });
    expect(error.permanent).toBe(true);
  });

  it('maps a refused token (401) to unauthorized', async () => {
    api.failNext = { status: 401, body: { message: '401: Unauthorized', code: 0 } };
    expect(await failure(discord.postToChannel(CHANNEL, textMessage('Hi')))).toMatchObject({
      code: 'unauthorized',
    });
  });

  it('opens a form by answering the interaction with a modal; a used interaction is trigger_expired', async () => {
    const form: FormView = {
      callback: 'report',
      title: 'Report E-1001 (1/3)',
      submitLabel: 'Continue',
      fields: [{ kind: 'textarea', id: 'strengths', label: 'Strengths', required: true, maxLength: 8000 }],
      metadata: { evaluation: 'E-1001', step: 0, steps: 3 },
    };
    await discord.openForm(
      { platform: 'discord', token: '846462639134605312:unique_interaction_token' },
      form,
    );
    expect(api.callbacks[0]?.body).toMatchObject({
      type: 9,
      data: {
        custom_id: 'report:E-1001:0',
        title: 'Report E-1001 (1/3)',
        components: [
          {
            type: 18,
            label: 'Strengths',
            component: { type: 4, custom_id: 'strengths', style: 2, required: true, max_length: 4000 },
          },
        ],
      },
    });
    const again = discord.openForm(
      { platform: 'discord', token: '846462639134605312:unique_interaction_token' },
      form,
    );
    expect(await failure(again)).toMatchObject({ code: 'trigger_expired', platformCode: '40060' });
    expect(await failure(discord.openForm({ platform: 'slack', token: 'x' }, form))).toMatchObject({
      code: 'trigger_expired',
    });
  });
});
