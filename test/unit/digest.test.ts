import { describe, expect, it } from 'vitest';
import { normaliseText } from '../../src/domain/audience-leak.ts';
import {
  createDigestAccumulator,
  type Digest,
  type DigestOptions,
  digestPeriods,
} from '../../src/domain/digest.ts';
import { emptyReportContent, type Project, type Report, type ReportContent } from '../../src/domain/model.ts';
import { createStatementCollector, jaccard } from '../../src/domain/text-clusters.ts';
import { statementsOf } from '../../src/domain/text-statements.ts';
import { digestMessages, digestToCsv, digestToMarkdown } from '../../src/views/digest-views.ts';

const api: Project = {
  id: 'web-2-api',
  name: 'REST API',
  path: 'web',
  rubric: [
    { id: 'routes', title: 'Routes and status codes' },
    { id: 'validation', title: 'Input validation' },
    { id: 'tests', title: 'Automated tests' },
  ],
};
const portfolio: Project = {
  id: 'web-1-portfolio',
  name: 'Portfolio site',
  path: 'web',
  rubric: [
    { id: 'semantic-html', title: 'Semantic HTML' },
    { id: 'responsive', title: 'Responsive layout' },
  ],
};

const { period, previous } = digestPeriods({ until: new Date('2026-11-30T00:00:00Z') });
const inPeriod = new Date('2026-11-25T10:00:00Z');
const inPrevious = new Date('2026-11-18T10:00:00Z');

type Verdicts = Record<string, 'met' | 'not_met' | null>;

let nextId = 1;
function report(verdicts: Verdicts, submittedAt: Date, content: Partial<ReportContent> = {}): Report {
  const criteria = Object.fromEntries(
    Object.entries(verdicts).map(([id, verdict]) => [id, { verdict, comment: '' }]),
  );
  const notMet = Object.values(verdicts).includes('not_met');
  return {
    evaluation: `E-${nextId++}`,
    version: 1,
    author: 'alice',
    content: { ...emptyReportContent(), criteria, outcome: notMet ? 'to_rework' : 'approved', ...content },
    submittedAt,
    amendReason: null,
  };
}

function options(names: string[] = []): DigestOptions {
  return { projects: [api, portfolio], period, previous, names };
}

function handMadeDigest(): Digest {
  const acc = createDigestAccumulator(options());
  const add = (r: Report, project = 'web-2-api', attempt = 1) => acc.add(r, { project, attempt });
  add(report({ routes: 'met', validation: 'not_met', tests: 'met' }, inPeriod, { readinessDoubt: true }));
  add(report({ routes: 'met', validation: 'not_met', tests: 'not_met' }, inPeriod), 'web-2-api', 2);
  add(report({ routes: 'met', validation: 'met', tests: 'not_met' }, inPeriod, { outcome: 'conditional' }));
  add(report({ routes: 'not_met', validation: 'not_met', tests: 'met' }, inPeriod));
  add(report({ routes: 'met', validation: 'met', tests: 'met' }, inPrevious, { readinessDoubt: true }));
  add(report({ routes: 'met', validation: 'not_met', tests: null }, inPrevious));
  // Portfolio: no previous period, and two criteria failed equally often.
  add(report({ 'semantic-html': 'not_met', responsive: 'not_met' }, inPeriod), 'web-1-portfolio');
  add(report({ 'semantic-html': 'met', responsive: 'met' }, inPeriod), 'web-1-portfolio');
  return acc.finish();
}

describe('digest periods', () => {
  it('defaults to the 7 days before until, the previous period being the 7 days before that', () => {
    expect(period.since.toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(previous).toEqual({ since: new Date('2026-11-16T00:00:00Z'), until: period.since });
    const custom = digestPeriods({ since: new Date('2026-11-01T00:00:00Z'), until: period.until });
    expect(custom.previous.since.toISOString()).toBe('2026-10-03T00:00:00.000Z');
  });
});

describe('digest aggregation', () => {
  const digest = handMadeDigest();
  const apiDigest = digest.projects.find((p) => p.project.id === 'web-2-api');

  it('counts reports, outcomes, doubts and second attempts per period', () => {
    expect(digest.projects.map((p) => p.project.id)).toEqual(['web-2-api', 'web-1-portfolio']);
    expect(apiDigest).toMatchObject({
      reports: 4,
      previousReports: 2,
      outcomes: { approved: 0, conditional: 1, to_rework: 3 },
      repeatAttempts: 1,
      doubts: 1,
      previousDoubts: 1,
    });
  });

  it('computes the pass rate per criterion and its change in percentage points', () => {
    expect(apiDigest?.criteria).toEqual([
      {
        id: 'routes',
        title: 'Routes and status codes',
        met: 3,
        notMet: 1,
        passRate: 0.75,
        previousMet: 2,
        previousNotMet: 0,
        previousPassRate: 1,
        change: -25,
      },
      expect.objectContaining({ id: 'validation', passRate: 0.25, previousPassRate: 0.5, change: -25 }),
      expect.objectContaining({
        id: 'tests',
        passRate: 0.5,
        previousMet: 1,
        previousPassRate: 1,
        change: -50,
      }),
    ]);
  });

  it('has no change without previous data', () => {
    const portfolioDigest = digest.projects.find((p) => p.project.id === 'web-1-portfolio');
    expect(portfolioDigest?.criteria.map((c) => [c.passRate, c.previousPassRate, c.change])).toEqual([
      [0.5, null, null],
      [0.5, null, null],
    ]);
  });

  it('lists the most failed criteria by fail rate, ties in rubric order', () => {
    expect(apiDigest?.mostFailed).toEqual([
      { id: 'validation', title: 'Input validation', failed: 3, assessed: 4, failRate: 0.75 },
      { id: 'tests', title: 'Automated tests', failed: 2, assessed: 4, failRate: 0.5 },
      { id: 'routes', title: 'Routes and status codes', failed: 1, assessed: 4, failRate: 0.25 },
    ]);
    const portfolioDigest = digest.projects.find((p) => p.project.id === 'web-1-portfolio');
    expect(portfolioDigest?.mostFailed.map((f) => f.id)).toEqual(['semantic-html', 'responsive']);
  });

  it('skips reports outside both periods and of projects not reported on', () => {
    const acc = createDigestAccumulator(options());
    expect(
      acc.add(report({ routes: 'met' }, new Date('2026-11-01T00:00:00Z')), {
        project: 'web-2-api',
        attempt: 1,
      }),
    ).toBe(false);
    expect(acc.add(report({ routes: 'met' }, period.until), { project: 'web-2-api', attempt: 1 })).toBe(
      false,
    );
    expect(acc.add(report({ routes: 'met' }, inPeriod), { project: 'data-1-sql', attempt: 1 })).toBe(false);
    expect(acc.add(report({ routes: 'met' }, period.since), { project: 'web-2-api', attempt: 1 })).toBe(true);
    expect(acc.finish().projects).toHaveLength(1);
  });

  it('keeps criteria no longer in the rubric after the rubric ones', () => {
    const acc = createDigestAccumulator(options());
    acc.add(report({ routes: 'met', legacy: 'not_met' }, inPeriod), { project: 'web-2-api', attempt: 1 });
    const ids = acc.finish().projects[0]?.criteria.map((c) => [c.id, c.title, c.passRate]);
    expect(ids).toEqual([
      ['routes', 'Routes and status codes', 1],
      ['validation', 'Input validation', null],
      ['tests', 'Automated tests', null],
      ['legacy', 'legacy', 0],
    ]);
  });
});

describe('statement clustering', () => {
  it('splits fields into statements and reduces them to comparable words', () => {
    const statements = statementsOf(
      '- Forgot to validate the form inputs!\n2. No unit tests. Didn’t write a README; RAS.\n\nNone.',
    );
    expect(statements.map((s) => s.text)).toEqual([
      'Forgot to validate the form inputs!',
      'No unit tests.',
      'Didn’t write a README;',
    ]);
    expect(statements.map((s) => s.words)).toEqual([
      ['forgot', 'form', 'input', 'validate'],
      ['no', 'test', 'unit'],
      ['not', 'readme', 'write'],
    ]);
    expect(statementsOf('Oublié de valider les entrées du formulaire')[0]?.words).toEqual([
      'entree',
      'formulaire',
      'oublie',
      'valider',
    ]);
  });

  it('groups near-identical mistakes into one cluster with the right count and keeps others apart', () => {
    const collector = createStatementCollector();
    for (const text of [
      'forgot to validate the form inputs',
      'Forgot to validate form inputs!',
      'FORGOT to validate the form inputs.',
      'Forgot to validate user form inputs',
      'Oublié de valider les entrées du formulaire',
      'Oubli de valider les entrées du formulaire.',
      'No README explaining how to run the project',
      'Hard-coded database password in the repository',
    ]) {
      collector.add(text);
    }
    expect(collector.summarise().clusters).toEqual([
      { label: 'FORGOT to validate the form inputs.', count: 4, variants: 2 },
      { label: 'Oublié de valider les entrées du formulaire', count: 2, variants: 2 },
      { label: 'Hard-coded database password in the repository', count: 1, variants: 1 },
      { label: 'No README explaining how to run the project', count: 1, variants: 1 },
    ]);
    expect(collector.statements).toBe(8);
  });

  it('counts a statement repeated in one field once', () => {
    const collector = createStatementCollector();
    collector.add('No tests. No tests!\nNo tests');
    expect(collector.summarise().clusters).toEqual([{ label: 'No tests.', count: 1, variants: 1 }]);
  });

  it('measures Jaccard similarity on sorted word lists', () => {
    expect(jaccard(['a', 'b', 'c'], ['b', 'c', 'd'])).toBe(0.5);
    expect(jaccard([], [])).toBe(1);
  });

  it('clusters thousands of variants the same whatever the input order', () => {
    const texts = generatedReports(3000, 7).map((r) => r.content.commonMistakes);
    const forward = createStatementCollector();
    const backward = createStatementCollector();
    for (const text of texts) forward.add(text);
    for (const text of [...texts].reverse()) backward.add(text);
    const clusters = forward.summarise().clusters;
    expect(backward.summarise().clusters).toEqual(clusters);
    // Each template with its decorations and typos stays one group.
    expect(clusters.slice(0, MISTAKES.length).reduce((sum, c) => sum + c.count, 0)).toBeGreaterThan(
      0.95 * forward.statements,
    );
  });
});

const FIRST_NAMES = [
  'Emma',
  'Karim',
  'Chloé',
  'Yusuf',
  'Léonie',
  'Mateo',
  'Ingrid',
  'Kwame',
  'Aiko',
  'Océane',
];
const LAST_NAMES = ['Dubois', 'Nguyen', 'Okafor', 'Haddad', 'Kowalczyk', 'Svensson', 'Mensah', 'Ferreira'];
const NAMES = FIRST_NAMES.flatMap((first) => LAST_NAMES.map((last) => `${first} ${last}`));
const MISTAKES = [
  'forgot to validate the form inputs',
  'no unit tests for the API routes',
  'hard-coded secrets committed to the repository',
  'SQL queries built by string concatenation',
  'Oublié de valider les entrées du formulaire',
  'pas de gestion des erreurs réseau',
];
const SUGGESTIONS = [
  'add a module on accessibility audits',
  'more exercises on SQL joins',
  'un chapitre sur la sécurité des API',
];

/** A seeded data set whose free texts mention students and assessors in every way people write. */
function generatedReports(count: number, seed: number): (Report & { project: string })[] {
  let state = seed;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const mention = () => {
    const name = pick(NAMES);
    const [first = '', last = ''] = name.split(' ');
    return pick([name, first, last.toUpperCase(), first.toLowerCase(), `${first.charAt(0)}. ${last}`]);
  };
  const decorate = (text: string) =>
    pick([text, `${text}!`, `${text}.`, `${mention()} ${text}`, `${text} (${mention()})`, `- ${text}`]);
  return Array.from({ length: count }, (_, i) => {
    const project = pick([api, portfolio]);
    const verdicts = Object.fromEntries(
      project.rubric.map((c) => [c.id, random() < 0.7 ? 'met' : 'not_met'] as const),
    );
    const mistakes = `${decorate(pick(MISTAKES))}\n${decorate(pick(MISTAKES))}`;
    const at = random() < 0.6 ? inPeriod : inPrevious;
    return {
      ...report(verdicts, new Date(at.getTime() + i * 1000), {
        commonMistakes: mistakes,
        materialSuggestions: `${decorate(pick(SUGGESTIONS))} As ${mention()} said in the soutenance.`,
        readinessDoubt: random() < 0.1,
        doubtNote: `Doubt about ${mention()}`,
      }),
      project: project.id,
    };
  });
}

function digestOf(reports: readonly (Report & { project: string })[]): Digest {
  const acc = createDigestAccumulator(options(NAMES));
  for (const r of reports) acc.add(r, { project: r.project, attempt: 1 });
  return acc.finish();
}

describe('anonymity and determinism on a generated data set', () => {
  const reports = generatedReports(4000, 42);
  const digest = digestOf(reports);
  const outputs = {
    json: JSON.stringify(digest),
    csv: digestToCsv(digest),
    markdownEn: digestToMarkdown(digest, 'en'),
    markdownFr: digestToMarkdown(digest, 'fr'),
    messages: JSON.stringify([...digestMessages(digest, 'en'), ...digestMessages(digest, 'fr')]),
  };

  it('groups the decorated mistakes into their templates', () => {
    for (const p of digest.projects) {
      const top = p.commonMistakes.clusters.slice(0, MISTAKES.length);
      expect(top.reduce((sum, c) => sum + c.count, 0)).toBeGreaterThan(0.95 * p.commonMistakes.statements);
    }
  });

  it('contains no student or assessor name in any output', () => {
    const parts = new Set(NAMES.flatMap((name) => normaliseText(name).split(' ')));
    for (const [output, text] of Object.entries(outputs)) {
      const words = new Set(normaliseText(text).split(' '));
      const leaked = [...parts].filter((part) => words.has(part));
      expect(leaked, output).toEqual([]);
      for (const name of NAMES) expect(text.toLowerCase(), output).not.toContain(name.toLowerCase());
    }
    expect(outputs.csv).toContain('[…]');
  });

  it('holds no evaluation id', () => {
    for (const text of Object.values(outputs)) expect(text).not.toMatch(/E-\d+/);
  });

  it('is the same whatever the order of the reports', () => {
    const shuffled = [...reports];
    for (let i = shuffled.length - 1, state = 9; i > 0; i--) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      const j = state % (i + 1);
      [shuffled[i], shuffled[j]] = [
        shuffled[j] as (typeof reports)[number],
        shuffled[i] as (typeof reports)[number],
      ];
    }
    const again = digestOf(shuffled);
    expect(again).toEqual(digest);
    expect(digestToCsv(again)).toBe(outputs.csv);
    expect(digestToMarkdown(again, 'en')).toBe(outputs.markdownEn);
  });
});
