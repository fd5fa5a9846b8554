/**
 * A Discord modal drawn from what the bot sent: Labels wrapping a text input, a string select, a
 * radio group, a checkbox group or a checkbox; text displays; legacy action rows of text inputs.
 * Submitting sends the values by `custom_id` as the client does; Cancel dismisses it (the bot is
 * not told, as on Discord).
 */
import { clear, h, uid } from './dom.js';
import { discordMarkdown } from './text-format.js';

function optionList(kind, name, options) {
  return options.map((o) => {
    const id = uid('opt');
    return h(
      'div',
      { class: 'choice' },
      h('input', { type: kind, id, name, value: o.value, checked: o.default === true }),
      h(
        'label',
        { for: id },
        o.label,
        o.description ? h('span', { class: 'choice-hint' }, o.description) : null,
      ),
    );
  });
}

/** The control of one interactive component, labelled `label`; returns its node and a reader. */
function control(c, label, description) {
  const id = uid('dc-in');
  const hintId = `${id}-hint`;
  const required = c.required !== false;
  const hint = description ? h('p', { class: 'hint', id: hintId }, description) : null;
  const labelNodes = [label, required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null];
  switch (c.type) {
    case 4: {
      const multiline = c.style === 2;
      const input = h(multiline ? 'textarea' : 'input', {
        id,
        ...(multiline ? { rows: 4 } : { type: 'text' }),
        required,
        minlength: c.min_length ?? null,
        maxlength: c.max_length ?? null,
        placeholder: c.placeholder ?? null,
        'aria-describedby': hint ? hintId : null,
      });
      input.value = typeof c.value === 'string' ? c.value : '';
      return {
        node: h('div', { class: 'field' }, h('label', { for: id }, labelNodes), hint, input),
        read: () => input.value,
      };
    }
    case 3: {
      const many = (c.max_values ?? 1) > 1;
      const select = h(
        'select',
        { id, multiple: many, required, 'aria-describedby': hint ? hintId : null },
        many ? null : h('option', { value: '' }, c.placeholder ?? 'Make a selection'),
        (c.options ?? []).map((o) => h('option', { value: o.value, selected: o.default === true }, o.label)),
      );
      const read = () => [...select.selectedOptions].map((o) => o.value).filter((v) => v !== '');
      return { node: h('div', { class: 'field' }, h('label', { for: id }, labelNodes), hint, select), read };
    }
    case 21:
    case 22: {
      const kind = c.type === 21 ? 'radio' : 'checkbox';
      const set = h(
        'fieldset',
        { class: 'choices', id, 'aria-describedby': hint ? hintId : null },
        h('legend', {}, labelNodes),
        hint,
        optionList(kind, id, c.options ?? []),
      );
      const read = () => {
        const checked = [...set.querySelectorAll('input:checked')].map((i) => i.value);
        return kind === 'radio' ? checked[0] : checked;
      };
      return { node: h('div', { class: 'field' }, set), read };
    }
    case 23: {
      const box = h('input', { type: 'checkbox', id, checked: c.default === true });
      return {
        node: h('div', { class: 'field choice' }, box, h('label', { for: id }, label)),
        read: () => box.checked,
      };
    }
    default:
      return null;
  }
}

/**
 * Draws the modal `data` (`custom_id`, `title`, `components`) into `dialog` and opens it.
 * `actions.submit(values)` rejects with the reason when the client or the bot refuses.
 */
export function showDiscordModal(dialog, data, actions) {
  clear(dialog);
  const titleId = uid('dc-modal-title');
  const readers = new Map();
  const status = h('p', { class: 'form-status', role: 'alert' });
  const body = (data.components ?? []).map((top) => {
    if (top.type === 10) return h('div', { class: 'dc-text' }, discordMarkdown(top.content ?? ''));
    const pairs =
      top.type === 18 && top.component
        ? [[top.component, top.label ?? '', top.description]]
        : (top.components ?? []).map((c) => [c, c.label ?? '', undefined]);
    return pairs.map(([c, label, description]) => {
      const field = control(c, label, description);
      if (field === null) return null;
      readers.set(c.custom_id, field.read);
      field.node.dataset.customId = c.custom_id;
      return field.node;
    });
  });
  const form = h(
    'form',
    {
      class: 'modal-form dc-modal',
      onsubmit: async (event) => {
        event.preventDefault();
        const values = {};
        for (const [id, read] of readers) {
          const value = read();
          if (value !== undefined) values[id] = value;
        }
        status.textContent = '';
        const submit = form.querySelector('button[type=submit]');
        submit.disabled = true;
        try {
          await actions.submit(values);
        } catch (error) {
          status.textContent = error.message;
        } finally {
          submit.disabled = false;
        }
      },
    },
    h(
      'header',
      { class: 'modal-header dc' },
      h('h2', { id: titleId }, data.title ?? ''),
      h('span', { class: 'badge' }, 'Discord'),
    ),
    h('div', { class: 'modal-body' }, body),
    status,
    h(
      'footer',
      { class: 'modal-footer' },
      h('button', { type: 'button', class: 'dc-button secondary', onclick: () => actions.close() }, 'Cancel'),
      h('button', { type: 'submit', class: 'dc-button primary' }, 'Submit'),
    ),
  );
  dialog.setAttribute('aria-labelledby', titleId);
  dialog.append(form);
  dialog.oncancel = (event) => {
    event.preventDefault();
    actions.close();
  };
  if (!dialog.open) dialog.showModal();
  (form.querySelector('input, textarea, select') ?? form.querySelector('button'))?.focus();
}
