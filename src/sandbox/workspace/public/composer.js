/**
 * The message box of a pane, for slash commands: a combobox that suggests the commands the person
 * may run, then each option in turn (fixed choices, or ids from the workspace API), with the
 * command's usage shown under it. Enter sends; arrows, Enter/Tab and Escape drive the list.
 */
import { clear, h, uid } from './dom.js';

/** Where the person is in a typed line: the command they picked and the option being typed. */
function position(catalog, text) {
  const typed = text.replace(/^\//, '').replace(/\s+/g, ' ');
  const entry = [...catalog]
    .sort((a, b) => b.path.length - a.path.length)
    .find((e) => typed.toLowerCase().startsWith(`${e.path} `));
  if (!entry) return { entry: null, prefix: typed.trimStart() };
  const rest = typed.slice(entry.path.length + 1);
  const words = rest.split(' ');
  const partial = words.pop() ?? '';
  let option = entry.options[words.length];
  const last = entry.options.at(-1);
  if (!option && last?.rest) option = last;
  return { entry, option: option ?? null, partial, index: words.length };
}

/**
 * Creates the composer. `options`: `label` (accessible name), `placeholder`, `catalog()` (the
 * commands this person may run), `suggest(kind, query)` → `[{ value, label }]`, `send(text)`.
 */
export function createComposer(options) {
  const listId = uid('suggestions');
  const usageId = uid('usage');
  const input = h('input', {
    type: 'text',
    class: 'composer-input',
    role: 'combobox',
    'aria-label': options.label,
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': listId,
    'aria-describedby': usageId,
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: options.placeholder,
  });
  const list = h('ul', {
    id: listId,
    role: 'listbox',
    class: 'suggestions',
    'aria-label': `${options.label} suggestions`,
    hidden: true,
  });
  const usage = h('p', { id: usageId, class: 'usage' });
  const status = h('p', { class: 'composer-status', role: 'status' });
  const sendButton = h('button', { type: 'submit', class: 'send' }, 'Send');
  let items = [];
  let active = -1;
  let generation = 0;

  const close = () => {
    items = [];
    active = -1;
    list.hidden = true;
    clear(list);
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  };
  const highlight = (index) => {
    active = index;
    for (const [i, li] of [...list.children].entries())
      li.setAttribute('aria-selected', i === index ? 'true' : 'false');
    const current = list.children[index];
    if (current) {
      input.setAttribute('aria-activedescendant', current.id);
      current.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  };
  const accept = (item) => {
    input.value = item.complete;
    close();
    input.focus();
    refresh();
  };
  const show = (next) => {
    close();
    items = next;
    if (items.length === 0) return;
    items.forEach((item, i) => {
      list.append(
        h(
          'li',
          {
            id: `${listId}-${i}`,
            role: 'option',
            'aria-selected': 'false',
            onmousedown: (event) => {
              event.preventDefault();
              accept(item);
            },
          },
          h('span', { class: 'suggestion-value' }, item.value),
          item.detail ? h('span', { class: 'suggestion-detail' }, item.detail) : null,
        ),
      );
    });
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  };

  async function refresh() {
    const text = input.value;
    const mine = ++generation;
    const catalog = options.catalog();
    if (!text.startsWith('/')) {
      usage.textContent = 'Type / to see the commands you can run.';
      close();
      return;
    }
    const at = position(catalog, text);
    if (!at.entry) {
      usage.textContent = 'Pick a command.';
      const prefix = at.prefix.toLowerCase();
      show(
        catalog
          .filter((e) => e.path.startsWith(prefix) || (prefix.length > 1 && e.path.includes(prefix)))
          .map((e) => ({
            value: `/${e.path}`,
            detail: e.usage.slice(e.path.length + 2) || 'no options',
            complete: `/${e.path} `,
          })),
      );
      return;
    }
    usage.textContent = at.entry.usage;
    if (!at.option) {
      close();
      return;
    }
    usage.textContent = `${at.entry.usage} — now: ${at.option.name}${at.option.required ? '' : ' (optional)'}`;
    const head = text.slice(0, text.length - at.partial.length);
    let values = [];
    if (at.option.choices.length > 0)
      values = at.option.choices
        .filter((c) => c.startsWith(at.partial))
        .map((c) => ({ value: c, label: '' }));
    else if (['evaluation', 'student', 'project', 'assessor'].includes(at.option.kind))
      values = await options.suggest(at.option.kind, at.partial).catch(() => []);
    if (mine !== generation) return;
    show(values.map((v) => ({ value: v.value, detail: v.label, complete: `${head}${v.value} ` })));
  }

  input.addEventListener('input', () => refresh());
  input.addEventListener('focus', () => refresh());
  input.addEventListener('blur', () => setTimeout(close, 100));
  input.addEventListener('keydown', (event) => {
    const open = !list.hidden && items.length > 0;
    if (event.key === 'ArrowDown' && open) {
      event.preventDefault();
      highlight((active + 1) % items.length);
    } else if (event.key === 'ArrowUp' && open) {
      event.preventDefault();
      highlight((active - 1 + items.length) % items.length);
    } else if ((event.key === 'Enter' || event.key === 'Tab') && open && active >= 0) {
      event.preventDefault();
      const item = items[active];
      if (item) accept(item);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      close();
    }
  });

  const form = h(
    'form',
    {
      class: 'composer',
      onsubmit: async (event) => {
        event.preventDefault();
        const text = input.value.trim();
        if (!text) return;
        close();
        sendButton.disabled = true;
        status.className = 'composer-status';
        status.textContent = `Sending ${text}…`;
        try {
          const note = await options.send(text);
          status.textContent = note ?? `Sent ${text}`;
          input.value = '';
          refresh();
        } catch (error) {
          status.className = 'composer-status error';
          status.textContent = error.message;
        } finally {
          sendButton.disabled = false;
          input.focus();
        }
      },
    },
    h('div', { class: 'composer-row' }, h('div', { class: 'combobox' }, input, list), sendButton),
    usage,
    status,
  );
  usage.textContent = 'Type / to see the commands you can run.';
  return {
    form,
    input,
    /** Empties the box and forgets the last status (another person). */
    reset() {
      input.value = '';
      status.textContent = '';
      status.className = 'composer-status';
      usage.textContent = 'Type / to see the commands you can run.';
      close();
    },
  };
}
