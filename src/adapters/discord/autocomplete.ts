/**
 * Autocomplete for id options (evaluations, students, projects, assessors), answered from the
 * store: up to 25 choices matching what was typed (id prefix or a word of the name). A person
 * is only offered what they may see: their own evaluations under `/assess` (the waiting pool for
 * `/assess claim`), their own students when they only mentor, nothing outside their roles.
 */
import type { CommandRegistry } from '../../app/commands/command-runner.ts';
import type { OptionKind } from '../../app/commands/command-spec.ts';
import type { AppContext } from '../../app/context.ts';
import { authorize, isCommandPath } from '../../domain/authz.ts';
import { t } from '../../domain/catalog/index.ts';
import type { Evaluation, Locale, Person } from '../../domain/model.ts';
import { shorten } from '../../views/messages/message-format.ts';

/** Discord shows at most 25 choices; a choice's name and value are at most 100 characters. */
export const AUTOCOMPLETE_LIMITS = { choices: 25, name: 100, value: 100 } as const;

export type Choice = { name: string; value: string };

type Candidate = { id: string; label: string };

function matches(candidate: Candidate, typed: string): boolean {
  if (typed === '') return true;
  const id = candidate.id.toLowerCase();
  if (id.startsWith(typed) || id.replace(/^e-/, '').startsWith(typed)) return true;
  return candidate.label
    .toLowerCase()
    .split(/[\s·,()-]+/)
    .some((word) => word.startsWith(typed));
}

function choices(candidates: readonly Candidate[], typed: string): Choice[] {
  const wanted = typed.trim().toLowerCase();
  return candidates
    .filter((c) => matches(c, wanted))
    .slice(0, AUTOCOMPLETE_LIMITS.choices)
    .map((c) => ({
      name: shorten(c.label, AUTOCOMPLETE_LIMITS.name) || c.id,
      value: c.id.slice(0, AUTOCOMPLETE_LIMITS.value),
    }));
}

async function evaluationCandidates(
  ctx: AppContext,
  person: Person,
  group: string,
  subcommand: string,
  locale: Locale,
): Promise<Candidate[]> {
  const { store } = ctx;
  let list: Evaluation[];
  if (group === 'assess' && subcommand === 'claim') {
    list = (await store.evaluations.list({ status: 'requested' })).filter((e) => e.assessor === null);
  } else if (group === 'assess') {
    list = await store.evaluations.list({ assessor: person.id });
  } else {
    list = await store.evaluations.list();
  }
  const projects = new Map((await store.org.listProjects()).map((p) => [p.id, p.name]));
  const students = new Map((await store.people.listStudents()).map((s) => [s.id, s.name]));
  // Newest first: the evaluation being worked on is usually the latest.
  return [...list].reverse().map((e) => ({
    id: e.id,
    label: `${e.id} · ${projects.get(e.project) ?? e.project} · ${students.get(e.student) ?? e.student} · ${t(locale, `status.${e.status}`)}`,
  }));
}

async function studentCandidates(ctx: AppContext, person: Person, group: string): Promise<Candidate[]> {
  // Mentors see only their own students; coordinators, the jury and admins see everyone.
  const seesAll = person.roles.some((r) => r === 'coordinator' || r === 'jury' || r === 'admin');
  const filter = group === 'mentor' && !seesAll ? { mentor: person.id } : {};
  const students = await ctx.store.people.listStudents(filter);
  return students.map((s) => ({ id: s.id, label: `${s.name} (${s.id})` }));
}

async function candidatesFor(
  ctx: AppContext,
  kind: OptionKind,
  person: Person,
  group: string,
  subcommand: string,
): Promise<Candidate[]> {
  switch (kind) {
    case 'evaluation':
      return evaluationCandidates(ctx, person, group, subcommand, person.locale);
    case 'student':
      return studentCandidates(ctx, person, group);
    case 'project':
      return (await ctx.store.org.listProjects()).map((p) => ({ id: p.id, label: `${p.name} (${p.id})` }));
    case 'assessor':
      return (await ctx.store.people.listPeople({ role: 'assessor' })).map((p) => ({
        id: p.id,
        label: `${p.name} (${p.id})`,
      }));
    default:
      return [];
  }
}

/**
 * The choices for the option being typed in `/<group> <subcommand>`, for the Discord user
 * `userId`; none for an unknown user, a command outside their roles, or an option without ids.
 */
export async function autocompleteChoices(
  ctx: AppContext,
  registry: CommandRegistry,
  request: { userId: string; group: string; subcommand: string; option: string; typed: string },
): Promise<Choice[]> {
  const path = `${request.group} ${request.subcommand}`;
  const spec = isCommandPath(path) ? registry.get(path) : undefined;
  const option = spec?.options.find((o) => o.name === request.option);
  if (!spec || !option) return [];
  const person = await ctx.store.people.findPersonByPlatform('discord', request.userId);
  if (!person || !authorize(person, spec.path).ok) return [];
  const candidates = await candidatesFor(ctx, option.kind, person, request.group, request.subcommand);
  return choices(candidates, request.typed);
}
