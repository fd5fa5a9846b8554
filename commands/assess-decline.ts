import { z } from 'zod';
import { defineCommand } from '../src/app/commands/command-spec.ts';
import { declineOffer } from '../src/app/respond-to-offer.ts';
import { t } from '../src/domain/catalog/index.ts';
import { DECLINE_REASONS, type DeclineReason } from '../src/domain/model.ts';
import { say } from './support.ts';

/** A reason typed as one of the known ids (`conflict_of_interest`) counts as that reason; anything else is a note. */
function reasonOf(text: string | undefined): { reason: DeclineReason; note?: string } {
  const word = text?.trim().toLowerCase().replaceAll('-', '_') ?? '';
  const known = DECLINE_REASONS.find(
    (r) => r === word || (r === 'conflict_of_interest' && word === 'conflict'),
  );
  if (known) return { reason: known };
  return text?.trim() ? { reason: 'other', note: text.trim() } : { reason: 'unavailable' };
}

/** `/assess decline <evaluation> [reason]`: "conflict" records a conflict of interest with the student. */
export const assessDecline = defineCommand({
  path: 'assess decline',
  options: [
    { name: 'evaluation', kind: 'evaluation', required: true },
    { name: 'reason', kind: 'text', required: false, rest: true, maxLength: 500 },
  ],
  schema: z.object({ evaluation: z.string(), reason: z.string().optional() }),
  async handle({ ctx, person, locale, options }) {
    const result = await declineOffer(ctx, {
      evaluation: options.evaluation,
      person,
      ...reasonOf(options.reason),
    });
    const next = t(locale, result.nextOffer ? 'reply.declined.next_offered' : 'reply.declined.waiting');
    return say(t(locale, 'reply.declined', { id: result.evaluation.id, next }));
  },
});
