/**
 * Modal submissions: the report form (field errors stay in the open modal; closing it keeps a
 * draft), the decline reason, and the availability settings. A submission is answered within
 * Slack's 3 s with `response_action: errors` on the right blocks, or closes the modal; a failure
 * on our side keeps the modal open with an error and nothing half-written (DESIGN §8).
 */
import type {
  AllMiddlewareArgs,
  App,
  SlackViewMiddlewareArgs,
  ViewClosedAction,
  ViewOutput,
  ViewResponseAction,
  ViewSubmitAction,
} from '@slack/bolt';
import { setAvailability } from '../../app/availability.ts';
import { identifyActor } from '../../app/commands/identify-actor.ts';
import { keepDraft, submitReportStep } from '../../app/commands/report-form-flow.ts';
import { declineOffer } from '../../app/respond-to-offer.ts';
import type { CommandPath } from '../../domain/authz.ts';
import { t } from '../../domain/catalog/index.ts';
import { isDeskError } from '../../domain/errors.ts';
import { DECLINE_REASONS, type Locale, type Person } from '../../domain/model.ts';
import { REPORT_FORM_CALLBACK } from '../../views/report-form.ts';
import { formModal, messageBlocks, parseViewValues, readMetadata } from './block-kit.ts';
import { closedOfferView, describeFailure, personOf, type SlackDeps, tr } from './slack-context.ts';
import { AVAILABILITY_CALLBACK, AVAILABILITY_FIELDS, DECLINE_CALLBACK, MAX_CAPACITY } from './slack-forms.ts';
import { SlackPlatform } from './slack-platform.ts';

/** Every modal callback the app listens to. */
export const VIEW_CALLBACKS = [REPORT_FORM_CALLBACK, DECLINE_CALLBACK, AVAILABILITY_CALLBACK] as const;
/** The modals whose close the app listens to (they ask for `notify_on_close`). */
export const CLOSED_VIEW_CALLBACKS = [REPORT_FORM_CALLBACK] as const;

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
type ClosedArgs = SlackViewMiddlewareArgs<ViewClosedAction> & AllMiddlewareArgs;
type Errors = Record<string, string>;

/** Block ids of the view's input blocks, in order. */
function inputIds(view: ViewOutput): string[] {
  return view.blocks.flatMap((b) =>
    b.type === 'input' && typeof b.block_id === 'string' ? [b.block_id] : [],
  );
}

/**
 * Errors Slack can show: those on blocks of this view; any other (a field of another step) is
 * added to the first input block so it is never silently lost.
 */
export function errorsForView(view: ViewOutput, errors: Errors): Errors {
  const ids = inputIds(view);
  const shown: Errors = {};
  const elsewhere: string[] = [];
  for (const [field, message] of Object.entries(errors)) {
    if (ids.includes(field)) shown[field] = message;
    else elsewhere.push(message);
  }
  const first = ids[0];
  if (elsewhere.length && first) shown[first] = [shown[first], ...elsewhere].filter(Boolean).join(' ');
  return shown;
}

/** The whole submission refused with one message on the first input block. */
async function refuseAll(args: SubmitArgs, message: string): Promise<void> {
  const first = inputIds(args.view)[0];
  if (first) await args.ack({ response_action: 'errors', errors: { [first]: message.slice(0, 2000) } });
  else await args.ack();
}

/** What a submission answers: a response for the modal (none closes it), then work after the answer. */
type Answer = { response?: ViewResponseAction; after?: () => Promise<void> };

/**
 * Runs a submission for a registered person and answers it once. Unregistered people and
 * failures keep the modal open with a message; what runs after the answer is only logged.
 */
async function submission(
  deps: SlackDeps,
  args: SubmitArgs,
  what: CommandPath,
  work: (person: Person, locale: Locale) => Promise<Answer>,
): Promise<void> {
  const who = await identifyActor(deps.ctx, deps.defaultLocale, 'slack', args.body.user.id, what);
  if (!who.ok) return refuseAll(args, who.message);
  const person = who.person;
  let answer: Answer;
  try {
    answer = await work(person, person.locale);
  } catch (error) {
    if (!isDeskError(error)) deps.logger.error({ err: error, what }, 'slack submission failed');
    const message = isDeskError(error)
      ? describeFailure(deps, person.locale, error, what)
      : tr(person.locale, 'slack.form.failed');
    return refuseAll(args, message);
  }
  await (answer.response ? args.ack(answer.response) : args.ack());
  try {
    await answer.after?.();
  } catch (error) {
    deps.logger.warn({ err: error, what }, 'slack submission follow-up failed');
  }
}

const errorsAnswer = (errors: Errors): Answer => ({ response: { response_action: 'errors', errors } });

async function onReportSubmit(deps: SlackDeps, args: SubmitArgs): Promise<void> {
  await submission(deps, args, 'assess report', async (person, locale) => {
    const metadata = readMetadata(args.view.private_metadata);
    const outcome = await submitReportStep(deps.ctx, {
      person,
      platform: 'slack',
      locale,
      evaluation: String(metadata.evaluation ?? ''),
      step: Number(metadata.step ?? 0) || 0,
      values: parseViewValues(args.view.state.values),
    });
    if (outcome.kind === 'errors') return errorsAnswer(errorsForView(args.view, outcome.errors));
    if (outcome.kind === 'next') {
      const view = formModal(outcome.form, { closeLabel: tr(locale, 'slack.form.close') });
      return { response: { response_action: 'update', view } };
    }
    // A double submit: the first one was confirmed already; this one only closes its modal.
    if (outcome.repeated) return {};
    return {
      after: async () => {
        deps.kick();
        await new SlackPlatform({ client: args.client }).sendDirectMessage(
          args.body.user.id,
          outcome.message,
        );
        await deps.publishHome(args.body.user.id);
      },
    };
  });
}

/** Closing the report modal keeps what was typed as a draft; reopening resumes it. */
async function onReportClosed(deps: SlackDeps, args: ClosedArgs): Promise<void> {
  try {
    const person = await personOf(deps, args.body.user.id);
    const metadata = readMetadata(args.view.private_metadata);
    if (person && typeof metadata.evaluation === 'string') {
      await keepDraft(deps.ctx, {
        person,
        evaluation: metadata.evaluation,
        values: parseViewValues(args.view.state.values),
        step: Number(metadata.step ?? 0) || 0,
      });
      await deps.publishHome(args.body.user.id);
    }
  } catch (error) {
    deps.logger.warn({ err: error }, 'draft of a closed report form not kept');
  } finally {
    await args.ack();
  }
}

async function onDeclineSubmit(deps: SlackDeps, args: SubmitArgs): Promise<void> {
  await submission(deps, args, 'assess decline', async (person, locale) => {
    const metadata = readMetadata(args.view.private_metadata);
    const values = parseViewValues(args.view.state.values);
    const reason = DECLINE_REASONS.find((r) => r === values.reason);
    if (!reason) return errorsAnswer({ reason: t(locale, 'command.problem.required') });
    const note = typeof values.note === 'string' ? values.note.trim() : '';
    const evaluation = String(metadata.evaluation ?? '');
    const result = await declineOffer(deps.ctx, { evaluation, person, reason, ...(note ? { note } : {}) });
    return {
      after: async () => {
        deps.kick();
        const next = t(locale, result.nextOffer ? 'reply.declined.next_offered' : 'reply.declined.waiting');
        const text = t(locale, 'reply.declined', { id: result.evaluation.id, next });
        const { channel, ts } = metadata;
        if (typeof channel === 'string' && typeof ts === 'string') {
          // The notify job updates the offer DM too; doing it here shows the change at once.
          const offer = (await deps.ctx.store.offers.listFor(result.evaluation.id))
            .filter((o) => o.assessor === person.id)
            .at(-1);
          const closed = offer ? await closedOfferView(deps, offer.id, locale) : null;
          if (closed) await args.client.chat.update({ channel, ts, ...messageBlocks(closed) });
          await args.client.chat.postEphemeral({ channel, user: args.body.user.id, text });
        }
        await deps.publishHome(args.body.user.id);
      },
    };
  });
}

function availabilityErrors(values: Record<string, string | string[] | undefined>, locale: Locale) {
  const raw = values[AVAILABILITY_FIELDS.capacity];
  const text = typeof raw === 'string' ? raw.trim() : '';
  const capacity = text === '' ? undefined : Number(text);
  const bad =
    capacity !== undefined && (!Number.isInteger(capacity) || capacity < 0 || capacity > MAX_CAPACITY);
  const errors: Errors = bad
    ? { [AVAILABILITY_FIELDS.capacity]: t(locale, 'slack.availability.capacity_invalid') }
    : {};
  const date = (id: string) => {
    const value = values[id];
    return typeof value === 'string' && value ? value : undefined;
  };
  return {
    errors,
    capacity,
    awayFrom: date(AVAILABILITY_FIELDS.awayFrom),
    awayTo: date(AVAILABILITY_FIELDS.awayTo),
  };
}

async function onAvailabilitySubmit(deps: SlackDeps, args: SubmitArgs): Promise<void> {
  await submission(deps, args, 'assess availability', async (person, locale) => {
    const parsed = availabilityErrors(parseViewValues(args.view.state.values), locale);
    if (Object.keys(parsed.errors).length) return errorsAnswer(parsed.errors);
    try {
      await setAvailability(deps.ctx, {
        person,
        change: {
          ...(parsed.capacity !== undefined ? { capacity: parsed.capacity } : {}),
          ...(parsed.awayFrom ? { awayFrom: parsed.awayFrom } : {}),
          ...(parsed.awayTo ? { awayTo: parsed.awayTo } : {}),
        },
      });
    } catch (error) {
      // The use case names the option it refused (`away-to`); show it on that datepicker.
      if (!isDeskError(error) || error.field !== 'away-to') throw error;
      return errorsAnswer({
        [AVAILABILITY_FIELDS.awayTo]: describeFailure(deps, locale, error, 'availability'),
      });
    }
    return { after: () => deps.publishHome(args.body.user.id) };
  });
}

/** Registers the modals' submissions and the report form's close. */
export function registerViews(app: App, deps: SlackDeps): void {
  const guard =
    <A>(what: string, handler: (deps: SlackDeps, args: A) => Promise<void>) =>
    async (args: A) => {
      try {
        await handler(deps, args);
      } catch (error) {
        deps.logger.error({ err: error, what }, 'slack view listener failed');
      }
    };
  app.view<ViewSubmitAction>(
    { callback_id: REPORT_FORM_CALLBACK, type: 'view_submission' },
    guard('report.submit', onReportSubmit),
  );
  app.view<ViewClosedAction>(
    { callback_id: REPORT_FORM_CALLBACK, type: 'view_closed' },
    guard('report.closed', onReportClosed),
  );
  app.view<ViewSubmitAction>(
    { callback_id: DECLINE_CALLBACK, type: 'view_submission' },
    guard('decline', onDeclineSubmit),
  );
  app.view<ViewSubmitAction>(
    { callback_id: AVAILABILITY_CALLBACK, type: 'view_submission' },
    guard('availability', onAvailabilitySubmit),
  );
}
