/**
 * Who acts behind a platform account, and whether they may do what `path` does: a button or a
 * form does what its command does, so it answers to the same role rule. Both refusals (an
 * unregistered account, a missing role) are audited, as the command runner audits them.
 */
import { authorize, isCommandPath } from '../../domain/authz.ts';
import { t } from '../../domain/catalog/index.ts';
import type { Locale, Person, Platform } from '../../domain/model.ts';
import type { AppContext } from '../context.ts';
import { audit } from '../effects.ts';
import { describeDeskError } from './describe-error.ts';

/** The person allowed to act, or the refusal to show (in their language when they are known). */
export type ActorCheck = { ok: true; person: Person } | { ok: false; locale: Locale; message: string };

/**
 * Finds the person behind `platformUserId` and checks their roles against `path`; with
 * `checkRole` false (a command the registry does not know), only finds them.
 */
export async function identifyActor(
  ctx: AppContext,
  defaultLocale: Locale,
  platform: Platform,
  platformUserId: string,
  path: string,
  checkRole = true,
): Promise<ActorCheck> {
  const { store, clock } = ctx;
  const person = await store.people.findPersonByPlatform(platform, platformUserId);
  if (!person) {
    const subject = `${platform}-${platformUserId}`;
    await audit(store, clock.now(), { type: 'system' }, 'command', subject, { path }, 'not_registered');
    return { ok: false, locale: defaultLocale, message: t(defaultLocale, 'error.not_registered') };
  }
  const allowed = checkRole && isCommandPath(path) ? authorize(person, path) : { ok: true as const };
  if (!allowed.ok) {
    await audit(store, clock.now(), { type: 'person', person }, 'command', null, { path }, 'forbidden');
    return { ok: false, locale: person.locale, message: describeDeskError(person.locale, allowed.error) };
  }
  return { ok: true, person };
}
