/**
 * The curriculum digest as channel messages (one per project, for the curriculum channel), as CSV
 * and as Markdown. Messages keep to the tightest platform limits (Discord: 2,000 characters;
 * Slack: 50 blocks): they show the top items and say how many more there are.
 */
import { type MessageKey, type MessageParams, t } from '../domain/catalog/index.ts';
import type { Digest, DigestPeriod, ProjectDigest, StatementDigest } from '../domain/digest.ts';
import { type Locale, OUTCOMES } from '../domain/model.ts';
import type { BlockView, MessageView } from './view-model.ts';

/** Upper bound of a digest message's characters (fallback text and blocks), under Discord's 2,000. */
export const DIGEST_MESSAGE_MAX_CHARS = 1900;

/** The characters a message puts on screen: its fallback text and every block's text. */
export function messageLength(view: MessageView): number {
  let length = view.text.length;
  for (const block of view.blocks) {
    if (block.type === 'header' || block.type === 'text' || block.type === 'context')
      length += block.text.length;
    else if (block.type === 'fields')
      for (const f of block.fields) length += f.label.length + f.value.length + 1;
    else if (block.type === 'actions') for (const b of block.buttons) length += b.label.length;
  }
  return length;
}

/** How much of a project's digest a message shows; tried from the most to the least generous. */
type Limits = { criteria: number; failed: number; clusters: number; chars: number };

const LIMITS: readonly Limits[] = [
  { criteria: 10, failed: 3, clusters: 5, chars: 140 },
  { criteria: 8, failed: 3, clusters: 4, chars: 100 },
  { criteria: 6, failed: 3, clusters: 3, chars: 80 },
  { criteria: 5, failed: 2, clusters: 3, chars: 60 },
  { criteria: 3, failed: 1, clusters: 2, chars: 50 },
  { criteria: 3, failed: 1, clusters: 1, chars: 40 },
];

/** One message per project of the digest, or one saying there was no report when it has none. */
export function digestMessages(digest: Digest, locale: Locale): MessageView[] {
  if (digest.projects.length === 0) return [emptyDigestMessage(digest, locale)];
  return digest.projects.map((project) => projectDigestMessage(digest, project, locale));
}

/** The message for one project, as detailed as the length limit allows. */
export function projectDigestMessage(digest: Digest, project: ProjectDigest, locale: Locale): MessageView {
  let view: MessageView | undefined;
  for (const limits of LIMITS) {
    view = buildMessage(digest, project, locale, limits);
    if (messageLength(view) <= DIGEST_MESSAGE_MAX_CHARS) return view;
  }
  return view ?? buildMessage(digest, project, locale, { criteria: 1, failed: 1, clusters: 1, chars: 40 });
}

/** Posted when no project had a report in the period. */
export function emptyDigestMessage(digest: Digest, locale: Locale): MessageView {
  const text = t(locale, 'digest.empty', {
    since: day(digest.period.since),
    until: lastDay(digest.period),
  });
  return { text, blocks: [{ type: 'text', text }], audience: 'curriculum' };
}

function buildMessage(digest: Digest, p: ProjectDigest, locale: Locale, limits: Limits): MessageView {
  const tr = (key: MessageKey, params?: MessageParams) => t(locale, key, params);
  const name = shorten(p.project.name, limits.chars);
  const blocks: BlockView[] = [
    { type: 'header', text: tr('digest.title', { project: name }) },
    { type: 'context', text: periodLine(digest, locale) },
    {
      type: 'fields',
      fields: [
        {
          label: tr('digest.field.reports'),
          value: tr('digest.countWithPrevious', { count: p.reports, previous: p.previousReports }),
        },
        { label: tr('digest.field.outcomes'), value: outcomesLine(p, locale) },
        {
          label: tr('digest.field.doubts'),
          value: tr('digest.countWithPrevious', { count: p.doubts, previous: p.previousDoubts }),
        },
        { label: tr('digest.field.repeatAttempts'), value: String(p.repeatAttempts) },
      ],
    },
    {
      type: 'text',
      text: section(
        tr('digest.criteria.heading'),
        p.criteria.map((c) => criterionLine(c, locale, limits.chars)),
        limits.criteria,
        locale,
      ),
    },
    {
      type: 'text',
      text:
        p.mostFailed.length === 0
          ? `${tr('digest.failed.heading')}\n${tr('digest.failed.none')}`
          : section(
              tr('digest.failed.heading'),
              p.mostFailed.map((f) =>
                tr('digest.failed.line', {
                  title: shorten(f.title, limits.chars),
                  failed: f.failed,
                  assessed: f.assessed,
                  rate: percent(f.failRate, locale),
                }),
              ),
              limits.failed,
              locale,
            ),
    },
    { type: 'text', text: clusterSection(tr('digest.mistakes.heading'), p.commonMistakes, limits, locale) },
    {
      type: 'text',
      text: clusterSection(tr('digest.suggestions.heading'), p.materialSuggestions, limits, locale),
    },
    { type: 'context', text: tr('digest.anonymous') },
  ];
  const text = tr('digest.fallback', { project: name, reports: p.reports, doubts: p.doubts });
  return { text, blocks, audience: 'curriculum' };
}

function section(heading: string, lines: readonly string[], limit: number, locale: Locale): string {
  const shown = lines.slice(0, limit).map((line) => `• ${line}`);
  if (lines.length > limit) shown.push(t(locale, 'digest.more', { count: lines.length - limit }));
  return [heading, ...shown].join('\n');
}

function clusterSection(heading: string, group: StatementDigest, limits: Limits, locale: Locale): string {
  if (group.clusters.length === 0) return `${heading}\n${t(locale, 'digest.clusters.none')}`;
  const lines = group.clusters.map((c) =>
    t(locale, 'digest.cluster.line', { count: c.count, label: shorten(c.label, limits.chars) }),
  );
  const shown = lines.slice(0, limits.clusters).map((line) => `• ${line}`);
  const more = Math.max(0, group.clusters.length - limits.clusters) + group.otherClusters;
  if (more > 0) shown.push(t(locale, 'digest.more', { count: more }));
  return [heading, ...shown].join('\n');
}

function criterionLine(c: ProjectDigest['criteria'][number], locale: Locale, chars: number): string {
  return t(locale, 'digest.criteria.line', {
    title: shorten(c.title, chars),
    rate: c.passRate === null ? t(locale, 'digest.criteria.notAssessed') : percent(c.passRate, locale),
    change: changeText(c.change, locale),
  });
}

function outcomesLine(p: ProjectDigest, locale: Locale): string {
  return OUTCOMES.map((o) =>
    t(locale, 'digest.outcomeCount', { outcome: t(locale, `outcome.${o}`), count: p.outcomes[o] }),
  ).join(' · ');
}

function periodLine(digest: Digest, locale: Locale): string {
  return t(locale, 'digest.period', {
    since: day(digest.period.since),
    until: lastDay(digest.period),
    previousSince: day(digest.previous.since),
    previousUntil: lastDay(digest.previous),
  });
}

function changeText(change: number | null, locale: Locale): string {
  if (change === null) return t(locale, 'digest.change.none');
  const value = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(
    change,
  );
  return t(locale, 'digest.change.points', { value });
}

function percent(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);
}

/** `YYYY-MM-DD` in UTC. */
function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The last day a period covers (its end is exclusive). */
function lastDay(period: DigestPeriod): string {
  return day(new Date(Math.max(period.since.getTime(), period.until.getTime() - 1)));
}

/** Cuts a text to `max` characters at a word boundary, with an ellipsis; never leaves half a word. */
function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > 0 ? cut.slice(0, space) : '').trimEnd()}…`;
}

/** The CSV columns, in order; see {@link digestToCsv}. */
export const DIGEST_CSV_COLUMNS = [
  'project',
  'project_name',
  'section',
  'item',
  'label',
  'count',
  'total',
  'rate_pct',
  'previous_rate_pct',
  'change_pp',
] as const;
type CsvRow = Partial<Record<(typeof DIGEST_CSV_COLUMNS)[number], string | number>>;

/**
 * The digest as one RFC 4180 CSV table (header row, CRLF line ends), one row per fact, with a
 * `section` column to filter on. Per project, in this order:
 * - `reports` (item `reports`): `count` reports in the period, `total` in the previous period;
 * - `outcome` (item `approved` | `conditional` | `to_rework`): `count` of `total` reports, `rate_pct`;
 * - `doubts` (item `readiness_doubt`): `count` of `total` reports, `rate_pct`; `previous_rate_pct`;
 * - `criterion` (item: criterion id, label: title): `count` met of `total` assessed, `rate_pct` pass
 *   rate, `previous_rate_pct`, `change_pp` in percentage points (empty without previous data);
 * - `most_failed` (item: rank 1…, label: title): `count` not met of `total` assessed, `rate_pct`;
 * - `common_mistake` and `material_suggestion` (item: rank 1…, label: the group's representative
 *   statement): `count` statements in the group; `total` distinct wordings it merged.
 * Rates are percentages with one decimal. No name or id of a person appears.
 */
export function digestToCsv(digest: Digest): string {
  const lines = [DIGEST_CSV_COLUMNS.map(csvCell).join(',')];
  for (const p of digest.projects) {
    for (const row of csvRows(p)) {
      const full: CsvRow = { project: p.project.id, project_name: p.project.name, ...row };
      lines.push(DIGEST_CSV_COLUMNS.map((column) => csvCell(full[column] ?? '')).join(','));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

function csvRows(p: ProjectDigest): CsvRow[] {
  const rows: CsvRow[] = [
    { section: 'reports', item: 'reports', count: p.reports, total: p.previousReports },
  ];
  for (const o of OUTCOMES) {
    rows.push({
      section: 'outcome',
      item: o,
      count: p.outcomes[o],
      total: p.reports,
      rate_pct: pct(p.outcomes[o] / p.reports),
    });
  }
  rows.push({
    section: 'doubts',
    item: 'readiness_doubt',
    count: p.doubts,
    total: p.reports,
    rate_pct: pct(p.doubts / p.reports),
    previous_rate_pct: p.previousReports === 0 ? '' : pct(p.previousDoubts / p.previousReports),
  });
  for (const c of p.criteria) {
    rows.push({
      section: 'criterion',
      item: c.id,
      label: c.title,
      count: c.met,
      total: c.met + c.notMet,
      rate_pct: c.passRate === null ? '' : pct(c.passRate),
      previous_rate_pct: c.previousPassRate === null ? '' : pct(c.previousPassRate),
      change_pp: c.change === null ? '' : c.change.toFixed(1),
    });
  }
  p.mostFailed.forEach((f, i) => {
    rows.push({
      section: 'most_failed',
      item: i + 1,
      label: f.title,
      count: f.failed,
      total: f.assessed,
      rate_pct: pct(f.failRate),
    });
  });
  for (const [section, group] of [
    ['common_mistake', p.commonMistakes],
    ['material_suggestion', p.materialSuggestions],
  ] as const) {
    group.clusters.forEach((c, i) => {
      rows.push({ section, item: i + 1, label: c.label, count: c.count, total: c.variants });
    });
  }
  return rows;
}

function pct(ratio: number): string {
  return (Math.round(ratio * 1000) / 10).toFixed(1);
}

/**
 * One CSV field, quoted when it contains a comma, a quote or a line break. Text a spreadsheet would
 * run as a formula (`=`, `+`, `@`, or `-` not followed by a space, other than a plain negative
 * number) gets a leading apostrophe.
 */
function csvCell(value: string | number): string {
  let text = String(value);
  const number = /^-?\d+(?:\.\d+)?$/.test(text);
  if (typeof value === 'string' && !number && /^(?:[=+@\t\r]|-(?! ))/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The digest as a Markdown document: a section per project with its tables and lists. */
export function digestToMarkdown(digest: Digest, locale: Locale): string {
  const tr = (key: MessageKey, params?: MessageParams) => t(locale, key, params);
  const out: string[] = [`# ${tr('digest.md.title')}`, '', periodLine(digest, locale), ''];
  if (digest.projects.length === 0) out.push(emptyDigestMessage(digest, locale).text, '');
  for (const p of digest.projects) {
    out.push(`## ${md(p.project.name)} (${md(p.project.id)})`, '');
    out.push(
      `- ${tr('digest.field.reports')}: ${tr('digest.countWithPrevious', { count: p.reports, previous: p.previousReports })}`,
    );
    out.push(`- ${tr('digest.field.outcomes')}: ${outcomesLine(p, locale)}`);
    out.push(
      `- ${tr('digest.field.doubts')}: ${tr('digest.countWithPrevious', { count: p.doubts, previous: p.previousDoubts })}`,
    );
    out.push(`- ${tr('digest.field.repeatAttempts')}: ${p.repeatAttempts}`, '');
    out.push(`### ${tr('digest.criteria.heading')}`, '');
    const columns = ['criterion', 'assessed', 'passRate', 'previous', 'change'] as const;
    out.push(`| ${columns.map((c) => tr(`digest.md.column.${c}`)).join(' | ')} |`);
    out.push(`|${columns.map((c) => (c === 'criterion' ? ' --- ' : ' ---: ')).join('|')}|`);
    for (const c of p.criteria) {
      const cells = [
        md(c.title),
        String(c.met + c.notMet),
        c.passRate === null ? '–' : percent(c.passRate, locale),
        c.previousPassRate === null ? '–' : percent(c.previousPassRate, locale),
        changeText(c.change, locale),
      ];
      out.push(`| ${cells.join(' | ')} |`);
    }
    out.push('', `### ${tr('digest.failed.heading')}`, '');
    if (p.mostFailed.length === 0) out.push(tr('digest.failed.none'));
    p.mostFailed.forEach((f, i) => {
      const line = tr('digest.failed.line', {
        title: md(f.title),
        failed: f.failed,
        assessed: f.assessed,
        rate: percent(f.failRate, locale),
      });
      out.push(`${i + 1}. ${line}`);
    });
    out.push('');
    for (const [heading, group] of [
      [tr('digest.mistakes.heading'), p.commonMistakes],
      [tr('digest.suggestions.heading'), p.materialSuggestions],
    ] as const) {
      out.push(`### ${heading}`, '');
      if (group.clusters.length === 0) out.push(tr('digest.clusters.none'), '');
      else {
        out.push(
          `| ${tr('digest.md.column.count')} | ${tr('digest.md.column.statement')} |`,
          '| ---: | --- |',
        );
        for (const c of group.clusters) out.push(`| ${c.count} | ${md(c.label)} |`);
        out.push('');
      }
      if (group.otherClusters > 0) {
        out.push(
          tr('digest.md.otherClusters', { clusters: group.otherClusters, statements: group.otherStatements }),
          '',
        );
      }
    }
  }
  out.push(`_${tr('digest.anonymous')}_`, '');
  return out.join('\n');
}

/** Text safe inside Markdown paragraphs and table cells: one line, markup characters escaped. */
function md(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/([\\`*_[\]<>|~])/g, '\\$1');
}
