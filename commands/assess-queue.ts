import { z } from 'zod';
import { defineCommand } from '../src/app/commands/command-spec.ts';
import { assessorQueue } from '../src/app/queries.ts';
import { t } from '../src/domain/catalog/index.ts';
import { evaluationLine, listReply } from '../src/views/command-replies.ts';
import { loadNames, show } from './support.ts';

/** `/assess queue`: offers to answer, reports to write, decisions to take, and the waiting pool. */
export const assessQueue = defineCommand({
  path: 'assess queue',
  options: [],
  schema: z.object({}),
  async handle({ ctx, person, locale, timeZone: zone }) {
    const queue = await assessorQueue(ctx, person);
    const names = await loadNames(ctx, [
      ...queue.offers.map((o) => o.evaluation),
      ...queue.toReport.map((r) => r.evaluation),
      ...queue.toDecide,
    ]);
    const line = (e: Parameters<typeof evaluationLine>[0], extra: string[] = []) =>
      evaluationLine(e, names, locale, zone, extra);
    return show(
      listReply(
        t(locale, 'reply.queue.title'),
        [
          { heading: t(locale, 'reply.queue.offers'), lines: queue.offers.map((o) => line(o.evaluation)) },
          {
            heading: t(locale, 'reply.queue.to_report'),
            lines: queue.toReport.map((r) =>
              line(r.evaluation, r.draft ? [t(locale, 'reply.queue.draft')] : []),
            ),
          },
          { heading: t(locale, 'reply.queue.to_decide'), lines: queue.toDecide.map((e) => line(e)) },
          { lines: queue.waiting > 0 ? [t(locale, 'reply.queue.waiting', { count: queue.waiting })] : [] },
        ].filter((s) => s.heading !== undefined || s.lines.length > 0),
        locale,
      ),
    );
  },
});
