import { z } from 'zod';
import { defineCommand } from '../src/app/commands/command-spec.ts';
import { describeDossierStatus, dossierStatus } from '../src/app/dossier-status.ts';
import { say } from './support.ts';

/** `/jury status <student>`: delivered (and when), compiling (with progress), failed, or none yet. */
export const juryStatus = defineCommand({
  path: 'jury status',
  options: [{ name: 'student', kind: 'student', required: true }],
  schema: z.object({ student: z.string() }),
  async handle({ ctx, queue, locale, options, timeZone }) {
    const view = await dossierStatus(ctx, queue, options.student);
    return say(describeDossierStatus(view, locale, timeZone));
  },
});
