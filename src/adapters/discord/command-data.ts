/**
 * Discord chat-input commands built from the command registry: one command per group (`assess`,
 * `mentor`, …) with one subcommand per command file, and typed options: text and dates as strings
 * (dates say their format), integers with bounds, fixed choices, and ids offered by autocomplete.
 * Descriptions come from the catalog in English with French localisations.
 */
import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOptionChoice,
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  REST,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  Routes,
} from 'discord.js';
import { type CommandSpec, type OptionSpec, splitPath } from '../../app/commands/command-spec.ts';
import { isMessageKey, type MessageParams, t } from '../../domain/catalog/index.ts';
import type { Locale } from '../../domain/model.ts';
import { shorten } from '../../views/messages/message-format.ts';
import { toPlatformError } from './errors.ts';

/** Discord's limits on command definitions (API reference, "Application Commands"). */
export const COMMAND_LIMITS = {
  name: 32,
  description: 100,
  options: 25,
  choices: 25,
  commands: 100,
  choiceName: 100,
  stringMax: 6000,
} as const;

/** The groups in the order of DESIGN §3; a group missing here is appended in registry order. */
const GROUP_ORDER = ['assess', 'mentor', 'curriculum', 'jury', 'evaluation'] as const;

export type CommandData = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** A catalog entry in English and its French localisation, within Discord's 100 characters. */
function described(key: string, fallback: string, params: MessageParams = {}) {
  const text = (locale: Locale) =>
    shorten(isMessageKey(key) ? t(locale, key, params) : fallback, COMMAND_LIMITS.description) || fallback;
  return { description: text('en'), description_localizations: { fr: text('fr') } };
}

function optionDescription(option: OptionSpec) {
  const key = isMessageKey(`discord.option.${option.name}`)
    ? `discord.option.${option.name}`
    : `discord.kind.${option.kind}`;
  if (option.kind !== 'date' && option.kind !== 'datetime') return described(key, option.name);
  // Dates are typed as text: the description says the format.
  const text = (locale: Locale) =>
    shorten(
      t(locale, 'discord.option.described', {
        description: isMessageKey(key) ? t(locale, key) : option.name,
        format: t(locale, option.kind === 'date' ? 'discord.format.date' : 'discord.format.datetime'),
      }),
      COMMAND_LIMITS.description,
    );
  return { description: text('en'), description_localizations: { fr: text('fr') } };
}

function choiceOf(value: string): APIApplicationCommandOptionChoice<string> {
  const key = `status.${value}`;
  const name = (locale: Locale) =>
    shorten(isMessageKey(key) ? t(locale, key) : value, COMMAND_LIMITS.choiceName);
  return { name: name('en'), name_localizations: { fr: name('fr') }, value };
}

/** One option as Discord types it. */
export function optionData(option: OptionSpec): APIApplicationCommandBasicOption {
  const base = { name: option.name, required: option.required, ...optionDescription(option) };
  switch (option.kind) {
    case 'integer':
      return {
        ...base,
        type: ApplicationCommandOptionType.Integer,
        min_value: option.min ?? 0,
        max_value: option.max ?? 1000,
      };
    case 'choice':
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        choices: (option.choices ?? []).slice(0, COMMAND_LIMITS.choices).map(choiceOf),
      };
    case 'text':
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        max_length: Math.min(option.maxLength ?? COMMAND_LIMITS.stringMax, COMMAND_LIMITS.stringMax),
      };
    case 'date':
    case 'datetime':
      return { ...base, type: ApplicationCommandOptionType.String, max_length: 32 };
    case 'evaluation':
    case 'student':
    case 'project':
    case 'assessor':
      return { ...base, type: ApplicationCommandOptionType.String, autocomplete: true };
  }
}

/** Discord wants required options before optional ones; the order among each is kept. */
function requiredFirst(options: readonly OptionSpec[]): OptionSpec[] {
  return [...options.filter((o) => o.required), ...options.filter((o) => !o.required)];
}

function subcommandData(spec: CommandSpec): APIApplicationCommandSubcommandOption {
  const { name } = splitPath(spec.path);
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name,
    ...described(`command.${spec.path}`, name),
    options: requiredFirst(spec.options).slice(0, COMMAND_LIMITS.options).map(optionData),
  };
}

/** Every command of the registry as Discord chat-input commands, one per group. */
export function buildCommandData(specs: Iterable<CommandSpec>): CommandData[] {
  const groups = new Map<string, CommandSpec[]>(GROUP_ORDER.map((g) => [g, []]));
  for (const spec of specs) {
    const { group } = splitPath(spec.path);
    const list = groups.get(group) ?? [];
    list.push(spec);
    groups.set(group, list);
  }
  const data: CommandData[] = [];
  for (const [group, list] of groups) {
    if (list.length === 0) continue;
    data.push({
      type: ApplicationCommandType.ChatInput,
      name: group,
      ...described(`discord.group.${group}`, group),
      options: list.slice(0, COMMAND_LIMITS.options).map(subcommandData),
    });
  }
  return data;
}

/** Where the commands were registered and how many. */
export type Registration = { scope: 'guild' | 'global'; count: number; names: string[] };

/**
 * Replaces the application's commands with `data` (one bulk PUT): in the guild when `guildId` is
 * given (instant, for development and single-school servers), globally otherwise.
 */
export async function registerCommandData(args: {
  /** The Discord API base (`DISCORD_API_URL`) and the bot token. */
  api: string;
  token: string;
  applicationId: string;
  guildId?: string | undefined;
  data: readonly CommandData[];
}): Promise<Registration> {
  const route = args.guildId
    ? Routes.applicationGuildCommands(args.applicationId, args.guildId)
    : Routes.applicationCommands(args.applicationId);
  let saved: unknown;
  try {
    // Registration waits out a rate limit rather than failing: it runs once, by hand.
    const rest = new REST({ api: args.api, version: '10' }).setToken(args.token);
    saved = await rest.put(route, { body: args.data });
  } catch (error) {
    throw toPlatformError(error);
  }
  const names = Array.isArray(saved)
    ? saved.flatMap((c: unknown) =>
        typeof c === 'object' && c !== null && 'name' in c && typeof c.name === 'string' ? [c.name] : [],
      )
    : args.data.map((c) => c.name);
  return { scope: args.guildId ? 'guild' : 'global', count: names.length, names };
}
