import { z } from 'zod';
import { requestDossier } from '../src/app/background-requests.ts';
import { defineCommand } from '../src/app/commands/command-spec.ts';
import { t } from '../src/domain/catalog/index.ts';
import { say } from './support.ts';

/** `/jury dossier <student>`: compiles the student's dossier and delivers it to the jury channel. */
export const juryDossier = defineCommand({
  path: 'jury dossier',
  options: [{ name: 'student', kind: 'student', required: true }],
  schema: z.object({ student: z.string() }),
  async handle({ ctx, person, locale, options }) {
    await requestDossier(ctx, { student: options.student, actor: { type: 'person', person } });
    const student = await ctx.store.people.getStudent(options.student);
    return say(t(locale, 'reply.dossier.requested', { student: student?.name ?? options.student }));
  },
});
