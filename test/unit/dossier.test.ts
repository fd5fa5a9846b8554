import { describe, expect, it } from 'vitest';
import {
  type AttemptSource,
  buildDossier,
  buildDossierAttempt,
  buildDossierModel,
  type DossierSources,
  dossierContentHash,
  dossierDeliveryKey,
  dossierFlowJobId,
  dossierSectionJobId,
} from '../../src/domain/dossier.ts';
import type { Evaluation, Project, ReportContent } from '../../src/domain/model.ts';
import { renderAttemptMarkdown, renderDossierMarkdown } from '../../src/views/dossier-markdown.ts';
import { toWinAnsi } from '../../src/views/dossier-pdf.ts';

const PORTFOLIO: Project = {
  id: 'web-1-portfolio',
  name: 'Portfolio site',
  path: 'web',
  rubric: [
    { id: 'semantic-html', title: 'Semantic HTML', competency: 'front-end' },
    { id: 'responsive', title: 'Responsive layout', competency: 'front-end' },
  ],
};
const API: Project = {
  id: 'web-2-api',
  name: 'REST API',
  path: 'web',
  rubric: [
    { id: 'routes', title: 'Routes and status codes', competency: 'back-end' },
    { id: 'tests', title: 'Automated tests' },
  ],
};

const day = (n: number) => new Date(Date.UTC(2026, 0, n, 10));

function evaluation(id: string, project: Project, attempt: number, submitted: number): Evaluation {
  return {
    id,
    student: 'stu-emma',
    project: project.id,
    attempt,
    status: 'approved',
    assessor: 'alice',
    requestedBy: null,
    requestedAt: day(submitted - 2),
    scheduledAt: null,
    acceptedAt: null,
    dueAt: null,
    submittedAt: day(submitted),
    windowEndsAt: null,
    outcome: 'approved',
    version: 4,
    updatedAt: day(submitted),
  };
}

function content(overrides: Partial<ReportContent> = {}): ReportContent {
  return {
    criteria: {
      'semantic-html': { verdict: 'met', comment: '' },
      responsive: { verdict: 'met', comment: '' },
    },
    outcome: 'approved',
    strengths: 'STUDENT-ONLY strengths text',
    improvements: 'STUDENT-ONLY improvements text',
    mentorNote: 'MENTOR-ONLY note text',
    juryJustification: 'Portfolio defended with care | every criterion shown live.',
    readinessDoubt: false,
    doubtNote: '',
    commonMistakes: 'CURRICULUM-ONLY mistakes text',
    materialSuggestions: 'CURRICULUM-ONLY suggestions text',
    ...overrides,
  };
}

function attempt(
  id: string,
  project: Project,
  n: number,
  submitted: number,
  report: Partial<ReportContent>,
  version = 1,
): AttemptSource {
  return {
    evaluation: evaluation(id, project, n, submitted),
    report: {
      evaluation: id,
      version,
      author: 'alice',
      content: content(report),
      submittedAt: day(submitted + version - 1),
      amendReason: version > 1 ? 'typo' : null,
    },
    project,
    assessorName: 'Alice Martin',
  };
}

function sources(
  overrides: { justification?: string; strengths?: string; order?: 'reverse' } = {},
): DossierSources {
  const attempts = [
    attempt('E-1', PORTFOLIO, 1, 5, {
      criteria: {
        'semantic-html': { verdict: 'not_met', comment: 'Divs everywhere, no landmarks.' },
        responsive: { verdict: 'met', comment: '' },
      },
      outcome: 'to_rework',
      juryJustification: 'The markup has no structure; a second soutenance is needed.',
      readinessDoubt: true,
      doubtNote: 'Struggled to explain the box model.',
    }),
    attempt(
      'E-2',
      PORTFOLIO,
      2,
      12,
      {
        juryJustification:
          overrides.justification ?? 'Portfolio defended with care | every criterion shown live.',
        strengths: overrides.strengths ?? 'STUDENT-ONLY strengths text',
      },
      2,
    ),
  ];
  return {
    student: { id: 'stu-emma', name: 'Emma Lefèvre' },
    path: { id: 'web', name: 'Web developer', projects: ['web-1-portfolio', 'web-2-api'] },
    mentor: { id: 'mia', name: 'Mia' },
    projects: [PORTFOLIO, API],
    attempts: overrides.order === 'reverse' ? attempts.reverse() : attempts,
  };
}

describe('dossier model', () => {
  it('orders the attempts and fills the cover', () => {
    const model = buildDossier(sources({ order: 'reverse' }));
    expect(model.attempts.map((a) => `${a.evaluation}#${a.attempt}`)).toEqual(['E-1#1', 'E-2#2']);
    expect(model.cover).toEqual({
      student: { id: 'stu-emma', name: 'Emma Lefèvre' },
      path: { id: 'web', name: 'Web developer' },
      mentor: { id: 'mia', name: 'Mia' },
      firstRequestedAt: day(3).toISOString(),
      lastSubmittedAt: day(13).toISOString(),
      pathComplete: false,
      approvedProjects: 1,
      totalProjects: 2,
      outcomes: { approved: 1, conditional: 0, to_rework: 1 },
    });
    const [first, second] = model.attempts;
    expect(first).toMatchObject({
      outcome: 'to_rework',
      assessor: { id: 'alice', name: 'Alice Martin' },
      doubt: { note: 'Struggled to explain the box model.' },
      versions: 1,
      amendedAt: null,
    });
    expect(first?.criteria[0]).toEqual({
      id: 'semantic-html',
      title: 'Semantic HTML',
      competency: 'front-end',
      verdict: 'not_met',
      comment: 'Divs everywhere, no landmarks.',
    });
    expect(second).toMatchObject({ versions: 2, amendedAt: day(13).toISOString(), doubt: null });
  });

  it('builds the coverage matrix by competency × project × attempt', () => {
    const { matrix } = buildDossier(sources());
    expect(matrix.attempts).toBe(2);
    expect(
      matrix.groups.map((g) => [g.competency, g.rows.map((r) => [r.project.id, r.criterion.id, r.cells])]),
    ).toEqual([
      [
        'front-end',
        [
          ['web-1-portfolio', 'semantic-html', ['not_met', 'met']],
          ['web-1-portfolio', 'responsive', ['met', 'met']],
        ],
      ],
      ['back-end', [['web-2-api', 'routes', ['not_assessed', null]]]],
      [null, [['web-2-api', 'tests', ['not_assessed', null]]]],
    ]);
  });

  it('marks the path complete once every project has an approved attempt', () => {
    const complete = sources();
    complete.attempts.push(attempt('E-3', API, 1, 20, { criteria: {} }));
    const model = buildDossier(complete);
    expect(model.cover).toMatchObject({ pathComplete: true, approvedProjects: 2 });
    // A criterion with no verdict in the report reads "not assessed".
    expect(model.matrix.groups[1]?.rows[0]?.cells).toEqual(['not_assessed', null]);
  });

  it('never carries the student, mentor or curriculum fields', () => {
    const text = JSON.stringify(buildDossier(sources()));
    for (const hidden of ['STUDENT-ONLY', 'MENTOR-ONLY', 'CURRICULUM-ONLY'])
      expect(text).not.toContain(hidden);
    expect(text).toContain('a second soutenance is needed');
  });

  it('builds the same model from sections rendered apart, in any order', () => {
    const all = sources();
    const sections = all.attempts.map(buildDossierAttempt).reverse();
    expect(buildDossierModel(all, sections)).toEqual(buildDossier(all));
  });
});

describe('dossier content hash', () => {
  it('is stable for the same content, whatever the order of the attempts', () => {
    const hash = dossierContentHash(buildDossier(sources()));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(dossierContentHash(buildDossier(sources({ order: 'reverse' })))).toBe(hash);
  });

  it('changes when a justification changes, not when a field the jury never sees does', () => {
    const hash = dossierContentHash(buildDossier(sources()));
    expect(dossierContentHash(buildDossier(sources({ justification: 'Another justification.' })))).not.toBe(
      hash,
    );
    expect(dossierContentHash(buildDossier(sources({ strengths: 'Different feedback' })))).toBe(hash);
  });

  it('names the flow jobs and delivery keys after (student, first 12 hash digits)', () => {
    const hash = '0123456789abcdef'.repeat(4);
    expect(dossierFlowJobId('stu-emma', hash)).toBe('dossier-stu-emma-0123456789ab');
    expect(dossierSectionJobId('stu-emma', hash, 'E-1001')).toBe('dossier-stu-emma-0123456789ab-E-1001');
    expect(dossierDeliveryKey('stu-emma', hash, 'slack')).toBe(
      'dossier-delivered.stu-emma.0123456789ab.slack',
    );
  });
});

describe('dossier Markdown', () => {
  const model = buildDossier(sources());

  it('has the title, the cover, the matrix and a section per attempt', () => {
    const md = renderDossierMarkdown(model, { locale: 'en', generatedAt: day(20) });
    expect(md).toContain('# Jury dossier: Emma Lefèvre');
    expect(md).toContain('_Generated on 20 January 2026_');
    expect(md).toContain('| Student | Emma Lefèvre (stu-emma) |');
    expect(md).toContain('| Overall status | Path not complete |');
    expect(md).toContain('| Attempts | 1 approved, 0 conditional, 1 to rework |');
    expect(md).toContain('| Competency | Project | Criterion | Attempt 1 | Attempt 2 |');
    expect(md).toContain('| front-end | Portfolio site | Semantic HTML | ✗ | ✓ |');
    expect(md).toContain('| back-end | REST API | Routes and status codes | — |  |');
    expect(md).toContain('| Other | REST API | Automated tests | — |  |');
    expect(md).toContain('### Portfolio site: attempt 1 (E-1)');
    expect(md).toContain('### Portfolio site: attempt 2 (E-2)');
    expect(md).toContain('| Semantic HTML (front-end) | ✗ Not met | Divs everywhere, no landmarks. |');
    expect(md).toContain('> The markup has no structure; a second soutenance is needed.');
    expect(md).toContain('> Struggled to explain the box model.');
    expect(md).toContain('| Last amended | 13 January 2026 |');
    expect(md).toContain('No readiness doubt raised.');
    // A pipe in free text does not break the table; in a quote it stays as written.
    expect(md).toContain('> Portfolio defended with care | every criterion shown live.');
    expect(md.indexOf('attempt 1 (E-1)')).toBeLessThan(md.indexOf('attempt 2 (E-2)'));
  });

  it('renders in French, dates in the organisation time zone', () => {
    const md = renderDossierMarkdown(model, { locale: 'fr', timeZone: 'Pacific/Kiritimati' });
    expect(md).toContain('# Dossier du jury : Emma Lefèvre');
    expect(md).toContain('| État général | Parcours non achevé |');
    expect(md).toContain('| Compétence | Projet | Critère | Tentative 1 | Tentative 2 |');
    expect(md).toContain('| Résultat | À retravailler |');
    // 10:00 UTC on 12 January is already the 13th at UTC+14.
    expect(md).toContain('| Rapport rendu le | 13 janvier 2026 |');
  });

  it('assembles the same document from sections rendered apart', () => {
    const options = { locale: 'en' as const };
    const sections = model.attempts.map((a) => renderAttemptMarkdown(a, options));
    expect(renderDossierMarkdown(model, options, sections)).toBe(renderDossierMarkdown(model, options));
  });

  it('escapes table cells', () => {
    const withPipe = sources();
    const first = withPipe.attempts[0];
    if (!first) throw new Error('fixture');
    first.report.content.criteria['semantic-html'] = { verdict: 'not_met', comment: 'a | b\nc' };
    const md = renderDossierMarkdown(buildDossier(withPipe), { locale: 'en' });
    expect(md).toContain('| a \\| b<br>c |');
  });
});

describe('PDF text', () => {
  it('keeps what WinAnsi can show and folds or replaces the rest', () => {
    expect(toWinAnsi('Élève à l’école, ça « marche » — œuvre 5 €')).toBe(
      'Élève à l’école, ça « marche » — œuvre 5 €',
    );
    expect(toWinAnsi('✓ met ✗')).toBe('? met ?');
    expect(toWinAnsi('Erdős, Łódź, 香')).toBe('Erdos, Lódz, ?');
    expect(toWinAnsi('12\u202fh\tok')).toBe('12 h ok');
  });
});
