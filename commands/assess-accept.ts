import { z } from 'zod';
import { defineCommand } from '../src/app/commands/command-spec.ts';
import { acceptOffer } from '../src/app/respond-to-offer.ts';
import { t } from '../src/domain/catalog/index.ts';
import { formatDateTime } from '../src/views/command-replies.ts';
import { say } from './support.ts';

/** `/assess accept <evaluation>`: the same as the Accept button of the offer. */
export const assessAccept = defineCommand({
  path: 'assess accept',
  options: [{ name: 'evaluation', kind: 'evaluation', required: true }],
  schema: z.object({ evaluation: z.string() }),
  async handle({ ctx, person, locale, options, timeZone }) {
    const evaluation = await acceptOffer(ctx, { evaluation: options.evaluation, person });
    const date = evaluation.dueAt ? formatDateTime(evaluation.dueAt, locale, timeZone) : '—';
    return say(t(locale, 'reply.accepted', { id: evaluation.id, date }));
  },
});
