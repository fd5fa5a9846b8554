/**
 * Builds `method-specs.json`, the compact table of Slack Web API arguments the fake checks, from Slack's
 * OpenAPI 2.0 description (slackapi/slack-api-specs, `web-api/slack_web_openapi_v2.json`).
 *
 * Run: `npx tsx src/sandbox/slack-fake/generate-method-specs.ts <path to slack_web_openapi_v2.json>`, then
 * `npx biome format --write src/sandbox/slack-fake/method-specs.json`. The product never reads the spec at
 * run time; it reads the committed table.
 */
import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The argument types the fake checks; everything else is taken as a string. */
export type ArgumentType = 'string' | 'boolean' | 'integer' | 'number' | 'array';

/** What the fake knows about one Web API method's arguments. */
export type MethodSpec = {
  /** The HTTP verb the spec lists; Slack accepts GET and POST for every method, and so does the fake. */
  verb: 'get' | 'post';
  /** Where the entry comes from: the 2020 spec, the spec corrected from docs.slack.dev, or docs.slack.dev only. */
  source: 'openapi' | 'openapi+docs' | 'docs';
  /** Arguments that must be present (the token is checked separately and is not listed). */
  required: string[];
  /** Groups of which at least one argument must be present. */
  oneOf?: string[][];
  /** Every argument the source lists, required ones included. */
  known: string[];
  /** Types of the arguments that are not plain strings. */
  types: Record<string, Exclude<ArgumentType, 'string'>>;
  /** The docs pages a hand-written or corrected entry follows. */
  docs?: string;
};

/** The table: method name → spec, in the order of {@link METHODS}. */
export type MethodSpecTable = Record<string, MethodSpec>;

/** The Web API methods the product calls, hence the ones the fake serves. */
export const METHODS = [
  'auth.test',
  'chat.postMessage',
  'chat.update',
  'chat.postEphemeral',
  'conversations.open',
  'users.info',
  'views.open',
  'views.update',
  'views.push',
  'views.publish',
  'files.getUploadURLExternal',
  'files.completeUploadExternal',
] as const;

/** Methods newer than the 2020 spec, written from their pages on docs.slack.dev. */
const FROM_DOCS: Record<string, MethodSpec> = {
  'files.getUploadURLExternal': {
    verb: 'post',
    source: 'docs',
    required: ['filename', 'length'],
    known: ['filename', 'length', 'snippet_type', 'alt_txt'],
    types: { length: 'integer' },
    docs: 'https://docs.slack.dev/reference/methods/files.getUploadURLExternal/',
  },
  'files.completeUploadExternal': {
    verb: 'post',
    source: 'docs',
    required: ['files'],
    known: ['files', 'channel_id', 'channels', 'thread_ts', 'initial_comment', 'blocks'],
    types: { files: 'array' },
    docs: 'https://docs.slack.dev/reference/methods/files.completeUploadExternal/',
  },
};

/** Where the docs differ from the 2020 spec: views.open and views.push take a trigger or a pointer. */
const DOC_CORRECTIONS: Record<
  string,
  { required: string[]; oneOf: string[][]; extra: string[]; docs: string }
> = {
  'views.open': {
    required: ['view'],
    oneOf: [['trigger_id', 'interactivity_pointer']],
    extra: ['interactivity_pointer'],
    docs: 'https://docs.slack.dev/reference/methods/views.open/',
  },
  'views.push': {
    required: ['view'],
    oneOf: [['trigger_id', 'interactivity_pointer']],
    extra: ['interactivity_pointer'],
    docs: 'https://docs.slack.dev/reference/methods/views.push/',
  },
};

type Parameter = { name: string; in: string; required: boolean; type: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parametersOf(operation: unknown, where: string): Parameter[] {
  if (!isRecord(operation) || !Array.isArray(operation.parameters)) {
    throw new Error(`${where}: no parameters list`);
  }
  return operation.parameters.map((raw, index) => {
    if (!isRecord(raw) || typeof raw.name !== 'string' || typeof raw.in !== 'string') {
      throw new Error(`${where}: parameter ${index} has no name or location`);
    }
    return {
      name: raw.name,
      in: raw.in,
      required: raw.required === true,
      type: typeof raw.type === 'string' ? raw.type : 'string',
    };
  });
}

function typeOf(parameter: Parameter): ArgumentType {
  if (parameter.type === 'boolean' || parameter.type === 'integer' || parameter.type === 'number') {
    return parameter.type;
  }
  if (parameter.type === 'array') return 'array';
  return 'string';
}

function fromSpec(paths: Record<string, unknown>, method: string): MethodSpec {
  const path = paths[`/${method}`];
  if (!isRecord(path)) throw new Error(`the spec has no path /${method}`);
  const verb = 'post' in path ? 'post' : 'get' in path ? 'get' : undefined;
  if (verb === undefined) throw new Error(`/${method} has neither GET nor POST`);
  // The token travels in the Authorization header and is checked before the arguments.
  const parameters = parametersOf(path[verb], `/${method}`).filter((p) => p.name !== 'token');
  const types: MethodSpec['types'] = {};
  for (const parameter of parameters) {
    const type = typeOf(parameter);
    if (type !== 'string') types[parameter.name] = type;
  }
  const spec: MethodSpec = {
    verb,
    source: 'openapi',
    required: parameters.filter((p) => p.required).map((p) => p.name),
    known: parameters.map((p) => p.name),
    types,
  };
  const correction = DOC_CORRECTIONS[method];
  if (correction === undefined) return spec;
  return {
    ...spec,
    source: 'openapi+docs',
    required: correction.required,
    oneOf: correction.oneOf,
    known: [...spec.known, ...correction.extra.filter((name) => !spec.known.includes(name))],
    docs: correction.docs,
  };
}

/** Builds the table from the parsed OpenAPI document; methods missing from it come from {@link FROM_DOCS}. */
export function buildMethodSpecs(openapi: unknown): MethodSpecTable {
  if (!isRecord(openapi) || openapi.swagger !== '2.0' || !isRecord(openapi.paths)) {
    throw new Error('expected an OpenAPI 2.0 document with paths');
  }
  const paths = openapi.paths;
  const table: MethodSpecTable = {};
  for (const method of METHODS) {
    const handWritten = FROM_DOCS[method];
    if (handWritten !== undefined && !(`/${method}` in paths)) table[method] = handWritten;
    else table[method] = fromSpec(paths, method);
  }
  return table;
}

/** The JSON text committed as `method-specs.json`. */
export function formatMethodSpecs(table: MethodSpecTable): string {
  return `${JSON.stringify(table, null, 2)}\n`;
}

async function main(argv: string[]): Promise<void> {
  const specPath = argv[0];
  if (specPath === undefined) {
    throw new Error('usage: generate-method-specs.ts <slack_web_openapi_v2.json> [output.json]');
  }
  const output = argv[1] ?? fileURLToPath(new URL('./method-specs.json', import.meta.url));
  const table = buildMethodSpecs(JSON.parse(await readFile(specPath, 'utf8')));
  writeFileSync(output, formatMethodSpecs(table));
  process.stdout.write(`wrote ${Object.keys(table).length} methods to ${output}\n`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
