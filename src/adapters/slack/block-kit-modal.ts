/**
 * Forms as Slack modals and their submitted values back as `FormValues`. One `input` block per
 * field, whose `block_id` is the field id (so `response_action: errors` lands on the right field)
 * and whose element's `action_id` is `value`. Limits: title, submit and close 24 characters,
 * 100 blocks, `private_metadata` 3000 characters, labels and hints 2000, option text 75,
 * radio buttons and checkboxes 10 options (a longer choice becomes a select), text inputs 3000.
 */
import type { types, ViewOutput, ViewStateValue } from '@slack/bolt';
import { REPORT_FORM_CALLBACK } from '../../views/report-form.ts';
import type { FormField, FormOption, FormValues, FormView } from '../../views/view-model.ts';
import { clip, escapeMrkdwn, plain, type SlackBlock, splitText } from './block-kit-text.ts';

/** The `action_id` of every field's element; values are read by block id. */
export const FIELD_ACTION = 'value';

const MODAL_LIMITS = {
  title: 24,
  blocks: 100,
  metadata: 3000,
  label: 2000,
  hint: 2000,
  placeholder: 150,
  optionText: 75,
  optionValue: 150,
  inlineChoices: 10,
  selectOptions: 100,
  textInput: 3000,
  section: 3000,
} as const;

/** How a form becomes a modal beyond what the form says. */
export type ModalOptions = {
  /** The close button's label, in the reader's language; Slack shows "Cancel" without it. */
  closeLabel?: string;
  /** Ask Slack for `view_closed` (the report form keeps a draft); by default for the report form. */
  notifyOnClose?: boolean;
};

function option(view: FormOption, withDescription: boolean): types.PlainTextOption {
  return {
    text: plain(view.label, MODAL_LIMITS.optionText),
    value: view.value.slice(0, MODAL_LIMITS.optionValue),
    ...(withDescription && view.description
      ? { description: plain(view.description, MODAL_LIMITS.optionText) }
      : {}),
  };
}

function textElement(field: Extract<FormField, { kind: 'text' | 'textarea' }>): types.PlainTextInput {
  const max = Math.min(field.maxLength ?? MODAL_LIMITS.textInput, MODAL_LIMITS.textInput);
  return {
    type: 'plain_text_input',
    action_id: FIELD_ACTION,
    multiline: field.kind === 'textarea',
    max_length: max,
    ...(field.initial ? { initial_value: field.initial.slice(0, max) } : {}),
    ...(field.placeholder ? { placeholder: plain(field.placeholder, MODAL_LIMITS.placeholder) } : {}),
  };
}

function choiceElement(
  field: Extract<FormField, { kind: 'radio' | 'select' }>,
): types.RadioButtons | types.StaticSelect {
  const inline = field.kind === 'radio' && field.options.length <= MODAL_LIMITS.inlineChoices;
  const options = field.options.slice(0, MODAL_LIMITS.selectOptions).map((o) => option(o, inline));
  const initial = options.find((o) => o.value === field.initial);
  const chosen = initial ? { initial_option: initial } : {};
  return inline
    ? { type: 'radio_buttons', action_id: FIELD_ACTION, options, ...chosen }
    : { type: 'static_select', action_id: FIELD_ACTION, options, ...chosen };
}

function checkboxElement(field: Extract<FormField, { kind: 'checkbox' }>): types.Checkboxes {
  const options = field.options.slice(0, MODAL_LIMITS.inlineChoices).map((o) => option(o, true));
  const initial = options.filter((o) => o.value !== undefined && (field.initial?.includes(o.value) ?? false));
  return {
    type: 'checkboxes',
    action_id: FIELD_ACTION,
    options,
    ...(initial.length ? { initial_options: initial } : {}),
  };
}

/** One field as an `input` block. */
export function inputBlock(field: FormField): types.InputBlock {
  let element: types.InputBlockElement;
  switch (field.kind) {
    case 'text':
    case 'textarea':
      element = textElement(field);
      break;
    case 'radio':
    case 'select':
      element = choiceElement(field);
      break;
    case 'checkbox':
      element = checkboxElement(field);
      break;
  }
  return {
    type: 'input',
    block_id: field.id,
    label: plain(field.label, MODAL_LIMITS.label),
    element,
    optional: !field.required,
    ...(field.hint ? { hint: plain(field.hint, MODAL_LIMITS.hint) } : {}),
  };
}

/** The form's intro as sections at the top (escaped mrkdwn). */
function introBlocks(intro: string | undefined): SlackBlock[] {
  if (!intro?.trim()) return [];
  return splitText(intro, MODAL_LIMITS.section).map((text) => ({
    type: 'section',
    text: { type: 'mrkdwn', text },
  }));
}

/**
 * A form as a modal view. Throws when the form cannot fit one modal (more than 100 blocks, or
 * metadata over 3000 characters): splitting it into steps is the form builder's job.
 */
export function formModal(form: FormView, options: ModalOptions = {}): types.ModalView {
  const blocks: SlackBlock[] = [...introBlocks(form.intro), ...form.fields.map(inputBlock)];
  if (blocks.length > MODAL_LIMITS.blocks) {
    throw new Error(`form ${form.callback} needs ${blocks.length} blocks; a Slack modal holds 100`);
  }
  const metadata = JSON.stringify(form.metadata);
  if (metadata.length > MODAL_LIMITS.metadata) {
    throw new Error(`form ${form.callback} metadata is ${metadata.length} characters; Slack keeps 3000`);
  }
  const notify = options.notifyOnClose ?? form.callback === REPORT_FORM_CALLBACK;
  return {
    type: 'modal',
    callback_id: form.callback,
    title: plain(form.title, MODAL_LIMITS.title),
    submit: plain(form.submitLabel, MODAL_LIMITS.title),
    ...(options.closeLabel ? { close: plain(options.closeLabel, MODAL_LIMITS.title) } : {}),
    private_metadata: metadata,
    notify_on_close: notify,
    blocks,
  };
}

/** A simple modal that only tells something (where there is no message to answer, e.g. the Home tab). */
export function noticeModal(title: string, text: string, closeLabel: string): types.ModalView {
  return {
    type: 'modal',
    title: plain(title, MODAL_LIMITS.title),
    close: plain(closeLabel, MODAL_LIMITS.title),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: clip(escapeMrkdwn(text), MODAL_LIMITS.section) } },
    ],
  };
}

/** The value of one element of `view.state.values`, whatever its type. */
function stateValue(state: ViewStateValue): string | string[] | undefined {
  switch (state.type) {
    case 'checkboxes':
    case 'multi_static_select':
    case 'multi_external_select':
      return (state.selected_options ?? []).map((o) => o.value);
    case 'multi_users_select':
      return state.selected_users ?? [];
    case 'multi_conversations_select':
      return state.selected_conversations ?? [];
    case 'multi_channels_select':
      return state.selected_channels ?? [];
    case 'datepicker':
      return state.selected_date ?? undefined;
    case 'timepicker':
      return state.selected_time ?? undefined;
    case 'datetimepicker':
      return typeof state.selected_date_time === 'number' ? String(state.selected_date_time) : undefined;
    case 'users_select':
      return state.selected_user ?? undefined;
    case 'conversations_select':
      return state.selected_conversation ?? undefined;
    case 'channels_select':
      return state.selected_channel ?? undefined;
    case 'file_input':
      return (state.files ?? []).map((f) => f.id);
    default:
      if (state.selected_option !== undefined) return state.selected_option?.value ?? undefined;
      return state.value ?? undefined;
  }
}

/** Text or a list of texts; any other type (a payload Slack never sends) reads as no value. */
function textual(value: unknown): string | string[] | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return undefined;
}

/**
 * `view.state.values` as field id → value: the block id is the field id; the element is the one
 * named `value` (ours), or the block's only element (any other modal). An empty input is present
 * with no value, so a form step can tell "cleared" from "not in this step". Only text is kept: a
 * number or an object in a forged payload would otherwise reach the draft and break the form.
 */
export function parseViewValues(values: ViewOutput['state']['values']): FormValues {
  const parsed: FormValues = {};
  for (const [blockId, actions] of Object.entries(values)) {
    const state = actions[FIELD_ACTION] ?? Object.values(actions)[0];
    parsed[blockId] = state ? textual(stateValue(state)) : undefined;
  }
  return parsed;
}

/** The form's metadata back from `private_metadata`; anything unreadable gives `{}`. */
export function readMetadata(privateMetadata: string | undefined): Record<string, string | number> {
  if (!privateMetadata) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(privateMetadata);
  } catch {
    return {};
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  const metadata: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === 'string' || typeof value === 'number') metadata[key] = value;
  }
  return metadata;
}
