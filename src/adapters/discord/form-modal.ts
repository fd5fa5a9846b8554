/**
 * A `FormView` as a Discord modal, and a modal submission back as `FormValues`. A modal holds 1–5
 * top-level components, each a Label wrapping one input: a text input, a radio group (2–10
 * options), a string select (other option counts, ≤ 25) or a checkbox group. Titles and labels are
 * cut to 45 characters, descriptions to 100, text inputs to 4000.
 */
import {
  type APIModalInteractionResponseCallbackData,
  CheckboxGroupBuilder,
  LabelBuilder,
  ModalBuilder,
  type ModalSubmitFields,
  RadioGroupBuilder,
  StringSelectMenuBuilder,
  TextDisplayBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { shorten } from '../../views/messages/message-format.ts';
import type { FormField, FormOption, FormValues, FormView } from '../../views/view-model.ts';
import { CUSTOM_ID_MAX, reportModalId } from './custom-ids.ts';

/** Discord's modal limits (API reference, "Modal" and "Component" limits). */
export const MODAL_LIMITS = {
  components: 5,
  title: 45,
  label: 45,
  description: 100,
  textInput: 4000,
  placeholder: 100,
  selectOptions: 25,
  optionText: 100,
  radioMin: 2,
  groupMax: 10,
  textDisplay: 4000,
} as const;

/** The custom id a form's modal carries, so its submission finds its way back. */
export function modalIdOf(form: FormView): string {
  const evaluation = String(form.metadata.evaluation ?? '');
  if (form.callback === 'report') return reportModalId(evaluation, Number(form.metadata.step ?? 0));
  return `${form.callback}:${evaluation}`.slice(0, CUSTOM_ID_MAX);
}

function option(o: FormOption, selected: boolean) {
  return {
    label: shorten(o.label, MODAL_LIMITS.optionText) || o.value,
    value: o.value.slice(0, MODAL_LIMITS.optionText),
    ...(o.description ? { description: shorten(o.description, MODAL_LIMITS.optionText) } : {}),
    ...(selected ? { default: true } : {}),
  };
}

function textInput(field: Extract<FormField, { kind: 'text' | 'textarea' }>): TextInputBuilder {
  const max = Math.min(field.maxLength ?? MODAL_LIMITS.textInput, MODAL_LIMITS.textInput);
  const input = new TextInputBuilder()
    .setCustomId(field.id)
    .setStyle(field.kind === 'textarea' ? TextInputStyle.Paragraph : TextInputStyle.Short)
    .setRequired(field.required)
    .setMaxLength(max);
  if (field.initial) input.setValue(field.initial.slice(0, max));
  if (field.placeholder) input.setPlaceholder(shorten(field.placeholder, MODAL_LIMITS.placeholder));
  return input;
}

function select(
  id: string,
  options: readonly FormOption[],
  initial: readonly string[],
  required: boolean,
  many: boolean,
) {
  const shown = options.slice(0, MODAL_LIMITS.selectOptions);
  return new StringSelectMenuBuilder()
    .setCustomId(id)
    .setRequired(required)
    .setMinValues(required ? 1 : 0)
    .setMaxValues(many ? shown.length : 1)
    .addOptions(shown.map((o) => option(o, initial.includes(o.value))));
}

function label(field: FormField): LabelBuilder {
  const builder = new LabelBuilder().setLabel(shorten(field.label, MODAL_LIMITS.label) || field.id);
  if (field.hint) builder.setDescription(shorten(field.hint, MODAL_LIMITS.description));
  switch (field.kind) {
    case 'text':
    case 'textarea':
      return builder.setTextInputComponent(textInput(field));
    case 'select':
    case 'radio': {
      const initial = field.initial ? [field.initial] : [];
      const fitsRadio =
        field.kind === 'radio' &&
        field.options.length >= MODAL_LIMITS.radioMin &&
        field.options.length <= MODAL_LIMITS.groupMax;
      if (!fitsRadio)
        return builder.setStringSelectMenuComponent(
          select(field.id, field.options, initial, field.required, false),
        );
      return builder.setRadioGroupComponent(
        new RadioGroupBuilder()
          .setCustomId(field.id)
          .setRequired(field.required)
          .addOptions(field.options.map((o) => option(o, initial.includes(o.value)))),
      );
    }
    case 'checkbox': {
      const initial = field.initial ?? [];
      if (field.options.length > MODAL_LIMITS.groupMax)
        return builder.setStringSelectMenuComponent(
          select(field.id, field.options, initial, field.required, true),
        );
      return builder.setCheckboxGroupComponent(
        new CheckboxGroupBuilder()
          .setCustomId(field.id)
          .setRequired(field.required)
          .setMinValues(field.required ? 1 : 0)
          .setMaxValues(field.options.length)
          .addOptions(field.options.map((o) => option(o, initial.includes(o.value)))),
      );
    }
  }
}

/**
 * The modal of a form. Fields beyond five are left out (the Discord flow splits forms into steps
 * of five); the intro is shown above the fields when there is room for it.
 */
export function renderModal(
  form: FormView,
  customId: string = modalIdOf(form),
): APIModalInteractionResponseCallbackData {
  const fields = form.fields.slice(0, MODAL_LIMITS.components);
  const modal = new ModalBuilder()
    .setCustomId(customId.slice(0, CUSTOM_ID_MAX))
    .setTitle(shorten(form.title, MODAL_LIMITS.title) || form.callback);
  if (form.intro && fields.length < MODAL_LIMITS.components) {
    modal.addTextDisplayComponents(
      new TextDisplayBuilder().setContent(shorten(form.intro, MODAL_LIMITS.textDisplay)),
    );
  }
  modal.addLabelComponents(fields.map(label));
  return modal.toJSON();
}

/**
 * What was entered in a submitted modal, by field id: text inputs and radio groups give a string,
 * string selects and checkbox groups a list. An empty radio group is left out. Only text is kept,
 * whatever the payload holds, so nothing else reaches the draft.
 */
export function valuesOf(fields: ModalSubmitFields): FormValues {
  const values: FormValues = {};
  for (const [id, data] of fields.fields) {
    if ('values' in data) {
      const raw: unknown = data.values;
      values[id] = Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : [];
    } else if ('value' in data) {
      if (typeof data.value === 'string') values[id] = data.value;
      else if (typeof data.value === 'boolean') values[id] = data.value ? 'yes' : '';
    }
  }
  return values;
}
