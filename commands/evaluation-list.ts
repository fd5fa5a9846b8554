import { z } from 'zod';
import { defineCommand } from '../src/app/commands/command-spec.ts';
import { listEvaluations } from '../src/app/get-evaluation.ts';
import { t } from '../src/domain/catalog/index.ts';
import { EVALUATION_STATUSES } from '../src/domain/model.ts';
import { evaluationLine, listReply } from '../src/views/command-replies.ts';
import { loadNames, show } from './support.ts';

/** The most lines one reply shows; Slack and Discord messages have size limits. */
const MAX_LINES = 25;

/** `/evaluation list [status]`: evaluations, oldest first, optionally of one status. */
export const evaluationList = defineCommand({
  path: 'evaluation list',
  options: [{ name: 'status', kind: 'choice', required: false, choices: EVALUATION_STATUSES }],
  schema: z.object({ status: z.enum(EVALUATION_STATUSES).optional() }),
  async handle({ ctx, locale, options, timeZone: zone }) {
    const all = await listEvaluations(ctx, options.status ? { status: options.status } : {});
    const names = await loadNames(ctx, all.slice(0, MAX_LINES));
    const lines = all
      .slice(0, MAX_LINES)
      .map((e) => evaluationLine(e, names, locale, zone, e.assessor ? [e.assessor] : []));
    if (all.length > MAX_LINES) lines.push(t(locale, 'reply.list.more', { count: all.length - MAX_LINES }));
    const status = options.status ? ` · ${t(locale, `status.${options.status}`)}` : '';
    return show(listReply(t(locale, 'reply.list.title', { status }), [{ lines }], locale));
  },
});
