/**
 * What the Slack and the Discord panes share: a sidebar of conversations with unread counts, the
 * conversation (title, message log, composer), a status line for refusals, the dialog that holds
 * the platform's modal, and the pane's life: loading the person's state from the workspace API,
 * opening a conversation, starting over for a new person. Each pane adds how its platform draws.
 */
import { get, post } from './api.js';
import { createComposer } from './composer.js';
import { clear, h } from './dom.js';

/**
 * Builds the pane inside `root`. `options`: `name` ("Slack"), `composer` (from createComposer),
 * `onSelect(key)` when the person opens a conversation.
 */
function createPaneShell(root, options) {
  const heading = h('h2', { class: 'pane-title' }, options.name);
  const place = h('span', { class: 'pane-place' });
  const sidebar = h('nav', { class: 'sidebar', 'aria-label': `${options.name} conversations` });
  const title = h('h3', { class: 'conversation-title', tabindex: '-1' });
  const log = h('ol', {
    class: 'messages',
    role: 'log',
    'aria-live': 'polite',
    'aria-label': `${options.name} messages`,
  });
  const status = h('p', { class: 'pane-status', role: 'alert' });
  const composerSlot = h('div', { class: 'composer-slot' }, options.composer.form);
  const conversation = h('div', { class: 'conversation' }, title, log, status, composerSlot);
  const absent = h('p', { class: 'absent', hidden: true });
  const body = h('div', { class: 'pane-body' }, sidebar, conversation);
  const dialog = h('dialog', { class: `modal ${options.name.toLowerCase()}` });
  root.append(h('header', { class: 'pane-header' }, heading, place), absent, body, dialog);
  const seen = new Map();
  let primed = false;

  /** Replaces the log's entries, keeping the view at the bottom when it was there. */
  const renderLog = (entries) => {
    const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    clear(log);
    log.append(...entries);
    if (atBottom || entries.length === 0) log.scrollTop = log.scrollHeight;
  };

  return {
    dialog,
    log,
    title,
    composerSlot,
    /** Shows that the person has no account here, or the pane again. */
    setAbsent(text) {
      absent.hidden = text === null;
      absent.textContent = text ?? '';
      body.hidden = text !== null;
    },
    setPlace(text) {
      place.textContent = text;
    },
    setStatus(text) {
      status.textContent = text ?? '';
    },
    /** Redraws the sidebar: `groups` of `{ heading, items: [{ key, label, count }] }`; `selected` is open. */
    renderSidebar(groups, selected) {
      clear(sidebar);
      // What was there when the person arrived is not new to them.
      if (!primed) for (const item of groups.flatMap((g) => g.items)) seen.set(item.key, item.count);
      primed = true;
      for (const group of groups) {
        sidebar.append(
          h('p', { class: 'sidebar-heading' }, group.heading),
          h(
            'ul',
            {},
            group.items.map((item) => {
              if (item.key === selected) seen.set(item.key, item.count);
              const unread = Math.max(0, item.count - (seen.get(item.key) ?? 0));
              return h(
                'li',
                {},
                h(
                  'button',
                  {
                    type: 'button',
                    class: `sidebar-item${unread > 0 ? ' unread' : ''}`,
                    'aria-current': item.key === selected ? 'page' : null,
                    onclick: () => options.onSelect(item.key),
                  },
                  h('span', { class: 'sidebar-label' }, item.label),
                  unread > 0
                    ? h('span', { class: 'unread-count', 'aria-label': `${unread} new` }, String(unread))
                    : null,
                ),
              );
            }),
          ),
        );
      }
    },
    renderLog,
    /** Shows a conversation's `messages`, each drawn by `item(message)`, or the `empty` line. */
    renderMessages(messages, item, empty) {
      renderLog(messages.length > 0 ? messages.map((m) => item(m)) : [h('li', { class: 'empty' }, empty)]);
    },
    /** Closes the modal and forgets which one it showed. */
    closeDialog() {
      delete dialog.dataset.key;
      if (dialog.open) dialog.close();
    },
    /** Forgets unread counts (a new person). */
    reset() {
      seen.clear();
      primed = false;
      status.textContent = '';
    },
  };
}

/**
 * A message of the log: its author, the APP tag when `fromApp`, a `badge` (or null) and
 * "(edited)" above the `body`, then `after` (or null) below it.
 */
export function messageEntry(message, { fromApp, badge = null, body, after = null }) {
  return h(
    'li',
    { class: `message${message.ephemeral ? ' ephemeral' : ''}` },
    h(
      'p',
      { class: 'message-meta' },
      h('span', { class: 'author' }, message.author),
      fromApp ? h('span', { class: 'app-tag' }, 'APP') : null,
      badge,
      message.edited ? h('span', { class: 'edited' }, '(edited)') : null,
    ),
    h('div', { class: 'message-body' }, body),
    after,
  );
}

/**
 * Creates a platform's pane in `root`. `app` gives `person()`, `catalog()` and `suggest(kind, q)`.
 * `platform`: `name` ("Slack"; in lower case it names the person's account and the API paths),
 * `send(text)` for the composer (resolves with the line it shows), `render(state)` to draw the
 * loaded state, and optionally `opened(key)` after a conversation opens and `reset()` for a new
 * person. Returns the pane: `shell`, `state`, `selected` (the open conversation, which the
 * platform may set), `load()`, `reset()` and `request(path, body)`.
 */
export function createPane(root, app, platform) {
  const account = platform.name.toLowerCase();
  const composer = createComposer({
    label: `${platform.name} message`,
    placeholder: 'Type / for commands, e.g. /assess queue',
    catalog: () => app.catalog(),
    suggest: (kind, q) => app.suggest(kind, q),
    send: (text) => platform.send(text),
  });
  const shell = createPaneShell(root, { name: platform.name, composer, onSelect: (key) => select(key) });

  const pane = {
    shell,
    state: null,
    selected: null,
    async load() {
      const person = app.person();
      if (!person?.[account]) {
        shell.setAbsent(person ? `${person.name} is not on ${platform.name} in the demo organisation.` : '');
        if (shell.dialog.open) shell.dialog.close();
        pane.state = null;
        return;
      }
      shell.setAbsent(null);
      try {
        pane.state = await get(`/${account}/state`, { person: person.id });
        // The person may have changed while the state was on its way.
        if (app.person()?.id === person.id) platform.render(pane.state);
      } catch (error) {
        shell.setStatus(error.message);
      }
    },
    /** A new person: start in their DM with the app (or the bot). */
    reset() {
      pane.selected = null;
      platform.reset?.();
      shell.reset();
      composer.reset();
      shell.closeDialog();
      return pane.load();
    },
    /** POSTs what the person did; a refusal goes to the status line and resolves with null. */
    async request(path, body) {
      shell.setStatus('');
      try {
        return await post(path, { person: app.person().id, ...body });
      } catch (error) {
        shell.setStatus(error.message);
        return null;
      }
    },
  };

  function select(key) {
    pane.selected = key;
    if (pane.state) platform.render(pane.state);
    shell.title.focus();
    return platform.opened?.(key);
  }

  return pane;
}
