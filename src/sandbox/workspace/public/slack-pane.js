/**
 * The Slack-like pane: the app's Home and Messages tabs, the channels the person reads, Block Kit
 * messages with their buttons and files, ephemeral replies, the composer for slash commands and
 * the modal on top of the person's stack.
 */
import { post } from './api.js';
import { h } from './dom.js';
import { createPane, messageEntry } from './pane-shell.js';
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
  let modal = null;

  const pane = createPane(root, app, {
    name: 'Slack',
    send: async (text) => {
      const channel = pane.selected === HOME || pane.selected === null ? undefined : pane.selected;
      const result = await post('/slack/command', { person: app.person().id, text, channel });
      if (result.timedOut) return `${text.split(' ')[0]} failed: the app did not answer within 3 seconds.`;
      await pane.load();
      return result.modal ? `${text}: a form opened.` : `Sent ${text}`;
    },
    render,
    opened: async (key) => {
      if (key !== HOME) return;
      try {
        await post('/slack/home', { person: app.person().id });
        await pane.load();
      } catch (error) {
        shell.setStatus(error.message);
      }
    },
    reset: () => {
      modal = null;
    },
  });
  const { shell } = pane;

  const act = (body) => pane.request('/slack/click', body);

  function messageItem(channel, message) {
    const onAction = ({ actionId, value }) => act({ channel, ts: message.ts, actionId, value });
    return messageEntry(message, {
      fromApp: message.fromApp,
      badge: message.ephemeral ? h('span', { class: 'only-you' }, 'Only visible to you') : null,
      body: [
        message.blocks.length > 0 ? renderBlocks(message.blocks, onAction) : slackMrkdwn(message.text),
        fileLinks(message.files),
      ],
    });
  }

  function renderConversation(state) {
    if (pane.selected === HOME) {
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
    const channel = state.channels.find((c) => c.id === pane.selected) ?? state.channels[0];
    shell.composerSlot.hidden = false;
    shell.title.textContent = channel.kind === 'im' ? `${channel.name} — Messages` : `# ${channel.name}`;
    shell.renderMessages(
      channel.messages,
      (m) => messageItem(channel.id, m),
      channel.kind === 'im' ? 'No messages yet. Try /assess help.' : 'No messages yet.',
    );
  }

  function renderModal(view) {
    if (!view) {
      modal = null;
      shell.closeDialog();
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

  function render(state) {
    const dm = state.channels.find((c) => c.kind === 'im');
    shell.setPlace(state.team);
    if (pane.selected === null) pane.selected = dm?.id ?? HOME;
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
      pane.selected,
    );
    renderConversation(state);
    renderModal(state.modal);
  }

  return { load: pane.load, reset: pane.reset };
}
