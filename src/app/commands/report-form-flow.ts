/**
 * The report form's round trips, shared by both platforms: open it (resuming the draft), take one
 * step's values (saved as a draft at once, so nothing typed is lost), and submit the last step.
 * Validation errors come back keyed by field id, with the step that holds the first one.
 */
import { t } from '../../domain/catalog/index.ts';
import { DeskError } from '../../domain/errors.ts';
import { REPORTED_STATUSES } from '../../domain/lifecycle.ts';
import {
  emptyReportContent,
  type Locale,
  type Person,
  type Platform,
  type ReportContent,
} from '../../domain/model.ts';
import { type FieldError, fieldErrorMessages, validateReport } from '../../domain/report-rules.ts';
import { buildReportForm, contentFromValues, reportFields, splitSteps } from '../../views/report-form.ts';
import { textMessage } from '../../views/text-message.ts';
import type { FormValues, FormView, MessageView } from '../../views/view-model.ts';
import type { AppContext } from '../context.ts';
import { amendReport, loadReportForm, saveDraft, submitReport } from '../submit-report.ts';

/** Discord modals hold at most five components; Slack's one modal holds the whole rubric. */
export function fieldsPerStep(platform: Platform): number {
  return platform === 'discord' ? 5 : Number.POSITIVE_INFINITY;
}

export type FormOutcome =
  /** Keep the form open (Slack) or reopen the step (Discord) with these messages by field id. */
  | { kind: 'errors'; errors: Record<string, string>; step: number; form: FormView }
  /** The step was saved; show the next one. */
  | { kind: 'next'; form: FormView }
  /** Submitted: tell the person; `repeated` when it was already (a double submit), nothing new written. */
  | { kind: 'done'; message: MessageView; repeated?: true };

async function formInput(ctx: AppContext, person: Person, evaluationId: string, locale: Locale) {
  const data = await loadReportForm(ctx, { evaluation: evaluationId, person });
  const amend = REPORTED_STATUSES.includes(data.evaluation.status);
  const base: Partial<ReportContent> = amend && data.latest ? data.latest.content : {};
  const values: Partial<ReportContent> = {
    ...base,
    ...data.draft?.content,
    criteria: { ...base.criteria, ...data.draft?.content.criteria },
  };
  return {
    data,
    input: {
      evaluation: data.evaluation,
      rubric: data.project.rubric,
      studentName: data.student.name,
      projectName: data.project.name,
      values,
      locale,
      amend,
    },
  };
}

/** The form to open for an evaluation: the step the draft reached, with what was typed. */
export async function openReportForm(
  ctx: AppContext,
  args: { person: Person; evaluation: string; platform: Platform; locale: Locale; step?: number },
): Promise<FormView> {
  const { data, input } = await formInput(ctx, args.person, args.evaluation, args.locale);
  return buildReportForm(input, args.step ?? data.draft?.step ?? 0, fieldsPerStep(args.platform)).form;
}

/** Saves whatever the form holds (a closed Slack modal, a Discord step) without validating it. */
export async function keepDraft(
  ctx: AppContext,
  args: { person: Person; evaluation: string; values: FormValues; step: number },
): Promise<void> {
  const data = await loadReportForm(ctx, { evaluation: args.evaluation, person: args.person });
  await saveDraft(ctx, {
    evaluation: data.evaluation.id,
    person: args.person,
    content: contentFromValues(args.values, data.project.rubric),
    step: args.step,
  });
}

export async function submitReportStep(
  ctx: AppContext,
  args: {
    person: Person;
    platform: Platform;
    locale: Locale;
    evaluation: string;
    step: number;
    values: FormValues;
  },
): Promise<FormOutcome> {
  const { person, platform, locale } = args;
  const perStep = fieldsPerStep(platform);
  const { data, input } = await formInput(ctx, person, args.evaluation, locale);
  const steps = splitSteps(reportFields(input), perStep);
  const stepContent = contentFromValues(args.values, data.project.rubric);
  const merged: ReportContent = {
    ...emptyReportContent(),
    ...input.values,
    ...stepContent,
    criteria: { ...input.values.criteria, ...stepContent.criteria },
  };
  const last = args.step >= steps.length - 1;
  await saveDraft(ctx, {
    evaluation: data.evaluation.id,
    person,
    content: { ...stepContent, criteria: merged.criteria },
    step: last ? args.step : args.step + 1,
  });
  const stepIds = new Set((steps[args.step] ?? []).map((f) => f.id));
  const fail = (errors: FieldError[]): FormOutcome => {
    const firstStep = Math.max(
      0,
      steps.findIndex((s) => s.some((f) => errors.some((e) => e.field === f.id))),
    );
    const reopened = { ...input, values: merged };
    return {
      kind: 'errors',
      errors: fieldErrorMessages(locale, errors),
      step: firstStep,
      form: buildReportForm(reopened, firstStep, perStep).form,
    };
  };
  if (!last) {
    const partial = validateReport(merged, data.project.rubric, { partial: true });
    const here = partial.ok ? [] : partial.errors.filter((e) => stepIds.has(e.field));
    if (here.length > 0) return fail(here);
    return { kind: 'next', form: buildReportForm({ ...input, values: merged }, args.step + 1, perStep).form };
  }
  const result = input.amend
    ? await amendReport(ctx, {
        evaluation: data.evaluation.id,
        actor: { type: 'person', person },
        content: merged,
        reason: t(locale, 'report.amended_reason'),
      })
    : await submitReport(ctx, { evaluation: data.evaluation.id, person, content: merged });
  if (!result.ok) return fail(result.errors);
  const amended = input.amend && !result.repeated;
  return {
    kind: 'done',
    message: textMessage(
      t(locale, amended ? 'report.amended' : 'report.submitted', {
        id: result.evaluation.id,
        status: t(locale, `status.${result.evaluation.status}`),
      }),
    ),
    ...(result.repeated ? { repeated: true as const } : {}),
  };
}

/** Refuses a form for someone else's evaluation before any work (buttons can be forwarded). */
export async function assertReportAuthor(ctx: AppContext, person: Person, evaluation: string): Promise<void> {
  const found = await ctx.store.evaluations.get(evaluation.toUpperCase());
  if (!found) throw new DeskError('evaluation_not_found', { id: evaluation });
  if (found.assessor !== person.id) throw new DeskError('not_your_evaluation', { id: found.id });
}
