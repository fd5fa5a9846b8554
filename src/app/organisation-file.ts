/**
 * Reads the organisation file (DESIGN §2.8): YAML syntax, then the `Organisation` schema, then the
 * cross-references between its sections. Every problem comes back with the line and column of the
 * node at fault, so that a coordinator can fix the file without guessing.
 */
import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { z } from 'zod';
import { Organisation } from '../domain/model.ts';
import { checkOrganisationReferences, closest, type OrgIssue, type OrgPath } from './organisation-checks.ts';

/** One problem in an organisation file, located at a line and column (both 1-based). */
export type OrgFileError = {
  file: string;
  line: number;
  column: number;
  /** Dotted path of the field at fault, like `people[3].certifications[1]`; empty for YAML syntax errors. */
  field: string;
  /** Plain English, saying what to do. */
  message: string;
};

export type OrgFileResult = { ok: true; organisation: Organisation } | { ok: false; errors: OrgFileError[] };

/** Parses and validates an organisation file; `fileName` only labels the errors. */
export function parseOrganisationFile(text: string, fileName: string): OrgFileResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };

  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({
        file: fileName,
        ...at(e.pos[0]),
        field: '',
        message: syntaxMessage(e.code, e.message),
      })),
    };
  }

  const data: unknown = doc.toJS({ maxAliasCount: 1000 });
  const locate = (issue: OrgIssue): OrgFileError => {
    const offset = locateOffset(doc, issue.path, issue.onKey === true);
    let message = issue.message;
    if (issue.related) {
      const related = at(locateOffset(doc, issue.related, false));
      message += ` (see ${formatField(issue.related)} on line ${related.line})`;
    }
    return { file: fileName, ...at(offset), field: formatField(issue.path), message };
  };

  if (data === null || data === undefined) {
    return {
      ok: false,
      errors: [
        locate({
          path: [],
          message:
            'the file is empty; it needs the sections organisation, paths, projects and people (see examples/org.demo.yaml)',
        }),
      ],
    };
  }

  const issues = unknownFields(Organisation, data, []);
  const parsed = Organisation.safeParse(data);
  if (!parsed.success) {
    issues.push(...parsed.error.issues.map((issue) => describeZodIssue(issue, data, doc)));
  }
  // References are only meaningful once every section has the right shape.
  if (parsed.success && issues.length === 0) issues.push(...checkOrganisationReferences(parsed.data));
  if (issues.length > 0 || !parsed.success) return { ok: false, errors: sortErrors(issues.map(locate)) };
  return { ok: true, organisation: parsed.data };
}

/** `file:line:col field: message`, the line the CLI prints for each error. */
export function formatOrgFileError(e: OrgFileError): string {
  const where = `${e.file}:${e.line}:${e.column}`;
  return e.field ? `${where} ${e.field}: ${e.message}` : `${where} ${e.message}`;
}

/** `people[3].certifications[1]` from `['people', 3, 'certifications', 1]`; `(root)` for the document. */
export function formatField(path: OrgPath): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

function sortErrors(errors: OrgFileError[]): OrgFileError[] {
  return errors.sort((a, b) => a.line - b.line || a.column - b.column);
}

function syntaxMessage(code: string, message: string): string {
  if (code === 'DUPLICATE_KEY') return 'this key appears twice in the same mapping; keep one of them';
  if (code === 'TAB_AS_INDENT') return 'YAML indentation must use spaces, not tabs';
  return `YAML syntax error: ${message.replace(/\s+/g, ' ').trim()}`;
}

/**
 * The offset of the node at `path`, or of its nearest existing parent. With `onKey`, the offset of
 * the mapping key itself (for unknown fields).
 */
function locateOffset(doc: Document, path: OrgPath, onKey: boolean): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const segment of path) {
    let next: unknown;
    let keyNode: unknown;
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment),
      );
      keyNode = pair?.key;
      next = pair?.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment];
    }
    if (next === undefined && keyNode === undefined) break;
    const start =
      rangeStart(onKey && segment === path[path.length - 1] ? keyNode : next) ?? rangeStart(keyNode);
    if (start !== undefined) offset = start;
    if (next === undefined || next === null) break;
    node = next;
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  if (node === null || typeof node !== 'object' || !('range' in node)) return undefined;
  const range = (node as Node).range;
  return range ? range[0] : undefined;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

function toOrgPath(path: readonly PropertyKey[]): OrgPath {
  return path.map((s) => (typeof s === 'number' ? s : String(s)));
}

/** Turns one zod issue into a plain-English problem at its path. */
function describeZodIssue(issue: z.core.$ZodIssue, data: unknown, doc: Document): OrgIssue {
  const path = toOrgPath(issue.path);
  const last = path[path.length - 1];
  const value = valueAt(data, issue.path);
  switch (issue.code) {
    case 'invalid_type': {
      if (value === undefined) return { path, message: `missing required field "${String(last)}"; add it` };
      if (last === 'discord' && typeof value === 'number') {
        const source = doc.getIn(issue.path, true);
        const raw = isScalar(source) && source.source !== undefined ? String(source.source) : String(value);
        return {
          path,
          message: `a Discord id must be quoted, or YAML rounds it: write discord: "${raw}"`,
        };
      }
      return { path, message: `expected ${article(issue.expected)}, found ${describeValue(value)}` };
    }
    case 'too_small':
      if (issue.origin === 'array') {
        return {
          path,
          message: `needs at least ${String(issue.minimum)} item(s); add ${issue.minimum === 1 ? 'one' : 'more'}`,
        };
      }
      if (issue.origin === 'string') {
        return {
          path,
          message:
            issue.minimum === 1
              ? 'must not be empty'
              : `must be at least ${String(issue.minimum)} characters long`,
        };
      }
      return { path, message: `must be at least ${String(issue.minimum)}` };
    case 'too_big':
      if (issue.origin === 'array')
        return { path, message: `has too many items (at most ${String(issue.maximum)})` };
      if (issue.origin === 'string') {
        return { path, message: `is too long (at most ${String(issue.maximum)} characters); shorten it` };
      }
      return { path, message: `must be at most ${String(issue.maximum)}` };
    case 'invalid_value':
      return {
        path,
        message: `${describeValue(value)} is not allowed; use one of: ${issue.values.map((v) => String(v)).join(', ')}`,
      };
    case 'invalid_format':
      if (issue.format === 'date')
        return { path, message: `${describeValue(value)} is not a date; write YYYY-MM-DD` };
      return { path, message: `${describeValue(value)}: ${issue.message}` };
    default:
      return { path, message: issue.message };
  }
}

function article(type: string): string {
  if (type === 'array') return 'a list';
  if (type === 'object') return 'a mapping (key: value)';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `"${value}"`;
  return `${typeof value} ${String(value)}`;
}

/**
 * Fields the schema does not know. Zod drops them silently, which would hide a typo such as
 * `certification:`; here each becomes an error naming the known fields.
 */
function unknownFields(schema: z.ZodType, value: unknown, path: OrgPath): OrgIssue[] {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodArray && Array.isArray(value)) {
    return value.flatMap((item, i) => unknownFields(inner.element as z.ZodType, item, [...path, i]));
  }
  if (
    !(inner instanceof z.ZodObject) ||
    value === null ||
    typeof value !== 'object' ||
    Array.isArray(value)
  ) {
    return [];
  }
  const shape = inner.shape as Record<string, z.ZodType>;
  const known = Object.keys(shape);
  const issues: OrgIssue[] = [];
  for (const [key, child] of Object.entries(value)) {
    const childSchema = shape[key];
    if (childSchema) {
      issues.push(...unknownFields(childSchema, child, [...path, key]));
      continue;
    }
    const guess = closest(key, known);
    issues.push({
      path: [...path, key],
      onKey: true,
      message: `unknown field "${key}"; ${guess ? `did you mean "${guess}"? ` : ''}known fields here: ${known.join(', ')}`,
    });
  }
  return issues;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let i = 0; i < 10; i++) {
    if (current instanceof z.ZodDefault || current instanceof z.ZodOptional)
      current = current.unwrap() as z.ZodType;
    else break;
  }
  return current;
}
