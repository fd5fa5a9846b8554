import { z } from 'zod';
import { defineCommand } from '../src/app/commands/command-spec.ts';
import { openReportForm } from '../src/app/commands/report-form-flow.ts';
import { t } from '../src/domain/catalog/index.ts';
import { say } from './support.ts';

/**
 * `/assess report [evaluation]`: opens the report form (resuming the draft, or amending a submitted
 * report). Without an id, the only evaluation waiting for a report is taken.
 */
export const assessReport = defineCommand({
  path: 'assess report',
  options: [{ name: 'evaluation', kind: 'evaluation', required: false }],
  schema: z.object({ evaluation: z.string().optional() }),
  async handle({ ctx, person, locale, options, platform, trigger }) {
    let id = options.evaluation;
    if (!id) {
      const mine = await ctx.store.evaluations.list({ assessor: person.id, status: 'accepted' });
      if (mine.length === 0) return say(t(locale, 'reply.report.none'));
      if (mine.length > 1)
        return say(t(locale, 'reply.report.pick', { list: mine.map((e) => e.id).join(', ') }));
      id = mine[0]?.id ?? '';
    }
    const form = await openReportForm(ctx, { person, evaluation: id, platform, locale });
    if (!trigger) return say(t(locale, 'reply.report.needs_trigger', { id }));
    return { kind: 'form', form };
  },
});
