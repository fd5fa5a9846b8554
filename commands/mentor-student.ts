import { z } from 'zod';
import { defineCommand } from '../src/app/commands/command-spec.ts';
import { mentorStudent } from '../src/app/queries.ts';
import { t } from '../src/domain/catalog/index.ts';
import { evaluationLine, listReply } from '../src/views/command-replies.ts';
import { loadNames, show } from './support.ts';

/** `/mentor student <student>`: one student's evaluations with outcomes and mentor-facing notes. */
export const mentorStudentCommand = defineCommand({
  path: 'mentor student',
  options: [{ name: 'student', kind: 'student', required: true }],
  schema: z.object({ student: z.string() }),
  async handle({ ctx, person, locale, options, timeZone: zone }) {
    const detail = await mentorStudent(ctx, person, options.student);
    const names = await loadNames(ctx, detail.evaluations);
    const reports = new Map(detail.reports.map((r) => [r.evaluation, r]));
    const lines = detail.evaluations.map((evaluation) => {
      const report = reports.get(evaluation.id);
      // Mentors read the mentor note and any doubt; never the jury justification.
      const notes = [
        report?.content.mentorNote,
        report?.content.readinessDoubt ? `⚠ ${report.content.doubtNote}` : '',
      ]
        .filter((n): n is string => Boolean(n))
        .map((n) => `\n   ${n}`)
        .join('');
      return `${evaluationLine(evaluation, names, locale, zone)}${notes}`;
    });
    return show({
      ...listReply(
        t(locale, 'reply.mentor.student', {
          name: detail.student.name,
          id: detail.student.id,
          path: detail.student.path,
        }),
        [{ lines }],
        locale,
      ),
      audience: 'mentor',
    });
  },
});
