import { z } from 'zod';
import { defineCommand } from '../src/app/commands/command-spec.ts';
import { mentorStudents } from '../src/app/queries.ts';
import { t } from '../src/domain/catalog/index.ts';
import { listReply } from '../src/views/command-replies.ts';
import { loadNames, say, show } from './support.ts';

/** `/mentor students`: the mentor's own students and where each one stands. */
export const mentorStudentsCommand = defineCommand({
  path: 'mentor students',
  options: [],
  schema: z.object({}),
  async handle({ ctx, person, locale }) {
    const students = await mentorStudents(ctx, person);
    if (students.length === 0) return say(t(locale, 'reply.mentor.no_students'));
    const names = await loadNames(
      ctx,
      students.flatMap((s) => s.evaluations.slice(-1)),
    );
    const lines = students.map(({ student, evaluations }) => {
      const latest = evaluations.at(-1);
      const state = latest
        ? ` · ${names.project(latest.project)} · ${t(locale, 'reply.mentor.latest', { status: t(locale, `status.${latest.status}`) })}`
        : '';
      return `${t(locale, 'reply.mentor.student', { name: student.name, id: student.id, path: student.path })}${state}`;
    });
    return show(listReply(t(locale, 'reply.mentor.students'), [{ lines }], locale));
  },
});
