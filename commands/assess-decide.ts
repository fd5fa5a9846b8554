import { z } from 'zod';
import { defineCommand } from '../src/app/commands/command-spec.ts';
import { decideConditional } from '../src/app/conditional.ts';
import { t } from '../src/domain/catalog/index.ts';
import { say } from './support.ts';

/** `/assess decide <evaluation> <approved|to_rework>`: settles a conditional outcome. */
export const assessDecide = defineCommand({
  path: 'assess decide',
  options: [
    { name: 'evaluation', kind: 'evaluation', required: true },
    { name: 'outcome', kind: 'choice', required: true, choices: ['approved', 'to_rework'] },
  ],
  schema: z.object({ evaluation: z.string(), outcome: z.enum(['approved', 'to_rework']) }),
  async handle({ ctx, person, locale, options }) {
    const { evaluation } = await decideConditional(ctx, {
      evaluation: options.evaluation,
      person,
      outcome: options.outcome,
    });
    return say(
      t(locale, 'reply.decided', { id: evaluation.id, status: t(locale, `status.${evaluation.status}`) }),
    );
  },
});
