/** How a coded refusal reads to the person who met it, in their language. */
import { isMessageKey, t } from '../../domain/catalog/index.ts';
import type { DeskError } from '../../domain/errors.ts';
import type { Locale } from '../../domain/model.ts';

/** The message of a coded error, with rule and status ids in its params translated too. */
export function describeDeskError(locale: Locale, error: DeskError): string {
  const params: Record<string, string | number> = { ...error.params };
  const translate = (key: string, fallback: string | number) =>
    isMessageKey(key) ? t(locale, key) : fallback;
  if (typeof params.rule === 'string') params.rule = translate(`rule.${params.rule}.failed`, params.rule);
  for (const name of ['from', 'status'] as const) {
    const value = params[name];
    if (typeof value === 'string') params[name] = translate(`status.${value}`, value);
  }
  const key = `error.${error.code}`;
  return isMessageKey(key) ? t(locale, key, params) : error.code;
}
