/**
 * Renders the platform-neutral view models as Block Kit within Slack's limits (DESIGN §6): a
 * message is at most 50 blocks, a section's text 3000 characters, a header 150, ten fields per
 * section. Text is Slack mrkdwn with `&`, `<` and `>` escaped, so nothing in a report can mention
 * a channel or forge a link. Modals are in `block-kit-modal.ts`, re-exported here.
 */
import type { types } from '@slack/bolt';
import type { BlockView, ButtonView, MessageView } from '../../views/view-model.ts';
import { mrkdwn, plain, type SlackBlock, splitText } from './block-kit-text.ts';

export {
  formModal,
  type ModalOptions,
  noticeModal,
  parseViewValues,
  readMetadata,
} from './block-kit-modal.ts';
export { clip, escapeMrkdwn, plain, type SlackBlock, splitText } from './block-kit-text.ts';

/** Slack's limits (Block Kit reference), in characters or items. */
export const SLACK_LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  headerText: 150,
  fieldsPerSection: 10,
  fieldText: 2000,
  buttonText: 75,
  buttonValue: 2000,
  buttonsPerActions: 25,
  contextElements: 10,
  /** The notification text of a message; Slack truncates beyond 40,000 and advises far less. */
  fallbackText: 3000,
} as const;

function button(view: ButtonView): types.Button {
  return {
    type: 'button',
    action_id: view.action,
    text: plain(view.label, SLACK_LIMITS.buttonText),
    value: view.value.slice(0, SLACK_LIMITS.buttonValue),
    ...(view.style ? { style: view.style } : {}),
  };
}

function sections(text: string): SlackBlock[] {
  return splitText(text, SLACK_LIMITS.sectionText).map((piece) => ({
    type: 'section',
    text: { type: 'mrkdwn', text: piece },
  }));
}

/** One neutral block as Slack blocks (a long text or many fields become several). */
export function renderBlock(block: BlockView): SlackBlock[] {
  switch (block.type) {
    case 'header':
      return block.text.trim() ? [{ type: 'header', text: plain(block.text, SLACK_LIMITS.headerText) }] : [];
    case 'text':
      return sections(block.text);
    case 'fields': {
      const out: SlackBlock[] = [];
      for (let i = 0; i < block.fields.length; i += SLACK_LIMITS.fieldsPerSection) {
        const fields = block.fields.slice(i, i + SLACK_LIMITS.fieldsPerSection).map((f) => ({
          type: 'mrkdwn' as const,
          text: mrkdwn(`*${f.label}*\n${f.value}`, SLACK_LIMITS.fieldText),
        }));
        out.push({ type: 'section', fields });
      }
      return out;
    }
    case 'context':
      return block.text.trim()
        ? [
            {
              type: 'context',
              elements: [{ type: 'mrkdwn', text: mrkdwn(block.text, SLACK_LIMITS.sectionText) }],
            },
          ]
        : [];
    case 'divider':
      return [{ type: 'divider' }];
    case 'actions': {
      const out: SlackBlock[] = [];
      for (let i = 0; i < block.buttons.length; i += SLACK_LIMITS.buttonsPerActions) {
        const elements = block.buttons.slice(i, i + SLACK_LIMITS.buttonsPerActions).map(button);
        if (elements.length) out.push({ type: 'actions', elements });
      }
      return out;
    }
  }
}

/**
 * Keeps at most `max` blocks. Buttons matter most (an offer without Accept is useless), so the
 * actions blocks are kept and text is dropped from the end, with a `…` context where it was cut.
 */
export function fitBlocks(blocks: SlackBlock[], max: number): SlackBlock[] {
  if (blocks.length <= max) return blocks;
  const actions = blocks.filter((b) => b.type === 'actions').slice(0, max - 1);
  const room = max - actions.length - 1;
  const kept: SlackBlock[] = [];
  let dropped = false;
  for (const block of blocks) {
    if (block.type === 'actions') {
      if (actions.includes(block)) kept.push(block);
      continue;
    }
    if (kept.filter((b) => b.type !== 'actions').length < room) kept.push(block);
    else if (!dropped) {
      dropped = true;
      kept.push({ type: 'context', elements: [{ type: 'mrkdwn', text: '…' }] });
    }
  }
  return kept;
}

/** A message as Slack's `{ text, blocks }`: the fallback text escaped and bounded, blocks within 50. */
export function messageBlocks(message: MessageView): { text: string; blocks: SlackBlock[] } {
  const blocks = fitBlocks(message.blocks.flatMap(renderBlock), SLACK_LIMITS.messageBlocks);
  return { text: mrkdwn(message.text, SLACK_LIMITS.fallbackText), blocks };
}
