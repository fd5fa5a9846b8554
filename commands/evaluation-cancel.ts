import { z } from 'zod';
import { defineCommand } from '../src/app/commands/command-spec.ts';
import { cancelEvaluation } from '../src/app/evaluation-admin.ts';
import { t } from '../src/domain/catalog/index.ts';
import { say } from './support.ts';

/** `/evaluation cancel <evaluation> [reason]`: withdraws any offer and closes the evaluation. */
export const evaluationCancel = defineCommand({
  path: 'evaluation cancel',
  options: [
    { name: 'evaluation', kind: 'evaluation', required: true },
    { name: 'reason', kind: 'text', required: false, rest: true, maxLength: 500 },
  ],
  schema: z.object({ evaluation: z.string(), reason: z.string().optional() }),
  async handle({ ctx, person, locale, options }) {
    const evaluation = await cancelEvaluation(ctx, {
      evaluation: options.evaluation,
      actor: { type: 'person', person },
      ...(options.reason ? { reason: options.reason } : {}),
    });
    return say(t(locale, 'reply.cancelled', { id: evaluation.id }));
  },
});
