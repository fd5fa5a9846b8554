/**
 * The en/fr message catalog. Every user-facing string comes from here; `fr` must define every key
 * of `en` (the type checks it, and a test checks it at run time too).
 */
import type { Locale } from '../model.ts';
import { en } from './en.ts';
import { fr } from './fr.ts';

export type MessageKey = keyof typeof en;
export type MessageParams = Record<string, string | number>;

export const catalogs: Record<Locale, Record<MessageKey, string>> = { en, fr };

/** Translates `key` into `locale`, replacing `{name}` placeholders with `params`. */
export function t(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  const template = catalogs[locale][key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** True when `key` names a catalog entry (for codes that come from data, such as error codes). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}
