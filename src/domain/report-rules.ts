/**
 * The rules of an assessment report (DESIGN §2.2): which fields are required, their lengths, the
 * consistency between criteria and outcome, a substantial jury justification, no text copied across
 * audiences and no names in the curriculum feedback. Errors are keyed by form field id with stable
 * codes that the catalog translates (`report.error.<code>`).
 */
import { z } from 'zod';
import {
  criterionFieldId,
  detectAudienceLeaks,
  namesIn,
  parseCriterionFieldId,
  REPORT_FIELDS,
  reportFormFieldIds,
  type StaticReportField,
  TEXT_FIELDS,
  type TextField,
  wordsOf,
} from './audience-leak.ts';
import { t } from './catalog/index.ts';
import type { Criterion, Locale, ReportContent } from './model.ts';
import { CRITERION_VERDICTS, OUTCOMES } from './model.ts';

export {
  ALSO_READ_BY,
  AUDIENCE_OF_FIELD,
  anonymiseText,
  audienceOfField,
  criterionFieldId,
  curriculumFeedbackIsAnonymous,
  detectAudienceLeaks,
  namesIn,
  parseCriterionFieldId,
  REPORT_FIELDS,
  type ReportAudience,
  readersOfField,
  reportFormFieldIds,
  type StaticReportField,
  TEXT_FIELDS,
  type TextField,
} from './audience-leak.ts';

/**
 * Stable codes of report field errors; each has a `report.error.<code>` message. `outcome_locked` comes
 * from amendments (an outcome that may no longer change), not from {@link validateReport}.
 */
export const REPORT_ERROR_CODES = [
  'required',
  'too_short',
  'too_long',
  'invalid_value',
  'criterion_missing',
  'unknown_criterion',
  'comment_required_when_not_met',
  'approved_needs_all_met',
  'to_rework_needs_one_not_met',
  'conditional_needs_one_not_met',
  'justification_not_substantial',
  'doubt_note_required',
  'doubt_note_without_doubt',
  'audience_leak',
  'curriculum_not_anonymous',
  'outcome_locked',
] as const;
export type ReportErrorCode = (typeof REPORT_ERROR_CODES)[number];

/** A problem with one form field, shown next to it in the modal. */
export type FieldError = { field: string; code: ReportErrorCode; params: Record<string, string | number> };

/** The outcome of {@link validateReport}: the cleaned report, or every field error (at most one per field). */
export type ReportValidation = { ok: true; report: ReportContent } | { ok: false; errors: FieldError[] };

export type ValidateReportOptions = {
  /** Validates a draft step: missing fields are not required, but what is filled in must be valid. */
  partial?: boolean;
  /** Names (the student's, the people's) that must not appear in the anonymous curriculum fields. */
  names?: readonly string[];
};

/** Maximum length of a long text field; fits Slack's 3000-char text input and Discord's 4000. */
export const LONG_TEXT_MAX = 3000;
/** Maximum length of a criterion comment. */
export const COMMENT_MAX = 1000;
/** Minimum length of the comment on a criterion that is not met. */
export const NOT_MET_COMMENT_MIN = 10;
/** Minimum length of the strengths and of the improvements for the student. */
export const STUDENT_FEEDBACK_MIN = 20;
/** Minimum length of the note explaining a readiness doubt. */
export const DOUBT_NOTE_MIN = 20;
/**
 * A substantial jury justification has at least this many distinct words of
 * {@link JUSTIFICATION_WORD_MIN_LENGTH} letters or more (about 40 words of ordinary prose).
 */
export const JUSTIFICATION_MIN_DISTINCT_WORDS = 20;
/** Shorter words (articles, "de", "is", "to") do not count towards a substantial justification. */
export const JUSTIFICATION_WORD_MIN_LENGTH = 3;
/**
 * At least this share of the justification's 4-word phrases must be distinct, so that a sentence
 * pasted several times does not pass for substance.
 */
export const JUSTIFICATION_MIN_DISTINCT_PHRASES = 0.75;

const MIN_LENGTH: Partial<Record<TextField, number>> = {
  strengths: STUDENT_FEEDBACK_MIN,
  improvements: STUDENT_FEEDBACK_MIN,
  doubtNote: DOUBT_NOTE_MIN,
};

/** The shape of a report; guards against malformed input before the rules run. */
const ReportContentShape = z.object({
  criteria: z.record(
    z.string(),
    z.object({ verdict: z.enum(CRITERION_VERDICTS).nullable(), comment: z.string() }),
  ),
  outcome: z.enum(OUTCOMES).nullable(),
  strengths: z.string(),
  improvements: z.string(),
  mentorNote: z.string(),
  juryJustification: z.string(),
  readinessDoubt: z.boolean(),
  doubtNote: z.string(),
  commonMistakes: z.string(),
  materialSuggestions: z.string(),
});

/** Trims text and unifies line endings. */
function clean(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}

/** Measures how substantial a jury justification is. */
export function justificationSubstance(text: string): { distinctWords: number; distinctPhraseShare: number } {
  const words = wordsOf(text);
  const distinctWords = new Set(words.filter((w) => w.length >= JUSTIFICATION_WORD_MIN_LENGTH)).size;
  const phrases: string[] = [];
  for (let i = 0; i + 4 <= words.length; i++) phrases.push(words.slice(i, i + 4).join(' '));
  const distinctPhraseShare = phrases.length === 0 ? 1 : new Set(phrases).size / phrases.length;
  return { distinctWords, distinctPhraseShare };
}

/** True when a jury justification explains a decision rather than filling the field. */
export function isSubstantialJustification(text: string): boolean {
  const { distinctWords, distinctPhraseShare } = justificationSubstance(text);
  return (
    distinctWords >= JUSTIFICATION_MIN_DISTINCT_WORDS &&
    distinctPhraseShare >= JUSTIFICATION_MIN_DISTINCT_PHRASES
  );
}

function shapeErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.map((issue) => {
    const [head, id, part] = issue.path.map(String);
    const field =
      head === 'criteria' && id !== undefined
        ? criterionFieldId(id, part === 'comment' ? 'comment' : 'verdict')
        : (head ?? 'report');
    return { field, code: 'invalid_value', params: {} };
  });
}

/**
 * Checks a report against the rubric of its project.
 *
 * - every rubric criterion has a verdict; a criterion not met has a comment of at least
 *   {@link NOT_MET_COMMENT_MIN} characters; criteria outside the rubric are refused;
 * - an outcome is chosen: `approved` needs every criterion met; `to_rework` and `conditional` need at
 *   least one not met (a conditional student must know what to fix before re-uploading);
 * - strengths and improvements are required ({@link STUDENT_FEEDBACK_MIN}+ characters); the mentor note
 *   and the curriculum fields are optional;
 * - the jury justification is required and substantial ({@link isSubstantialJustification});
 * - a readiness doubt needs a note ({@link DOUBT_NOTE_MIN}+ characters), and a note needs the doubt ticked;
 * - texts are trimmed, at most {@link LONG_TEXT_MAX} characters ({@link COMMENT_MAX} for comments);
 * - no text copied across audiences ({@link detectAudienceLeaks}), no `names` in the curriculum fields.
 *
 * With `partial`, missing fields are not required and rules that depend on them wait; what is filled
 * in is checked as above. On success the report comes back cleaned, criteria in rubric order.
 */
export function validateReport(
  content: ReportContent,
  rubric: readonly Criterion[],
  options: ValidateReportOptions = {},
): ReportValidation {
  const shape = ReportContentShape.safeParse(content);
  if (!shape.success) return { ok: false, errors: shapeErrors(shape.error.issues) };
  const partial = options.partial ?? false;
  const errors = new Map<string, FieldError>();
  const add = (field: string, code: ReportErrorCode, params: FieldError['params'] = {}) => {
    if (!errors.has(field)) errors.set(field, { field, code, params });
  };

  const rubricIds = new Set(rubric.map((c) => c.id));
  for (const id of Object.keys(shape.data.criteria)) {
    if (!rubricIds.has(id)) add(criterionFieldId(id, 'verdict'), 'unknown_criterion', { criterion: id });
  }

  const criteria: ReportContent['criteria'] = {};
  const notMet: Criterion[] = [];
  let everyVerdictGiven = true;
  for (const criterion of rubric) {
    // Own keys only: a criterion id such as `constructor` must not read the prototype.
    const entry = Object.hasOwn(shape.data.criteria, criterion.id)
      ? shape.data.criteria[criterion.id]
      : undefined;
    const verdict = entry?.verdict ?? null;
    const comment = clean(entry?.comment ?? '');
    criteria[criterion.id] = { verdict, comment };
    const verdictField = criterionFieldId(criterion.id, 'verdict');
    const commentField = criterionFieldId(criterion.id, 'comment');
    if (verdict === null) {
      everyVerdictGiven = false;
      if (!partial) add(verdictField, 'criterion_missing', { criterion: criterion.title });
    }
    if (verdict === 'not_met') notMet.push(criterion);
    if (comment.length > COMMENT_MAX) {
      add(commentField, 'too_long', { max: COMMENT_MAX, length: comment.length });
    } else if (verdict === 'not_met' && comment === '' && !partial) {
      add(commentField, 'comment_required_when_not_met', {
        criterion: criterion.title,
        min: NOT_MET_COMMENT_MIN,
      });
    } else if (verdict === 'not_met' && comment !== '' && comment.length < NOT_MET_COMMENT_MIN) {
      add(commentField, 'too_short', { min: NOT_MET_COMMENT_MIN, length: comment.length });
    }
  }

  const outcome = shape.data.outcome;
  if (outcome === null) {
    if (!partial) add('outcome', 'required');
  } else if (outcome === 'approved' && notMet.length > 0) {
    add('outcome', 'approved_needs_all_met', {
      count: notMet.length,
      criteria: notMet.map((c) => c.title).join(', '),
    });
  } else if (outcome !== 'approved' && notMet.length === 0 && everyVerdictGiven && rubric.length > 0) {
    add('outcome', outcome === 'to_rework' ? 'to_rework_needs_one_not_met' : 'conditional_needs_one_not_met');
  }

  const texts = Object.fromEntries(TEXT_FIELDS.map((f) => [f, clean(shape.data[f])])) as Record<
    TextField,
    string
  >;
  const readinessDoubt = shape.data.readinessDoubt;
  for (const field of TEXT_FIELDS) {
    const text = texts[field];
    const min = MIN_LENGTH[field];
    const required =
      field === 'strengths' ||
      field === 'improvements' ||
      field === 'juryJustification' ||
      (field === 'doubtNote' && readinessDoubt);
    if (text.length > LONG_TEXT_MAX) {
      add(field, 'too_long', { max: LONG_TEXT_MAX, length: text.length });
    } else if (text === '') {
      if (required && !partial) add(field, field === 'doubtNote' ? 'doubt_note_required' : 'required');
    } else if (min !== undefined && text.length < min) {
      add(field, 'too_short', { min, length: text.length });
    } else if (field === 'juryJustification' && !isSubstantialJustification(text)) {
      const { distinctWords } = justificationSubstance(text);
      add(field, 'justification_not_substantial', {
        min: JUSTIFICATION_MIN_DISTINCT_WORDS,
        words: distinctWords,
      });
    }
  }
  if (!readinessDoubt && texts.doubtNote !== '' && !partial)
    add('readinessDoubt', 'doubt_note_without_doubt');

  const names = options.names ?? [];
  for (const field of ['commonMistakes', 'materialSuggestions'] as const) {
    const found = namesIn(texts[field], names);
    if (found.length > 0) add(field, 'curriculum_not_anonymous', { names: found.join(', ') });
  }

  const report: ReportContent = { criteria, outcome, readinessDoubt, ...texts };
  for (const leak of detectAudienceLeaks(report)) add(leak.field, leak.code, leak.params);

  if (errors.size === 0) return { ok: true, report };
  const order = reportFormFieldIds(rubric);
  const rank = (field: string) => {
    const index = order.indexOf(field);
    return index === -1 ? order.length : index;
  };
  return { ok: false, errors: [...errors.values()].sort((a, b) => rank(a.field) - rank(b.field)) };
}

/** The translated label of a form field; criterion fields are named by `criterionTitle` or their id. */
export function fieldLabel(locale: Locale, field: string, criterionTitle?: string): string {
  const parsed = parseCriterionFieldId(field);
  if (parsed) {
    const criterion = criterionTitle ?? parsed.criterion;
    return parsed.part === 'verdict'
      ? t(locale, 'report.field.criterionVerdict', { criterion })
      : t(locale, 'report.field.criterionComment', { criterion });
  }
  return (REPORT_FIELDS as readonly string[]).includes(field)
    ? t(locale, `report.field.${field as StaticReportField}`)
    : field;
}

/** The message for a field error in `locale`, ready to show next to the field. */
export function describeFieldError(locale: Locale, error: FieldError): string {
  const params = { ...error.params };
  if (typeof params.source === 'string') params.source = fieldLabel(locale, params.source);
  const outcome = OUTCOMES.find((o) => o === params.outcome);
  if (outcome) params.outcome = t(locale, `outcome.${outcome}`);
  return t(locale, `report.error.${error.code}`, params);
}

/** One message per field (the first error), as the modals show them: field id → message. */
export function fieldErrorMessages(locale: Locale, errors: readonly FieldError[]): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const error of errors) messages[error.field] ??= describeFieldError(locale, error);
  return messages;
}
