/**
 * Report exports for the CLI (DESIGN §2.8): the latest version of each report as CSV (one row per
 * report) or Markdown (one section per report). The formatters are pure; `loadReportRows` gathers
 * what they need from the store.
 */
import type { Evaluation, Person, Project, Report, Student } from '../domain/model.ts';
import type { StoreTx } from '../ports/store.ts';

/** A report with what the exports show about it; lookups are undefined for deactivated rows. */
export type ReportExportRow = {
  report: Report;
  evaluation: Evaluation | undefined;
  project: Project | undefined;
  student: Student | undefined;
  assessor: Person | undefined;
};

/** Which reports to export. */
export type ReportExportFilter = {
  /** Only reports of projects on this path. */
  path?: string;
  /** Only reports submitted at or after this instant. */
  since?: Date;
};

/** The latest version of every matching report, oldest first, with its lookups. */
export async function loadReportRows(
  store: StoreTx,
  filter: ReportExportFilter = {},
): Promise<ReportExportRow[]> {
  const reports = await store.reports.list(filter.since ? { since: filter.since } : {});
  const projects = new Map((await store.org.listProjects()).map((p) => [p.id, p]));
  const students = new Map((await store.people.listStudents()).map((s) => [s.id, s]));
  const people = new Map((await store.people.listPeople()).map((p) => [p.id, p]));
  const rows: ReportExportRow[] = [];
  for (const report of reports) {
    const evaluation = (await store.evaluations.get(report.evaluation)) ?? undefined;
    const project = evaluation ? projects.get(evaluation.project) : undefined;
    if (filter.path !== undefined && project?.path !== filter.path) continue;
    rows.push({
      report,
      evaluation,
      project,
      student: evaluation ? students.get(evaluation.student) : undefined,
      assessor: people.get(report.author),
    });
  }
  return rows;
}

/** The CSV columns, in order. */
export const REPORT_CSV_COLUMNS = [
  'evaluation',
  'version',
  'student',
  'student_name',
  'project',
  'attempt',
  'assessor',
  'assessor_name',
  'outcome',
  'status',
  'submitted_at',
  'criteria_met',
  'criteria_not_met',
  'readiness_doubt',
  'jury_justification',
] as const;

/**
 * RFC 4180 CSV with a header row and CRLF line ends. Cells that a spreadsheet would run as a
 * formula (`=`, `+`, `@`, or `-` not followed by a space) get a leading apostrophe.
 */
export function reportsToCsv(rows: readonly ReportExportRow[]): string {
  const lines = [REPORT_CSV_COLUMNS.map(csvCell).join(',')];
  for (const row of rows) {
    const { report, evaluation } = row;
    const counts = criteriaCounts(report);
    const values: Record<(typeof REPORT_CSV_COLUMNS)[number], string | number> = {
      evaluation: report.evaluation,
      version: report.version,
      student: evaluation?.student ?? '',
      student_name: row.student?.name ?? '',
      project: evaluation?.project ?? '',
      attempt: evaluation?.attempt ?? '',
      assessor: report.author,
      assessor_name: row.assessor?.name ?? '',
      outcome: report.content.outcome ?? '',
      status: evaluation?.status ?? '',
      submitted_at: report.submittedAt.toISOString(),
      criteria_met: counts.met,
      criteria_not_met: counts.notMet,
      readiness_doubt: report.content.readinessDoubt ? 'yes' : 'no',
      jury_justification: report.content.juryJustification,
    };
    lines.push(REPORT_CSV_COLUMNS.map((column) => csvCell(values[column])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** One CSV field, quoted when it contains a comma, a quote or a line break. */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^(?:[=+@\t\r]|-(?! ))/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Met and not-met criteria of a report. */
export function criteriaCounts(report: Report): { met: number; notMet: number } {
  let met = 0;
  let notMet = 0;
  for (const { verdict } of Object.values(report.content.criteria)) {
    if (verdict === 'met') met += 1;
    else if (verdict === 'not_met') notMet += 1;
  }
  return { met, notMet };
}

/** Options of the Markdown export. */
export type MarkdownOptions = {
  /** When the export was made, shown under the title. */
  generatedAt: Date;
  /** The organisation's name, for the title. */
  organisation?: string;
};

/** A Markdown document with one section per report; free text is quoted so it cannot break the layout. */
export function reportsToMarkdown(rows: readonly ReportExportRow[], options: MarkdownOptions): string {
  const title = options.organisation ? `Evaluation reports: ${options.organisation}` : 'Evaluation reports';
  const out = [
    `# ${title}`,
    '',
    `Exported ${formatDate(options.generatedAt)}; ${plural(rows.length, 'report')}.`,
  ];
  if (rows.length === 0) out.push('', 'No report matches.');
  for (const row of rows) out.push('', ...reportSection(row));
  return `${out.join('\n')}\n`;
}

function reportSection(row: ReportExportRow): string[] {
  const { report, evaluation } = row;
  const { content } = report;
  const studentLabel = label(row.student?.name, evaluation?.student ?? 'unknown student');
  const projectLabel = row.project?.name ?? evaluation?.project ?? 'unknown project';
  const attempt = evaluation ? ` (attempt ${evaluation.attempt})` : '';
  const counts = criteriaCounts(report);
  const out = [
    `## ${report.evaluation}: ${inline(studentLabel)}, ${inline(projectLabel)}${attempt}`,
    '',
    `- **Assessor:** ${inline(label(row.assessor?.name, report.author))}`,
    `- **Outcome:** ${content.outcome ?? 'none'}${evaluation ? ` (evaluation now ${evaluation.status})` : ''}`,
    `- **Submitted:** ${formatDate(report.submittedAt)}, version ${report.version}`,
  ];
  if (report.amendReason) out.push(`- **Amended because:** ${inline(report.amendReason)}`);
  out.push('', `### Criteria (${counts.met} met, ${counts.notMet} not met)`, '');
  out.push('| Criterion | Verdict | Comment |', '| --- | --- | --- |');
  for (const { id, title } of orderedCriteria(row)) {
    const verdict = content.criteria[id];
    const shown =
      verdict?.verdict === 'met' ? 'met' : verdict?.verdict === 'not_met' ? '**not met**' : 'not assessed';
    out.push(`| ${cell(title)} | ${shown} | ${cell(verdict?.comment ?? '')} |`);
  }
  out.push(...textBlock('Jury justification', content.juryJustification));
  if (content.readinessDoubt) out.push(...textBlock('Readiness doubt', content.doubtNote || '(no note)'));
  out.push(...textBlock('Strengths (to the student)', content.strengths));
  out.push(...textBlock('Improvements (to the student)', content.improvements));
  out.push(...textBlock('Note to the mentor', content.mentorNote));
  out.push(...textBlock('Common mistakes (curriculum)', content.commonMistakes));
  out.push(...textBlock('Material suggestions (curriculum)', content.materialSuggestions));
  return out;
}

/** Rubric order first, then any criterion the report has that the rubric no longer lists. */
function orderedCriteria(row: ReportExportRow): { id: string; title: string }[] {
  const rubric = row.project?.rubric ?? [];
  const listed = rubric.map((c) => ({ id: c.id, title: c.title }));
  const known = new Set(listed.map((c) => c.id));
  const extra = Object.keys(row.report.content.criteria)
    .filter((id) => !known.has(id))
    .map((id) => ({ id, title: id }));
  return [...listed, ...extra];
}

function textBlock(heading: string, text: string): string[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const lines = trimmed.replace(/</g, '&lt;').split(/\r?\n/);
  return ['', `### ${heading}`, '', ...lines.map((line) => (line ? `> ${line}` : '>'))];
}

function label(name: string | undefined, id: string): string {
  return name ? `${name} (${id})` : id;
}

/** Text on one line, with Markdown's line-level syntax neutralised. */
function inline(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

function cell(text: string): string {
  return text.trim().replace(/</g, '&lt;').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

function formatDate(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
