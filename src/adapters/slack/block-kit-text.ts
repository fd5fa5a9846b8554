/** Text for Block Kit: mrkdwn escaping, clipping within limits, plain-text objects, splitting. */
import type { types } from '@slack/bolt';

/** A block Slack accepts in messages, modals and the Home tab. */
export type SlackBlock = types.KnownBlock;

/** Escapes the three characters Slack reserves for mentions and links (`&`, `<`, `>`). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts `text` to `max` characters with an ellipsis, never inside a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** An escaped mrkdwn text of at most `max` characters: escaping may lengthen it, so clip after. */
export function mrkdwn(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  // Never cut an entity in half: back off to before a partial `&…;`.
  let cut = clip(escaped, max).slice(0, -1);
  const amp = cut.lastIndexOf('&');
  if (amp >= 0 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  return `${cut}…`;
}

/** Plain text for headers, labels and buttons: no escaping (Slack shows it as is). */
export function plain(text: string, max: number): types.PlainTextElement {
  return { type: 'plain_text', text: clip(text.trim() || '…', max), emoji: true };
}

/** Splits escaped text into pieces of at most `max` characters, at line breaks when it can. */
export function splitText(text: string, max: number): string[] {
  const escaped = escapeMrkdwn(text);
  const pieces: string[] = [];
  let rest = escaped;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) cut = max;
    const amp = rest.lastIndexOf('&', cut);
    if (amp >= 0 && amp > cut - 6 && !rest.slice(amp, cut).includes(';')) cut = amp;
    const code = rest.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\n/, '');
  }
  if (rest.trim()) pieces.push(rest);
  return pieces;
}
