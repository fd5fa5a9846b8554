/**
 * Generated Discord interactions for the fuzz test: chat input with random subcommands and
 * options (some focused, as autocomplete), buttons with random custom ids in a guild channel or a
 * DM, selects nobody listens to, and modal submits with random components, in the payload shape
 * the local Discord fake dispatches.
 */
import fc from 'fast-check';
import { criterionFieldId, REPORT_FIELDS } from '../../src/domain/audience-leak.ts';
import type { DiscordFake, JsonObject, StoredMessage } from '../../src/sandbox/discord-fake/index.ts';
import { channelJson, memberJson, messageJson, userJson } from '../../src/sandbox/discord-fake/serialize.ts';
import { randomToken, snowflake } from '../../src/sandbox/discord-fake/snowflake.ts';
import { validReport } from './app-harness.ts';
import { hostileText, wrongType } from './fuzz-inputs.ts';

export const FUZZ_ALICE = '100000000000000001';
/** A Discord user of the guild who is nobody in the organisation. */
export const FUZZ_STRANGER = '300000000000000099';
/** Discord ids of alice, bruno, mia, colin, ada, the student felix, and a stranger. */
export const FUZZ_USERS = [
  FUZZ_ALICE,
  '100000000000000002',
  '100000000000000005',
  '100000000000000006',
  '100000000000000009',
  '200000000000000002',
  FUZZ_STRANGER,
];
const CRITERIA = ['semantic-html', 'responsive'];
const FIELD_IDS = [
  ...CRITERIA.flatMap((c) => [criterionFieldId(c, 'verdict'), criterionFieldId(c, 'comment')]),
  ...REPORT_FIELDS,
  'reason',
  'note',
];
const GROUPS = ['assess', 'mentor', 'curriculum', 'jury', 'evaluation'];
const SUBCOMMANDS = (
  'queue report accept decline claim schedule decide availability curriculum help students student ' +
  'digest dossier status request reassign cancel list'
).split(' ');
const OPTION_NAMES =
  'evaluation student project assessor reason when outcome capacity away-from away-to since status'.split(
    ' ',
  );
const IDS = ['E-1001', 'E-1002', 'E-1003', 'stu-emma', 'web-1-portfolio', 'alice', 'approved'];
const ANSWERS = ['met', 'not_met', 'approved', 'conditional', 'to_rework', 'yes', 'conflict_of_interest'];

/** Which evaluation a custom id names, resolved against the test's seeded ones when it is sent. */
export type Target = 'accepted' | 'offered' | 'reported' | 'unknown';

type ModalComponent = { id: string; type: number; value: unknown; row: boolean };

export type DiscordFuzzInput =
  | {
      kind: 'command';
      user: string;
      group: string;
      sub: string | null;
      options: { name: string; type: number; value: unknown }[];
      focused: boolean;
    }
  | { kind: 'button'; user: string; customId: CustomId; dm: boolean }
  | { kind: 'select'; user: string; customId: string; values: string[] }
  | { kind: 'modal'; user: string; customId: CustomId; components: ModalComponent[]; fromMessage: boolean };

/** A custom id the adapter makes (`kind:evaluation[:step]`) or any text. */
type CustomId = { raw: string } | { kind: string; target: Target; step: string | null };

const either = <T>(known: fc.Arbitrary<T>, other: fc.Arbitrary<T>, weight = 4) =>
  fc.oneof({ weight, arbitrary: known }, { weight: 1, arbitrary: other });

/** An option as Discord sends it (string, integer, boolean, number), its value of any of these types. */
const option = fc.record({
  name: either(fc.constantFrom(...OPTION_NAMES), hostileText),
  type: fc.constantFrom(3, 4, 5, 10),
  value: fc.oneof(
    { weight: 3, arbitrary: hostileText },
    { weight: 1, arbitrary: fc.constantFrom(...IDS) },
    { weight: 1, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.boolean() },
  ),
});

/** One interactive component of a modal submit, in the Label layout or the older action row. */
const modalComponent: fc.Arbitrary<ModalComponent> = fc.record({
  id: either(fc.constantFrom(...FIELD_IDS), hostileText),
  type: fc.constantFrom(4, 3, 21, 22),
  value: fc.oneof(
    { weight: 3, arbitrary: hostileText },
    { weight: 1, arbitrary: fc.constantFrom(...ANSWERS) },
    { weight: 1, arbitrary: wrongType },
  ),
  row: fc.boolean(),
});

const VALID = validReport(CRITERIA);
/** Every field of a valid report in one submit of the last step, with a few generated ones added. */
const validReportComponents = fc.array(modalComponent, { maxLength: 2 }).map((extra) => [
  ...CRITERIA.map((c) => ({ id: criterionFieldId(c, 'verdict'), type: 21, value: 'met', row: false })),
  { id: 'outcome', type: 21, value: 'approved', row: false },
  ...(['strengths', 'improvements', 'mentorNote', 'juryJustification'] as const).map((id) => ({
    id,
    type: 4,
    value: VALID[id],
    row: false,
  })),
  ...extra,
]);

const user = fc.constantFrom(...FUZZ_USERS);
const target = fc.constantFrom<Target>('accepted', 'offered', 'reported', 'unknown');
const step = fc.option(either(fc.integer({ min: -1, max: 6 }).map(String), hostileText), { nil: null });
const customId = (kinds: string[]): fc.Arbitrary<CustomId> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom(...kinds), target, step }) },
    { weight: 1, arbitrary: hostileText.map((raw) => ({ raw })) },
  );

/** Every kind of interaction, weighted towards commands and modal submits. */
export const discordFuzzInput: fc.Arbitrary<DiscordFuzzInput> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('command' as const),
      user,
      group: either(fc.constantFrom(...GROUPS), hostileText, 5),
      sub: fc.option(either(fc.constantFrom(...SUBCOMMANDS), hostileText, 5), { nil: null }),
      options: fc.array(option, { maxLength: 4 }),
      focused: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('button' as const),
      user,
      customId: customId(['offer.accept', 'offer.decline', 'report.continue']),
      dm: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('select' as const),
      user,
      customId: hostileText,
      values: fc.array(hostileText, { maxLength: 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('modal' as const),
      user: fc.constant(FUZZ_ALICE),
      customId: fc
        .constantFrom<Target>('accepted', 'reported')
        .map((t) => ({ kind: 'report', target: t, step: '2' })),
      components: validReportComponents,
      fromMessage: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('modal' as const),
      user: either(fc.constant(FUZZ_ALICE), user, 2),
      customId: customId(['report', 'decline']),
      components: fc.array(modalComponent, { maxLength: 7 }),
      fromMessage: fc.boolean(),
    }),
  },
);

/** Where an interaction is sent from: the seeded evaluations and the bot's messages to click on. */
export type FuzzWorld = {
  fake: DiscordFake;
  guild: string;
  application: string;
  evaluationOf(target: Target): string;
  /** A message of the bot in the guild (`guild`) and in each user's DM (by user id). */
  boards: Map<string, StoredMessage>;
};

function idOf(world: FuzzWorld, id: CustomId): string {
  if ('raw' in id) return id.raw;
  const base = `${id.kind}:${world.evaluationOf(id.target)}`;
  return id.step === null ? base : `${base}:${id.step}`;
}

function submitted(c: ModalComponent, n: number): JsonObject {
  const base = { id: n, custom_id: c.id, type: c.type };
  if (c.type === 4 || c.type === 21) return { ...base, value: c.value };
  // A select's values are a list; a forged one may hold anything.
  return { ...base, values: Array.isArray(c.value) || typeof c.value !== 'string' ? c.value : [c.value] };
}

/** The interaction type, `data` and source message of an input, as Discord would send them. */
function dataOf(
  world: FuzzWorld,
  i: DiscordFuzzInput,
): { type: number; data: JsonObject; source: StoredMessage | null } {
  const guildBoard = world.boards.get('guild') ?? null;
  switch (i.kind) {
    case 'command': {
      const options = i.options.map((o, n) => (i.focused && n === 0 ? { ...o, focused: true } : o));
      const data = {
        id: snowflake(),
        name: i.group,
        type: 1,
        guild_id: world.guild,
        options: i.sub === null ? options : [{ type: 1, name: i.sub, options }],
      };
      return { type: i.focused && options.length > 0 ? 4 : 2, data, source: null };
    }
    case 'button':
      return {
        type: 3,
        data: { custom_id: idOf(world, i.customId), component_type: 2 },
        source: (i.dm ? world.boards.get(i.user) : undefined) ?? guildBoard,
      };
    case 'select':
      return {
        type: 3,
        data: { custom_id: i.customId, component_type: 3, values: i.values },
        source: guildBoard,
      };
    case 'modal': {
      let n = 1;
      const components = i.components.map((c) =>
        c.row
          ? { type: 1, id: n++, components: [submitted(c, n++)] }
          : { type: 18, id: n++, component: submitted(c, n++) },
      );
      const source = i.fromMessage ? (world.boards.get(i.user) ?? null) : null;
      return { type: 5, data: { custom_id: idOf(world, i.customId), components }, source };
    }
  }
}

/**
 * Records an interaction in the fake (so the bot's answers are accepted) and dispatches it on the
 * gateway as Discord would; returns its id.
 */
export function dispatchFuzzInteraction(world: FuzzWorld, i: DiscordFuzzInput): string {
  const { state } = world.fake;
  const person = state.users.get(i.user);
  if (!person) throw new Error(`no user ${i.user} in the fake`);
  const { type, data, source } = dataOf(world, i);
  const channel = state.channels.get(source?.channelId ?? '') ?? state.guildChannels()[0];
  if (!channel) throw new Error('no channel');
  const inGuild = channel.type === 0;
  const permissions = '2248473465835073';
  const id = snowflake();
  const token = randomToken('ZnV6eg');
  const payload: JsonObject = {
    id,
    token,
    type,
    application_id: world.application,
    version: 1,
    locale: person.locale,
    app_permissions: permissions,
    authorizing_integration_owners: { '0': world.guild },
    entitlements: [],
    channel: channelJson(state, channel),
    channel_id: channel.id,
    context: inGuild ? 0 : 1,
    data,
    ...(inGuild
      ? { guild_id: world.guild, guild_locale: 'en-US', member: memberJson(state, person, permissions) }
      : { user: userJson(person) }),
    ...(source ? { message: messageJson(state, source) } : {}),
  };
  state.addInteraction({
    id,
    token,
    type,
    userId: person.id,
    channelId: channel.id,
    guildId: inGuild ? world.guild : null,
    createdAt: new Date(),
    payload,
    response: null,
    sourceMessageId: source?.id ?? null,
    originalMessageId: null,
    followupIds: [],
    choices: null,
  });
  world.fake.gateway.dispatch('INTERACTION_CREATE', payload);
  return id;
}
