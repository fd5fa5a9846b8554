/**
 * Buttons: Accept and Decline on the offer DM (and the Home tab), Open report, and Set
 * availability on the Home tab. Every click is acknowledged first; a replayed click (same user and
 * `action_ts`) has no second effect, and a click on an offer already answered says so and removes
 * the stale buttons. Modals open at once with the click's `trigger_id`.
 */
import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import { identifyActor } from '../../app/commands/identify-actor.ts';
import { openReportForm } from '../../app/commands/report-form-flow.ts';
import { acceptOfferOnce } from '../../app/respond-to-offer.ts';
import type { CommandPath } from '../../domain/authz.ts';
import { DeskError } from '../../domain/errors.ts';
import type { Offer, Person } from '../../domain/model.ts';
import { formatDateTime } from '../../views/command-replies.ts';
import { OFFER_ACCEPT_ACTION, OFFER_DECLINE_ACTION } from '../../views/messages/offer-messages.ts';
import type { MessageView } from '../../views/view-model.ts';
import { formModal, messageBlocks } from './block-kit.ts';
import {
  claimOnce,
  closedOfferView,
  describeFailure,
  respondOf,
  type SlackDeps,
  type Surface,
  tell,
  timeZoneOf,
  tr,
} from './slack-context.ts';
import { availabilityModal, declineForm } from './slack-forms.ts';

/** Opens the report form of the evaluation in the button's value. */
export const REPORT_OPEN_ACTION = 'report.open';
/** Opens the availability modal (Home tab). */
export const HOME_AVAILABILITY_ACTION = 'home.availability';

/** Every action id the app listens to. */
export const ACTION_IDS = [
  OFFER_ACCEPT_ACTION,
  OFFER_DECLINE_ACTION,
  REPORT_OPEN_ACTION,
  HOME_AVAILABILITY_ACTION,
] as const;

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

type Click = { person: Person; surface: Surface; value: string; args: ButtonArgs };

/** The "Open report" button of an evaluation. */
export function openReportButton(evaluation: string, label: string): MessageView['blocks'][number] {
  return {
    type: 'actions',
    buttons: [{ action: REPORT_OPEN_ACTION, label, value: evaluation, style: 'primary' }],
  };
}

/**
 * Acknowledges, drops a replayed click, and finds who clicked, allowed to do what `path` does;
 * null when there is nothing more to do (a replay, or a refusal already told).
 */
async function begin(deps: SlackDeps, args: ButtonArgs, path: CommandPath): Promise<Click | null> {
  await args.ack();
  const { body, action } = args;
  // The same click delivered twice carries the same action_ts: only the first has an effect.
  if (action.action_ts && !(await claimOnce(deps, `slack-action-${body.user.id}-${action.action_ts}`)))
    return null;
  const who = await identifyActor(deps.ctx, deps.defaultLocale, 'slack', body.user.id, path);
  const respond = respondOf(body, args.respond);
  const surface: Surface = {
    userId: body.user.id,
    client: args.client,
    locale: who.ok ? who.person.locale : who.locale,
    ...(respond ? { respond } : { triggerId: body.trigger_id }),
  };
  if (!who.ok) {
    await tell(deps, surface, who.message);
    return null;
  }
  return { person: who.person, surface, value: (action.value ?? '').trim().toUpperCase(), args };
}

/** Where the clicked message is, when it is a message (not the Home tab). */
function messageOf(args: ButtonArgs): { channel: string; ts: string } | undefined {
  const { container } = args.body;
  const channel = container.channel_id;
  const ts = container.message_ts;
  return container.type === 'message' && typeof channel === 'string' && typeof ts === 'string'
    ? { channel, ts }
    : undefined;
}

/** The clicker's own latest offer on the evaluation, and whether it still waits for an answer. */
async function offerOf(deps: SlackDeps, click: Click): Promise<{ offer: Offer; pending: boolean }> {
  const offers = await deps.ctx.store.offers.listFor(click.value);
  const offer = offers.filter((o) => o.assessor === click.person.id).at(-1);
  if (!offer) throw new DeskError('not_your_evaluation', { id: click.value });
  return { offer, pending: offer.status === 'pending' };
}

/** Replaces the clicked offer message with its closed version (no buttons), when it was a message. */
async function closeOfferMessage(deps: SlackDeps, click: Click, offerId: string): Promise<void> {
  if (!click.surface.respond) return;
  const closed = await closedOfferView(deps, offerId, click.person.locale);
  if (closed) await click.surface.respond({ replace_original: true, ...messageBlocks(closed) });
}

async function alreadyAnswered(deps: SlackDeps, click: Click, offer: Offer): Promise<void> {
  await closeOfferMessage(deps, click, offer.id);
  const status = tr(click.person.locale, `notify.offer.status.${offer.status}`);
  await tell(deps, click.surface, tr(click.person.locale, 'slack.offer.already_answered', { status }));
}

async function onAccept(deps: SlackDeps, click: Click): Promise<void> {
  const { person } = click;
  const locale = person.locale;
  try {
    const { offer, pending } = await offerOf(deps, click);
    if (!pending) return await alreadyAnswered(deps, click, offer);
    const { evaluation, repeated } = await acceptOfferOnce(deps.ctx, { evaluation: click.value, person });
    // A second click that passed the check above before the first one committed.
    if (repeated) return await alreadyAnswered(deps, click, { ...offer, status: 'accepted' });
    deps.kick();
    await closeOfferMessage(deps, click, offer.id);
    // On the Home tab the republished queue shows the evaluation with its Open report button.
    if (!click.surface.respond) return;
    const date = evaluation.dueAt ? formatDateTime(evaluation.dueAt, locale, await timeZoneOf(deps)) : '—';
    const text = tr(locale, 'slack.offer.accepted', { id: evaluation.id, date });
    await tell(deps, click.surface, {
      text,
      audience: 'assessor',
      blocks: [
        { type: 'text', text },
        openReportButton(evaluation.id, tr(locale, 'slack.button.open_report')),
      ],
    });
  } catch (error) {
    await tell(deps, click.surface, describeFailure(deps, locale, error, 'offer.accept'));
  } finally {
    await deps.publishHome(click.surface.userId);
  }
}

async function onDecline(deps: SlackDeps, click: Click): Promise<void> {
  const { person } = click;
  const locale = person.locale;
  try {
    const { offer, pending } = await offerOf(deps, click);
    if (!pending) return await alreadyAnswered(deps, click, offer);
    const evaluation = await deps.ctx.store.evaluations.get(click.value);
    if (!evaluation) throw new DeskError('evaluation_not_found', { id: click.value });
    const student = await deps.ctx.store.people.getStudent(evaluation.student);
    const project = await deps.ctx.store.org.getProject(evaluation.project);
    const message = messageOf(click.args);
    const form = declineForm({
      evaluation: evaluation.id,
      attempt: evaluation.attempt,
      studentName: student?.name ?? evaluation.student,
      projectName: project?.name ?? evaluation.project,
      locale,
      ...(message ? { message } : {}),
    });
    await click.args.client.views.open({
      trigger_id: click.args.body.trigger_id,
      view: formModal(form, { closeLabel: tr(locale, 'slack.form.close') }),
    });
  } catch (error) {
    await tell(deps, click.surface, describeFailure(deps, locale, error, 'offer.decline'));
  }
}

async function onOpenReport(deps: SlackDeps, click: Click): Promise<void> {
  const { person } = click;
  const locale = person.locale;
  try {
    const form = await openReportForm(deps.ctx, {
      person,
      evaluation: click.value,
      platform: 'slack',
      locale,
    });
    await click.args.client.views.open({
      trigger_id: click.args.body.trigger_id,
      view: formModal(form, { closeLabel: tr(locale, 'slack.form.close') }),
    });
  } catch (error) {
    await tell(deps, click.surface, describeFailure(deps, locale, error, 'report.open'));
  }
}

async function onAvailability(deps: SlackDeps, click: Click): Promise<void> {
  try {
    await click.args.client.views.open({
      trigger_id: click.args.body.trigger_id,
      view: availabilityModal(click.person, click.person.locale),
    });
  } catch (error) {
    await tell(deps, click.surface, describeFailure(deps, click.person.locale, error, 'home.availability'));
  }
}

type Button = { path: CommandPath; handle: (deps: SlackDeps, click: Click) => Promise<void> };

/** Each button does what a command does, and needs that command's role. */
const BUTTONS: Record<(typeof ACTION_IDS)[number], Button> = {
  [OFFER_ACCEPT_ACTION]: { path: 'assess accept', handle: onAccept },
  [OFFER_DECLINE_ACTION]: { path: 'assess decline', handle: onDecline },
  [REPORT_OPEN_ACTION]: { path: 'assess report', handle: onOpenReport },
  [HOME_AVAILABILITY_ACTION]: { path: 'assess availability', handle: onAvailability },
};

/** Registers every button of the app. */
export function registerActions(app: App, deps: SlackDeps): void {
  for (const id of ACTION_IDS) {
    const button = BUTTONS[id];
    app.action<BlockAction<ButtonAction>>(id, async (args) => {
      try {
        const click = await begin(deps, args, button.path);
        if (click) await button.handle(deps, click);
      } catch (error) {
        deps.logger.error({ err: error, action: id }, 'slack action failed');
      }
    });
  }
}
