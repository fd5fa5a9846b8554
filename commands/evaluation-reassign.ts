import { z } from 'zod';
import { defineCommand } from '../src/app/commands/command-spec.ts';
import { reassignEvaluation } from '../src/app/evaluation-admin.ts';
import { t } from '../src/domain/catalog/index.ts';
import { say } from './support.ts';

/** `/evaluation reassign <evaluation> <assessor>`: a manual override of the engine, audited. */
export const evaluationReassign = defineCommand({
  path: 'evaluation reassign',
  options: [
    { name: 'evaluation', kind: 'evaluation', required: true },
    { name: 'assessor', kind: 'assessor', required: true },
  ],
  schema: z.object({ evaluation: z.string(), assessor: z.string() }),
  async handle({ ctx, person, locale, options }) {
    const result = await reassignEvaluation(ctx, { ...options, actor: { type: 'person', person } });
    const rules = result.overridden.map((r) => t(locale, `rule.${r}`)).join(', ');
    return say(
      t(locale, 'reply.reassigned', {
        id: result.evaluation.id,
        assessor: options.assessor,
        overridden: rules ? t(locale, 'reply.reassigned.overridden', { rules }) : '',
      }),
    );
  },
});
