/**
 * The jury dossier as Markdown: title, cover table, competency coverage matrix (✓ / ✗ / —) and a
 * section per attempt. Labels come from the catalog in the jury's locale.
 */
import { t } from '../domain/catalog/index.ts';
import type { CoverageCell, DossierAttempt, DossierModel } from '../domain/dossier.ts';
import type { Locale } from '../domain/model.ts';
import { dateFormat } from './date-format.ts';

/** How a dossier is rendered: the reader's locale, the organisation's time zone, the generation time. */
export type DossierRenderOptions = {
  locale: Locale;
  /** IANA time zone for dates (the organisation's); UTC when absent. */
  timeZone?: string;
  /** Shown under the title; not part of the content hash. */
  generatedAt?: Date;
};

/** A date (ISO string or Date) as the reader expects it, e.g. "30 November 2026" / "30 novembre 2026". */
export function formatDossierDate(value: string | Date, locale: Locale, timeZone = 'UTC'): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  return dateFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeZone })
    .format(date)
    .replace(/[\u202f\u00a0]/g, ' ');
}

/** The cover's rows as (label, value) pairs, shared by the Markdown and PDF renderers. */
export function coverRows(model: DossierModel, options: DossierRenderOptions): [string, string][] {
  const { locale } = options;
  const cover = model.cover;
  const date = (iso: string | null) =>
    iso === null ? t(locale, 'dossier.cover.none') : formatDossierDate(iso, locale, options.timeZone);
  return [
    [t(locale, 'dossier.cover.student'), `${cover.student.name} (${cover.student.id})`],
    [t(locale, 'dossier.cover.path'), cover.path.name],
    [t(locale, 'dossier.cover.mentor'), cover.mentor?.name ?? t(locale, 'dossier.cover.none')],
    [t(locale, 'dossier.cover.firstRequest'), date(cover.firstRequestedAt)],
    [t(locale, 'dossier.cover.lastSubmission'), date(cover.lastSubmittedAt)],
    [t(locale, 'dossier.cover.status'), statusLabel(model, locale)],
    [
      t(locale, 'dossier.cover.projects'),
      t(locale, 'dossier.projects.count', {
        approved: cover.approvedProjects,
        total: cover.totalProjects,
      }),
    ],
    [t(locale, 'dossier.cover.outcomes'), outcomeSummary(model, locale)],
  ];
}

/** "Path complete" or "Path not complete". */
export function statusLabel(model: DossierModel, locale: Locale): string {
  return t(locale, model.cover.pathComplete ? 'dossier.status.complete' : 'dossier.status.incomplete');
}

/** "3 approved, 1 conditional, 0 to rework". */
export function outcomeSummary(model: DossierModel, locale: Locale): string {
  return t(locale, 'dossier.outcomes.summary', { ...model.cover.outcomes });
}

/** An attempt's facts as (label, value) pairs, shared by the Markdown and PDF renderers. */
export function attemptRows(attempt: DossierAttempt, options: DossierRenderOptions): [string, string][] {
  const { locale } = options;
  const date = (iso: string) => formatDossierDate(iso, locale, options.timeZone);
  const rows: [string, string][] = [
    [
      t(locale, 'dossier.attempt.outcome'),
      attempt.outcome ? t(locale, `outcome.${attempt.outcome}`) : t(locale, 'dossier.attempt.noOutcome'),
    ],
    [t(locale, 'dossier.attempt.requestedAt'), date(attempt.requestedAt)],
  ];
  if (attempt.submittedAt) rows.push([t(locale, 'dossier.attempt.submittedAt'), date(attempt.submittedAt)]);
  if (attempt.amendedAt) rows.push([t(locale, 'dossier.attempt.amendedAt'), date(attempt.amendedAt)]);
  rows.push([
    t(locale, 'dossier.attempt.assessor'),
    attempt.assessor?.name ?? t(locale, 'dossier.cover.none'),
  ]);
  rows.push([t(locale, 'dossier.attempt.versions'), String(attempt.versions)]);
  return rows;
}

/** The heading of an attempt's section. */
export function attemptHeading(attempt: DossierAttempt, locale: Locale): string {
  return t(locale, 'dossier.attempt.heading', {
    project: attempt.project.name,
    attempt: attempt.attempt,
    evaluation: attempt.evaluation,
  });
}

/** The competency label of a matrix group. */
export function competencyLabel(competency: string | null, locale: Locale): string {
  return competency ?? t(locale, 'dossier.competency.none');
}

const SYMBOL: Record<Exclude<CoverageCell, null>, string> = { met: '✓', not_met: '✗', not_assessed: '—' };

/** Text made safe for a table cell: pipes escaped, line breaks kept as `<br>`. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>').trim();
}

function table(header: string[], rows: string[][], align?: string[]): string {
  const lines = [
    `| ${header.map(cell).join(' | ')} |`,
    `| ${(align ?? header.map(() => '---')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
  return lines.join('\n');
}

function quote(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => (line.trim() === '' ? '>' : `> ${line}`))
    .join('\n');
}

/** One attempt's section (what a flow child renders). */
export function renderAttemptMarkdown(attempt: DossierAttempt, options: DossierRenderOptions): string {
  const { locale } = options;
  const criteria = attempt.criteria.map((c) => [
    c.competency ? `${c.title} (${c.competency})` : c.title,
    c.verdict
      ? `${SYMBOL[c.verdict]} ${t(locale, `verdict.${c.verdict}`)}`
      : `${SYMBOL.not_assessed} ${t(locale, 'dossier.cell.not_assessed')}`,
    c.comment,
  ]);
  const doubt = attempt.doubt
    ? quote(attempt.doubt.note || t(locale, 'dossier.attempt.doubtNoNote'))
    : t(locale, 'dossier.attempt.noDoubt');
  return [
    `### ${attemptHeading(attempt, locale)}`,
    table(
      [t(locale, 'dossier.cover.field'), t(locale, 'dossier.cover.value')],
      attemptRows(attempt, options),
    ),
    `#### ${t(locale, 'dossier.attempt.criteria')}`,
    table(
      [
        t(locale, 'dossier.matrix.criterion'),
        t(locale, 'dossier.attempt.verdict'),
        t(locale, 'dossier.attempt.comment'),
      ],
      criteria,
    ),
    `#### ${t(locale, 'dossier.attempt.justification')}`,
    quote(attempt.juryJustification),
    `#### ${t(locale, 'dossier.attempt.doubt')}`,
    doubt,
  ].join('\n\n');
}

/** Title, cover and matrix: everything but the attempts' sections. */
export function renderDossierHeadMarkdown(model: DossierModel, options: DossierRenderOptions): string {
  const { locale } = options;
  const parts = [`# ${t(locale, 'dossier.title', { student: model.cover.student.name })}`];
  if (options.generatedAt) {
    const date = formatDossierDate(options.generatedAt, locale, options.timeZone);
    parts.push(`_${t(locale, 'dossier.generatedAt', { date })}_`);
  }
  parts.push(
    `## ${t(locale, 'dossier.cover.title')}`,
    table([t(locale, 'dossier.cover.field'), t(locale, 'dossier.cover.value')], coverRows(model, options)),
  );
  const columns = Array.from({ length: model.matrix.attempts }, (_, i) =>
    t(locale, 'dossier.matrix.attempt', { n: i + 1 }),
  );
  const rows = model.matrix.groups.flatMap((group) =>
    group.rows.map((row) => [
      competencyLabel(group.competency, locale),
      row.project.name,
      row.criterion.name,
      ...row.cells.map((c) => (c === null ? '' : SYMBOL[c])),
    ]),
  );
  parts.push(
    `## ${t(locale, 'dossier.matrix.title')}`,
    table(
      [
        t(locale, 'dossier.matrix.competency'),
        t(locale, 'dossier.matrix.project'),
        t(locale, 'dossier.matrix.criterion'),
        ...columns,
      ],
      rows,
      ['---', '---', '---', ...columns.map(() => ':-:')],
    ),
    `_${t(locale, 'dossier.matrix.legend')}_`,
    `## ${t(locale, 'dossier.attempts.title')}`,
  );
  if (model.attempts.length === 0) parts.push(t(locale, 'dossier.attempts.none'));
  return parts.join('\n\n');
}

/**
 * The whole dossier. `sections`, when given, are the attempts' sections already rendered (by the
 * flow's children, in the model's attempt order); otherwise they are rendered here.
 */
export function renderDossierMarkdown(
  model: DossierModel,
  options: DossierRenderOptions,
  sections?: readonly string[],
): string {
  const rendered = sections ?? model.attempts.map((a) => renderAttemptMarkdown(a, options));
  return `${[renderDossierHeadMarkdown(model, options), ...rendered].join('\n\n')}\n`;
}
