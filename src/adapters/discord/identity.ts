/**
 * What the Discord handlers share: their dependencies, finding the person behind a Discord user
 * with the role check a command would make (refusals audited), and turning failures into messages.
 */

import { type CommandRegistry, describeDeskError } from '../../app/commands/command-runner.ts';
import type { AppContext } from '../../app/context.ts';
import { audit } from '../../app/effects.ts';
import { organisationTimeZone } from '../../app/lookups.ts';
import { authorize, type CommandPath } from '../../domain/authz.ts';
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
  const { store, clock } = deps.ctx;
  const person = await store.people.findPersonByPlatform('discord', userId);
  if (!person) {
    await audit(
      store,
      clock.now(),
      { type: 'system' },
      'command',
      `discord-${userId}`,
      { path },
      'not_registered',
    );
    return { ok: false, message: textMessage(t(deps.defaultLocale, 'error.not_registered')) };
  }
  const allowed = authorize(person, path);
  if (!allowed.ok) {
    await audit(store, clock.now(), { type: 'person', person }, 'command', null, { path }, 'forbidden');
    return { ok: false, message: textMessage(describeDeskError(person.locale, allowed.error)) };
  }
  return { ok: true, person, locale: person.locale };
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
