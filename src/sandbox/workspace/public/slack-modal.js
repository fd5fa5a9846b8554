/**
 * A Slack modal drawn from the view the app sent: input blocks with plain_text_input,
 * radio_buttons, static_select, multi_static_select, checkboxes and date pickers, other blocks as
 * in messages. Submitting gathers the values by block_id as Slack's client does; field errors from
 * the app (`response_action: errors`) are shown under their input.
 */
import { clear, h, uid } from './dom.js';
import { renderBlock, textObject } from './slack-blocks.js';

function plain(text) {
  return text && typeof text.text === 'string' ? text.text : '';
}

function allOptions(element) {
  const groups = Array.isArray(element.option_groups) ? element.option_groups : [];
  return [...(element.options ?? []), ...groups.flatMap((g) => g.options ?? [])];
}

/** What the user typed before (state) or what the app filled in (initial_*). */
function current(view, block) {
  const element = block.element;
  const state = view.values?.[block.block_id]?.[element.action_id];
  if (state) {
    if ('value' in state) return state.value ?? '';
    if ('selected_option' in state) return state.selected_option?.value ?? '';
    if ('selected_options' in state) return (state.selected_options ?? []).map((o) => o.value);
    if ('selected_date' in state) return state.selected_date ?? '';
  }
  if (typeof element.initial_value === 'string') return element.initial_value;
  if (element.initial_option) return element.initial_option.value;
  if (Array.isArray(element.initial_options)) return element.initial_options.map((o) => o.value);
  if (typeof element.initial_date === 'string') return element.initial_date;
  return element.type === 'checkboxes' || element.type === 'multi_static_select' ? [] : '';
}

function choiceList(kind, name, element, chosen, describedBy) {
  const list = Array.isArray(chosen) ? chosen : [chosen];
  return allOptions(element).map((o) => {
    const id = uid('opt');
    return h(
      'div',
      { class: 'choice' },
      h('input', {
        type: kind,
        id,
        name,
        value: o.value,
        checked: list.includes(o.value),
        'aria-describedby': describedBy,
      }),
      h(
        'label',
        { for: id },
        textObject(o.text),
        o.description ? h('span', { class: 'choice-hint' }, textObject(o.description)) : null,
      ),
    );
  });
}

/** The control of one input block; returns the field node and a reader of its value. */
function inputField(view, block) {
  const element = block.element;
  const id = uid('in');
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const label = plain(block.label);
  const required = block.optional !== true;
  const value = current(view, block);
  const describedBy = `${hintId} ${errorId}`;
  const labelText = [label, required ? null : h('span', { class: 'optional' }, ' (optional)')];
  const hint = h('p', { class: 'hint', id: hintId }, block.hint ? textObject(block.hint) : '');
  const error = h('p', { class: 'field-error', id: errorId, role: 'alert' });
  let control;
  let read;
  switch (element.type) {
    case 'radio_buttons':
    case 'checkboxes': {
      const kind = element.type === 'radio_buttons' ? 'radio' : 'checkbox';
      control = h(
        'fieldset',
        { class: 'choices', id },
        h('legend', {}, labelText),
        choiceList(kind, id, element, value, describedBy),
      );
      read = () => {
        const checked = [...control.querySelectorAll('input:checked')].map((i) => i.value);
        return kind === 'radio' ? (checked[0] ?? null) : checked;
      };
      return {
        node: h('div', { class: 'field', 'data-block': block.block_id }, control, hint, error),
        read,
        error,
        control,
      };
    }
    case 'static_select':
    case 'multi_static_select': {
      const many = element.type === 'multi_static_select';
      const chosen = Array.isArray(value) ? value : [value];
      control = h(
        'select',
        { id, multiple: many, required, 'aria-describedby': describedBy },
        many ? null : h('option', { value: '' }, plain(element.placeholder) || 'Choose an option'),
        allOptions(element).map((o) =>
          h('option', { value: o.value, selected: chosen.includes(o.value) }, plain(o.text)),
        ),
      );
      read = () => (many ? [...control.selectedOptions].map((o) => o.value) : control.value || null);
      break;
    }
    case 'datepicker':
      control = h('input', { id, type: 'date', value, required, 'aria-describedby': describedBy });
      read = () => control.value || null;
      break;
    default: {
      const multiline = element.multiline === true;
      const kinds = { number_input: 'number', email_text_input: 'email', url_text_input: 'url' };
      control = h(multiline ? 'textarea' : 'input', {
        id,
        ...(multiline ? { rows: 4 } : { type: kinds[element.type] ?? 'text' }),
        min: element.min_value ?? null,
        max: element.max_value ?? null,
        placeholder: plain(element.placeholder) || null,
        maxlength: element.max_length ?? null,
        required,
        'aria-describedby': describedBy,
      });
      control.value = typeof value === 'string' ? value : '';
      read = () => control.value;
    }
  }
  const node = h(
    'div',
    { class: 'field', 'data-block': block.block_id },
    h('label', { for: id }, labelText),
    control,
    hint,
    error,
  );
  return { node, read, error, control };
}

/**
 * Draws `view` into `dialog` and opens it. `actions` has `submit(values)`, `close()` and
 * `action({ actionId, value })`; `submit` resolves with `{ errors }` to show, if any.
 */
export function showSlackModal(dialog, view, actions) {
  clear(dialog);
  const titleId = uid('modal-title');
  const fields = new Map();
  const status = h('p', { class: 'form-status', role: 'alert' });
  const body = h(
    'div',
    { class: 'modal-body' },
    view.blocks.map((block) => {
      if (block.type !== 'input') return renderBlock(block, (a) => actions.action(a));
      const field = inputField(view, block);
      fields.set(block.block_id, field);
      return field.node;
    }),
  );
  const showErrors = (errors) => {
    let first = null;
    for (const [blockId, field] of fields) {
      const message = errors?.[blockId] ?? '';
      field.error.textContent = message;
      field.control.setAttribute('aria-invalid', message ? 'true' : 'false');
      if (message && !first) first = field.control;
    }
    first?.focus();
  };
  const form = h(
    'form',
    {
      class: 'modal-form',
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        const values = Object.fromEntries([...fields].map(([blockId, f]) => [blockId, f.read()]));
        status.textContent = '';
        const submit = form.querySelector('button[type=submit]');
        if (submit) submit.disabled = true;
        try {
          const result = await actions.submit(values);
          showErrors(result?.errors ?? null);
          if (result?.problems?.length) status.textContent = result.problems.join(' ');
        } catch (error) {
          status.textContent = error.message;
        } finally {
          if (submit) submit.disabled = false;
        }
      },
    },
    h(
      'header',
      { class: 'modal-header sk' },
      h('h2', { id: titleId }, view.title),
      h('span', { class: 'badge' }, 'Slack'),
    ),
    body,
    status,
    h(
      'footer',
      { class: 'modal-footer' },
      h(
        'button',
        { type: 'button', class: 'sk-button default', onclick: () => actions.close() },
        view.close ?? 'Cancel',
      ),
      view.submit === null ? null : h('button', { type: 'submit', class: 'sk-button primary' }, view.submit),
    ),
  );
  dialog.setAttribute('aria-labelledby', titleId);
  dialog.append(form);
  dialog.dataset.key = `${view.id}:${view.hash}`;
  dialog.oncancel = (event) => {
    event.preventDefault();
    actions.close();
  };
  if (!dialog.open) dialog.showModal();
  showErrors(view.errors);
  if (!view.errors) (form.querySelector('input, textarea, select') ?? form.querySelector('button'))?.focus();
  return { showErrors };
}
