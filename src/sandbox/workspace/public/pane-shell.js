/**
 * What the Slack and the Discord panes share: a sidebar of conversations with unread counts, the
 * conversation (title, message log, composer), a status line for refusals, and the dialog that
 * holds the platform's modal.
 */
import { clear, h } from './dom.js';

/**
 * Builds the pane inside `root`. `options`: `name` ("Slack"), `composer` (from createComposer),
 * `onSelect(key)` when the person opens a conversation.
 */
export function createPaneShell(root, options) {
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
    /** Replaces the log's entries, keeping the view at the bottom when it was there. */
    renderLog(entries) {
      const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
      clear(log);
      log.append(...entries);
      if (atBottom || entries.length === 0) log.scrollTop = log.scrollHeight;
    },
    /** Forgets unread counts (a new person). */
    reset() {
      seen.clear();
      primed = false;
      status.textContent = '';
    },
  };
}
