/**
 * The two small modals of the Slack adapter: the reason for declining an offer (a neutral form:
 * one radio of the decline reasons and a note) and the availability settings opened from the Home
 * tab (a number and two datepickers, which only Slack has, so built as Block Kit directly).
 */
import type { types } from '@slack/bolt';
import { t } from '../../domain/catalog/index.ts';
import { DECLINE_REASONS, type Locale, type Person } from '../../domain/model.ts';
import type { FormView } from '../../views/view-model.ts';
import { plain } from './block-kit.ts';
import { FIELD_ACTION } from './block-kit-modal.ts';

/** Callback id of the decline-reason modal. */
export const DECLINE_CALLBACK = 'decline';
/** Callback id of the availability modal. */
export const AVAILABILITY_CALLBACK = 'availability';

/** Block ids of the availability modal. */
export const AVAILABILITY_FIELDS = {
  capacity: 'capacity',
  awayFrom: 'away_from',
  awayTo: 'away_to',
} as const;

/** Highest weekly capacity the modal accepts (as `/assess availability`). */
export const MAX_CAPACITY = 50;

/** The offer being declined, as the modal shows it. */
export type DeclineFormInput = {
  evaluation: string;
  attempt: number;
  studentName: string;
  projectName: string;
  locale: Locale;
  /** The offer message, to update it once declined. */
  message?: { channel: string; ts: string };
};

/** "Why do you decline?": the reasons, then an optional note for the coordinators. */
export function declineForm(input: DeclineFormInput): FormView {
  const { locale } = input;
  return {
    callback: DECLINE_CALLBACK,
    title: t(locale, 'slack.decline.title', { id: input.evaluation }),
    submitLabel: t(locale, 'slack.decline.submit'),
    intro: t(locale, 'slack.decline.intro', {
      student: input.studentName,
      project: input.projectName,
      attempt: input.attempt,
    }),
    fields: [
      {
        kind: 'radio',
        id: 'reason',
        label: t(locale, 'slack.decline.reason'),
        required: true,
        options: DECLINE_REASONS.map((reason) => ({
          value: reason,
          label: t(locale, `decline.reason.${reason}`),
        })),
      },
      {
        kind: 'textarea',
        id: 'note',
        label: t(locale, 'slack.decline.note'),
        required: false,
        maxLength: 500,
        hint: t(locale, 'slack.decline.note_hint'),
      },
    ],
    metadata: {
      evaluation: input.evaluation,
      ...(input.message ? { channel: input.message.channel, ts: input.message.ts } : {}),
    },
  };
}

/** Capacity (a whole number) and one absence (two dates); everything optional. */
export function availabilityModal(person: Person, locale: Locale): types.ModalView {
  return {
    type: 'modal',
    callback_id: AVAILABILITY_CALLBACK,
    title: plain(t(locale, 'slack.availability.title'), 24),
    submit: plain(t(locale, 'slack.availability.submit'), 24),
    close: plain(t(locale, 'slack.form.close'), 24),
    private_metadata: JSON.stringify({ person: person.id }),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: t(locale, 'slack.availability.intro') } },
      {
        type: 'input',
        block_id: AVAILABILITY_FIELDS.capacity,
        label: plain(t(locale, 'slack.availability.capacity'), 2000),
        optional: true,
        element: {
          type: 'number_input',
          action_id: FIELD_ACTION,
          is_decimal_allowed: false,
          min_value: '0',
          max_value: String(MAX_CAPACITY),
          initial_value: String(person.capacity),
        },
      },
      {
        type: 'input',
        block_id: AVAILABILITY_FIELDS.awayFrom,
        label: plain(t(locale, 'slack.availability.away_from'), 2000),
        optional: true,
        element: { type: 'datepicker', action_id: FIELD_ACTION },
      },
      {
        type: 'input',
        block_id: AVAILABILITY_FIELDS.awayTo,
        label: plain(t(locale, 'slack.availability.away_to'), 2000),
        optional: true,
        element: { type: 'datepicker', action_id: FIELD_ACTION },
      },
    ],
  };
}
