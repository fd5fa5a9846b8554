/**
 * The offer DM to an assessor (DESIGN §2.1): what is offered, the deadline rules, why they were
 * picked, when the offer expires, Accept / Decline; and the same message once the offer is closed,
 * without buttons, used to update the DM in place.
 */
import type { AssignmentExplanation, DeclineReason, OfferStatus } from '../../domain/model.ts';
import type { BlockView, MessageView } from '../view-model.ts';
import {
  bullets,
  fitMessage,
  formatDateTime,
  pushText,
  type ReaderContext,
  translator,
} from './message-format.ts';

/** Action ids of the offer buttons; their value is the evaluation id. */
export const OFFER_ACCEPT_ACTION = 'offer.accept';
export const OFFER_DECLINE_ACTION = 'offer.decline';

/** What the offer DM shows. Names are display names, already resolved. */
export type OfferMessageInput = {
  offer: {
    evaluation: string;
    status: OfferStatus;
    explanation: AssignmentExplanation;
    expiresAt: Date;
    respondedAt: Date | null;
    declineReason: DeclineReason | null;
  };
  attempt: number;
  scheduledAt: Date | null;
  studentName: string;
  projectName: string;
  /** The coordinator who chose the assessor by hand, when the explanation says so. */
  manualByName?: string;
  /** The report is due this long after the soutenance (or after acceptance when none is set). */
  reportDueHours: number;
  /** Finished evaluations count in the load for this many days. */
  recentLoadDays: number;
};

function summaryFields(input: OfferMessageInput, reader: ReaderContext): BlockView {
  const tr = translator(reader);
  const fields = [
    { label: tr('notify.label.student'), value: input.studentName },
    { label: tr('notify.label.project'), value: input.projectName },
    { label: tr('notify.label.attempt'), value: String(input.attempt) },
  ];
  if (input.scheduledAt)
    fields.push({ label: tr('notify.label.soutenance'), value: formatDateTime(input.scheduledAt, reader) });
  return { type: 'fields', fields };
}

/** The lines of "why you": the hard rules passed, the load, freshness, and a manual choice. */
export function explanationLines(
  explanation: AssignmentExplanation,
  reader: ReaderContext,
  context: { studentName: string; recentLoadDays: number; manualByName?: string },
): string[] {
  const tr = translator(reader);
  const lines = explanation.passed.map((rule) => tr('notify.offer.passed', { rule: tr(`rule.${rule}`) }));
  const { load } = explanation;
  lines.push(
    tr('notify.offer.load', {
      open: load.open,
      recent: load.recent,
      total: load.total,
      days: context.recentLoadDays,
      week: load.weekOpen,
      capacity: load.capacity,
    }),
  );
  lines.push(
    tr(explanation.fresh ? 'notify.offer.fresh' : 'notify.offer.not_fresh', { student: context.studentName }),
  );
  if (explanation.manual) {
    lines.push(tr('notify.offer.manual', { by: context.manualByName ?? explanation.manual.by }));
    if (explanation.manual.overridden.length > 0) {
      const rules = explanation.manual.overridden.map((rule) => tr(`rule.${rule}`)).join(', ');
      lines.push(tr('notify.offer.overridden', { rules }));
    }
  }
  return lines;
}

function deadlineRule(input: OfferMessageInput, reader: ReaderContext): string {
  const tr = translator(reader);
  const hours = input.reportDueHours;
  return input.scheduledAt
    ? tr('notify.offer.scheduled', { date: formatDateTime(input.scheduledAt, reader), hours })
    : tr('notify.offer.unscheduled', { evaluation: input.offer.evaluation, hours });
}

/** The offer DM: the evaluation, the deadline rules, why this assessor, the expiry, Accept / Decline. */
export function offerMessage(input: OfferMessageInput, reader: ReaderContext): MessageView {
  const tr = translator(reader);
  return fitMessage(reader.locale, () => {
    const blocks: BlockView[] = [
      { type: 'header', text: tr('notify.offer.title', { evaluation: input.offer.evaluation }) },
      {
        type: 'text',
        text: tr('notify.offer.intro', {
          student: input.studentName,
          project: input.projectName,
          attempt: input.attempt,
        }),
      },
      summaryFields(input, reader),
      { type: 'text', text: deadlineRule(input, reader) },
      { type: 'divider' },
      { type: 'text', text: tr('notify.offer.why') },
    ];
    pushText(
      blocks,
      bullets(
        reader.locale,
        explanationLines(input.offer.explanation, reader, {
          studentName: input.studentName,
          recentLoadDays: input.recentLoadDays,
          ...(input.manualByName === undefined ? {} : { manualByName: input.manualByName }),
        }),
      ),
    );
    blocks.push(
      {
        type: 'context',
        text: tr('notify.offer.expiry', { date: formatDateTime(input.offer.expiresAt, reader) }),
      },
      {
        type: 'actions',
        buttons: [
          {
            action: OFFER_ACCEPT_ACTION,
            label: tr('notify.offer.accept'),
            value: input.offer.evaluation,
            style: 'primary',
          },
          {
            action: OFFER_DECLINE_ACTION,
            label: tr('notify.offer.decline'),
            value: input.offer.evaluation,
            style: 'danger',
          },
        ],
      },
    );
    return { blocks, audience: 'assessor' };
  });
}

function closedLine(input: OfferMessageInput, reader: ReaderContext): string {
  const tr = translator(reader);
  const { offer } = input;
  const date = formatDateTime(offer.respondedAt ?? offer.expiresAt, reader);
  switch (offer.status) {
    case 'pending':
      return tr('notify.offer.closed.pending');
    case 'accepted':
      return tr('notify.offer.closed.accepted', { date, evaluation: offer.evaluation });
    case 'declined':
      return tr('notify.offer.closed.declined', {
        date,
        reason: tr(`decline.reason.${offer.declineReason ?? 'other'}`),
      });
    case 'expired':
      return tr('notify.offer.closed.expired', { date });
    case 'withdrawn':
      return tr('notify.offer.closed.withdrawn', { date });
  }
}

/** The offer once answered, expired or withdrawn: what it was and what happened, no buttons. */
export function closedOfferMessage(input: OfferMessageInput, reader: ReaderContext): MessageView {
  const tr = translator(reader);
  return fitMessage(reader.locale, () => ({
    blocks: [
      {
        type: 'header',
        text: tr('notify.offer.closed.title', {
          evaluation: input.offer.evaluation,
          status: tr(`notify.offer.status.${input.offer.status}`),
        }),
      },
      summaryFields(input, reader),
      { type: 'text', text: closedLine(input, reader) },
    ],
    audience: 'assessor',
  }));
}
