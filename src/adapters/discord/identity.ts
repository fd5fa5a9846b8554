/**
 * What the Discord handlers share: their dependencies, finding the person behind a Discord user
 * with the role check a command would make (refusals audited), and turning failures into messages.
 */

import { type CommandRegistry, describeDeskError } from '../../app/commands/command-runner.ts';
import { identifyActor } from '../../app/commands/identify-actor.ts';
import type { AppContext } from '../../app/context.ts';
import { organisationTimeZone } from '../../app/lookups.ts';
import type { CommandPath } from '../../domain/authz.ts';
import { t } from '../../domain/catalog/index.ts';
import { isDeskError } from '../../domain/errors.ts';
import type { Locale, Person } from '../../domain/model.ts';
import type { Logger } from '../../logger.ts';
import type { JobQueue } from '../../ports/job-queue.ts';
import { textMessage } from '../../views/text-message.ts';
import type { MessageView } from '../../views/view-model.ts';

/** Everything the interaction handlers use. */
export type DiscordDeps = {
  ctx: AppContext;
  registry: CommandRegistry;
  /** To ask about background jobs (`/jury status`); null when the bot runs without queues. */
  queue: JobQueue | null;
  logger: Logger;
  /** Nudges the outbox relay after a change, so notifications leave at once. */
  kick(): void;
  defaultLocale: Locale;
};

export type Identified = { ok: true; person: Person; locale: Locale } | { ok: false; message: MessageView };

/**
 * The registered person behind a Discord user, allowed to do what `path` does (a button does what
 * its command does). An unknown user or a missing role gets a message; both are audited.
 */
export async function identify(deps: DiscordDeps, userId: string, path: CommandPath): Promise<Identified> {
  const who = await identifyActor(deps.ctx, deps.defaultLocale, 'discord', userId, path);
  return who.ok
    ? { ok: true, person: who.person, locale: who.person.locale }
    : { ok: false, message: textMessage(who.message) };
}

/** A failure as the person reads it: a coded refusal explained, anything else a generic apology (logged). */
export function failureMessage(deps: DiscordDeps, locale: Locale, error: unknown, what: string): MessageView {
  if (isDeskError(error)) return textMessage(describeDeskError(locale, error));
  deps.logger.error({ err: error, interaction: what }, 'discord interaction failed');
  return textMessage(t(locale, 'command.failed'));
}

/** The organisation's timezone, for dates in replies. */
export function timeZoneOf(ctx: AppContext): Promise<string> {
  return organisationTimeZone(ctx.store);
}
