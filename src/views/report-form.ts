/**
 * The report form, built from the project's rubric (DESIGN §2.2), as a neutral `FormView` that the
 * Slack adapter renders as one modal and the Discord adapter as a sequence of small modals (steps
 * of at most five fields). Values come back keyed by field id and are turned into report content.
 */
import {
  criterionFieldId,
  parseCriterionFieldId,
  REPORT_FIELDS,
  type StaticReportField,
} from '../domain/audience-leak.ts';
import { t } from '../domain/catalog/index.ts';
import {
  CRITERION_VERDICTS,
  type Criterion,
  type Evaluation,
  type Locale,
  OUTCOMES,
  type ReportContent,
} from '../domain/model.ts';
import { COMMENT_MAX, JUSTIFICATION_MIN_DISTINCT_WORDS, LONG_TEXT_MAX } from '../domain/report-rules.ts';
import type { FormField, FormValues, FormView } from './view-model.ts';

export const REPORT_FORM_CALLBACK = 'report';
const DOUBT_YES = 'yes';

export type ReportFormInput = {
  evaluation: Evaluation;
  rubric: readonly Criterion[];
  studentName: string;
  projectName: string;
  /** What to show in the fields: a draft, the version being amended, or nothing. */
  values: Partial<ReportContent>;
  locale: Locale;
  /** True when amending a submitted report. */
  amend: boolean;
};

function criterionFields(criterion: Criterion, values: Partial<ReportContent>, locale: Locale): FormField[] {
  const saved = values.criteria?.[criterion.id];
  const verdict: FormField = {
    kind: 'radio',
    id: criterionFieldId(criterion.id, 'verdict'),
    label: t(locale, 'report.field.criterionVerdict', { criterion: criterion.title }),
    required: true,
    options: CRITERION_VERDICTS.map((v) => ({ value: v, label: t(locale, `verdict.${v}`) })),
    ...(criterion.description ? { hint: criterion.description } : {}),
    ...(saved?.verdict ? { initial: saved.verdict } : {}),
  };
  const comment: FormField = {
    kind: 'textarea',
    id: criterionFieldId(criterion.id, 'comment'),
    label: t(locale, 'report.field.criterionComment', { criterion: criterion.title }),
    required: false,
    maxLength: COMMENT_MAX,
    hint: t(locale, 'report.hint.criterionComment'),
    ...(saved?.comment ? { initial: saved.comment } : {}),
  };
  return [verdict, comment];
}

function textField(
  id: StaticReportField,
  values: Partial<ReportContent>,
  locale: Locale,
  required: boolean,
): FormField {
  const value = values[id];
  return {
    kind: 'textarea',
    id,
    label: t(locale, `report.field.${id}`),
    required,
    maxLength: LONG_TEXT_MAX,
    hint: t(locale, `report.hint.${id}` as 'report.hint.strengths', {
      min: JUSTIFICATION_MIN_DISTINCT_WORDS,
    }),
    ...(typeof value === 'string' && value ? { initial: value } : {}),
  };
}

/** Every field of the report, in form order: each criterion's verdict and comment, then the rest. */
export function reportFields(input: Pick<ReportFormInput, 'rubric' | 'values' | 'locale'>): FormField[] {
  const { values, locale } = input;
  const fields = input.rubric.flatMap((c) => criterionFields(c, values, locale));
  fields.push({
    kind: 'radio',
    id: 'outcome',
    label: t(locale, 'report.field.outcome'),
    required: true,
    options: OUTCOMES.map((o) => ({ value: o, label: t(locale, `outcome.${o}`) })),
    hint: t(locale, 'report.hint.outcome'),
    ...(values.outcome ? { initial: values.outcome } : {}),
  });
  fields.push(textField('strengths', values, locale, true), textField('improvements', values, locale, true));
  fields.push(
    textField('mentorNote', values, locale, false),
    textField('juryJustification', values, locale, true),
  );
  fields.push({
    kind: 'checkbox',
    id: 'readinessDoubt',
    label: t(locale, 'report.field.readinessDoubt'),
    required: false,
    options: [{ value: DOUBT_YES, label: t(locale, 'report.hint.readinessDoubt') }],
    ...(values.readinessDoubt ? { initial: [DOUBT_YES] } : {}),
  });
  fields.push(textField('doubtNote', values, locale, false));
  fields.push(
    textField('commonMistakes', values, locale, false),
    textField('materialSuggestions', values, locale, false),
  );
  return fields;
}

/**
 * Splits fields into steps of at most `perStep`, never separating a criterion's verdict from its
 * comment. With `perStep` = Infinity there is one step (Slack).
 */
export function splitSteps(fields: readonly FormField[], perStep: number): FormField[][] {
  const units: FormField[][] = [];
  for (const field of fields) {
    const parsed = parseCriterionFieldId(field.id);
    const last = units.at(-1);
    const pairsWithLast =
      parsed?.part === 'comment' &&
      last?.length === 1 &&
      parseCriterionFieldId(last[0]?.id ?? '')?.criterion === parsed.criterion;
    if (pairsWithLast && last) last.push(field);
    else units.push([field]);
  }
  const steps: FormField[][] = [];
  for (const unit of units) {
    const current = steps.at(-1);
    if (current && current.length + unit.length <= perStep) current.push(...unit);
    else steps.push([...unit]);
  }
  return steps;
}

/** The form for one step (0-based) and the number of steps. */
export function buildReportForm(
  input: ReportFormInput,
  step: number,
  perStep: number,
): { form: FormView; steps: number } {
  const steps = splitSteps(reportFields(input), perStep);
  const index = Math.min(Math.max(step, 0), steps.length - 1);
  const title =
    steps.length > 1
      ? t(input.locale, 'report.form.title_step', {
          id: input.evaluation.id,
          step: index + 1,
          steps: steps.length,
        })
      : t(input.locale, input.amend ? 'report.form.title_amend' : 'report.form.title', {
          id: input.evaluation.id,
        });
  return {
    steps: steps.length,
    form: {
      callback: REPORT_FORM_CALLBACK,
      title,
      submitLabel: t(input.locale, index < steps.length - 1 ? 'report.form.next' : 'report.form.submit'),
      intro: t(input.locale, 'report.form.intro', {
        student: input.studentName,
        project: input.projectName,
        attempt: input.evaluation.attempt,
      }),
      fields: steps[index] ?? [],
      metadata: {
        evaluation: input.evaluation.id,
        step: index,
        steps: steps.length,
        amend: input.amend ? 1 : 0,
      },
    },
  };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The report content typed in the fields present in `values` (one step, or the whole form). Fields
 * not present are left out, so a step's values can be merged into a draft.
 */
export function contentFromValues(values: FormValues, rubric: readonly Criterion[]): Partial<ReportContent> {
  const content: Partial<ReportContent> = {};
  const criteria: ReportContent['criteria'] = {};
  for (const criterion of rubric) {
    const verdictId = criterionFieldId(criterion.id, 'verdict');
    const commentId = criterionFieldId(criterion.id, 'comment');
    if (!(verdictId in values) && !(commentId in values)) continue;
    const verdict = single(values[verdictId]);
    criteria[criterion.id] = {
      verdict: verdict === 'met' || verdict === 'not_met' ? verdict : null,
      comment: single(values[commentId]) ?? '',
    };
  }
  if (Object.keys(criteria).length) content.criteria = criteria;
  for (const field of REPORT_FIELDS) {
    if (!(field in values)) continue;
    const value = values[field];
    if (field === 'readinessDoubt')
      content.readinessDoubt = Array.isArray(value) ? value.includes(DOUBT_YES) : value === DOUBT_YES;
    else if (field === 'outcome') {
      const outcome = OUTCOMES.find((o) => o === single(value));
      content.outcome = outcome ?? null;
    } else content[field] = single(value) ?? '';
  }
  return content;
}
