/**
 * Renders platform-neutral `MessageView`s as Discord messages within Discord's limits: plain text
 * as `content` (2000 characters), richer layouts as embeds (≤ 10, 6000 characters across them,
 * description ≤ 4096, ≤ 25 fields of ≤ 1024), buttons as action rows (≤ 5 per row, ≤ 5 rows).
 */
import {
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIEmbedField,
  ButtonStyle,
  ComponentType,
} from 'discord.js';
import { shorten } from '../../views/messages/message-format.ts';
import type { BlockView, ButtonView, MessageView } from '../../views/view-model.ts';
import { buttonId } from './custom-ids.ts';

/** Discord's limits on one message (API reference, "Create Message" and "Embed Limits"). */
export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  embedTotal: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  buttonsPerRow: 5,
  rows: 5,
  buttonLabel: 80,
} as const;

/** Fields this short sit side by side. */
const INLINE_FIELD_MAX = 40;
/** An embed field's value may not be empty. */
const EMPTY = '\u200b';

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

/** A message body for `POST /channels/{id}/messages` and interaction replies. */
export type DiscordMessage = {
  content?: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
};

/** The same, for an edit: `content: null` and empty arrays clear what the message had. */
export type DiscordMessageEdit = {
  content: string | null;
  embeds: APIEmbed[];
  components: ButtonRow[];
};

const STYLES = { primary: ButtonStyle.Primary, danger: ButtonStyle.Danger } as const;

/** Buttons as action rows of at most five; buttons beyond five rows are dropped. */
export function buttonRows(buttons: readonly ButtonView[], disabled = false): ButtonRow[] {
  const rows: ButtonRow[] = [];
  const max = DISCORD_LIMITS.buttonsPerRow * DISCORD_LIMITS.rows;
  for (const [index, button] of buttons.slice(0, max).entries()) {
    if (index % DISCORD_LIMITS.buttonsPerRow === 0)
      rows.push({ type: ComponentType.ActionRow, components: [] });
    rows.at(-1)?.components.push({
      type: ComponentType.Button,
      custom_id: buttonId(button.action, button.value),
      label: shorten(button.label, DISCORD_LIMITS.buttonLabel) || button.action,
      style: button.style ? STYLES[button.style] : ButtonStyle.Secondary,
      ...(disabled ? { disabled: true } : {}),
    });
  }
  return rows;
}

function embedLength(embed: APIEmbed): number {
  const fields = (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);
  return (
    (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) + fields
  );
}

function join(parts: readonly string[], limit: number): string | undefined {
  const text = parts.join('\n\n').trim();
  return text ? shorten(text, limit) : undefined;
}

type Section = { title?: string; texts: string[]; notes: string[]; fields: APIEmbedField[] };

function toEmbeds(sections: readonly Section[]): APIEmbed[] {
  const embeds: APIEmbed[] = [];
  for (const section of sections) {
    const description = join(section.texts, DISCORD_LIMITS.description);
    const footer = join(section.notes, DISCORD_LIMITS.footer);
    // An embed holds 25 fields; more continue in an untitled embed.
    for (let start = 0; start === 0 || start < section.fields.length; start += DISCORD_LIMITS.fields) {
      const fields = section.fields.slice(start, start + DISCORD_LIMITS.fields);
      const first = start === 0;
      const embed: APIEmbed = {
        ...(first && section.title ? { title: shorten(section.title, DISCORD_LIMITS.title) } : {}),
        ...(first && description ? { description } : {}),
        ...(fields.length ? { fields } : {}),
        ...(first && footer ? { footer: { text: footer } } : {}),
      };
      if (embedLength(embed) > 0) embeds.push(embed);
    }
  }
  return embeds;
}

function sectionsOf(blocks: readonly BlockView[]): Section[] {
  const sections: Section[] = [];
  let current: Section | null = null;
  const open = (): Section => {
    if (!current) {
      current = { texts: [], notes: [], fields: [] };
      sections.push(current);
    }
    return current;
  };
  for (const block of blocks) {
    switch (block.type) {
      case 'header':
        current = { title: block.text, texts: [], notes: [], fields: [] };
        sections.push(current);
        break;
      case 'divider':
        current = null;
        break;
      case 'text':
        open().texts.push(block.text);
        break;
      case 'context':
        open().notes.push(block.text);
        break;
      case 'fields':
        for (const field of block.fields) {
          const value = shorten(field.value, DISCORD_LIMITS.fieldValue) || EMPTY;
          open().fields.push({
            name: shorten(field.label, DISCORD_LIMITS.fieldName) || EMPTY,
            value,
            inline: value.length <= INLINE_FIELD_MAX,
          });
        }
        break;
      case 'actions':
        break;
    }
  }
  return sections;
}

/** Plain replies (text blocks only) read best as content; anything with a layout becomes embeds. */
function isPlain(blocks: readonly BlockView[]): boolean {
  return blocks.every((b) => b.type === 'text' || b.type === 'actions');
}

/** The message as Discord shows it: content or embeds, and its buttons. */
export function renderMessage(view: MessageView): DiscordMessage {
  const components = buttonRows(view.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : [])));
  const texts = view.blocks.flatMap((b) => (b.type === 'text' ? [b.text] : []));
  const fallback = (): DiscordMessage => ({
    content: shorten(view.text || texts.join('\n\n'), DISCORD_LIMITS.content) || EMPTY,
    embeds: [],
    components,
  });
  if (isPlain(view.blocks)) {
    const content = texts.join('\n\n');
    return content.length <= DISCORD_LIMITS.content && content.trim()
      ? { content, embeds: [], components }
      : fallback();
  }
  const embeds = toEmbeds(sectionsOf(view.blocks));
  const total = embeds.reduce((sum, e) => sum + embedLength(e), 0);
  if (embeds.length === 0 || embeds.length > DISCORD_LIMITS.embeds || total > DISCORD_LIMITS.embedTotal)
    return fallback();
  return { embeds, components };
}

/** The message as an edit that replaces everything the old one showed (buttons included). */
export function renderEdit(view: MessageView): DiscordMessageEdit {
  const message = renderMessage(view);
  return { content: message.content ?? null, embeds: message.embeds, components: message.components };
}
