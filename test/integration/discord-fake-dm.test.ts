import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  type Client,
  DiscordAPIError,
  type Interaction,
  LabelBuilder,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { DiscordFake } from '../../src/sandbox/discord-fake/index.ts';
import { ADA, BOB, connectTestClientForSuite, fixture, until } from '../helpers/discord-fake-setup.ts';

describe('DMs through the local Discord fake', () => {
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

  it('opens a DM channel with user.send and refuses a user who closed DMs with 50007', async () => {
    await (await client.users.fetch(ADA)).send('Your mentee passed.');
    expect(fake.state.dmsTo(ADA).map((m) => m.content)).toEqual(['Your mentee passed.']);
    const error = await client.users.send(BOB, 'Summary').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    const { status, code, message } = error as DiscordAPIError;
    expect([status, code, message]).toEqual([403, 50007, 'Cannot send messages to this user']);
    const official = fixture('discord-error-50007.RECONSTRUCTED.json');
    if (official) expect((error as DiscordAPIError).rawError).toEqual(official);
    expect(fake.state.refusedDms.map((r) => r.userId)).toEqual([BOB]);
  });

  it('delivers a button click in a DM, a modal opened from it, and the update of the offer', async () => {
    const buttons = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('offer:accept:E-7').setLabel('Accept').setStyle(ButtonStyle.Success),
      new ButtonBuilder().setCustomId('offer:decline:E-7').setLabel('Decline').setStyle(ButtonStyle.Danger),
    );
    const offer = await client.users.send(ADA, { content: 'Offer E-7', components: [buttons] });
    const seen: Array<{ user: string; guild: string | null; dm: boolean | undefined }> = [];
    let reason: string | null = null;
    handle = async (i) => {
      if (!i.isButton() && !i.isModalSubmit()) return;
      seen.push({ user: i.user.id, guild: i.guildId, dm: i.channel?.isDMBased() });
      if (i.isButton()) {
        const text = new TextInputBuilder()
          .setCustomId('reason')
          .setStyle(TextInputStyle.Short)
          .setMaxLength(200);
        const modal = new ModalBuilder()
          .setCustomId('decline:E-7')
          .setTitle('Decline E-7')
          .addLabelComponents(new LabelBuilder().setLabel('Reason').setTextInputComponent(text));
        await i.showModal(modal);
      } else if (i.isFromMessage()) {
        reason = i.fields.getTextInputValue('reason');
        await i.update({ content: 'Offer E-7 declined', components: [] });
      }
    };
    const opened = await fake.interact(ADA, {
      kind: 'button',
      messageId: offer.id,
      customId: 'offer:decline:E-7',
    });
    expect(opened.type).toBe(9);
    const payload = opened.interaction.payload;
    expect([payload.user !== undefined, payload.member, payload.guild_id, payload.context]).toEqual([
      true,
      undefined,
      undefined,
      1,
    ]);
    // The fields of the official button example are there, except the guild-only ones of a DM.
    const official = fixture('discord-interaction-message-component-button.json');
    if (official) {
      const expected = Object.keys(official).filter((k) => k !== 'member' && k !== 'guild_id');
      expect(Object.keys(payload)).toEqual(expect.arrayContaining(expected));
    }

    const submitted = await fake.interact(ADA, { kind: 'modal', values: { reason: 'Conflict of interest' } });
    expect(submitted.type).toBe(7);
    expect(reason).toBe('Conflict of interest');
    expect(seen).toEqual([
      { user: ADA, guild: null, dm: true },
      { user: ADA, guild: null, dm: true },
    ]);
    expect(fake.state.messages.get(offer.id)).toMatchObject({
      content: 'Offer E-7 declined',
      components: [],
    });
    await until(() => fake.state.dmsTo(ADA).length === 2);
  });
});
