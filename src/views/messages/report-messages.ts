/**
 * Messages built from a submitted report (DESIGN §2.3): the mentor's summary and the student's
 * feedback. Each carries only the fields written for its reader (`AUDIENCE_OF_FIELD`): the jury
 * justification and the curriculum fields never appear here; the student never sees the mentor
 * note or the readiness doubt.
 */
import type { Outcome, Report, ReportContent } from '../../domain/model.ts';
import type { BlockView, MessageView } from '../view-model.ts';
import {
  bullets,
  type Clip,
  fitMessage,
  formatDateTime,
  pushText,
  type ReaderContext,
  translator,
} from './message-format.ts';

/** A rubric as the messages need it: criterion ids and titles, in form order. */
export type RubricView = readonly { id: string; title: string }[];

/** The conditional window open on the evaluation, when there is one. */
export type OpenWindow = { kind: 'resubmission' | 'decision'; endsAt: Date };

/** What the report messages show. Names are display names, already resolved. */
export type ReportMessageInput = {
  evaluation: { id: string; attempt: number };
  studentName: string;
  projectName: string;
  rubric: RubricView;
  assessorName: string;
  /** The report version this message is about. */
  report: Report;
  window: OpenWindow | null;
  /** The assessor's decision window after a re-upload, in hours. */
  conditionalWindowHours: number;
  /** The latest report of the previous attempt of the same project (attempt > 1); null when none was found. */
  previous?: { attempt: number; report: Report | null };
};

/** What changed between two attempts of one project: criteria ids in rubric order. */
export type AttemptDiff = {
  outcome: { from: Outcome | null; to: Outcome | null };
  nowMet: string[];
  nowNotMet: string[];
  stillNotMet: string[];
};

/** Criterion ids of both reports, rubric order first, then any the rubric no longer has. */
function criterionOrder(rubric: RubricView, ...contents: ReportContent[]): string[] {
  const ids = rubric.map((c) => c.id);
  for (const content of contents) for (const id of Object.keys(content.criteria)) ids.push(id);
  return [...new Set(ids)];
}

/** Compares the previous attempt's report with the current one: outcome and criteria that flipped. */
export function attemptDiff(
  previous: ReportContent,
  current: ReportContent,
  rubric: RubricView = [],
): AttemptDiff {
  const diff: AttemptDiff = {
    outcome: { from: previous.outcome, to: current.outcome },
    nowMet: [],
    nowNotMet: [],
    stillNotMet: [],
  };
  for (const id of criterionOrder(rubric, previous, current)) {
    const before = previous.criteria[id]?.verdict;
    const after = current.criteria[id]?.verdict;
    if (before === 'not_met' && after === 'met') diff.nowMet.push(id);
    else if (before === 'met' && after === 'not_met') diff.nowNotMet.push(id);
    else if (before === 'not_met' && after === 'not_met') diff.stillNotMet.push(id);
  }
  return diff;
}

function titleOf(rubric: RubricView, id: string): string {
  return rubric.find((c) => c.id === id)?.title ?? id;
}

function outcomeLabel(reader: ReaderContext, outcome: Outcome | null): string {
  const tr = translator(reader);
  return outcome ? tr(`outcome.${outcome}`) : tr('notify.outcome.none');
}

/** One line per criterion with the given verdict, with its (student-facing) comment when there is one. */
function criterionLines(
  input: ReportMessageInput,
  reader: ReaderContext,
  clip: Clip,
  verdict: 'met' | 'not_met' | 'any',
): string[] {
  const tr = translator(reader);
  const { content } = input.report;
  const lines: string[] = [];
  for (const id of criterionOrder(input.rubric, content)) {
    const entry = content.criteria[id];
    if (!entry?.verdict || (verdict !== 'any' && entry.verdict !== verdict)) continue;
    const key = entry.verdict === 'met' ? 'notify.criterion.met' : 'notify.criterion.not_met';
    const line = tr(key, { title: clip(titleOf(input.rubric, id), 0.3) });
    const comment = entry.comment.trim();
    lines.push(comment ? tr('notify.criterion.comment', { line, comment: clip(comment, 0.4) }) : line);
  }
  return lines;
}

/** A heading followed by its lines in one text block, or nothing when there are no lines. */
function section(
  blocks: BlockView[],
  locale: ReaderContext['locale'],
  heading: string,
  lines: string[],
): void {
  const list = bullets(locale, lines);
  if (list) blocks.push({ type: 'text', text: `${heading}\n${list}` });
}

function diffLines(
  input: ReportMessageInput,
  reader: ReaderContext,
): { title: string; lines: string[] } | null {
  const previous = input.previous;
  if (!previous) return null;
  const tr = translator(reader);
  const title = tr('notify.summary.diff.title', { attempt: previous.attempt });
  if (!previous.report)
    return { title, lines: [tr('notify.summary.diff.missing', { attempt: previous.attempt })] };
  const diff = attemptDiff(previous.report.content, input.report.content, input.rubric);
  const names = (ids: string[]) => ids.map((id) => titleOf(input.rubric, id)).join(', ');
  const lines =
    diff.outcome.from === diff.outcome.to
      ? [tr('notify.summary.diff.outcome_same', { outcome: outcomeLabel(reader, diff.outcome.to) })]
      : [
          tr('notify.summary.diff.outcome', {
            from: outcomeLabel(reader, diff.outcome.from),
            to: outcomeLabel(reader, diff.outcome.to),
          }),
        ];
  if (diff.nowMet.length) lines.push(tr('notify.summary.diff.now_met', { criteria: names(diff.nowMet) }));
  if (diff.nowNotMet.length)
    lines.push(tr('notify.summary.diff.now_not_met', { criteria: names(diff.nowNotMet) }));
  if (diff.stillNotMet.length)
    lines.push(tr('notify.summary.diff.still_not_met', { criteria: names(diff.stillNotMet) }));
  if (!diff.nowMet.length && !diff.nowNotMet.length) lines.push(tr('notify.summary.diff.none'));
  return { title, lines };
}

function windowLine(input: ReportMessageInput, reader: ReaderContext): string | null {
  const tr = translator(reader);
  if (!input.window || input.report.content.outcome !== 'conditional') return null;
  const date = formatDateTime(input.window.endsAt, reader);
  return input.window.kind === 'resubmission'
    ? tr('notify.summary.window.resubmission', { date, hours: input.conditionalWindowHours })
    : tr('notify.summary.window.decision', { date });
}

/**
 * The mentor's DM after a submission or an amendment: outcome, criteria with comments, the
 * student-facing feedback, the mentor note, a highlighted readiness doubt, the conditional window
 * and, from the second attempt on, what changed since the previous one.
 */
export function mentorSummaryMessage(input: ReportMessageInput, reader: ReaderContext): MessageView {
  const tr = translator(reader);
  const { report } = input;
  const { content } = report;
  const names = { student: input.studentName, project: input.projectName };
  return fitMessage(reader.locale, (clip) => {
    const blocks: BlockView[] = [
      {
        type: 'header',
        text: tr(report.version > 1 ? 'notify.summary.title_amended' : 'notify.summary.title', names),
      },
      {
        type: 'fields',
        fields: [
          { label: tr('notify.label.outcome'), value: outcomeLabel(reader, content.outcome) },
          { label: tr('notify.label.attempt'), value: String(input.evaluation.attempt) },
          { label: tr('notify.label.assessor'), value: input.assessorName },
          { label: tr('notify.label.submitted'), value: formatDateTime(report.submittedAt, reader) },
        ],
      },
    ];
    if (report.version > 1) {
      const reason = report.amendReason?.trim();
      pushText(
        blocks,
        reason
          ? tr('notify.summary.amended', { version: report.version, reason: clip(reason, 0.3) })
          : tr('notify.summary.amended_no_reason', { version: report.version }),
      );
    }
    if (content.readinessDoubt) {
      pushText(blocks, tr('notify.summary.doubt', { note: clip(content.doubtNote, 0.6) }));
    }
    pushText(blocks, windowLine(input, reader));
    blocks.push({ type: 'divider' });
    const met = criterionLines(input, reader, clip, 'met');
    const notMet = criterionLines(input, reader, clip, 'not_met');
    const total = met.length + notMet.length;
    section(blocks, reader.locale, tr('notify.summary.criteria_met', { count: met.length, total }), met);
    section(
      blocks,
      reader.locale,
      tr('notify.summary.criteria_not_met', { count: notMet.length, total }),
      notMet,
    );
    const feedback: string[] = [];
    if (content.strengths.trim())
      feedback.push(tr('notify.summary.strengths', { text: clip(content.strengths) }));
    if (content.improvements.trim())
      feedback.push(tr('notify.summary.improvements', { text: clip(content.improvements) }));
    section(blocks, reader.locale, tr('notify.summary.feedback'), feedback);
    if (content.mentorNote.trim()) {
      pushText(blocks, tr('notify.summary.mentor_note', { text: clip(content.mentorNote) }));
    }
    const diff = diffLines(input, reader);
    if (diff) section(blocks, reader.locale, diff.title, diff.lines);
    return { blocks, audience: 'mentor' };
  });
}

function nextStep(input: ReportMessageInput, reader: ReaderContext): string | null {
  const tr = translator(reader);
  switch (input.report.content.outcome) {
    case 'approved':
      return tr('notify.feedback.next.approved');
    case 'to_rework':
      return tr('notify.feedback.next.to_rework');
    case 'conditional': {
      if (!input.window) return tr('notify.feedback.next.conditional_open');
      const date = formatDateTime(input.window.endsAt, reader);
      return input.window.kind === 'resubmission'
        ? tr('notify.feedback.next.conditional', { date })
        : tr('notify.feedback.next.conditional_received', { date });
    }
    default:
      return null;
  }
}

/**
 * The student's feedback: outcome, criteria with comments, strengths, improvements and what to do
 * next. Nothing written for the mentor, the jury or the curriculum team.
 */
export function studentFeedbackMessage(input: ReportMessageInput, reader: ReaderContext): MessageView {
  const tr = translator(reader);
  const { content } = input.report;
  return fitMessage(reader.locale, (clip) => {
    const blocks: BlockView[] = [
      {
        type: 'header',
        text: tr('notify.feedback.title', {
          project: input.projectName,
          outcome: outcomeLabel(reader, content.outcome),
        }),
      },
    ];
    if (input.report.version > 1) pushText(blocks, tr('notify.feedback.updated'));
    section(
      blocks,
      reader.locale,
      tr('notify.feedback.criteria'),
      criterionLines(input, reader, clip, 'any'),
    );
    if (content.strengths.trim())
      pushText(blocks, tr('notify.feedback.strengths', { text: clip(content.strengths) }));
    if (content.improvements.trim())
      pushText(blocks, tr('notify.feedback.improvements', { text: clip(content.improvements) }));
    pushText(blocks, nextStep(input, reader));
    return { blocks, audience: 'student' };
  });
}
