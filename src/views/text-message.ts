import type { Audience, MessageView } from './view-model.ts';

/** A plain message: the text as one block. Command replies go to the person who asked (`requester`). */
export function textMessage(text: string, audience: Audience = 'requester'): MessageView {
  return { text, blocks: [{ type: 'text', text }], audience };
}
