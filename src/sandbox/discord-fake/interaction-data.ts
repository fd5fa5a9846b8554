/**
 * The `data` of interactions the local Discord fake sends, built the way a Discord client fills
 * them: chat-input options typed from the registered command (subcommand groups, subcommands,
 * focused autocomplete option), the clicked component of a message, and a modal's submitted values
 * in the Label layout (text input `value`, selects and checkbox groups `values`, radio `value`).
 */
import type { RegisteredCommand } from './types.ts';

/** A value typed into a command option. */
export type OptionValue = string | number | boolean;

/** What a person submits in a modal, by the input's `custom_id`. */
export type ModalValues = Record<string, string | string[] | boolean>;

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** Option type of a value when no registered command says it. */
function inferType(value: OptionValue): number {
  if (typeof value === 'boolean') return 5;
  if (typeof value === 'number') return Number.isInteger(value) ? 4 : 10;
  return 3;
}

/** The `options` of a chat-input command or autocomplete interaction. */
export function commandOptions(
  command: RegisteredCommand | undefined,
  input: {
    subcommandGroup?: string;
    subcommand?: string;
    options?: Record<string, OptionValue>;
    focused?: string;
  },
): Json[] {
  let defs = list(command?.body.options);
  const wrap: Array<{ type: number; name: string }> = [];
  for (const [type, name] of [
    [2, input.subcommandGroup],
    [1, input.subcommand],
  ] as const) {
    if (name === undefined) continue;
    const def = defs.find((d) => d.name === name && d.type === type);
    if (command && !def)
      throw new Error(`/${String(command.body.name)} has no ${type === 2 ? 'group' : 'subcommand'} ${name}`);
    defs = list(def?.options);
    wrap.push({ type, name });
  }
  const values = input.options ?? {};
  for (const def of defs) {
    if (def.required === true && values[String(def.name)] === undefined && input.focused === undefined) {
      throw new Error(`option ${String(def.name)} is required`);
    }
  }
  let options: Json[] = Object.entries(values).map(([name, value]) => {
    const def = defs.find((d) => d.name === name);
    if (command && !def) throw new Error(`/${String(command.body.name)} has no option ${name}`);
    const choices = list(def?.choices);
    if (choices.length > 0 && name !== input.focused && !choices.some((c) => c.value === value)) {
      throw new Error(`option ${name} must be one of its choices`);
    }
    const type = typeof def?.type === 'number' ? def.type : inferType(value);
    return { type, name, value, ...(name === input.focused ? { focused: true } : {}) };
  });
  for (const level of wrap.reverse()) options = [{ type: level.type, name: level.name, options }];
  return options;
}

/** Finds a component by `custom_id` in a message's components (rows, containers, sections). */
export function findComponent(components: unknown[], customId: string): Json | undefined {
  for (const c of components) {
    if (!isRecord(c)) continue;
    if (c.custom_id === customId) return c;
    const nested = [...list(c.components), ...(isRecord(c.accessory) ? [c.accessory] : [])];
    const found = findComponent(nested, customId);
    if (found) return found;
  }
  return undefined;
}

/** Checks a string select's chosen values against its options and bounds. */
export function checkSelectValues(component: Json, values: string[]): void {
  const options = list(component.options).map((o) => o.value);
  const min = typeof component.min_values === 'number' ? component.min_values : 1;
  const max = typeof component.max_values === 'number' ? component.max_values : 1;
  if (component.type === 3 && values.some((v) => !options.includes(v))) {
    throw new Error(`${String(component.custom_id)}: ${values.join(', ')} is not among the options`);
  }
  if (
    values.length > max ||
    (values.length < min && !(component.required === false && values.length === 0))
  ) {
    throw new Error(`${String(component.custom_id)}: choose between ${min} and ${max}`);
  }
}

function textValue(input: Json, given: ModalValues[string] | undefined): string {
  const value = typeof given === 'string' ? given : typeof input.value === 'string' ? input.value : '';
  const id = String(input.custom_id);
  const required = input.required !== false;
  const length = [...value].length;
  if (required && length === 0) throw new Error(`${id} is required`);
  if (length > 0 && typeof input.min_length === 'number' && length < input.min_length) {
    throw new Error(`${id} needs at least ${input.min_length} characters`);
  }
  if (typeof input.max_length === 'number' && length > input.max_length) {
    throw new Error(`${id} takes at most ${input.max_length} characters`);
  }
  return value;
}

/** The submitted form of one interactive modal component. */
function submitted(component: Json, values: ModalValues, used: Set<string>): Json {
  const id = String(component.custom_id);
  used.add(id);
  const given = values[id];
  const base = { type: component.type, id: component.id, custom_id: id };
  switch (component.type) {
    case 4:
      return { ...base, value: textValue(component, given) };
    case 21: {
      const value = typeof given === 'string' ? given : null;
      const options = list(component.options).map((o) => o.value);
      if (value !== null && !options.includes(value))
        throw new Error(`${id}: ${value} is not among the options`);
      if (value === null && component.required !== false) throw new Error(`${id} is required`);
      return { ...base, value };
    }
    case 23:
      return { ...base, value: given === true };
    default: {
      const chosen = Array.isArray(given) ? given : typeof given === 'string' ? [given] : [];
      if (component.type === 3 || component.type === 22)
        checkSelectValues(
          {
            ...component,
            min_values: component.min_values ?? (component.type === 22 ? 0 : 1),
            max_values: component.max_values ?? (component.type === 22 ? list(component.options).length : 1),
          },
          chosen,
        );
      return { ...base, values: chosen };
    }
  }
}

/** Gives every component without an `id` the next number, depth first, as Discord does. */
function numbered(components: Json[], next: { n: number }): Json[] {
  return components.map((c) => {
    const copy: Json = { ...c, id: typeof c.id === 'number' ? c.id : next.n++ };
    if (isRecord(c.component)) copy.component = numbered([c.component], next)[0];
    if (Array.isArray(c.components)) copy.components = numbered(list(c.components), next);
    return copy;
  });
}

/** The `data.components` of a modal submit for the modal the bot opened. */
export function modalSubmitComponents(modal: Json, values: ModalValues): Json[] {
  const used = new Set<string>();
  const out = numbered(list(modal.components), { n: 1 }).map((top): Json => {
    if (top.type === 18 && isRecord(top.component)) {
      return { type: 18, id: top.id, component: submitted(top.component, values, used) };
    }
    if (top.type === 1) {
      return { type: 1, id: top.id, components: list(top.components).map((c) => submitted(c, values, used)) };
    }
    return { type: top.type, id: top.id };
  });
  const unknown = Object.keys(values).filter((k) => !used.has(k));
  if (unknown.length > 0) throw new Error(`the modal has no input ${unknown.join(', ')}`);
  return out;
}
