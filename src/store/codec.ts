/** Conversions between domain values and column values, shared by the repositories. */

/** Date → epoch milliseconds. */
export function toMs(date: Date): number {
  return date.getTime();
}

/** Nullable date → nullable epoch milliseconds. */
export function toMsOrNull(date: Date | null | undefined): number | null {
  return date ? date.getTime() : null;
}

/** Epoch milliseconds (a number, or a numeric string from a driver that kept bigint as text) → Date. */
export function fromMs(ms: number | string): Date {
  return new Date(Number(ms));
}

/** Nullable epoch milliseconds → nullable Date. */
export function fromMsOrNull(ms: number | string | null): Date | null {
  return ms === null ? null : new Date(Number(ms));
}

/**
 * JSON with object keys sorted and `undefined` members dropped, so that equal values always give
 * equal text (imports compare rows by their text).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const member: unknown = Reflect.get(value, key);
      if (member !== undefined) out[key] = sortKeys(member);
    }
    return out;
  }
  return value;
}

/** Parses JSON this store wrote itself; the column's declared content is the type. */
export function parseJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

/** A set-like list in a stable order, without duplicates. */
export function sortedUnique<T extends string>(values: readonly T[]): T[] {
  return [...new Set(values)].sort();
}

/** Splits rows into batches that stay under both dialects' bound-parameter limits. */
export function chunks<T>(rows: readonly T[], size = 200): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
