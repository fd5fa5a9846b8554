/**
 * A Discord message as the client draws it: markdown content, embeds (colour bar, title,
 * description, fields, footer), attachments as links, and components: action rows with buttons
 * and string selects (and the layout components: text displays, containers, sections).
 * `onComponent({ customId, values? })` runs on a click or a choice.
 */
import { h } from './dom.js';
import { discordMarkdown } from './text-format.js';

const BUTTON_STYLES = { 1: 'primary', 2: 'secondary', 3: 'success', 4: 'danger', 5: 'link', 6: 'secondary' };

function size(bytes) {
  return bytes > 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function embed(e) {
  const color = typeof e.color === 'number' ? `#${e.color.toString(16).padStart(6, '0')}` : '#4e5058';
  return h(
    'div',
    { class: 'dc-embed', style: `border-left-color: ${color}` },
    e.author?.name ? h('p', { class: 'dc-embed-author' }, e.author.name) : null,
    e.title ? h('p', { class: 'dc-embed-title' }, discordMarkdown(e.title)) : null,
    e.description ? h('div', { class: 'dc-embed-description' }, discordMarkdown(e.description)) : null,
    Array.isArray(e.fields) && e.fields.length > 0
      ? h(
          'div',
          { class: 'dc-embed-fields' },
          e.fields.map((f) =>
            h(
              'div',
              { class: `dc-embed-field${f.inline ? ' inline' : ''}` },
              h('p', { class: 'dc-embed-field-name' }, discordMarkdown(f.name ?? '')),
              h('div', { class: 'dc-embed-field-value' }, discordMarkdown(f.value ?? '')),
            ),
          ),
        )
      : null,
    e.footer?.text ? h('p', { class: 'dc-embed-footer' }, e.footer.text) : null,
  );
}

function component(c, onComponent) {
  switch (c?.type) {
    case 1:
      return h(
        'div',
        { class: 'dc-row' },
        (c.components ?? []).map((child) => component(child, onComponent)),
      );
    case 2: {
      const style = BUTTON_STYLES[c.style] ?? 'secondary';
      const label = [c.emoji?.name ? `${c.emoji.name} ` : '', c.label ?? ''].join('');
      if (c.style === 5 && typeof c.url === 'string')
        return h('a', { class: `dc-button ${style}`, href: c.url, target: '_blank', rel: 'noopener' }, label);
      return h(
        'button',
        {
          type: 'button',
          class: `dc-button ${style}`,
          'data-custom-id': c.custom_id,
          disabled: c.disabled === true,
          onclick: () => onComponent({ customId: c.custom_id }),
        },
        label,
      );
    }
    case 3: {
      const placeholder = c.placeholder ?? 'Make a selection';
      return h(
        'select',
        {
          class: 'dc-select',
          'aria-label': placeholder,
          disabled: c.disabled === true,
          onchange: (event) => {
            if (event.target.value !== '')
              onComponent({ customId: c.custom_id, values: [event.target.value] });
          },
        },
        h('option', { value: '' }, placeholder),
        (c.options ?? []).map((o) => h('option', { value: o.value }, o.label)),
      );
    }
    case 10:
      return h('div', { class: 'dc-text' }, discordMarkdown(c.content ?? ''));
    case 9:
      return h(
        'div',
        { class: 'dc-section' },
        h(
          'div',
          {},
          (c.components ?? []).map((child) => component(child, onComponent)),
        ),
        c.accessory ? component(c.accessory, onComponent) : null,
      );
    case 14:
      return h('hr', { class: 'dc-separator' });
    case 17:
      return h(
        'div',
        { class: 'dc-container' },
        (c.components ?? []).map((child) => component(child, onComponent)),
      );
    default:
      return null;
  }
}

/** The body of one message (without author line). */
export function renderDiscordBody(message, onComponent) {
  return [
    message.loading ? h('p', { class: 'dc-loading' }, 'Assessor Desk is thinking…') : null,
    message.content ? h('div', { class: 'dc-content' }, discordMarkdown(message.content)) : null,
    message.embeds.map(embed),
    message.attachments.map((a) =>
      h(
        'p',
        { class: 'attachment' },
        h('a', { href: a.url, target: '_blank', rel: 'noopener' }, a.filename),
        h('span', { class: 'attachment-size' }, ` ${size(a.size)}`),
      ),
    ),
    message.components.length > 0
      ? h(
          'div',
          { class: 'dc-components' },
          message.components.map((c) => component(c, onComponent)),
        )
      : null,
  ];
}
