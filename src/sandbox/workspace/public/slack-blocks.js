/**
 * Block Kit as the Slack client draws it: header, section (mrkdwn text, fields, accessory),
 * context, divider, image, and actions with buttons and selects. Input blocks are drawn by the
 * modal (slack-modal.js). `onAction({ actionId, value })` runs when a button is clicked or an
 * option picked.
 */
import { h } from './dom.js';
import { plainText, slackMrkdwn } from './text-format.js';

/** A text object (`mrkdwn` or `plain_text`) as nodes. */
export function textObject(text) {
  if (!text || typeof text.text !== 'string') return '';
  return text.type === 'mrkdwn' ? slackMrkdwn(text.text) : plainText(text.text);
}

function plain(text) {
  return text && typeof text.text === 'string' ? text.text : '';
}

function button(element, onAction) {
  const style = element.style === 'primary' ? 'primary' : element.style === 'danger' ? 'danger' : 'default';
  if (typeof element.url === 'string') {
    return h(
      'a',
      { class: `sk-button ${style}`, href: element.url, target: '_blank', rel: 'noopener' },
      plain(element.text),
    );
  }
  return h(
    'button',
    {
      type: 'button',
      class: `sk-button ${style}`,
      'data-action-id': element.action_id,
      onclick: () => onAction({ actionId: element.action_id, value: element.value }),
    },
    plain(element.text),
  );
}

function options(element) {
  const groups = Array.isArray(element.option_groups) ? element.option_groups : [];
  return [...(element.options ?? []), ...groups.flatMap((g) => g.options ?? [])];
}

function select(element, onAction) {
  const label = plain(element.placeholder) || 'Choose';
  return h(
    'select',
    {
      class: 'sk-select',
      'aria-label': label,
      onchange: (event) => {
        if (event.target.value !== '') onAction({ actionId: element.action_id, value: event.target.value });
      },
    },
    h('option', { value: '' }, label),
    options(element).map((o) => h('option', { value: o.value }, plain(o.text))),
  );
}

function element(el, onAction) {
  switch (el?.type) {
    case 'button':
      return button(el, onAction);
    case 'static_select':
    case 'radio_buttons':
    case 'overflow':
      return select(el, onAction);
    case 'image':
      return h('img', { src: el.image_url, alt: el.alt_text ?? '', class: 'sk-image-small' });
    case 'mrkdwn':
    case 'plain_text':
      return h('span', {}, textObject(el));
    default:
      return null;
  }
}

/** One block as nodes; null for a block this page does not draw. */
export function renderBlock(block, onAction) {
  switch (block.type) {
    case 'header':
      return h('p', { class: 'sk-header' }, plain(block.text));
    case 'section':
      return h(
        'div',
        { class: 'sk-section' },
        h(
          'div',
          { class: 'sk-section-main' },
          block.text ? h('div', { class: 'sk-text' }, textObject(block.text)) : null,
          Array.isArray(block.fields)
            ? h(
                'div',
                { class: 'sk-fields' },
                block.fields.map((f) => h('div', { class: 'sk-field' }, textObject(f))),
              )
            : null,
        ),
        block.accessory ? h('div', { class: 'sk-accessory' }, element(block.accessory, onAction)) : null,
      );
    case 'context':
      return h(
        'div',
        { class: 'sk-context' },
        (block.elements ?? []).map((e) => element(e, onAction)),
      );
    case 'divider':
      return h('hr', { class: 'sk-divider' });
    case 'image':
      return h('img', { class: 'sk-image', src: block.image_url, alt: block.alt_text ?? '' });
    case 'actions':
      return h(
        'div',
        { class: 'sk-actions' },
        (block.elements ?? []).map((e) => element(e, onAction)),
      );
    default:
      return null;
  }
}

/** Every block of a message or a view (input blocks left out). */
export function renderBlocks(blocks, onAction) {
  return blocks.filter((b) => b.type !== 'input').map((b) => renderBlock(b, onAction));
}
