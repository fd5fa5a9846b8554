/**
 * The Discord-like pane: the server's channels the person reads and their DM with the bot,
 * messages with embeds, buttons and attachments, replies only they see, the composer for slash
 * commands (typed in a server channel) and the modal the bot opened.
 */
import { post } from './api.js';
import { renderDiscordBody } from './discord-message.js';
import { showDiscordModal } from './discord-modal.js';
import { h } from './dom.js';
import { createPane, messageEntry } from './pane-shell.js';

/** Creates the pane in `root`. `app` gives `person()`, `catalog()` and `suggest(kind, q)`. */
export function createDiscordPane(root, app) {
  const pane = createPane(root, app, {
    name: 'Discord',
    send: async (text) => {
      const channel = pane.state?.channels.find((c) => c.id === pane.selected && c.kind === 'guild')?.id;
      const result = await post('/discord/command', { person: app.person().id, text, channel });
      // Commands are typed in a server channel: follow the reply there.
      pane.selected = result.channel;
      await pane.load();
      return result.modal ? `${text}: a form opened.` : `Sent ${text}`;
    },
    render,
  });
  const { shell } = pane;

  function messageItem(message) {
    const onComponent = ({ customId, values }) =>
      pane.request('/discord/component', { messageId: message.id, customId, values });
    return messageEntry(message, {
      fromApp: message.fromBot,
      body: renderDiscordBody(message, onComponent),
      after: message.ephemeral ? h('p', { class: 'only-you' }, 'Only you can see this message') : null,
    });
  }

  function renderModal(modal) {
    if (!modal) {
      shell.closeDialog();
      return;
    }
    if (shell.dialog.dataset.key === modal.interactionId && shell.dialog.open) return;
    shell.dialog.dataset.key = modal.interactionId;
    showDiscordModal(shell.dialog, modal.data, {
      submit: async (values) => {
        // Busy until the pane shows the bot's answer: a reader (or a test) waits for it.
        root.dataset.busy = 'true';
        try {
          await post('/discord/submit', { person: app.person().id, values });
          shell.closeDialog();
          await pane.load();
        } finally {
          root.dataset.busy = 'false';
        }
      },
      close: () => pane.request('/discord/dismiss', {}),
    });
  }

  function render(state) {
    shell.setPlace(state.guild);
    const guild = state.channels.filter((c) => c.kind === 'guild');
    const dm = state.channels.find((c) => c.kind === 'dm');
    if (!state.channels.some((c) => c.id === pane.selected)) pane.selected = dm?.id ?? guild[0]?.id;
    shell.renderSidebar(
      [
        {
          heading: 'Text channels',
          items: guild.map((c) => ({ key: c.id, label: `# ${c.name}`, count: c.messages.length })),
        },
        {
          heading: 'Direct messages',
          items: dm ? [{ key: dm.id, label: dm.name, count: dm.messages.length }] : [],
        },
      ],
      pane.selected,
    );
    const channel = state.channels.find((c) => c.id === pane.selected);
    shell.title.textContent = channel.kind === 'dm' ? `@ ${channel.name}` : `# ${channel.name}`;
    shell.renderMessages(
      channel.messages,
      messageItem,
      channel.kind === 'dm' ? 'No messages yet. Commands typed here go to #general.' : 'No messages yet.',
    );
    renderModal(state.modal);
  }

  return { load: pane.load, reset: pane.reset };
}
