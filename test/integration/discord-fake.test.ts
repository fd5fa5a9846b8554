import { once } from 'node:events';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  type Client,
  DiscordAPIError,
  Events,
  type Interaction,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  RateLimitError,
  REST,
  Routes,
  StringSelectMenuBuilder,
  type TextChannel,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { DiscordFake } from '../../src/sandbox/discord-fake/index.ts';
import {
  ADA,
  APP,
  connectTestClientForSuite,
  fixture,
  fixtureHeaders,
  GENERAL,
  GUILD,
  TOKEN,
  until,
} from '../helpers/discord-fake-setup.ts';

async function apiError(promise: Promise<unknown>): Promise<DiscordAPIError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof DiscordAPIError))
    throw new Error(`expected a DiscordAPIError, got ${String(error)}`);
  return error;
}

const ASSESS = {
  name: 'assess',
  description: 'Assessments',
  options: [
    {
      type: 1,
      name: 'accept',
      description: 'Accept an offer',
      options: [
        { type: 3, name: 'evaluation', description: 'Evaluation id', required: true, autocomplete: true },
      ],
    },
    { type: 1, name: 'report', description: 'Write a report' },
    { type: 1, name: 'queue', description: 'Your queue' },
  ],
};

describe('discord.js against the local Discord fake', () => {
  let fake: DiscordFake;
  let client: Client;
  let handle: (i: Interaction) => Promise<void> = async () => {};

  connectTestClientForSuite(
    (i) => handle(i),
    (f, c) => {
      fake = f;
      client = c;
    },
  );

  function general(): TextChannel {
    const channel = client.channels.cache.get(GENERAL);
    if (!channel?.isTextBased() || channel.isDMBased()) throw new Error('general is not cached');
    return channel as TextChannel;
  }

  it('logs in through GET /gateway/bot and caches the guild from GUILD_CREATE', () => {
    expect(client.guilds.cache.get(GUILD)?.name).toBe('Online School');
    expect(general().name).toBe('general');
    expect(client.user?.id).toBe(APP);
    expect(fake.requests.map((r) => `${r.route} ${r.status}`)).toContain('GET /gateway/bot 200');
    expect(fake.gatewayStats.identifies).toBe(1);
  });

  it('acknowledges heartbeats', async () => {
    await until(() => fake.gatewayStats.heartbeatAcks >= 2 && client.ws.ping >= 0);
    expect(fake.gatewayStats.heartbeatAcks).toBe(fake.gatewayStats.heartbeats);
  });

  it('registers guild commands and refuses ones over the limits', async () => {
    await client.application?.commands.set([ASSESS], GUILD);
    expect(fake.state.commandsIn(GUILD).map((c) => c.body.name)).toEqual(['assess']);
    const error = await apiError(
      client.rest.put(Routes.applicationGuildCommands(APP, GUILD), {
        body: [{ ...ASSESS, name: 'a'.repeat(33) }],
      }),
    );
    expect([error.status, error.code]).toEqual([400, 50035]);
  });

  it('delivers a slash command with a subcommand and records the ephemeral reply', async () => {
    let seen: { sub: string; evaluation: string | null; locale: string; member: string | undefined } | null =
      null;
    handle = async (i) => {
      if (!i.isChatInputCommand()) return;
      seen = {
        sub: i.options.getSubcommand(),
        evaluation: i.options.getString('evaluation'),
        locale: i.locale,
        member: i.member?.user.id,
      };
      await i.reply({
        content: `Accepted ${i.options.getString('evaluation')}`,
        flags: MessageFlags.Ephemeral,
      });
    };
    const outcome = await fake.interact(ADA, {
      kind: 'command',
      name: 'assess',
      subcommand: 'accept',
      options: { evaluation: 'E-1001' },
    });
    expect(seen).toEqual({ sub: 'accept', evaluation: 'E-1001', locale: 'fr', member: ADA });
    expect(outcome.type).toBe(4);
    expect(outcome.data).toMatchObject({ content: 'Accepted E-1001', flags: MessageFlags.Ephemeral });
    const reply = fake.state.messages.get(outcome.interaction.originalMessageId ?? '');
    expect(reply).toMatchObject({
      visibleTo: ADA,
      interactionId: outcome.interaction.id,
      content: 'Accepted E-1001',
    });
    expect(outcome.interaction.payload.data).toMatchObject({
      name: 'assess',
      type: 1,
      options: [{ type: 1, name: 'accept', options: [{ type: 3, name: 'evaluation', value: 'E-1001' }] }],
    });
    // Every field of the official chat-input example is there.
    const official = fixture('discord-interaction-application-command-chat-input.json');
    if (official)
      expect(Object.keys(outcome.interaction.payload)).toEqual(expect.arrayContaining(Object.keys(official)));
  });

  it('refuses a second initial response (40060) and one after the deadline (10062)', async () => {
    let second: Promise<DiscordAPIError> | null = null;
    handle = async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply({ content: 'first' });
      second = apiError(
        client.rest.post(Routes.interactionCallback(i.id, i.token), {
          body: { type: 4, data: { content: 'again' } },
          auth: false,
        }),
      );
    };
    await fake.interact(ADA, { kind: 'command', name: 'assess', subcommand: 'queue' });
    await until(() => second !== null);
    expect((await (second as unknown as Promise<DiscordAPIError>)).code).toBe(40060);

    let late: Promise<DiscordAPIError> | null = null;
    handle = async (i) => {
      if (!i.isChatInputCommand()) return;
      const record = fake.state.interactions.get(i.id);
      if (record) record.createdAt = new Date(Date.now() - 3500);
      late = apiError(i.reply({ content: 'too late' }));
    };
    fake.sendInteraction(ADA, { kind: 'command', name: 'assess', subcommand: 'queue' });
    await until(() => late !== null);
    const error = await (late as unknown as Promise<DiscordAPIError>);
    expect([error.status, error.code, error.message]).toEqual([404, 10062, 'Unknown interaction']);
  });

  it('sends autocomplete with the focused option and records the choices', async () => {
    handle = async (i) => {
      if (!i.isAutocomplete()) return;
      const typed = i.options.getFocused();
      await i.respond([{ name: `${typed}1`, value: `${typed}1` }]);
    };
    const outcome = await fake.interact(ADA, {
      kind: 'autocomplete',
      name: 'assess',
      subcommand: 'accept',
      options: { evaluation: 'E-10' },
      focused: 'evaluation',
    });
    expect(outcome.type).toBe(8);
    const official = fixture('discord-interaction-autocomplete.json') as {
      data: Record<string, unknown>;
    } | null;
    const data = outcome.interaction.payload.data as Record<string, unknown>;
    if (official) expect(Object.keys(data)).toEqual(expect.arrayContaining(Object.keys(official.data)));
    expect(data.options).toEqual([
      { type: 1, name: 'accept', options: [{ type: 3, name: 'evaluation', value: 'E-10', focused: true }] },
    ]);
    expect(outcome.interaction.choices).toEqual([{ name: 'E-101', value: 'E-101' }]);
  });

  it('records a modal with Labels and delivers its submit as a ModalSubmitInteraction', async () => {
    let fields: { feedback: string; outcome: readonly string[] } | null = null;
    handle = async (i) => {
      if (i.isChatInputCommand()) {
        const modal = new ModalBuilder()
          .setCustomId('report:E-1001')
          .setTitle('Report E-1001')
          .addLabelComponents(
            new LabelBuilder()
              .setLabel('Outcome')
              .setStringSelectMenuComponent(
                new StringSelectMenuBuilder()
                  .setCustomId('outcome')
                  .addOptions(
                    { label: 'Approved', value: 'approved' },
                    { label: 'To rework', value: 'to_rework' },
                  ),
              ),
            new LabelBuilder()
              .setLabel('Feedback for the student')
              .setTextInputComponent(
                new TextInputBuilder()
                  .setCustomId('feedback')
                  .setStyle(TextInputStyle.Paragraph)
                  .setMaxLength(4000),
              ),
          );
        await i.showModal(modal);
      } else if (i.isModalSubmit()) {
        fields = {
          feedback: i.fields.getTextInputValue('feedback'),
          outcome: i.fields.getStringSelectValues('outcome'),
        };
        await i.reply({ content: 'Saved', flags: MessageFlags.Ephemeral });
      }
    };
    const opened = await fake.interact(ADA, { kind: 'command', name: 'assess', subcommand: 'report' });
    expect(opened.type).toBe(9);
    expect(fake.state.openModals.get(ADA)?.data).toMatchObject({
      custom_id: 'report:E-1001',
      title: 'Report E-1001',
    });
    expect(() => fake.sendInteraction(ADA, { kind: 'modal', values: { outcome: 'approved' } })).toThrow(
      /feedback is required/,
    );

    const submitted = await fake.interact(ADA, {
      kind: 'modal',
      values: { outcome: 'approved', feedback: 'Clear structure.' },
    });
    expect(fields).toEqual({ feedback: 'Clear structure.', outcome: ['approved'] });
    expect(submitted.type).toBe(4);
    expect(fake.state.openModals.has(ADA)).toBe(false);
    const data = submitted.interaction.payload.data as { components: unknown[] };
    const official = fixture('discord-interaction-modal-submit-label.data-example.json') as {
      data: { components: unknown[] };
    } | null;
    if (official)
      expect(Object.keys(data.components[1] as object)).toEqual(
        Object.keys(official.data.components[0] as object),
      );
    expect(data.components[1]).toEqual({
      type: 18,
      id: 3,
      component: { type: 4, id: 4, custom_id: 'feedback', value: 'Clear structure.' },
    });
  });

  it('delivers a button click with its message; update, defer, edit and follow-up are recorded', async () => {
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('offer:accept:E-1').setLabel('Accept').setStyle(ButtonStyle.Success),
      new ButtonBuilder()
        .setCustomId('offer:details:E-1')
        .setLabel('Details')
        .setStyle(ButtonStyle.Secondary),
    );
    const offer = await general().send({ content: 'New offer E-1', components: [row] });
    let clickedOn: string | null = null;
    handle = async (i) => {
      if (!i.isButton()) return;
      clickedOn = i.message.id;
      if (i.customId === 'offer:accept:E-1') {
        await i.update({ content: 'Accepted E-1', components: [] });
      } else {
        await i.deferReply({ flags: MessageFlags.Ephemeral });
        await i.editReply('Details of E-1');
        await i.followUp({ content: 'One more thing', flags: MessageFlags.Ephemeral });
      }
    };
    const deferred = await fake.interact(ADA, {
      kind: 'button',
      messageId: offer.id,
      customId: 'offer:details:E-1',
    });
    expect([deferred.type, clickedOn]).toEqual([5, offer.id]);
    await until(() => deferred.interaction.followupIds.length === 1);
    expect(fake.state.messages.get(deferred.interaction.originalMessageId ?? '')).toMatchObject({
      content: 'Details of E-1',
      flags: 64,
    });

    const updated = await fake.interact(ADA, {
      kind: 'button',
      messageId: offer.id,
      customId: 'offer:accept:E-1',
    });
    expect(updated.type).toBe(7);
    const stored = fake.state.messages.get(offer.id);
    expect([stored?.content, stored?.components, stored?.edits.length]).toEqual(['Accepted E-1', [], 1]);
    expect(() =>
      fake.sendInteraction(ADA, { kind: 'button', messageId: offer.id, customId: 'offer:accept:E-1' }),
    ).toThrow(/no button/);
  });

  it('refuses 2001 characters with 50035 and an unknown channel with 10003', async () => {
    const error = await apiError(general().send('x'.repeat(2001)));
    expect([error.status, error.code]).toEqual([400, 50035]);
    expect(error.rawError).toMatchObject({
      errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } },
    });
    const unknown = await apiError(
      client.rest.post(Routes.channelMessages('1399999999999999999'), { body: { content: 'hi' } }),
    );
    expect([unknown.status, unknown.code, unknown.message]).toEqual([404, 10003, 'Unknown Channel']);
  });

  it('stores a channel message with a file attachment, downloadable from the fake', async () => {
    const pdf = Buffer.from('%PDF-1.4\n% jury dossier\n');
    const sent = await general().send({
      content: 'Dossier',
      files: [{ attachment: pdf, name: 'dossier.pdf' }],
    });
    const attachment = sent.attachments.first();
    expect(attachment?.name).toBe('dossier.pdf');
    expect(fake.state.messages.get(sent.id)?.attachments[0]).toMatchObject({
      filename: 'dossier.pdf',
      contentType: 'application/pdf',
      size: pdf.length,
    });
    const download = await fetch(attachment?.url ?? '');
    expect(Buffer.from(await download.arrayBuffer())).toEqual(pdf);
  });

  it('answers 429 with Discord headers; discord.js waits retry_after and retries', async () => {
    const raw = await fetch(`${fake.apiUrl}/v10/channels/${GENERAL}`, {
      headers: { authorization: `Bot ${TOKEN}` },
    });
    expect(raw.headers.get('x-ratelimit-bucket')).toMatch(/^[0-9a-f]{16}$/);
    expect(Number(raw.headers.get('x-ratelimit-remaining'))).toBeGreaterThanOrEqual(0);
    for (const name of fixtureHeaders('discord-rate-limit-headers.txt') ?? [])
      expect(raw.headers.has(name)).toBe(true);

    fake.rateLimit({ route: 'GET /channels/:id', retryAfterMs: 100 });
    const user = await fetch(`${fake.apiUrl}/v10/channels/${GENERAL}`, {
      headers: { authorization: `Bot ${TOKEN}` },
    });
    expect([user.status, user.headers.get('retry-after'), user.headers.get('x-ratelimit-scope')]).toEqual([
      429,
      '0.100',
      'user',
    ]);
    for (const name of fixtureHeaders('discord-rate-limit-429-user.http.txt') ?? [])
      expect(user.headers.has(name)).toBe(true);
    const body = (await user.json()) as object;
    const official = fixture('discord-rate-limit-429-user.body.json');
    if (official) expect(Object.keys(body)).toEqual(Object.keys(official));

    const rule = fake.rateLimit({ route: 'POST /channels/:id/messages', retryAfterMs: 400 });
    const started = Date.now();
    const sent = await general().send('after a 429');
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(rule.hits).toBe(1);
    expect(fake.state.messagesIn(GENERAL).filter((m) => m.content === 'after a 429')).toHaveLength(1);
    expect(sent.content).toBe('after a 429');

    fake.rateLimit({ route: 'GET /channels/:id', retryAfterMs: 250, global: true });
    const limited = await fetch(`${fake.apiUrl}/v10/channels/${GENERAL}`, {
      headers: { authorization: `Bot ${TOKEN}` },
    });
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({
      message: 'You are being rate limited.',
      retry_after: 0.25,
      global: true,
    });
    expect([limited.headers.get('x-ratelimit-global'), limited.headers.get('x-ratelimit-scope')]).toEqual([
      'true',
      'global',
    ]);

    const strict = new REST({ api: fake.apiUrl, rejectOnRateLimit: () => true, retries: 0 }).setToken(TOKEN);
    fake.rateLimit({ route: 'POST /channels/:id/messages', retryAfterMs: 1500 });
    const error = await strict
      .post(Routes.channelMessages(GENERAL), { body: { content: 'strict' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBeGreaterThanOrEqual(1500);
  });

  it('resumes after RECONNECT and keeps delivering interactions', async () => {
    const resumed = once(client, Events.ShardResume);
    fake.gateway.reconnect();
    await resumed;
    expect(fake.gatewayStats.resumes).toBe(1);
    handle = async (i) => {
      if (i.isChatInputCommand()) await i.reply('still here');
    };
    expect((await fake.interact(ADA, { kind: 'command', name: 'assess', subcommand: 'queue' })).type).toBe(4);
  });

  it('closes cleanly on destroy()', async () => {
    await client.destroy();
    await until(() => fake.gatewayStats.closeCodes.includes(1000));
    expect(fake.gateway.connected).toBe(false);
  });
});
