import { z } from 'zod';
import { claimEvaluation } from '../src/app/claim.ts';
import { defineCommand } from '../src/app/commands/command-spec.ts';
import { t } from '../src/domain/catalog/index.ts';
import { formatDateTime } from '../src/views/command-replies.ts';
import { loadNames, say } from './support.ts';

/** `/assess claim [evaluation]`: take the oldest waiting request you can assess (or the one named). */
export const assessClaim = defineCommand({
  path: 'assess claim',
  options: [{ name: 'evaluation', kind: 'evaluation', required: false }],
  schema: z.object({ evaluation: z.string().optional() }),
  async handle({ ctx, person, locale, options, timeZone }) {
    const evaluation = await claimEvaluation(ctx, {
      person,
      ...(options.evaluation ? { evaluation: options.evaluation } : {}),
    });
    const names = await loadNames(ctx, [evaluation]);
    const date = evaluation.dueAt ? formatDateTime(evaluation.dueAt, locale, timeZone) : '—';
    return say(
      t(locale, 'reply.claimed', {
        id: evaluation.id,
        project: names.project(evaluation.project),
        student: names.student(evaluation.student),
        date,
      }),
    );
  },
});
