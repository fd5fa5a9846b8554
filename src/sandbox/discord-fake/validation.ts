/**
 * Request-body validation for the local Discord fake: the compact schemas of `route-specs.json`
 * (from Discord's OpenAPI document, with the docs' values where they differ) plus the docs' rules a
 * schema cannot say. Failures come back as Discord's `50035 Invalid Form Body` error tree.
 */
import type { RouteSpecFile, SchemaNode } from './spec-schema.ts';

/** One entry of a field's `_errors` list. */
export type FieldError = { code: string; message: string };

/** A field error at a path of keys and array indexes, e.g. `['data', 'components', '0']`. */
export type PathError = { path: string[]; error: FieldError };

/** Discord's nested error object: keys down to the field, then `_errors`. */
export type ErrorTree = { [key: string]: ErrorTree | FieldError[] };

const SNOWFLAKE = /^(0|[1-9][0-9]*)$/;

function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? 'undefined' : text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Python-style repr, as Discord writes the choices in `BASE_TYPE_CHOICES`. */
function repr(value: string | number): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

function lengthError(length: number, min: number | undefined, max: number | undefined): FieldError | null {
  const tooShort = min !== undefined && length < min;
  const tooLong = max !== undefined && length > max;
  if (!tooShort && !tooLong) return null;
  if (min !== undefined && min > 0 && max !== undefined) {
    return { code: 'BASE_TYPE_BAD_LENGTH', message: `Must be between ${min} and ${max} in length.` };
  }
  if (tooLong) return { code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` };
  return { code: 'BASE_TYPE_MIN_LENGTH', message: `Must be ${min} or more in length.` };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates values against the compact schemas of one route-spec file. */
export class BodyValidator {
  readonly #specs: RouteSpecFile;

  constructor(specs: RouteSpecFile) {
    this.#specs = specs;
  }

  /** The field errors of `body` for a served route (`METHOD /path/{param}`); empty when valid. */
  validateRoute(route: string, body: unknown): PathError[] {
    const spec = this.#specs.routes[route];
    if (!spec?.body) return [];
    const out: PathError[] = [];
    this.validate(body, spec.body, [], out);
    return out;
  }

  /** Appends to `out` the errors of `value` against `node` at `path`. */
  validate(value: unknown, node: SchemaNode, path: string[], out: PathError[]): void {
    const schema = this.#resolve(node);
    if (value === null) {
      if (!node.nullable && !schema.nullable) {
        out.push({ path, error: { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' } });
      }
      return;
    }
    if (schema.oneOf) {
      this.#union(value, schema.oneOf, path, out);
      return;
    }
    if (schema.format === 'snowflake') {
      const ok = typeof value === 'string' ? SNOWFLAKE.test(value) : Number.isSafeInteger(value);
      if (!ok)
        out.push({
          path,
          error: { code: 'NUMBER_TYPE_COERCE', message: `Value "${show(value)}" is not snowflake.` },
        });
      return;
    }
    const before = out.length;
    this.#type(value, schema, path, out);
    if (out.length > before) return;
    if (schema.enum && !schema.enum.some((choice) => choice === value || String(choice) === String(value))) {
      const choices = schema.enum.map(repr).join(', ');
      out.push({ path, error: { code: 'BASE_TYPE_CHOICES', message: `Value must be one of (${choices}).` } });
    }
    if (typeof value === 'string') {
      const error = lengthError([...value].length, schema.minLength, schema.maxLength);
      if (error) out.push({ path, error });
    }
    if (typeof value === 'number' || (typeof value === 'string' && schema.type === 'integer')) {
      this.#range(Number(value), schema, path, out);
    }
    if (Array.isArray(value)) {
      const error = lengthError(value.length, schema.minItems, schema.maxItems);
      if (error) out.push({ path, error });
      const items = schema.items;
      if (items) {
        value.forEach((item, index) => {
          this.validate(item, items, [...path, String(index)], out);
        });
      }
    }
    if (isRecord(value)) this.#object(value, schema, path, out);
  }

  #resolve(node: SchemaNode): SchemaNode {
    if (!node.$ref) return node;
    const target = this.#specs.schemas[node.$ref];
    if (!target) throw new Error(`route-specs.json has no schema ${node.$ref}`);
    return target;
  }

  #type(value: unknown, schema: SchemaNode, path: string[], out: PathError[]): void {
    const fail = (code: string, message: string) => out.push({ path, error: { code, message } });
    switch (schema.type) {
      case 'string':
        if (typeof value !== 'string')
          fail('BASE_TYPE_STRING', `Could not interpret "${show(value)}" as string.`);
        return;
      case 'integer': {
        const ok =
          typeof value === 'number'
            ? Number.isInteger(value)
            : typeof value === 'string' && /^-?\d+$/.test(value);
        if (!ok) fail('NUMBER_TYPE_COERCE', `Value "${show(value)}" is not int.`);
        return;
      }
      case 'number':
        if (typeof value !== 'number' && !(typeof value === 'string' && Number.isFinite(Number(value)))) {
          fail('NUMBER_TYPE_COERCE', `Value "${show(value)}" is not a valid float.`);
        }
        return;
      case 'boolean':
        if (typeof value !== 'boolean') fail('BASE_TYPE_BOOLEAN', 'Must be either true or false.');
        return;
      case 'array':
        if (!Array.isArray(value)) fail('LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
        return;
      case 'object':
        if (!isRecord(value)) fail('DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
        return;
      default:
        return;
    }
  }

  #range(value: number, schema: SchemaNode, path: string[], out: PathError[]): void {
    if (schema.minimum !== undefined && value < schema.minimum) {
      const message = `int value should be greater than or equal to ${schema.minimum}.`;
      out.push({ path, error: { code: 'NUMBER_TYPE_MIN', message } });
    }
    if (schema.maximum !== undefined && value > schema.maximum) {
      const message = `int value should be less than or equal to ${schema.maximum}.`;
      out.push({ path, error: { code: 'NUMBER_TYPE_MAX', message } });
    }
  }

  #object(value: Record<string, unknown>, schema: SchemaNode, path: string[], out: PathError[]): void {
    for (const key of schema.required ?? []) {
      if (value[key] === undefined) {
        out.push({
          path: [...path, key],
          error: { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' },
        });
      }
    }
    for (const [key, child] of Object.entries(schema.properties ?? {})) {
      if (value[key] !== undefined) this.validate(value[key], child, [...path, key], out);
    }
    const extra = schema.additionalProperties;
    if (extra) {
      const keys = Object.keys(value);
      if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) {
        const error = lengthError(keys.length, undefined, schema.maxProperties);
        if (error) out.push({ path, error });
      }
      for (const key of keys) this.validate(value[key], extra, [...path, key], out);
    }
  }

  /** A union: object branches are chosen by their `type` field, others by the first that fits. */
  #union(value: unknown, branches: SchemaNode[], path: string[], out: PathError[]): void {
    const typed = branches.map((b) => ({ node: b, types: this.#resolve(b).properties?.type?.enum }));
    if (isRecord(value) && typed.every((b) => b.types !== undefined)) {
      if (value.type === undefined) {
        out.push({
          path: [...path, 'type'],
          error: { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' },
        });
        return;
      }
      const match = typed.find((b) => b.types?.some((t) => String(t) === String(value.type)));
      if (!match) {
        const all = [...new Set(typed.flatMap((b) => b.types ?? []))].sort((a, b) => Number(a) - Number(b));
        const message = `Value of field "type" must be one of (${all.join(', ')}).`;
        out.push({ path, error: { code: 'UNION_TYPE_CHOICES', message } });
        return;
      }
      this.validate(value, match.node, path, out);
      return;
    }
    let first: PathError[] | null = null;
    for (const branch of branches) {
      const attempt: PathError[] = [];
      this.validate(value, branch, path, attempt);
      if (attempt.length === 0) return;
      first ??= attempt;
    }
    out.push(...(first ?? []));
  }
}

/** Builds Discord's nested `errors` object from path errors. */
export function errorTree(errors: PathError[]): ErrorTree {
  const root: ErrorTree = {};
  for (const { path, error } of errors) {
    let node = root;
    for (const key of path) {
      const next = node[key];
      if (next && !Array.isArray(next)) {
        node = next;
      } else {
        const child: ErrorTree = {};
        node[key] = child;
        node = child;
      }
    }
    const list = node._errors;
    if (Array.isArray(list)) list.push(error);
    else node._errors = [error];
  }
  return root;
}

/** Discord's 50035 body for a list of field errors. */
export function invalidFormBody(errors: PathError[]): { code: number; errors: ErrorTree; message: string } {
  return { code: 50035, errors: errorTree(errors), message: 'Invalid Form Body' };
}
