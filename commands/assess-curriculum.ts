import { z } from 'zod';
import { defineCommand } from '../src/app/commands/command-spec.ts';
import { loadDigest } from '../src/app/load-digest.ts';
import { requireProject } from '../src/app/lookups.ts';
import { emptyDigestMessage, projectDigestMessage } from '../src/views/digest-views.ts';
import { show } from './support.ts';

/** The period `/assess curriculum` looks back over. */
const LOOK_BACK_DAYS = 90;

/**
 * `/assess curriculum <project>`: the anonymised curriculum feedback gathered on a project over the
 * last 90 days (pass rate per criterion, most failed criteria, common mistakes, suggestions), so an
 * assessor knows what to look for and the curriculum team can check a project on demand.
 */
export const assessCurriculum = defineCommand({
  path: 'assess curriculum',
  options: [{ name: 'project', kind: 'project', required: true }],
  schema: z.object({ project: z.string() }),
  async handle({ ctx, locale, options }) {
    const project = await requireProject(ctx.store, options.project);
    const until = ctx.clock.now();
    const since = new Date(until.getTime() - LOOK_BACK_DAYS * 86_400_000);
    const digest = await loadDigest(ctx.store, { project: project.id, since, until });
    const found = digest.projects.find((p) => p.project.id === project.id);
    const message = found ? projectDigestMessage(digest, found, locale) : emptyDigestMessage(digest, locale);
    return show({ ...message, audience: 'curriculum' });
  },
});
