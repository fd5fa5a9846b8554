/**
 * The Slack-like pane: the app's Home and Messages tabs, the channels the person reads, Block Kit
 * messages with their buttons and files, ephemeral replies, the composer for slash commands and
 * the modal on top of the person's stack.
 */
import { get, post } from './api.js';
import { createComposer } from './composer.js';
import { h } from './dom.js';
import { createPaneShell } from './pane-shell.js';
import { renderBlocks } from './slack-blocks.js';
import { showSlackModal } from './slack-modal.js';
import { slackMrkdwn } from './text-format.js';

const HOME = 'home';

function fileLinks(files) {
  return files.map((f) =>
    h(
      'p',
      { class: 'attachment' },
      h('a', { href: f.url, target: '_blank', rel: 'noopener' }, f.title || f.name),
      h('span', { class: 'attachment-size' }, ` ${f.mimetype}`),
    ),
  );
}

/** Creates the pane in `root`. `app` gives `person()`, `catalog()` and `suggest(kind, q)`. */
export function createSlackPane(root, app) {
  let state = null;
  let selected = null;
  let modal = null;

  const composer = createComposer({
    label: 'Slack message',
    placeholder: 'Type / for commands, e.g. /assess queue',
    catalog: () => app.catalog(),
    suggest: (kind, q) => app.suggest(kind, q),
    send: async (text) => {
      const channel = selected === HOME || selected === null ? undefined : selected;
      const result = await post('/slack/command', { person: app.person().id, text, channel });
      if (result.timedOut) return `${text.split(' ')[0]} failed: the app did not answer within 3 seconds.`;
      await load();
      return result.modal ? `${text}: a form opened.` : `Sent ${text}`;
    },
  });
  const shell = createPaneShell(root, { name: 'Slack', composer, onSelect: (key) => select(key) });

  const act = async (body) => {
    shell.setStatus('');
    try {
      await post('/slack/click', { person: app.person().id, ...body });
    } catch (error) {
      shell.setStatus(error.message);
    }
  };

  function messageItem(channel, message) {
    const onAction = ({ actionId, value }) => act({ channel, ts: message.ts, actionId, value });
    return h(
      'li',
      { class: `message${message.ephemeral ? ' ephemeral' : ''}` },
      h(
        'p',
        { class: 'message-meta' },
        h('span', { class: 'author' }, message.author),
        message.fromApp ? h('span', { class: 'app-tag' }, 'APP') : null,
        message.ephemeral ? h('span', { class: 'only-you' }, 'Only visible to you') : null,
        message.edited ? h('span', { class: 'edited' }, '(edited)') : null,
      ),
      h(
        'div',
        { class: 'message-body' },
        message.blocks.length > 0 ? renderBlocks(message.blocks, onAction) : slackMrkdwn(message.text),
        fileLinks(message.files),
      ),
    );
  }

  function renderConversation() {
    if (selected === HOME) {
      shell.title.textContent = 'Assessor Desk — Home';
      shell.composerSlot.hidden = true;
      const home = state.home;
      const onAction = ({ actionId, value }) => act({ viewId: home.id, actionId, value });
      shell.renderLog(
        home
          ? [h('li', { class: 'home-view' }, renderBlocks(home.blocks, onAction))]
          : [h('li', { class: 'empty' }, 'Opening the Home tab…')],
      );
      return;
    }
    const channel = state.channels.find((c) => c.id === selected) ?? state.channels[0];
    shell.composerSlot.hidden = false;
    shell.title.textContent = channel.kind === 'im' ? `${channel.name} — Messages` : `# ${channel.name}`;
    shell.renderLog(
      channel.messages.length > 0
        ? channel.messages.map((m) => messageItem(channel.id, m))
        : [
            h(
              'li',
              { class: 'empty' },
              channel.kind === 'im' ? 'No messages yet. Try /assess help.' : 'No messages yet.',
            ),
          ],
    );
  }

  function renderModal() {
    const view = state.modal;
    if (!view) {
      modal = null;
      delete shell.dialog.dataset.key;
      if (shell.dialog.open) shell.dialog.close();
      return;
    }
    // Same view and content: keep what is typed, only refresh the errors.
    if (modal && shell.dialog.dataset.key === `${view.id}:${view.hash}`) {
      modal.showErrors(view.errors);
      return;
    }
    const person = app.person().id;
    modal = showSlackModal(shell.dialog, view, {
      submit: (values) => post('/slack/submit', { person, viewId: view.id, values }),
      close: () => post('/slack/close', { person, viewId: view.id }).catch((e) => shell.setStatus(e.message)),
      action: ({ actionId, value }) => act({ viewId: view.id, actionId, value }),
    });
  }

  function render() {
    const dm = state.channels.find((c) => c.kind === 'im');
    shell.setPlace(state.team);
    if (selected === null) selected = dm?.id ?? HOME;
    shell.renderSidebar(
      [
        {
          heading: 'Apps',
          items: [
            { key: HOME, label: 'Assessor Desk — Home', count: 0 },
            { key: dm.id, label: 'Assessor Desk — Messages', count: dm.messages.length },
          ],
        },
        {
          heading: 'Channels',
          items: state.channels
            .filter((c) => c.kind === 'channel')
            .map((c) => ({ key: c.id, label: `# ${c.name}`, count: c.messages.length })),
        },
      ],
      selected,
    );
    renderConversation();
    renderModal();
  }

  async function load() {
    const person = app.person();
    if (!person?.slack) {
      shell.setAbsent(person ? `${person.name} is not on Slack in the demo organisation.` : '');
      if (shell.dialog.open) shell.dialog.close();
      state = null;
      return;
    }
    shell.setAbsent(null);
    try {
      state = await get('/slack/state', { person: person.id });
      if (app.person()?.id === person.id) render();
    } catch (error) {
      shell.setStatus(error.message);
    }
  }

  async function select(key) {
    selected = key;
    if (state) render();
    shell.title.focus();
    if (key === HOME) {
      try {
        await post('/slack/home', { person: app.person().id });
        await load();
      } catch (error) {
        shell.setStatus(error.message);
      }
    }
  }

  return {
    load,
    /** A new person: start in their DM with the app. */
    reset() {
      selected = null;
      modal = null;
      shell.reset();
      composer.reset();
      delete shell.dialog.dataset.key;
      if (shell.dialog.open) shell.dialog.close();
      return load();
    },
  };
}
