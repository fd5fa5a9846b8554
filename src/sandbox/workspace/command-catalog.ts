/**
 * The commands the composer suggests, from the command registry (`commands/index.ts`): paths,
 * options and the roles allowed; values for id options read from the database; and the reading
 * of a typed line (`/assess accept E-1001`) as the typed options of a Discord command.
 */
import { commands } from '../../../commands/index.ts';
import type { OptionKind } from '../../app/commands/command-spec.ts';
import { rawOptionsFromText, splitWords, usageOf } from '../../app/commands/parse-options.ts';
import { rolesFor } from '../../domain/authz.ts';
import type { Role } from '../../domain/model.ts';
import type { Store } from '../../ports/store.ts';
import type { OptionValue, RegisteredCommand } from '../discord-fake/index.ts';
import type { DeskUser } from './directory.ts';
import { WorkspaceError } from './workspace-error.ts';

/** One command as the composer shows it. */
export type CatalogEntry = {
  path: string;
  usage: string;
  roles: readonly Role[];
  options: { name: string; kind: OptionKind; required: boolean; choices: readonly string[]; rest: boolean }[];
};

/** Every command of the registry, in the order of DESIGN §3. */
export function commandCatalog(): CatalogEntry[] {
  return commands.map((spec) => ({
    path: spec.path,
    usage: usageOf(spec.path, spec.options),
    roles: rolesFor(spec.path),
    options: spec.options.map((o) => ({
      name: o.name,
      kind: o.kind,
      required: o.required,
      choices: o.choices ?? [],
      rest: o.rest === true,
    })),
  }));
}

/** The top-level commands (`assess`, `mentor`, …). */
export function commandGroups(): Set<string> {
  return new Set(commands.map((spec) => spec.path.split(' ')[0] ?? ''));
}

/** A value the composer offers for an option. */
export type Suggestion = { value: string; label: string };

const MAX_SUGGESTIONS = 25;
const SEES_EVERY_EVALUATION: readonly string[] = ['coordinator', 'admin', 'jury', 'curriculum'];

async function candidates(store: Store, user: DeskUser, kind: OptionKind): Promise<Suggestion[]> {
  switch (kind) {
    case 'project':
      return (await store.org.listProjects()).map((p) => ({ value: p.id, label: p.name }));
    case 'assessor':
      return (await store.people.listPeople({ role: 'assessor' })).map((p) => ({
        value: p.id,
        label: p.name,
      }));
    case 'student': {
      // Mentors see only their own students (DESIGN §3).
      const mentorOnly =
        user.roles.includes('mentor') && !user.roles.some((r) => SEES_EVERY_EVALUATION.includes(r));
      const students = await store.people.listStudents(mentorOnly ? { mentor: user.id } : {});
      return students.map((s) => ({ value: s.id, label: s.name }));
    }
    case 'evaluation': {
      const everyone = user.roles.some((r) => SEES_EVERY_EVALUATION.includes(r));
      if (!everyone && !user.roles.includes('assessor')) return [];
      const list = await store.evaluations.list(everyone ? {} : { assessor: user.id });
      return list.reverse().map((e) => ({ value: e.id, label: `${e.student} · ${e.project} · ${e.status}` }));
    }
    default:
      return [];
  }
}

/** Values for an option of `kind` that start with or contain `query`, best matches first. */
export async function suggestValues(
  store: Store,
  user: DeskUser,
  kind: OptionKind,
  query: string,
): Promise<Suggestion[]> {
  const q = query.trim().toLowerCase();
  const all = await candidates(store, user, kind);
  const starts = all.filter((s) => s.value.toLowerCase().startsWith(q));
  const contains = all.filter(
    (s) => !starts.includes(s) && (s.value.toLowerCase().includes(q) || s.label.toLowerCase().includes(q)),
  );
  return [...starts, ...contains].slice(0, MAX_SUGGESTIONS);
}

/** A typed line read as a Discord chat-input command. */
export type DiscordCommandInput = { name: string; subcommand: string; options: Record<string, OptionValue> };

type OptionDefinition = { name?: unknown; type?: unknown; options?: unknown };

function definitionsOf(command: RegisteredCommand | undefined, subcommand: string): OptionDefinition[] {
  const top = Array.isArray(command?.body.options) ? (command.body.options as OptionDefinition[]) : [];
  const sub = top.find((o) => o.name === subcommand);
  return Array.isArray(sub?.options) ? (sub.options as OptionDefinition[]) : [];
}

/** Discord types options (integers, numbers, booleans); the words are converted as the client would. */
function typed(type: unknown, name: string, word: string): OptionValue {
  if (type === 4 || type === 10) {
    const value = Number(word);
    if (!Number.isFinite(value) || (type === 4 && !Number.isInteger(value)))
      throw new WorkspaceError(400, `${name} must be a number.`);
    return value;
  }
  if (type === 5) return /^(true|yes|1)$/i.test(word);
  return word;
}

/**
 * Reads `/group subcommand words…` with the registry's option order (the last `rest` option takes
 * what is left, as on Slack) and the types of the command registered in the fake.
 */
export function readDiscordCommand(
  text: string,
  registered: (name: string) => RegisteredCommand | undefined,
): DiscordCommandInput {
  const words = splitWords(text.trim());
  const name = (words[0] ?? '').replace(/^\//, '');
  const command = registered(name);
  if (command === undefined) throw new WorkspaceError(400, `/${name} is not a command of this server.`);
  const subcommand = (words[1] ?? '').toLowerCase();
  const spec = commands.find((c) => c.path === `${name} ${subcommand}`);
  if (spec === undefined) {
    const subs = commands.filter((c) => c.path.startsWith(`${name} `)).map((c) => c.path.split(' ')[1]);
    throw new WorkspaceError(400, `Choose a subcommand of /${name}: ${subs.join(', ')}.`);
  }
  const { raw, extra } = rawOptionsFromText(spec.options, words.slice(2));
  if (extra.length > 0)
    throw new WorkspaceError(
      400,
      `Too many words for ${usageOf(spec.path, spec.options)}: ${extra.join(' ')}`,
    );
  const missing = spec.options.filter((o) => o.required && raw[o.name] === undefined);
  if (missing.length > 0)
    throw new WorkspaceError(
      400,
      `Discord needs ${missing.map((o) => o.name).join(', ')}: ${usageOf(spec.path, spec.options)}`,
    );
  const definitions = definitionsOf(command, subcommand);
  const options: Record<string, OptionValue> = {};
  for (const [option, word] of Object.entries(raw)) {
    if (word === undefined) continue;
    options[option] = typed(definitions.find((d) => d.name === option)?.type, option, word);
  }
  return { name, subcommand, options };
}
