import { z } from 'zod';
import { defineCommand } from '../src/app/commands/command-spec.ts';
import { requestEvaluation } from '../src/app/request-evaluation.ts';
import { t } from '../src/domain/catalog/index.ts';
import { say } from './support.ts';

/** `/evaluation request <student> <project>`: the next attempt, offered by the assignment engine. */
export const evaluationRequest = defineCommand({
  path: 'evaluation request',
  options: [
    { name: 'student', kind: 'student', required: true },
    { name: 'project', kind: 'project', required: true },
  ],
  schema: z.object({ student: z.string(), project: z.string() }),
  async handle({ ctx, person, locale, options }) {
    const { evaluation } = await requestEvaluation(ctx, { ...options, actor: { type: 'person', person } });
    return say(
      t(locale, 'reply.requested', {
        id: evaluation.id,
        student: evaluation.student,
        project: evaluation.project,
        attempt: evaluation.attempt,
        status: t(locale, `status.${evaluation.status}`),
        assessor: evaluation.assessor
          ? t(locale, 'reply.requested.assessor', { assessor: evaluation.assessor })
          : '',
      }),
    );
  },
});
