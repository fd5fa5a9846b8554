/**
 * The offer DM's buttons. Accept accepts and replaces the DM with the closed offer (no buttons
 * left, so a second click has nothing to press), then offers a button to write the report.
 * Decline asks for the reason in a modal (`decline:<evaluation>`), then closes the DM the same way.
 */
import { planNotification } from '../../app/notification-plan.ts';
import { acceptOfferOnce, declineOffer } from '../../app/respond-to-offer.ts';
import { t } from '../../domain/catalog/index.ts';
import { DeskError } from '../../domain/errors.ts';
import { DECLINE_REASONS, type Locale, type Person } from '../../domain/model.ts';
import { formatDateTime } from '../../views/command-replies.ts';
import { OFFER_DECLINE_ACTION } from '../../views/messages/offer-messages.ts';
import { textMessage } from '../../views/text-message.ts';
import type { FormValues, FormView, MessageView } from '../../views/view-model.ts';
import { continueValue, declineModalId, REPORT_CONTINUE_ACTION } from './custom-ids.ts';
import { renderModal } from './form-modal.ts';
import { type DiscordDeps, failureMessage, timeZoneOf } from './identity.ts';
import type { Reply } from './replies.ts';

/** The note of a declined offer is at most this long. */
const NOTE_MAX = 500;

/** The offer DM as it reads once answered: what was offered and what happened, no buttons. */
async function closedOfferView(
  deps: DiscordDeps,
  evaluation: string,
  person: Person,
  locale: Locale,
): Promise<MessageView | null> {
  const offer = (await deps.ctx.store.offers.listFor(evaluation))
    .filter((o) => o.assessor === person.id)
    .at(-1);
  if (!offer) return null;
  const [planned] = await planNotification(deps.ctx, { type: 'offer_closed', offer: offer.id });
  return planned?.build({ locale, timeZone: await timeZoneOf(deps.ctx) }) ?? null;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Accept: the offer is accepted once, whatever the number of clicks; the DM loses its buttons. */
export async function acceptFromButton(
  deps: DiscordDeps,
  person: Person,
  locale: Locale,
  evaluation: string,
): Promise<Reply> {
  try {
    const { evaluation: accepted, repeated } = await acceptOfferOnce(deps.ctx, { evaluation, person });
    const closed = await closedOfferView(deps, accepted.id, person, locale);
    // A second click that arrived before the first one's answer: the first one confirmed already.
    if (repeated && closed) return { kind: 'update', message: closed };
    deps.kick();
    const zone = await timeZoneOf(deps.ctx);
    const date = accepted.dueAt ? formatDateTime(accepted.dueAt, locale, zone) : '—';
    const text = t(locale, 'reply.accepted', { id: accepted.id, date });
    const followUp: MessageView = {
      ...textMessage(text),
      blocks: [
        { type: 'text', text },
        {
          type: 'actions',
          buttons: [
            {
              action: REPORT_CONTINUE_ACTION,
              label: t(locale, 'discord.report.open'),
              value: continueValue(accepted.id),
              style: 'primary',
            },
          ],
        },
      ],
    };
    return closed ? { kind: 'update', message: closed, followUp } : { kind: 'message', message: followUp };
  } catch (error) {
    return { kind: 'message', message: failureMessage(deps, locale, error, 'offer.accept') };
  }
}

/** The decline form: a reason from the list (a conflict of interest is remembered) and a note. */
export function declineForm(locale: Locale, evaluation: string): FormView {
  return {
    callback: 'decline',
    title: t(locale, 'discord.decline.title', { id: evaluation }),
    submitLabel: t(locale, 'notify.offer.decline'),
    fields: [
      {
        kind: 'select',
        id: 'reason',
        label: t(locale, 'discord.decline.reason'),
        required: true,
        hint: t(locale, 'discord.decline.reason_hint'),
        options: DECLINE_REASONS.map((r) => ({ value: r, label: t(locale, `decline.reason.${r}`) })),
      },
      {
        kind: 'textarea',
        id: 'note',
        label: t(locale, 'discord.decline.note'),
        required: false,
        maxLength: NOTE_MAX,
        hint: t(locale, 'discord.decline.note_hint'),
      },
    ],
    metadata: { evaluation },
  };
}

/** Decline: checks the offer is still theirs to answer, then asks for the reason. */
export async function declineFromButton(
  deps: DiscordDeps,
  person: Person,
  locale: Locale,
  evaluation: string,
): Promise<Reply> {
  try {
    const found = await deps.ctx.store.evaluations.get(evaluation);
    if (!found) throw new DeskError('evaluation_not_found', { id: evaluation });
    const pending = await deps.ctx.store.offers.pendingFor(evaluation);
    if (pending?.assessor !== person.id) {
      const mine = (await deps.ctx.store.offers.listFor(evaluation))
        .filter((o) => o.assessor === person.id)
        .at(-1);
      if (!mine) throw new DeskError('not_your_evaluation', { id: evaluation });
      throw new DeskError('offer_not_pending', { id: mine.id, status: mine.status });
    }
    const again: MessageView = {
      ...textMessage(t(locale, 'discord.form.late')),
      blocks: [
        { type: 'text', text: t(locale, 'discord.form.late') },
        {
          type: 'actions',
          buttons: [
            { action: OFFER_DECLINE_ACTION, label: t(locale, 'discord.form.open'), value: evaluation },
          ],
        },
      ],
    };
    return {
      kind: 'modal',
      modal: renderModal(declineForm(locale, evaluation), declineModalId(evaluation)),
      fallback: again,
    };
  } catch (error) {
    return { kind: 'message', message: failureMessage(deps, locale, error, 'offer.decline') };
  }
}

/** The decline form submitted: the offer is declined with its reason and the DM loses its buttons. */
export async function declineFromModal(
  deps: DiscordDeps,
  person: Person,
  locale: Locale,
  evaluation: string,
  values: FormValues,
): Promise<Reply> {
  try {
    const reason = DECLINE_REASONS.find((r) => r === single(values.reason)) ?? 'other';
    const note = single(values.note)?.trim().slice(0, NOTE_MAX);
    const result = await declineOffer(deps.ctx, { evaluation, person, reason, ...(note ? { note } : {}) });
    deps.kick();
    const next = t(locale, result.nextOffer ? 'reply.declined.next_offered' : 'reply.declined.waiting');
    const followUp = textMessage(t(locale, 'reply.declined', { id: result.evaluation.id, next }));
    const closed = await closedOfferView(deps, result.evaluation.id, person, locale);
    return closed ? { kind: 'update', message: closed, followUp } : { kind: 'message', message: followUp };
  } catch (error) {
    return { kind: 'message', message: failureMessage(deps, locale, error, 'decline') };
  }
}
