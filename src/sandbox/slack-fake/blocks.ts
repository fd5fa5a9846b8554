/**
 * Block Kit as Slack checks it: message and view limits (answered in Slack's `[ERROR] … [json-pointer:…]`
 * style), the block and action ids Slack adds when the app leaves them out, and the `state.values` Slack
 * builds from what a user typed into a view's input blocks.
 */
import { randomBytes } from 'node:crypto';
import type { JsonObject, ViewStateValues } from './types.ts';

/** A problem found in blocks or a view, with the JSON pointer Slack would name. */
export type BlockProblem = { message: string; pointer: string };

/** Slack's line for one problem, as found in `response_metadata.messages`. */
export function problemLine(problem: BlockProblem): string {
  return `[ERROR] ${problem.message} [json-pointer:${problem.pointer}]`;
}

/** Limits from Slack's Block Kit and surface reference pages. */
export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  viewTitle: 24,
  privateMetadata: 3000,
  callbackId: 255,
  externalId: 255,
  blockId: 255,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  actionsElements: 25,
  contextElements: 10,
  buttonText: 75,
  buttonValue: 2000,
  inputLabel: 2000,
  selectOptions: 100,
  choiceOptions: 10,
  viewBytes: 250_000,
} as const;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textOf(value: unknown): string | undefined {
  return isJsonObject(value) && typeof value.text === 'string' ? value.text : undefined;
}

function tooLong(limit: number, pointer: string): BlockProblem {
  return { message: `must be less than ${limit + 1} characters`, pointer };
}

function tooMany(limit: number, pointer: string): BlockProblem {
  return { message: `no more than ${limit} items allowed`, pointer };
}

function checkText(value: unknown, limit: number, pointer: string, out: BlockProblem[]): void {
  const text = textOf(value);
  if (text !== undefined && text.length > limit) out.push(tooLong(limit, `${pointer}/text`));
}

function optionCount(element: JsonObject): number {
  if (Array.isArray(element.options)) return element.options.length;
  if (!Array.isArray(element.option_groups)) return 0;
  return element.option_groups.reduce<number>(
    (sum, group) => sum + (isJsonObject(group) && Array.isArray(group.options) ? group.options.length : 0),
    0,
  );
}

function checkElement(element: unknown, pointer: string, out: BlockProblem[]): void {
  if (!isJsonObject(element)) return;
  if (typeof element.type !== 'string') {
    out.push({ message: 'missing required field: type', pointer });
    return;
  }
  if (element.type === 'button') {
    checkText(element.text, LIMITS.buttonText, `${pointer}/text`, out);
    if (typeof element.value === 'string' && element.value.length > LIMITS.buttonValue) {
      out.push(tooLong(LIMITS.buttonValue, `${pointer}/value`));
    }
  }
  const choices = element.type === 'radio_buttons' || element.type === 'checkboxes';
  const limit = choices ? LIMITS.choiceOptions : LIMITS.selectOptions;
  if (optionCount(element) > limit) out.push(tooMany(limit, `${pointer}/options`));
}

function checkBlock(block: unknown, pointer: string, ids: Set<string>, out: BlockProblem[]): void {
  if (!isJsonObject(block) || typeof block.type !== 'string') {
    out.push({ message: 'missing required field: type', pointer });
    return;
  }
  if (typeof block.block_id === 'string') {
    if (block.block_id.length > LIMITS.blockId) out.push(tooLong(LIMITS.blockId, `${pointer}/block_id`));
    if (ids.has(block.block_id)) out.push({ message: 'duplicate block_id', pointer: `${pointer}/block_id` });
    ids.add(block.block_id);
  }
  switch (block.type) {
    case 'section':
      checkText(block.text, LIMITS.sectionText, `${pointer}/text`, out);
      if (Array.isArray(block.fields)) {
        if (block.fields.length > LIMITS.sectionFields)
          out.push(tooMany(LIMITS.sectionFields, `${pointer}/fields`));
        block.fields.forEach((field, i) => {
          checkText(field, LIMITS.sectionFieldText, `${pointer}/fields/${i}`, out);
        });
      }
      checkElement(block.accessory, `${pointer}/accessory`, out);
      break;
    case 'header':
      checkText(block.text, LIMITS.headerText, `${pointer}/text`, out);
      break;
    case 'actions':
    case 'context': {
      const limit = block.type === 'actions' ? LIMITS.actionsElements : LIMITS.contextElements;
      const elements = Array.isArray(block.elements) ? block.elements : [];
      if (elements.length > limit) out.push(tooMany(limit, `${pointer}/elements`));
      elements.forEach((element, i) => {
        checkElement(element, `${pointer}/elements/${i}`, out);
      });
      break;
    }
    case 'input':
      checkText(block.label, LIMITS.inputLabel, `${pointer}/label`, out);
      if (!isJsonObject(block.element)) out.push({ message: 'missing required field: element', pointer });
      else checkElement(block.element, `${pointer}/element`, out);
      break;
  }
}

function checkBlockList(blocks: unknown[], pointer: string, limit: number, out: BlockProblem[]): void {
  if (blocks.length > limit) out.push(tooMany(limit, pointer));
  const ids = new Set<string>();
  blocks.forEach((block, i) => {
    checkBlock(block, `${pointer}/${i}`, ids, out);
  });
}

/** Problems with a message's `blocks` (Slack answers them with `invalid_blocks`). */
export function checkMessageBlocks(blocks: unknown[]): BlockProblem[] {
  const out: BlockProblem[] = [];
  checkBlockList(blocks, '/blocks', LIMITS.messageBlocks, out);
  return out;
}

function checkSurfaceText(view: JsonObject, key: string, required: boolean, out: BlockProblem[]): void {
  const value = view[key];
  if (value === undefined || value === null) {
    if (required) out.push({ message: `missing required field: ${key}`, pointer: '/view' });
    return;
  }
  if (!isJsonObject(value) || value.type !== 'plain_text' || typeof value.text !== 'string') {
    out.push({ message: 'must be a plain_text text object', pointer: `/view/${key}` });
    return;
  }
  if (value.text.length > LIMITS.viewTitle) out.push(tooLong(LIMITS.viewTitle, `/view/${key}/text`));
}

function checkStringField(view: JsonObject, key: string, limit: number, out: BlockProblem[]): void {
  const value = view[key];
  if (value === undefined) return;
  if (typeof value !== 'string') out.push({ message: 'must be a string', pointer: `/view/${key}` });
  else if (value.length > limit) out.push(tooLong(limit, `/view/${key}`));
}

/** Problems with a view object (Slack answers them with `invalid_arguments`). */
export function checkView(view: JsonObject): BlockProblem[] {
  const out: BlockProblem[] = [];
  if (view.type !== 'modal' && view.type !== 'home') {
    out.push(
      view.type === undefined
        ? { message: 'missing required field: type', pointer: '/view' }
        : { message: 'must be one of modal, home', pointer: '/view/type' },
    );
  }
  const modal = view.type === 'modal';
  checkSurfaceText(view, 'title', modal, out);
  checkSurfaceText(view, 'submit', false, out);
  checkSurfaceText(view, 'close', false, out);
  checkStringField(view, 'private_metadata', LIMITS.privateMetadata, out);
  checkStringField(view, 'callback_id', LIMITS.callbackId, out);
  checkStringField(view, 'external_id', LIMITS.externalId, out);
  if (!Array.isArray(view.blocks)) {
    out.push({ message: 'missing required field: blocks', pointer: '/view' });
    return out;
  }
  checkBlockList(view.blocks, '/view/blocks', LIMITS.viewBlocks, out);
  const hasInputs = view.blocks.some((block) => isJsonObject(block) && block.type === 'input');
  if (modal && hasInputs && (view.submit === undefined || view.submit === null)) {
    out.push({ message: 'must provide a submit property when using input blocks', pointer: '/view' });
  }
  return out;
}

function shortId(length: number): string {
  return randomBytes(length).toString('base64url').replace(/[-_]/g, 'x').slice(0, length);
}

function withActionId(element: unknown): unknown {
  if (!isJsonObject(element) || typeof element.type !== 'string' || 'action_id' in element) return element;
  if (['image', 'plain_text', 'mrkdwn'].includes(element.type)) return element;
  return { ...element, action_id: shortId(5) };
}

/** Copies blocks with the `block_id` and `action_id` Slack makes up for those the app left out. */
export function withSlackIds(blocks: unknown[]): JsonObject[] {
  return blocks.filter(isJsonObject).map((block) => {
    const copy: JsonObject = { ...block };
    if (typeof copy.block_id !== 'string') copy.block_id = shortId(4);
    if (isJsonObject(copy.element)) copy.element = withActionId(copy.element);
    if (isJsonObject(copy.accessory)) copy.accessory = withActionId(copy.accessory);
    if (Array.isArray(copy.elements) && copy.type === 'actions')
      copy.elements = copy.elements.map(withActionId);
    return copy;
  });
}

/** What a user put in one input: text, one option value, several option values, or nothing. */
export type SubmittedValue = string | string[] | null;

function optionsOf(element: JsonObject): JsonObject[] {
  const direct = Array.isArray(element.options) ? element.options : [];
  const grouped = Array.isArray(element.option_groups)
    ? element.option_groups.flatMap((group) =>
        isJsonObject(group) && Array.isArray(group.options) ? group.options : [],
      )
    : [];
  return [...direct, ...grouped].filter(isJsonObject);
}

function findOption(element: JsonObject, value: string, blockId: string): JsonObject {
  const option = optionsOf(element).find((candidate) => candidate.value === value);
  if (option === undefined)
    throw new Error(`block ${blockId} has no option with value ${JSON.stringify(value)}`);
  return { ...option };
}

const TEXT_INPUTS = new Set(['plain_text_input', 'email_text_input', 'url_text_input', 'number_input']);
const SINGLE_CHOICE = new Set(['static_select', 'radio_buttons', 'external_select']);
const MULTI_CHOICE = new Set(['checkboxes', 'multi_static_select', 'multi_external_select']);
const PICKERS: Record<string, [initial: string, selected: string]> = {
  datepicker: ['initial_date', 'selected_date'],
  timepicker: ['initial_time', 'selected_time'],
  users_select: ['initial_user', 'selected_user'],
  conversations_select: ['initial_conversation', 'selected_conversation'],
  channels_select: ['initial_channel', 'selected_channel'],
};

function asList(value: SubmittedValue): string[] {
  if (value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The state Slack reports for one input element, from the user's value or the element's initial one. */
function elementState(element: JsonObject, blockId: string, value: SubmittedValue | undefined): JsonObject {
  const type = String(element.type);
  if (TEXT_INPUTS.has(type)) {
    const text = value === undefined ? element.initial_value : asList(value).join('\n');
    return { type, value: typeof text === 'string' && text !== '' ? text : null };
  }
  if (SINGLE_CHOICE.has(type)) {
    const chosen = value === undefined ? textlessOption(element.initial_option) : asList(value)[0];
    return { type, selected_option: chosen === undefined ? null : findOption(element, chosen, blockId) };
  }
  if (MULTI_CHOICE.has(type)) {
    const initial = Array.isArray(element.initial_options) ? element.initial_options : [];
    const chosen =
      value === undefined ? initial.map(textlessOption).filter((v) => v !== undefined) : asList(value);
    return { type, selected_options: chosen.map((v) => findOption(element, v, blockId)) };
  }
  const picker = PICKERS[type];
  if (picker !== undefined) {
    const chosen = value === undefined ? element[picker[0]] : asList(value)[0];
    return { type, [picker[1]]: typeof chosen === 'string' ? chosen : null };
  }
  return { type, value: value === undefined ? null : value };
}

function textlessOption(option: unknown): string | undefined {
  return isJsonObject(option) && typeof option.value === 'string' ? option.value : undefined;
}

/** Whether an element's state holds nothing (what Slack's client refuses for a required input). */
function isEmptyState(state: JsonObject): boolean {
  const values = Object.entries(state).filter(([key]) => key !== 'type');
  return values.every(([, v]) => v === null || (Array.isArray(v) && v.length === 0));
}

/** The input blocks of a view with their element, keyed by block_id. */
function inputBlocks(blocks: JsonObject[]): { blockId: string; block: JsonObject; element: JsonObject }[] {
  return blocks.flatMap((block) =>
    block.type === 'input' && typeof block.block_id === 'string' && isJsonObject(block.element)
      ? [{ blockId: block.block_id, block, element: block.element }]
      : [],
  );
}

/**
 * Builds `view.state.values` from the user's values keyed by block_id; inputs left out keep what the user
 * typed before (`previous`), else their initial value. Also returns what Slack's client would refuse before
 * sending: an empty required input, or text outside `min_length`/`max_length`.
 */
export function buildViewState(
  blocks: JsonObject[],
  values: Record<string, SubmittedValue>,
  previous: ViewStateValues = {},
): { values: ViewStateValues; refused: Record<string, string> } {
  const known = new Set(inputBlocks(blocks).map((input) => input.blockId));
  for (const blockId of Object.keys(values)) {
    if (!known.has(blockId)) throw new Error(`the view has no input block ${blockId}`);
  }
  const state: ViewStateValues = {};
  const refused: Record<string, string> = {};
  for (const { blockId, block, element } of inputBlocks(blocks)) {
    const kept = values[blockId] === undefined ? previous[blockId]?.[String(element.action_id)] : undefined;
    const entry = kept ?? elementState(element, blockId, values[blockId]);
    state[blockId] = { [String(element.action_id)]: entry };
    if (block.optional !== true && isEmptyState(entry))
      refused[blockId] = 'Please complete this required field.';
    const text = typeof entry.value === 'string' ? entry.value : undefined;
    if (text !== undefined && typeof element.max_length === 'number' && text.length > element.max_length) {
      refused[blockId] = `Must be ${element.max_length} characters or fewer.`;
    }
    if (text !== undefined && typeof element.min_length === 'number' && text.length < element.min_length) {
      refused[blockId] = `Must be at least ${element.min_length} characters.`;
    }
  }
  return { values: state, refused };
}
