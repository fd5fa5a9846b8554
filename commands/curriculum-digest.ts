import { z } from 'zod';
import { requestDigest } from '../src/app/background-requests.ts';
import { defineCommand } from '../src/app/commands/command-spec.ts';
import { t } from '../src/domain/catalog/index.ts';
import { say } from './support.ts';

/** `/curriculum digest [project] [since]`: compiles the digest now and posts it in the curriculum channel. */
export const curriculumDigest = defineCommand({
  path: 'curriculum digest',
  options: [
    { name: 'project', kind: 'project', required: false },
    { name: 'since', kind: 'date', required: false },
  ],
  schema: z.object({ project: z.string().optional(), since: z.string().optional() }),
  async handle({ ctx, person, locale, options }) {
    await requestDigest(ctx, {
      actor: { type: 'person', person },
      ...(options.project ? { project: options.project } : {}),
      ...(options.since ? { since: new Date(`${options.since}T00:00:00Z`) } : {}),
    });
    return say(
      t(locale, 'reply.digest.requested', { project: options.project ? ` (${options.project})` : '' }),
    );
  },
});
