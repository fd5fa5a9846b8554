/**
 * What the Slack listeners share: the use-case context and command registry, who a Slack user is,
 * where to tell them something (the message they clicked, a modal, or their DM), one-effect claims
 * for retries and double clicks, and the closed version of an offer message.
 */

import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { CommandDeps, CommandRegistry } from '../../app/commands/command-runner.ts';
import { describeDeskError } from '../../app/commands/command-runner.ts';
import type { AppContext } from '../../app/context.ts';
import { organisationTimeZone } from '../../app/lookups.ts';
import { planNotification } from '../../app/notification-plan.ts';
import { type MessageKey, type MessageParams, t } from '../../domain/catalog/index.ts';
import { isDeskError } from '../../domain/errors.ts';
import type { Locale, Person } from '../../domain/model.ts';
import type { Logger } from '../../logger.ts';
import type { JobQueue } from '../../ports/job-queue.ts';
import { textMessage } from '../../views/text-message.ts';
import type { MessageView } from '../../views/view-model.ts';
import { messageBlocks, noticeModal } from './block-kit.ts';
import { SlackPlatform } from './slack-platform.ts';

/** Everything a listener needs. */
export type SlackDeps = {
  ctx: AppContext;
  registry: CommandRegistry;
  queue: JobQueue | null;
  logger: Logger;
  defaultLocale: Locale;
  /** Nudges the outbox relay after a change, so notifications leave at once. */
  kick(): void;
  /** Publishes a user's Home tab again (after a change); never rejects. */
  publishHome(userId: string): Promise<void>;
  /** The runner's dependencies, built once. */
  commandDeps: CommandDeps;
};

/** The registered person behind a Slack user, or null. */
export function personOf(deps: SlackDeps, userId: string): Promise<Person | null> {
  return deps.ctx.store.people.findPersonByPlatform('slack', userId);
}

/** The organisation's time zone, for dates. */
export function timeZoneOf(deps: SlackDeps): Promise<string> {
  return organisationTimeZone(deps.ctx.store);
}

/**
 * Records `key` and returns true the first time only: a retried event or a replayed click then has
 * no second effect.
 */
export function claimOnce(deps: SlackDeps, key: string): Promise<boolean> {
  return deps.ctx.store.idempotency.claim(key, deps.ctx.clock.now());
}

/** A refusal in the person's words, or the generic failure for anything unexpected (logged). */
export function describeFailure(deps: SlackDeps, locale: Locale, error: unknown, what: string): string {
  if (isDeskError(error)) return describeDeskError(locale, error);
  deps.logger.error({ err: error, what }, 'slack listener failed');
  return t(locale, 'command.failed');
}

/** Where a reply to a user's action goes. */
export type Surface = {
  userId: string;
  client: WebClient;
  locale: Locale;
  /** The message the action came from (replies go there, ephemerally). */
  respond?: RespondFn;
  /** A fresh trigger, to show a notice where there is no message (the Home tab). */
  triggerId?: string;
};

/** Tells the user something: ephemerally under the message, in a notice modal, or in their DM. */
export async function tell(deps: SlackDeps, surface: Surface, message: MessageView | string): Promise<void> {
  const view = typeof message === 'string' ? textMessage(message) : message;
  try {
    if (surface.respond) {
      await surface.respond({ response_type: 'ephemeral', replace_original: false, ...messageBlocks(view) });
      return;
    }
    if (surface.triggerId) {
      await surface.client.views.open({
        trigger_id: surface.triggerId,
        view: noticeModal(
          tr(surface.locale, 'slack.notice.title'),
          view.text,
          tr(surface.locale, 'slack.notice.close'),
        ),
      });
      return;
    }
    await new SlackPlatform({ client: surface.client }).sendDirectMessage(surface.userId, view);
  } catch (error) {
    deps.logger.warn({ err: error, user: surface.userId }, 'could not tell the Slack user');
  }
}

/** Shorthand for the catalog. */
export function tr(locale: Locale, key: MessageKey, params?: MessageParams): string {
  return t(locale, key, params);
}

/** The offer message as it reads once answered (no buttons), in the reader's words. */
export async function closedOfferView(
  deps: SlackDeps,
  offerId: string,
  locale: Locale,
): Promise<MessageView | null> {
  const planned = await planNotification(deps.ctx, { type: 'offer_closed', offer: offerId });
  const first = planned[0];
  return first ? first.build({ locale, timeZone: await timeZoneOf(deps) }) : null;
}

/** A `respond` only when the action came from a message (Home tab actions have no response URL). */
export function respondOf(
  body: { response_url?: string },
  respond: RespondFn | undefined,
): RespondFn | undefined {
  return typeof body.response_url === 'string' && body.response_url !== '' ? respond : undefined;
}
