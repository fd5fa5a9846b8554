import { describe, expect, it } from 'vitest';
import {
  csvCell,
  REPORT_CSV_COLUMNS,
  type ReportExportRow,
  reportsToCsv,
  reportsToMarkdown,
} from '../../src/app/export-reports.ts';
import { type Evaluation, emptyReportContent, type Project, type Report } from '../../src/domain/model.ts';

const project: Project = {
  id: 'web-static-site',
  name: 'Build a responsive website',
  path: 'web-developer',
  rubric: [
    { id: 'semantic-html', title: 'Semantic HTML' },
    { id: 'responsive', title: 'Responsive | layout' },
    { id: 'a11y', title: 'Accessibility' },
  ],
};

const evaluation: Evaluation = {
  id: 'E-1001',
  student: 'chloe-martin',
  project: 'web-static-site',
  attempt: 2,
  status: 'to_rework',
  assessor: 'amina-diallo',
  requestedBy: null,
  requestedAt: new Date('2026-11-01T09:00:00Z'),
  scheduledAt: null,
  acceptedAt: null,
  dueAt: null,
  submittedAt: new Date('2026-11-03T14:30:00Z'),
  windowEndsAt: null,
  outcome: 'to_rework',
  version: 3,
  updatedAt: new Date('2026-11-03T14:30:00Z'),
};

const report: Report = {
  evaluation: 'E-1001',
  version: 2,
  author: 'amina-diallo',
  submittedAt: new Date('2026-11-03T14:30:00Z'),
  amendReason: 'Typo in the justification',
  content: {
    ...emptyReportContent(),
    outcome: 'to_rework',
    criteria: {
      'semantic-html': { verdict: 'met', comment: '' },
      responsive: { verdict: 'not_met', comment: 'Breaks at 320 px\nno media queries' },
      retired: { verdict: 'met', comment: 'from an older rubric' },
    },
    juryJustification: 'Layout not responsive, "mobile first" missing, see criteria.\nSecond line.',
    strengths: 'Clean HTML',
    improvements: '# not a heading\n<script>alert(1)</script>',
    readinessDoubt: true,
    doubtNote: '',
  },
};

const row: ReportExportRow = {
  report,
  evaluation,
  project,
  student: {
    id: 'chloe-martin',
    name: 'Chloé Martin',
    path: 'web-developer',
    mentor: 'm',
    locale: 'fr',
    platforms: {},
  },
  assessor: undefined,
};

/** Splits RFC 4180 text into records of fields (enough for these tests: quoted fields, CRLF). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += c;
  }
  return records;
}

describe('reportsToCsv', () => {
  it('writes a header and one row per report, quoting per RFC 4180', () => {
    const csv = reportsToCsv([row]);
    expect(csv.endsWith('\r\n')).toBe(true);
    const [header, first, ...rest] = parseCsv(csv);
    expect(header).toEqual([...REPORT_CSV_COLUMNS]);
    expect(rest).toEqual([]);
    const values = Object.fromEntries(REPORT_CSV_COLUMNS.map((c, i) => [c, first?.[i]]));
    expect(values).toEqual({
      evaluation: 'E-1001',
      version: '2',
      student: 'chloe-martin',
      student_name: 'Chloé Martin',
      project: 'web-static-site',
      attempt: '2',
      assessor: 'amina-diallo',
      assessor_name: '',
      outcome: 'to_rework',
      status: 'to_rework',
      submitted_at: '2026-11-03T14:30:00.000Z',
      criteria_met: '2',
      criteria_not_met: '1',
      readiness_doubt: 'yes',
      jury_justification: 'Layout not responsive, "mobile first" missing, see criteria.\nSecond line.',
    });
  });

  it('writes only the header when there is no report', () => {
    expect(reportsToCsv([])).toBe(`${REPORT_CSV_COLUMNS.join(',')}\r\n`);
  });

  it('quotes only when needed and defuses spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(12)).toBe('12');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('- a bullet')).toBe('- a bullet');
  });
});

describe('reportsToMarkdown', () => {
  const md = reportsToMarkdown([row], {
    generatedAt: new Date('2026-11-30T08:00:00Z'),
    organisation: 'Open Campus',
  });

  it('has a title and one section per report', () => {
    expect(
      md.startsWith('# Evaluation reports: Open Campus\n\nExported 2026-11-30 08:00 UTC; 1 report.\n'),
    ).toBe(true);
    expect(md).toContain('## E-1001: Chloé Martin (chloe-martin), Build a responsive website (attempt 2)');
    expect(md).toContain('- **Assessor:** amina-diallo');
    expect(md).toContain('- **Outcome:** to_rework (evaluation now to_rework)');
    expect(md).toContain('- **Submitted:** 2026-11-03 14:30 UTC, version 2');
    expect(md).toContain('- **Amended because:** Typo in the justification');
    expect(md.match(/^## /gm)).toHaveLength(1);
  });

  it('lists criteria in rubric order, escaping table cells, then unknown ones', () => {
    expect(md).toContain('### Criteria (2 met, 1 not met)');
    const table = md
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| Criterion') && !l.startsWith('| ---'));
    expect(table).toEqual([
      '| Semantic HTML | met |  |',
      '| Responsive \\| layout | **not met** | Breaks at 320 px<br>no media queries |',
      '| Accessibility | not assessed |  |',
      '| retired | met | from an older rubric |',
    ]);
  });

  it('quotes free text so it cannot add headings or HTML', () => {
    expect(md).toContain(
      '### Jury justification\n\n> Layout not responsive, "mobile first" missing, see criteria.\n> Second line.',
    );
    expect(md).toContain('### Readiness doubt\n\n> (no note)');
    expect(md).toContain('> # not a heading\n> &lt;script>alert(1)&lt;/script>');
    expect(md).not.toContain('### Note to the mentor');
  });

  it('says when nothing matches', () => {
    expect(reportsToMarkdown([], { generatedAt: new Date('2026-11-30T08:00:00Z') })).toBe(
      '# Evaluation reports\n\nExported 2026-11-30 08:00 UTC; 0 reports.\n\nNo report matches.\n',
    );
  });
});
