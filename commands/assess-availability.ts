import { z } from 'zod';
import { setAvailability } from '../src/app/availability.ts';
import { defineCommand } from '../src/app/commands/command-spec.ts';
import { t } from '../src/domain/catalog/index.ts';
import { say } from './support.ts';

/** `/assess availability [capacity] [away-from] [away-to]`: with nothing given, shows the current settings. */
export const assessAvailability = defineCommand({
  path: 'assess availability',
  options: [
    { name: 'capacity', kind: 'integer', required: false, min: 0, max: 50 },
    { name: 'away-from', kind: 'date', required: false },
    { name: 'away-to', kind: 'date', required: false },
  ],
  schema: z.object({
    capacity: z.number().optional(),
    'away-from': z.string().optional(),
    'away-to': z.string().optional(),
  }),
  async handle({ ctx, person, locale, options }) {
    const changed =
      options.capacity !== undefined ||
      options['away-from'] !== undefined ||
      options['away-to'] !== undefined;
    const updated = changed
      ? await setAvailability(ctx, {
          person,
          change: {
            ...(options.capacity !== undefined ? { capacity: options.capacity } : {}),
            ...(options['away-from'] ? { awayFrom: options['away-from'] } : {}),
            ...(options['away-to'] ? { awayTo: options['away-to'] } : {}),
          },
        })
      : person;
    const absences = updated.absences
      .map((a) => (a.from === a.to ? a.from : `${a.from} → ${a.to}`))
      .join(', ');
    return say(
      t(locale, 'reply.availability', {
        capacity: updated.capacity,
        absences: absences || t(locale, 'reply.availability.none'),
      }),
    );
  },
});
