import { z } from 'zod';
import { scheduleSoutenance } from '../src/app/availability.ts';
import { defineCommand } from '../src/app/commands/command-spec.ts';
import { t } from '../src/domain/catalog/index.ts';
import { formatDateTime } from '../src/views/command-replies.ts';
import { say } from './support.ts';

/** `/assess schedule <evaluation> <when>`: the soutenance time; the report becomes due 48 h after it. */
export const assessSchedule = defineCommand({
  path: 'assess schedule',
  options: [
    { name: 'evaluation', kind: 'evaluation', required: true },
    { name: 'when', kind: 'datetime', required: true, rest: true },
  ],
  schema: z.object({ evaluation: z.string(), when: z.date() }),
  async handle({ ctx, person, locale, options, timeZone: zone }) {
    const evaluation = await scheduleSoutenance(ctx, {
      evaluation: options.evaluation,
      person,
      when: options.when,
    });
    return say(
      t(locale, 'reply.scheduled', {
        id: evaluation.id,
        date: formatDateTime(options.when, locale, zone),
        due: evaluation.dueAt ? formatDateTime(evaluation.dueAt, locale, zone) : '—',
      }),
    );
  },
});
