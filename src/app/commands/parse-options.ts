/**
 * Turns raw option strings (Slack's text split into words, Discord's typed options) into typed
 * values, with a problem per option in the person's language. Pure.
 */
import { type MessageKey, t } from '../../domain/catalog/index.ts';
import type { Locale } from '../../domain/model.ts';
import { dateFormat } from '../../views/date-format.ts';
import type { OptionSpec } from './command-spec.ts';

export type RawOptions = Record<string, string | undefined>;
export type OptionValue = string | number | Date;
export type OptionProblem = { option: string; message: string };
export type ParsedOptions =
  | { ok: true; values: Record<string, OptionValue> }
  | { ok: false; problem: OptionProblem };

/** `/assess decline <evaluation> [reason]` */
export function usageOf(path: string, options: readonly OptionSpec[]): string {
  const parts = options.map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`));
  return [`/${path}`, ...parts].join(' ');
}

/**
 * Splits a Slack command's text into words (quotes group words: `"two words"`) and assigns them to
 * the options in order; an option marked `rest` takes everything left.
 */
export function rawOptionsFromText(
  options: readonly OptionSpec[],
  words: string[],
): { raw: RawOptions; extra: string[] } {
  const raw: RawOptions = {};
  let index = 0;
  for (const option of options) {
    if (index >= words.length) break;
    if (option.rest) {
      raw[option.name] = words.slice(index).join(' ');
      index = words.length;
    } else {
      raw[option.name] = words[index];
      index += 1;
    }
  }
  return { raw, extra: words.slice(index) };
}

/** Words of a command's text, keeping quoted phrases together. */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  for (const match of text.matchAll(/"([^"]*)"|“([^”]*)”|(\S+)/g)) {
    words.push(match[1] ?? match[2] ?? match[3] ?? '');
  }
  return words.filter((w) => w.length > 0);
}

/** Milliseconds to add to UTC to get the wall time in `timeZone` at `instant`. */
function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts = dateFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

/** `2026-12-24 14:30` in `timeZone` (or an ISO 8601 instant) → Date; null when not a valid time. */
export function parseDateTime(text: string, timeZone: string): Date | null {
  const local = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})$/.exec(text.trim());
  if (local) {
    const [, y, mo, d, h, mi] = local.map(Number);
    const guess = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0);
    const date = new Date(guess - zoneOffsetMs(guess, timeZone));
    return Number.isNaN(date.getTime()) || (mo ?? 0) > 12 || (h ?? 0) > 23 ? null : date;
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text.trim())) return null;
  const date = new Date(text.trim());
  return Number.isNaN(date.getTime()) ? null : date;
}

function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

function problem(
  locale: Locale,
  option: string,
  key: MessageKey,
  params: Record<string, string | number> = {},
) {
  return { ok: false as const, problem: { option, message: t(locale, key, params) } };
}

/** Converts each option by its kind; the first problem is returned, naming the option. */
export function parseOptions(
  options: readonly OptionSpec[],
  raw: RawOptions,
  locale: Locale,
  timeZone: string,
): ParsedOptions {
  const values: Record<string, OptionValue> = {};
  for (const option of options) {
    const text = raw[option.name]?.trim();
    if (text === undefined || text === '') {
      if (option.required) return problem(locale, option.name, 'command.problem.required');
      continue;
    }
    switch (option.kind) {
      case 'text':
        if (option.maxLength !== undefined && text.length > option.maxLength) {
          return problem(locale, option.name, 'command.problem.too_long', { max: option.maxLength });
        }
        values[option.name] = text;
        break;
      case 'integer': {
        const min = option.min ?? 0;
        const max = option.max ?? 1000;
        const n = Number(text);
        if (!Number.isInteger(n) || n < min || n > max) {
          return problem(locale, option.name, 'command.problem.integer', { min, max });
        }
        values[option.name] = n;
        break;
      }
      case 'choice': {
        const choices = option.choices ?? [];
        const match = choices.find((c) => c.toLowerCase() === text.toLowerCase());
        if (!match)
          return problem(locale, option.name, 'command.problem.choice', { choices: choices.join(', ') });
        values[option.name] = match;
        break;
      }
      case 'date':
        if (!isCalendarDate(text)) return problem(locale, option.name, 'command.problem.date');
        values[option.name] = text;
        break;
      case 'datetime': {
        const date = parseDateTime(text, timeZone);
        if (!date) return problem(locale, option.name, 'command.problem.datetime');
        values[option.name] = date;
        break;
      }
      case 'evaluation':
        if (!/^e-\d{1,9}$/i.test(text)) return problem(locale, option.name, 'command.problem.evaluation');
        values[option.name] = text.toUpperCase();
        break;
      default:
        if (!/^[a-z0-9][a-z0-9._-]{0,63}$/i.test(text))
          return problem(locale, option.name, 'command.problem.id');
        values[option.name] = text.toLowerCase();
    }
  }
  return { ok: true, values };
}
