/** Building blocks of command replies: an evaluation on one line, dates in the reader's language. */
import { t } from '../domain/catalog/index.ts';
import type { Evaluation, Locale } from '../domain/model.ts';
import { dateFormat } from './date-format.ts';
import type { BlockView, MessageView } from './view-model.ts';

/** `Tue 2 Dec, 14:00` / `mar. 2 déc., 14:00`, in the organisation's time zone. */
export function formatDateTime(date: Date, locale: Locale, timeZone: string): string {
  return dateFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}

export type Names = { project(id: string): string; student(id: string): string };

/** `E-1001 · Portfolio site · Emma Roux · attempt 1 · Offered · due Tue 2 Dec, 09:00` */
export function evaluationLine(
  evaluation: Evaluation,
  names: Names,
  locale: Locale,
  timeZone: string,
  extra: string[] = [],
): string {
  const base = t(locale, 'reply.evaluation_line', {
    id: evaluation.id,
    project: names.project(evaluation.project),
    student: names.student(evaluation.student),
    attempt: evaluation.attempt,
    status: t(locale, `status.${evaluation.status}`),
  });
  const due =
    evaluation.dueAt && evaluation.status === 'accepted'
      ? [t(locale, 'reply.due', { date: formatDateTime(evaluation.dueAt, locale, timeZone) })]
      : [];
  return [base, ...due, ...extra].join(' · ');
}

/** A reply with a header and sections of lines; empty sections say so. */
export function listReply(
  title: string,
  sections: { heading?: string; lines: string[] }[],
  locale: Locale,
): MessageView {
  const blocks: BlockView[] = [{ type: 'header', text: title }];
  const text: string[] = [title];
  for (const section of sections) {
    const body = section.lines.length
      ? section.lines.map((l) => `• ${l}`).join('\n')
      : t(locale, 'reply.none');
    const content = section.heading ? `*${section.heading}*\n${body}` : body;
    blocks.push({ type: 'text', text: content });
    text.push(content);
  }
  return { text: text.join('\n\n'), blocks, audience: 'requester' };
}
