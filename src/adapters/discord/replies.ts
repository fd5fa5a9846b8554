/**
 * Answering an interaction in time. Discord wants a first response within 3 s, and a modal can
 * only be a first response. Handlers compute a `Reply` (never throwing); `answer` sends it at once
 * when it is ready within 1.5 s, otherwise defers (an ephemeral "thinking…" or a silent update)
 * and sends it as an edit or follow-up when it comes. Replies are ephemeral to the person who asked.
 */
import {
  type APIModalInteractionResponseCallbackData,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  MessageFlags,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { MessageView } from '../../views/view-model.ts';
import { renderEdit, renderMessage } from './render.ts';

/** How long a handler may take before the interaction is deferred. */
export const DEFER_AFTER_MS = 1500;

/** What a handler answers. */
export type Reply =
  /** An ephemeral message to the person who acted. */
  | { kind: 'message'; message: MessageView }
  /** Replace the message the button (or the modal's button) was on; then an optional ephemeral note. */
  | { kind: 'update'; message: MessageView; followUp?: MessageView }
  /** Open a modal; when it is too late for one, show `fallback` instead (a button to try again). */
  | { kind: 'modal'; modal: APIModalInteractionResponseCallbackData; fallback: MessageView }
  /** Nothing to say (a duplicate interaction). */
  | { kind: 'none' };

export type Answerable = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;

type Deferral = 'reply' | 'update' | null;

const LATE = Symbol('late');

function ephemeral(view: MessageView) {
  return { ...renderMessage(view), flags: MessageFlags.Ephemeral as const };
}

/** The message a component was on can be replaced: buttons, and modals opened from a button. */
function canUpdate(interaction: Answerable): interaction is ButtonInteraction | ModalSubmitInteraction {
  return interaction.isButton() || (interaction.isModalSubmit() && interaction.isFromMessage());
}

async function sendMessage(interaction: Answerable, view: MessageView, deferral: Deferral): Promise<void> {
  if (deferral === null) await interaction.reply(ephemeral(view));
  else if (deferral === 'reply') await interaction.editReply(renderMessage(view));
  else await interaction.followUp(ephemeral(view));
}

async function sendUpdate(
  interaction: Answerable,
  reply: Extract<Reply, { kind: 'update' }>,
  deferral: Deferral,
): Promise<void> {
  if (!canUpdate(interaction) || deferral === 'reply') {
    await sendMessage(interaction, reply.message, deferral);
  } else if (deferral === 'update') {
    await interaction.editReply(renderEdit(reply.message));
  } else if (interaction.isButton()) {
    await interaction.update(renderEdit(reply.message));
  } else if (interaction.isFromMessage()) {
    await interaction.update(renderEdit(reply.message));
  }
  if (reply.followUp) await interaction.followUp(ephemeral(reply.followUp));
}

/** Sends `reply` as the first response (`deferral` null) or after the interaction was deferred. */
export async function send(interaction: Answerable, reply: Reply, deferral: Deferral): Promise<void> {
  switch (reply.kind) {
    case 'none':
      if (deferral === 'reply') await interaction.deleteReply();
      return;
    case 'message':
      return sendMessage(interaction, reply.message, deferral);
    case 'update':
      return sendUpdate(interaction, reply, deferral);
    case 'modal':
      if (deferral === null && !interaction.isModalSubmit()) {
        await interaction.showModal(reply.modal);
        return;
      }
      return sendMessage(interaction, reply.fallback, deferral);
  }
}

/**
 * Waits for `work` up to {@link DEFER_AFTER_MS}; sends its reply at once when ready, or defers
 * and sends it later. `prefer` says how to defer: `update` keeps the component's message (a
 * button's), `reply` shows the person an ephemeral "thinking…".
 */
export async function answer(
  interaction: Answerable,
  work: Promise<Reply>,
  prefer: 'reply' | 'update',
  deferAfterMs = DEFER_AFTER_MS,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof LATE>((resolve) => {
    timer = setTimeout(() => resolve(LATE), deferAfterMs);
  });
  const first = await Promise.race([work, late]);
  clearTimeout(timer);
  if (first !== LATE) return send(interaction, first, null);
  if (prefer === 'update' && canUpdate(interaction)) {
    await interaction.deferUpdate();
    return send(interaction, await work, 'update');
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  return send(interaction, await work, 'reply');
}
