/**
 * What every message builder shares: the reader's locale and timezone, dates in that locale, and
 * fitting a message within both platforms' limits (Discord 2000 characters per message, Slack 3000
 * per section, 150 per header, 50 blocks) by shortening long free-text fields and saying so.
 */
import { type MessageKey, type MessageParams, t } from '../../domain/catalog/index.ts';
import type { Locale } from '../../domain/model.ts';
import { dateFormat } from '../date-format.ts';
import type { Audience, BlockView, MessageView } from '../view-model.ts';

/** Who reads the message: their locale, and the organisation's timezone for dates. */
export type ReaderContext = { locale: Locale; timeZone: string };

/** Discord refuses a message longer than this; the plain text of every message stays within it. */
export const DISCORD_MESSAGE_LIMIT = 2000;
/** Slack's limit for one section's text. */
export const SLACK_SECTION_LIMIT = 3000;
/** Slack's limit for a header block. */
export const SLACK_HEADER_LIMIT = 150;
/** Slack's limit for blocks in one message. */
export const SLACK_BLOCK_LIMIT = 50;

/** The longest a free-text field may be, tried in turn until the whole message fits. */
const BUDGETS = [1500, 900, 600, 400, 250, 150, 80, 40] as const;
/** No field is cut shorter than this, whatever its share of the budget. */
const MIN_CLIP = 20;

function intlLocale(locale: Locale): string {
  return locale === 'fr' ? 'fr-FR' : 'en-GB';
}

/** A valid IANA zone, or UTC when the organisation file names one this runtime does not know. */
function safeZone(timeZone: string): string {
  try {
    dateFormat('en', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

/** A date and time in the reader's locale and the organisation's timezone, with the zone named. */
export function formatDateTime(date: Date, reader: ReaderContext): string {
  return dateFormat(intlLocale(reader.locale), {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: safeZone(reader.timeZone),
    timeZoneName: 'short',
  }).format(date);
}

/** A calendar date in the reader's locale and the organisation's timezone. */
export function formatDay(date: Date, reader: ReaderContext): string {
  return dateFormat(intlLocale(reader.locale), {
    dateStyle: 'long',
    timeZone: safeZone(reader.timeZone),
  }).format(date);
}

/**
 * Cuts `text` to at most `max` characters, ending with an ellipsis; cuts at a word boundary when
 * one is close, and never inside a surrogate pair. Text that fits is returned trimmed.
 */
export function shorten(text: string, max: number): string {
  const trimmed = text.trim();
  if (trimmed.length <= max) return trimmed;
  let end = Math.max(0, max - 1);
  const code = trimmed.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  let cut = trimmed.slice(0, end);
  const space = cut.lastIndexOf(' ');
  if (space > end - 20 && space > 0) cut = cut.slice(0, space);
  return `${cut.trimEnd()}…`;
}

/** Shortens a free-text field to its share (0–1] of the current budget, remembering that it did. */
export type Clip = (text: string, share?: number) => string;

/** A message before it is fitted: its blocks and its reader. */
export type MessageDraft = { blocks: BlockView[]; audience: Audience };

/** Translates with the reader's locale; builders take it from their `ReaderContext`. */
export function translator(reader: ReaderContext): (key: MessageKey, params?: MessageParams) => string {
  return (key, params) => t(reader.locale, key, params);
}

/** The message as plain lines: what platforms without rich layout show, and what Discord's limit counts. */
export function plainText(locale: Locale, blocks: readonly BlockView[]): string {
  const lines: string[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case 'header':
      case 'text':
      case 'context':
        lines.push(block.text);
        break;
      case 'fields':
        for (const f of block.fields)
          lines.push(t(locale, 'notify.field', { label: f.label, value: f.value }));
        break;
      case 'divider':
      case 'actions':
        break;
    }
  }
  return lines.join('\n');
}

/** Keeps each block within Slack's per-block limits (the whole-message limit is checked apart). */
function clampBlock(block: BlockView): BlockView {
  switch (block.type) {
    case 'header':
      return { type: 'header', text: shorten(block.text, SLACK_HEADER_LIMIT) };
    case 'text':
    case 'context':
      return { type: block.type, text: shorten(block.text, SLACK_SECTION_LIMIT) };
    default:
      return block;
  }
}

function fits(view: MessageView): boolean {
  return view.text.length <= DISCORD_MESSAGE_LIMIT && view.blocks.length <= SLACK_BLOCK_LIMIT;
}

/**
 * Builds a message that fits: `build` is called with ever smaller budgets for its free-text fields
 * until the plain text is within Discord's limit; a message that shortened anything says so. A
 * message that cannot fit even then (a huge rubric) becomes one shortened text block, buttons kept.
 */
export function fitMessage(locale: Locale, build: (clip: Clip) => MessageDraft): MessageView {
  let last: MessageView | null = null;
  for (const budget of BUDGETS) {
    const state = { shortened: false };
    const clip: Clip = (text, share = 1) => {
      const cut = shorten(text, Math.max(MIN_CLIP, Math.floor(budget * share)));
      if (cut !== text.trim()) state.shortened = true;
      return cut;
    };
    const draft = build(clip);
    const blocks = draft.blocks.map(clampBlock);
    if (state.shortened) blocks.push({ type: 'context', text: t(locale, 'notify.shortened') });
    last = { text: plainText(locale, blocks), blocks, audience: draft.audience };
    if (fits(last)) return last;
  }
  if (!last) throw new Error('no budget to fit a message');
  const text = shorten(last.text, DISCORD_MESSAGE_LIMIT);
  const actions = last.blocks.filter((b) => b.type === 'actions');
  return { text, blocks: [{ type: 'text', text }, ...actions], audience: last.audience };
}

/** A bulleted list, one item a line, or null when empty (so callers can skip the block). */
export function bullets(locale: Locale, items: readonly string[]): string | null {
  if (items.length === 0) return null;
  return items.map((text) => t(locale, 'notify.bullet', { text })).join('\n');
}

/** Adds a text block only when there is text. */
export function pushText(blocks: BlockView[], text: string | null | undefined): void {
  if (text && text.trim() !== '') blocks.push({ type: 'text', text });
}
