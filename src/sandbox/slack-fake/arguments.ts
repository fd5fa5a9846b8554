/**
 * Web API arguments: read from the query and a form-encoded or JSON body (as @slack/web-api sends them),
 * the token from `Authorization: Bearer …` or a `token` field, and checked against the committed table
 * generated from Slack's OpenAPI description (required arguments and the types it gives).
 */
import type { ArgumentType, MethodSpec, MethodSpecTable } from './generate-method-specs.ts';
import specs from './method-specs.json' with { type: 'json' };
import type { JsonObject } from './types.ts';
import { errorBody, type SlackErrorBody } from './views.ts';

/** The argument table (method → spec), generated from Slack's OpenAPI 2.0 description. */
export const METHOD_SPECS = specs as MethodSpecTable;

/** Arguments every call may carry besides the method's own. */
const ALWAYS_ACCEPTED = new Set(['token', 'team_id']);

/** The arguments and token of one Web API request. */
export type ApiRequest = { args: JsonObject; token: string | undefined; json: boolean };

function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a request's arguments: query first, then the body (JSON object or form fields). */
export function readApiRequest(
  contentType: string | undefined,
  body: string,
  query: URLSearchParams,
  authorization: string | undefined,
): ApiRequest | SlackErrorBody {
  const args: JsonObject = Object.fromEntries(query.entries());
  const json = (contentType ?? '').toLowerCase().startsWith('application/json');
  if (json && body.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return errorBody('invalid_json');
    }
    if (!isRecord(parsed)) return errorBody('json_not_object');
    // Slack reads a JSON body's token only from the Authorization header.
    const { token: _ignored, ...rest } = parsed;
    Object.assign(args, rest);
  } else if (!json) {
    Object.assign(args, Object.fromEntries(new URLSearchParams(body).entries()));
  }
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  const fromArgs = typeof args.token === 'string' && args.token !== '' ? args.token : undefined;
  delete args.token;
  return { args, token: bearer ?? fromArgs, json };
}

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

function hasType(value: unknown, type: Exclude<ArgumentType, 'string'>): boolean {
  switch (type) {
    case 'boolean':
      return (
        typeof value === 'boolean' || value === 0 || value === 1 || /^(true|false|0|1)$/i.test(String(value))
      );
    case 'integer':
      return Number.isInteger(value) || (typeof value === 'string' && /^-?\d+$/.test(value));
    case 'number':
      return (typeof value === 'number' || typeof value === 'string') && Number.isFinite(Number(value));
    case 'array':
      return Array.isArray(value) || (typeof value === 'string' && Array.isArray(safeParse(value)));
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The spec of a method the fake serves, or undefined. */
export function methodSpec(method: string): MethodSpec | undefined {
  return Object.hasOwn(METHOD_SPECS, method) ? METHOD_SPECS[method] : undefined;
}

/** Checks required arguments and known types; unknown arguments pass, as on Slack. */
export function checkArguments(spec: MethodSpec, args: JsonObject): SlackErrorBody | undefined {
  const lines: string[] = [];
  for (const name of spec.required) {
    if (!isPresent(args[name])) lines.push(`[ERROR] missing required field: ${name}`);
  }
  for (const group of spec.oneOf ?? []) {
    if (!group.some((name) => isPresent(args[name]))) {
      lines.push(`[ERROR] missing required field: one of ${group.join(', ')}`);
    }
  }
  for (const [name, type] of Object.entries(spec.types)) {
    const value = args[name];
    if (isPresent(value) && !hasType(value, type)) {
      lines.push(
        `[ERROR] must be ${type === 'integer' || type === 'array' ? 'an' : 'a'} ${type} [json-pointer:/${name}]`,
      );
    }
  }
  return lines.length === 0 ? undefined : errorBody('invalid_arguments', lines);
}

/** The argument names a call sent that its method does not list (Slack ignores them; the log shows them). */
export function unknownArguments(spec: MethodSpec, args: JsonObject): string[] {
  return Object.keys(args).filter((name) => !spec.known.includes(name) && !ALWAYS_ACCEPTED.has(name));
}

/** A string argument (numbers and booleans are stringified, as in a form). */
export function stringArg(args: JsonObject, name: string): string | undefined {
  const value = args[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A boolean argument in any of the forms Slack accepts. */
export function booleanArg(args: JsonObject, name: string): boolean {
  const value = args[name];
  return value === true || value === 1 || (typeof value === 'string' && /^(true|1)$/i.test(value));
}

/** A JSON argument: an object or array sent as is in a JSON body, or as a JSON string in a form. */
export function jsonArg(args: JsonObject, name: string): { value: unknown } | { invalid: true } | undefined {
  const value = args[name];
  if (!isPresent(value)) return undefined;
  if (typeof value !== 'string') return { value };
  const parsed = safeParse(value);
  return parsed === undefined ? { invalid: true } : { value: parsed };
}
