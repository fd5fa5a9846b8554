/**
 * The Discord-like pane: the server's channels the person reads and their DM with the bot,
 * messages with embeds, buttons and attachments, replies only they see, the composer for slash
 * commands (typed in a server channel) and the modal the bot opened.
 */
import { get, post } from './api.js';
import { createComposer } from './composer.js';
import { renderDiscordBody } from './discord-message.js';
import { showDiscordModal } from './discord-modal.js';
import { h } from './dom.js';
import { createPaneShell } from './pane-shell.js';

/** Creates the pane in `root`. `app` gives `person()`, `catalog()` and `suggest(kind, q)`. */
export function createDiscordPane(root, app) {
  let state = null;
  let selected = null;

  const composer = createComposer({
    label: 'Discord message',
    placeholder: 'Type / for commands, e.g. /assess queue',
    catalog: () => app.catalog(),
    suggest: (kind, q) => app.suggest(kind, q),
    send: async (text) => {
      const channel = state?.channels.find((c) => c.id === selected && c.kind === 'guild')?.id;
      const result = await post('/discord/command', { person: app.person().id, text, channel });
      // Commands are typed in a server channel: follow the reply there.
      selected = result.channel;
      await load();
      return result.modal ? `${text}: a form opened.` : `Sent ${text}`;
    },
  });
  const shell = createPaneShell(root, { name: 'Discord', composer, onSelect: (key) => select(key) });

  const interact = async (path, body) => {
    shell.setStatus('');
    try {
      return await post(path, { person: app.person().id, ...body });
    } catch (error) {
      shell.setStatus(error.message);
      return null;
    }
  };

  function messageItem(message) {
    const onComponent = ({ customId, values }) =>
      interact('/discord/component', { messageId: message.id, customId, values });
    return h(
      'li',
      { class: `message${message.ephemeral ? ' ephemeral' : ''}` },
      h(
        'p',
        { class: 'message-meta' },
        h('span', { class: 'author' }, message.author),
        message.fromBot ? h('span', { class: 'app-tag' }, 'APP') : null,
        message.edited ? h('span', { class: 'edited' }, '(edited)') : null,
      ),
      h('div', { class: 'message-body' }, renderDiscordBody(message, onComponent)),
      message.ephemeral ? h('p', { class: 'only-you' }, 'Only you can see this message') : null,
    );
  }

  function renderModal() {
    const modal = state.modal;
    if (!modal) {
      delete shell.dialog.dataset.key;
      if (shell.dialog.open) shell.dialog.close();
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
          delete shell.dialog.dataset.key;
          if (shell.dialog.open) shell.dialog.close();
          await load();
        } finally {
          root.dataset.busy = 'false';
        }
      },
      close: () => interact('/discord/dismiss', {}),
    });
  }

  function render() {
    shell.setPlace(state.guild);
    const guild = state.channels.filter((c) => c.kind === 'guild');
    const dm = state.channels.find((c) => c.kind === 'dm');
    if (!state.channels.some((c) => c.id === selected)) selected = dm?.id ?? guild[0]?.id;
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
      selected,
    );
    const channel = state.channels.find((c) => c.id === selected);
    shell.title.textContent = channel.kind === 'dm' ? `@ ${channel.name}` : `# ${channel.name}`;
    shell.renderLog(
      channel.messages.length > 0
        ? channel.messages.map(messageItem)
        : [
            h(
              'li',
              { class: 'empty' },
              channel.kind === 'dm'
                ? 'No messages yet. Commands typed here go to #general.'
                : 'No messages yet.',
            ),
          ],
    );
    renderModal();
  }

  async function load() {
    const person = app.person();
    if (!person?.discord) {
      shell.setAbsent(person ? `${person.name} is not on Discord in the demo organisation.` : '');
      if (shell.dialog.open) shell.dialog.close();
      state = null;
      return;
    }
    shell.setAbsent(null);
    try {
      state = await get('/discord/state', { person: person.id });
      if (app.person()?.id === person.id) render();
    } catch (error) {
      shell.setStatus(error.message);
    }
  }

  function select(key) {
    selected = key;
    if (state) render();
    shell.title.focus();
  }

  return {
    load,
    /** A new person: start in their DM with the bot. */
    reset() {
      selected = null;
      shell.reset();
      composer.reset();
      delete shell.dialog.dataset.key;
      if (shell.dialog.open) shell.dialog.close();
      return load();
    },
  };
}
