/**
 * The report on Discord: a sequence of modals of at most five fields (`report:<evaluation>:<step>`).
 * Each submitted step is saved in the draft at once, so a closed modal loses nothing. Between steps,
 * and after validation errors, an ephemeral message carries the button that opens the next (or the
 * faulty) step, since a modal can only answer an interaction.
 */
import {
  assertReportAuthor,
  type FormOutcome,
  openReportForm,
  submitReportStep,
} from '../../app/commands/report-form-flow.ts';
import { t } from '../../domain/catalog/index.ts';
import { isDeskError } from '../../domain/errors.ts';
import type { Locale, Person } from '../../domain/model.ts';
import { textMessage } from '../../views/text-message.ts';
import type { FormValues, FormView, MessageView } from '../../views/view-model.ts';
import { continueValue, REPORT_CONTINUE_ACTION } from './custom-ids.ts';
import { renderModal } from './form-modal.ts';
import { type DiscordDeps, failureMessage } from './identity.ts';
import type { Reply } from './replies.ts';

/** A message with one button that opens step `step` (0-based) of the report, or the draft's step. */
function withContinue(text: string, label: string, evaluation: string, step?: number): MessageView {
  return {
    ...textMessage(text),
    blocks: [
      { type: 'text', text },
      {
        type: 'actions',
        buttons: [
          { action: REPORT_CONTINUE_ACTION, label, value: continueValue(evaluation, step), style: 'primary' },
        ],
      },
    ],
  };
}

function stepsOf(form: FormView): { step: number; steps: number; evaluation: string } {
  return {
    step: Number(form.metadata.step ?? 0),
    steps: Number(form.metadata.steps ?? 1),
    evaluation: String(form.metadata.evaluation ?? ''),
  };
}

/** A form to open now, with a button to open it later when the modal can no longer be shown. */
export function formReply(form: FormView, locale: Locale): Reply {
  const { step, evaluation } = stepsOf(form);
  return {
    kind: 'modal',
    modal: renderModal(form),
    fallback: withContinue(t(locale, 'discord.form.late'), t(locale, 'discord.form.open'), evaluation, step),
  };
}

/** The "continue" button: opens the given step, or the step the draft reached. */
export async function openStep(
  deps: DiscordDeps,
  person: Person,
  locale: Locale,
  evaluation: string,
  step: number | null,
): Promise<Reply> {
  try {
    await assertReportAuthor(deps.ctx, person, evaluation);
    const form = await openReportForm(deps.ctx, {
      person,
      evaluation,
      platform: 'discord',
      locale,
      ...(step === null ? {} : { step }),
    });
    return formReply(form, locale);
  } catch (error) {
    return { kind: 'message', message: failureMessage(deps, locale, error, 'report.continue') };
  }
}

/** Labels of every field of the report (errors may name fields of other steps). */
async function fieldLabels(deps: DiscordDeps, person: Person, locale: Locale, evaluation: string) {
  const whole = await openReportForm(deps.ctx, { person, evaluation, platform: 'slack', locale });
  return new Map(whole.fields.map((f) => [f.id, f.label]));
}

async function outcomeMessage(
  deps: DiscordDeps,
  person: Person,
  locale: Locale,
  evaluation: string,
  outcome: FormOutcome,
): Promise<MessageView> {
  switch (outcome.kind) {
    case 'done':
      return outcome.message;
    case 'next': {
      const { step, steps } = stepsOf(outcome.form);
      return withContinue(
        t(locale, 'discord.wizard.saved', { step, steps }),
        t(locale, 'discord.wizard.continue', { step: step + 1, steps }),
        evaluation,
        step,
      );
    }
    case 'errors': {
      const labels = await fieldLabels(deps, person, locale, evaluation);
      const lines = Object.entries(outcome.errors).map(([field, problem]) =>
        t(locale, 'discord.wizard.error_line', { field: labels.get(field) ?? field, problem }),
      );
      const { steps } = stepsOf(outcome.form);
      const text = [t(locale, 'discord.wizard.errors'), ...lines, t(locale, 'discord.wizard.kept')].join(
        '\n',
      );
      return withContinue(
        text,
        t(locale, 'discord.wizard.fix', { step: outcome.step + 1, steps }),
        evaluation,
        outcome.step,
      );
    }
  }
}

/** A submitted step: saved, validated, and answered with the next button, the errors, or the confirmation. */
export async function submitStep(
  deps: DiscordDeps,
  person: Person,
  locale: Locale,
  evaluation: string,
  step: number,
  values: FormValues,
): Promise<Reply> {
  try {
    await assertReportAuthor(deps.ctx, person, evaluation);
    const outcome = await submitReportStep(deps.ctx, {
      person,
      platform: 'discord',
      locale,
      evaluation,
      step,
      values,
    });
    deps.kick();
    return { kind: 'update', message: await outcomeMessage(deps, person, locale, evaluation, outcome) };
  } catch (error) {
    if (isDeskError(error))
      return { kind: 'message', message: failureMessage(deps, locale, error, 'report') };
    // Our failure (the database): nothing was submitted and the modal is gone, so a button reopens this step.
    deps.logger.error({ err: error, interaction: 'report' }, 'discord report submission failed');
    const text = t(locale, 'discord.wizard.failed');
    return {
      kind: 'message',
      message: withContinue(text, t(locale, 'discord.wizard.retry'), evaluation, step),
    };
  }
}
