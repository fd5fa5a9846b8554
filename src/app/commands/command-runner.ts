/**
 * One way in for every command, whatever the platform: find the person, find the command, check
 * the role, parse and validate the options, run the handler, and turn any refusal into a clear
 * message in the person's language. Refusals are audited. Never throws for bad input.
 */
import { isCommandPath } from '../../domain/authz.ts';
import { t } from '../../domain/catalog/index.ts';
import { isDeskError } from '../../domain/errors.ts';
import type { Locale, Platform } from '../../domain/model.ts';
import type { FormTrigger } from '../../ports/chat-platform.ts';
import type { JobQueue } from '../../ports/job-queue.ts';
import { textMessage } from '../../views/text-message.ts';
import type { AppContext } from '../context.ts';
import { audit } from '../effects.ts';
import { organisationTimeZone } from '../lookups.ts';
import type { CommandReply, CommandSpec } from './command-spec.ts';
import { describeDeskError } from './describe-error.ts';
import { identifyActor } from './identify-actor.ts';
import { parseOptions, type RawOptions, rawOptionsFromText, splitWords, usageOf } from './parse-options.ts';

/** Commands by path (`assess report`). */
export type CommandRegistry = ReadonlyMap<string, CommandSpec>;

export function createRegistry(specs: readonly CommandSpec[]): CommandRegistry {
  return new Map(specs.map((spec) => [spec.path, spec]));
}

export { describeDeskError } from './describe-error.ts';

export type CommandRequest = {
  platform: Platform;
  platformUserId: string;
  /** The top-level command without slash: `assess`. */
  group: string;
  /** Slack: the text after the command (`accept E-1001`). Discord: the subcommand and its options. */
  input: { text: string } | { subcommand: string; options: RawOptions };
  trigger: FormTrigger | null;
};

export type CommandDeps = {
  ctx: AppContext;
  queue: JobQueue | null;
  defaultLocale: Locale;
  afterCommit(): void;
  /** Told about unexpected failures (the person gets a generic message). */
  onUnexpected(error: unknown, request: CommandRequest): void;
};

const reply = (text: string): CommandReply => ({ kind: 'message', message: textMessage(text) });

export async function runCommand(
  registry: CommandRegistry,
  deps: CommandDeps,
  request: CommandRequest,
): Promise<CommandReply> {
  const { store, clock } = deps.ctx;
  const input = request.input;
  const words = 'text' in input ? splitWords(input.text) : [];
  const subcommand = ('text' in input ? words[0] : input.subcommand)?.toLowerCase() ?? 'help';
  const path = `${request.group} ${subcommand}`;
  const spec = isCommandPath(path) ? registry.get(path) : undefined;
  // Unregistered people and missing roles are refused (and audited) as buttons and forms refuse them.
  const who = await identifyActor(
    deps.ctx,
    deps.defaultLocale,
    request.platform,
    request.platformUserId,
    path,
    spec !== undefined,
  );
  if (!who.ok) return reply(who.message);
  const person = who.person;
  const actorLabel = { type: 'person' as const, person };
  const locale = person.locale;
  if (!spec) {
    const help = registry.get(`${request.group} help`) ?? registry.get('assess help');
    return reply(
      [
        t(locale, 'command.unknown', { command: `/${path}` }),
        help ? t(locale, 'command.usage', { usage: usageOf(help.path, help.options) }) : '',
      ]
        .filter(Boolean)
        .join('\n'),
    );
  }
  const usage = t(locale, 'command.usage', { usage: usageOf(spec.path, spec.options) });
  let raw: RawOptions;
  if ('text' in input) {
    const assigned = rawOptionsFromText(spec.options, words.slice(1));
    if (assigned.extra.length > 0) {
      return reply(`${t(locale, 'command.extra_text', { text: assigned.extra.join(' ') })}\n${usage}`);
    }
    raw = assigned.raw;
  } else {
    raw = input.options;
  }
  const timeZone = await organisationTimeZone(store);
  const parsed = parseOptions(spec.options, raw, locale, timeZone);
  if (!parsed.ok) {
    return reply(
      `${t(locale, 'command.bad_option', { option: parsed.problem.option, problem: parsed.problem.message })}\n${usage}`,
    );
  }
  const validated = spec.schema.safeParse(parsed.values);
  if (!validated.success) {
    const issue = validated.error.issues[0];
    const option = String(issue?.path[0] ?? spec.options[0]?.name ?? '');
    const problem = t(locale, 'command.problem.invalid', { detail: issue?.message ?? '' });
    return reply(`${t(locale, 'command.bad_option', { option, problem })}\n${usage}`);
  }
  try {
    const result = await spec.handle({
      person,
      options: validated.data,
      locale,
      timeZone,
      platform: request.platform,
      ctx: deps.ctx,
      queue: deps.queue,
      trigger: request.trigger,
      afterCommit: deps.afterCommit,
    });
    deps.afterCommit();
    return result;
  } catch (error) {
    if (isDeskError(error)) {
      await audit(store, clock.now(), actorLabel, 'command', null, { path }, error.code);
      return reply(describeDeskError(locale, error));
    }
    deps.onUnexpected(error, request);
    return reply(t(locale, 'command.failed'));
  }
}
