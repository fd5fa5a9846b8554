/**
 * Deadline messages (DESIGN §2.6): the report reminder and the decision request to the assessor,
 * the overdue report to the coordinators, and the assessor told an evaluation was taken off them.
 */
import type { MessageView } from '../view-model.ts';
import { fitMessage, formatDateTime, type ReaderContext, translator } from './message-format.ts';

/** The evaluation as these messages name it. Names are display names, already resolved. */
export type EvaluationSummary = {
  id: string;
  attempt: number;
  studentName: string;
  projectName: string;
};

function names(evaluation: EvaluationSummary) {
  return {
    evaluation: evaluation.id,
    student: evaluation.studentName,
    project: evaluation.projectName,
    attempt: evaluation.attempt,
  };
}

/** Assessor DM, a day before the report is due. */
export function reportReminderMessage(
  input: { evaluation: EvaluationSummary; dueAt: Date },
  reader: ReaderContext,
): MessageView {
  const tr = translator(reader);
  return fitMessage(reader.locale, () => ({
    blocks: [
      { type: 'header', text: tr('notify.reminder.title', { evaluation: input.evaluation.id }) },
      {
        type: 'text',
        text: tr('notify.reminder.body', {
          ...names(input.evaluation),
          date: formatDateTime(input.dueAt, reader),
        }),
      },
    ],
    audience: 'assessor',
  }));
}

/** Coordinators' channel, when a report is due and still not submitted. */
export function reportOverdueMessage(
  input: { evaluation: EvaluationSummary; dueAt: Date; assessorName: string },
  reader: ReaderContext,
): MessageView {
  const tr = translator(reader);
  return fitMessage(reader.locale, () => ({
    blocks: [
      { type: 'header', text: tr('notify.overdue.title', { evaluation: input.evaluation.id }) },
      {
        type: 'text',
        text: tr('notify.overdue.body', {
          ...names(input.evaluation),
          assessor: input.assessorName,
          date: formatDateTime(input.dueAt, reader),
        }),
      },
      { type: 'context', text: tr('notify.overdue.fix', { evaluation: input.evaluation.id }) },
    ],
    audience: 'coordinator',
  }));
}

/**
 * Assessor DM in the conditional window: the student re-uploaded (decide), the re-upload window
 * lapsed without a re-upload (`to_rework` suggested), or the decision window lapsed (decide now).
 */
export function decisionNeededMessage(
  input: {
    evaluation: EvaluationSummary;
    reason: 'resubmitted' | 'lapsed_no_upload' | 'lapsed_decision';
    /** The end of the decision window, or of the window that lapsed. */
    date: Date;
  },
  reader: ReaderContext,
): MessageView {
  const tr = translator(reader);
  return fitMessage(reader.locale, () => ({
    blocks: [
      { type: 'header', text: tr('notify.decision.title', { evaluation: input.evaluation.id }) },
      {
        type: 'text',
        text: tr(`notify.decision.${input.reason}`, {
          ...names(input.evaluation),
          date: formatDateTime(input.date, reader),
        }),
      },
    ],
    audience: 'assessor',
  }));
}

/** Assessor DM: a coordinator cancelled the evaluation or gave it to someone else. */
export function evaluationWithdrawnMessage(
  input: { evaluation: EvaluationSummary; cancelled: boolean },
  reader: ReaderContext,
): MessageView {
  const tr = translator(reader);
  return fitMessage(reader.locale, () => ({
    blocks: [
      { type: 'header', text: tr('notify.withdrawn.title', { evaluation: input.evaluation.id }) },
      {
        type: 'text',
        text: tr(input.cancelled ? 'notify.withdrawn.cancelled' : 'notify.withdrawn.reassigned', {
          ...names(input.evaluation),
        }),
      },
    ],
    audience: 'assessor',
  }));
}
