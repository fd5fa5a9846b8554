/**
 * Drives the bot's interaction handler without a gateway: interaction payloads are built from
 * Discord's official examples (../shared/fixtures), turned into discord.js interactions by the
 * client itself, and everything the bot answers lands in a `DiscordRestMock`.
 */
import { randomBytes } from 'node:crypto';
import { Client, Events, type Interaction } from 'discord.js';
import type { Organisation } from '../../src/domain/model.ts';
import { type DiscordRestMock, fixture } from '../fakes/discord-rest-mock.ts';
import { buildOrganisation, organisationInput } from './org-builder.ts';

/** True when the official examples the payloads are built from are present. */
export const hasInteractionFixtures = [
  'discord-interaction-application-command-chat-input.json',
  'discord-interaction-message-component-button.json',
  'discord-interaction-modal-submit.json',
  'discord-interactions-js-autocomplete.json',
].every((name) => fixture(name) !== null);

const APPLICATION = '290926444748734465';

/** Discord accounts for the coordinator and the jury member, who are on Slack only in the test organisation. */
export const EXTRA_DISCORD_IDS: Record<string, string> = {
  colin: '100000000000000006',
  jade: '100000000000000007',
};

/** The test organisation with a Discord account for every role. */
export function discordOrganisation(): Organisation {
  const people = organisationInput().people.map((p) => {
    const id = EXTRA_DISCORD_IDS[p.id];
    return id ? { ...p, platforms: { ...p.platforms, discord: id } } : p;
  });
  return buildOrganisation({ people });
}
let sequence = 0n;

/** A fresh interaction id (a snowflake) and token. */
function fresh(): { id: string; token: string } {
  sequence += 1n;
  return { id: String(846462639134605312n + sequence), token: randomBytes(12).toString('hex') };
}

function base(name: string, userId: string): Record<string, unknown> {
  const payload = structuredClone(fixture(name) ?? {});
  const member = (payload.member ?? {}) as { user?: Record<string, unknown> };
  const user = { ...(member.user ?? { username: 'Mason', discriminator: '0', avatar: null }), id: userId };
  if (payload.member) payload.member = { ...member, user };
  else payload.user = user;
  // Fields Discord sends on every interaction today, which the older published examples predate.
  const current = {
    entitlements: [],
    authorizing_integration_owners: { '0': '290926798626357999' },
    context: 0,
  };
  return { ...current, ...payload, ...fresh(), application_id: APPLICATION, version: 1 };
}

export type OptionInput = Record<string, string | number>;

function typed(options: OptionInput) {
  return Object.entries(options).map(([name, value]) => ({
    type: typeof value === 'number' ? 4 : 3,
    name,
    value,
  }));
}

/** `/<group> <subcommand> options…` as Discord sends it (chat input, one subcommand level). */
export function chatInput(userId: string, group: string, subcommand: string, options: OptionInput = {}) {
  const payload = base('discord-interaction-application-command-chat-input.json', userId);
  payload.data = {
    id: '771825006014889984',
    name: group,
    type: 1,
    options: [{ type: 1, name: subcommand, options: typed(options) }],
  };
  return payload;
}

/** Typing in an option with autocomplete. */
export function autocomplete(
  userId: string,
  group: string,
  subcommand: string,
  option: string,
  typedText: string,
) {
  const payload = base('discord-interactions-js-autocomplete.json', userId);
  const user = (payload.user ?? {}) as Record<string, unknown>;
  payload.user = { username: 'Mason', discriminator: '0', avatar: null, ...user };
  payload.channel_id = '645027906669510667';
  payload.data = {
    id: '787053080478613554',
    name: group,
    type: 1,
    options: [
      { type: 1, name: subcommand, options: [{ type: 3, name: option, value: typedText, focused: true }] },
    ],
  };
  return payload;
}

/** A click on a button with `customId`, on a message holding `components`. */
export function buttonClick(userId: string, customId: string, components: unknown[] = []) {
  const payload = base('discord-interaction-message-component-button.json', userId);
  payload.data = { custom_id: customId, component_type: 2 };
  payload.message = { ...(payload.message as Record<string, unknown>), components };
  return payload;
}

/** A value entered in one modal input: text (4), string select (3), radio group (21), checkbox group (22). */
export type ModalInput =
  | { type: 4 | 21; id: string; value: string | null }
  | { type: 3 | 22; id: string; values: string[] };

/**
 * A modal submission in the Label layout of Discord's current examples (each input wrapped in a
 * type 18 Label); `fromMessage` when the modal was opened from a button on a message.
 */
export function modalSubmit(userId: string, customId: string, inputs: ModalInput[], fromMessage = false) {
  const payload = base('discord-interaction-modal-submit.json', userId);
  let n = 1;
  payload.data = {
    custom_id: customId,
    components: inputs.map((input) => ({
      type: 18,
      id: n++,
      component: {
        ...input,
        custom_id: input.id,
        id: n++,
      },
    })),
  };
  if (fromMessage) {
    const button = fixture('discord-interaction-message-component-button.json') ?? {};
    payload.message = button.message;
  }
  return payload;
}

/** The inputs of a modal as the bot sent it (`data` of a type 9 callback), filled by `pick`. */
export function fillModal(
  modal: Record<string, unknown>,
  pick: (id: string, component: Record<string, unknown>) => string | string[] | null | undefined,
): ModalInput[] {
  const inputs: ModalInput[] = [];
  for (const top of (modal.components ?? []) as Record<string, unknown>[]) {
    const component = top.component as Record<string, unknown> | undefined;
    if (top.type !== 18 || !component) continue;
    const id = String(component.custom_id);
    const chosen = pick(id, component);
    if (component.type === 4)
      inputs.push({
        type: 4,
        id,
        value: typeof chosen === 'string' ? chosen : String(component.value ?? ''),
      });
    else if (component.type === 21)
      inputs.push({ type: 21, id, value: typeof chosen === 'string' ? chosen : null });
    else if (component.type === 3 || component.type === 22)
      inputs.push({
        type: component.type,
        id,
        values: Array.isArray(chosen) ? chosen : chosen ? [chosen] : [],
      });
  }
  return inputs;
}

/** A discord.js client that never connects, its REST answered by the mock, feeding the handler. */
export class InteractionDriver {
  readonly api: DiscordRestMock;
  readonly client: Client;
  private readonly handle: (interaction: Interaction) => Promise<void>;

  constructor(api: DiscordRestMock, handle: (interaction: Interaction) => Promise<void>) {
    this.api = api;
    this.handle = handle;
    this.client = new Client({ intents: [], rest: { api: api.api } });
    this.client.rest.setAgent(api.agent);
  }

  /** Delivers one INTERACTION_CREATE payload and waits until the handler is done with it. */
  async dispatch(payload: Record<string, unknown>): Promise<void> {
    let done: Promise<void> = Promise.resolve();
    this.client.once(Events.InteractionCreate, (interaction) => {
      done = this.handle(interaction);
    });
    const actions = Reflect.get(this.client, 'actions') as {
      InteractionCreate: { handle(data: unknown): void };
    };
    actions.InteractionCreate.handle(payload);
    await done;
  }

  /** The bot's initial response to an interaction (`type`, `data`), if it gave one. */
  callback(payload: Record<string, unknown>): { type: number; data: Record<string, unknown> } | undefined {
    const found = this.api.callbacks.find((c) => c.interaction === payload.id);
    return found ? (found.body as { type: number; data: Record<string, unknown> }) : undefined;
  }

  /** Edits and follow-ups the bot sent on an interaction's token. */
  webhooks(payload: Record<string, unknown>) {
    return this.api.webhooks.filter((w) => w.token === payload.token);
  }

  async close(): Promise<void> {
    await this.client.destroy();
  }
}
