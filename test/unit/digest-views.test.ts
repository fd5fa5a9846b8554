import { describe, expect, it } from 'vitest';
import type { Digest, ProjectDigest } from '../../src/domain/digest.ts';
import {
  DIGEST_CSV_COLUMNS,
  DIGEST_MESSAGE_MAX_CHARS,
  digestMessages,
  digestToCsv,
  digestToMarkdown,
  messageLength,
} from '../../src/views/digest-views.ts';

const period = { since: new Date('2026-11-23T00:00:00Z'), until: new Date('2026-11-30T00:00:00Z') };
const previous = { since: new Date('2026-11-16T00:00:00Z'), until: period.since };

function project(overrides: Partial<ProjectDigest> = {}): ProjectDigest {
  return {
    project: { id: 'web-2-api', name: 'REST API' },
    reports: 4,
    previousReports: 2,
    outcomes: { approved: 0, conditional: 1, to_rework: 3 },
    repeatAttempts: 1,
    doubts: 1,
    previousDoubts: 0,
    criteria: [
      {
        id: 'routes',
        title: 'Routes, and "status" codes',
        met: 3,
        notMet: 1,
        passRate: 0.75,
        previousMet: 2,
        previousNotMet: 0,
        previousPassRate: 1,
        change: -25,
      },
      {
        id: 'tests',
        title: 'Automated tests',
        met: 2,
        notMet: 2,
        passRate: 0.5,
        previousMet: 0,
        previousNotMet: 0,
        previousPassRate: null,
        change: null,
      },
    ],
    mostFailed: [{ id: 'tests', title: 'Automated tests', failed: 2, assessed: 4, failRate: 0.5 }],
    commonMistakes: {
      statements: 7,
      clusters: [
        { label: 'Forgot to validate the form inputs', count: 4, variants: 2 },
        { label: '=HYPERLINK("x") | pipes', count: 1, variants: 1 },
      ],
      otherClusters: 2,
      otherStatements: 2,
    },
    materialSuggestions: { statements: 0, clusters: [], otherClusters: 0, otherStatements: 0 },
    ...overrides,
  };
}

const digest: Digest = { period, previous, projects: [project()] };

/** A project whose every text is as long as the model allows, with many criteria and groups. */
function hugeProject(): ProjectDigest {
  const long = (n: number) => `${'Word '.repeat(Math.ceil(n / 5))}`.slice(0, n);
  const criteria = Array.from({ length: 30 }, (_, i) => ({
    id: `c${i}`,
    title: long(150),
    met: i,
    notMet: 30 - i,
    passRate: i / 30,
    previousMet: 1,
    previousNotMet: 1,
    previousPassRate: 0.5,
    change: Math.round((i / 30 - 0.5) * 1000) / 10,
  }));
  const clusters = Array.from({ length: 10 }, (_, i) => ({ label: long(300), count: 100 - i, variants: 3 }));
  const group = { statements: 2000, clusters, otherClusters: 500, otherStatements: 1045 };
  return project({
    project: { id: 'p', name: long(150) },
    criteria,
    mostFailed: criteria.slice(0, 5).map((c) => ({
      id: c.id,
      title: c.title,
      failed: c.notMet,
      assessed: 30,
      failRate: c.notMet / 30,
    })),
    commonMistakes: group,
    materialSuggestions: group,
  });
}

describe('digest messages', () => {
  it('posts one message per project for the curriculum audience', () => {
    const [message, ...rest] = digestMessages(digest, 'en');
    expect(rest).toEqual([]);
    expect(message?.audience).toBe('curriculum');
    const text = JSON.stringify(message);
    expect(text).toContain('Curriculum digest · REST API');
    expect(text).toContain('Routes, and \\"status\\" codes: 75% (-25 pts)');
    expect(text).toContain('Automated tests: 50% (no previous data)');
    expect(text).toContain('4× Forgot to validate the form inputs');
    expect(text).toContain('…and 2 more');
    expect(text).toContain('2026-11-23 – 2026-11-29');
  });

  it('stays within Discord’s 2,000 characters and Slack’s 50 blocks, in both languages', () => {
    const big: Digest = { period, previous, projects: [hugeProject()] };
    for (const locale of ['en', 'fr'] as const) {
      const [message] = digestMessages(big, locale);
      if (!message) throw new Error('no message');
      expect(messageLength(message)).toBeLessThanOrEqual(DIGEST_MESSAGE_MAX_CHARS);
      expect(message.blocks.length).toBeLessThanOrEqual(50);
      expect(JSON.stringify(message)).toMatch(locale === 'en' ? /…and \d+ more/ : /… et \d+ de plus/);
    }
  });

  it('says so when no report was submitted', () => {
    const [message] = digestMessages({ period, previous, projects: [] }, 'fr');
    expect(message?.text).toBe(
      'Synthèse pédagogique : aucun rapport remis entre le 2026-11-23 et le 2026-11-29.',
    );
  });
});

describe('digest CSV', () => {
  const csv = digestToCsv(digest);
  const lines = csv.split('\r\n');

  it('has one header and one row per fact, CRLF-terminated', () => {
    expect(lines[0]).toBe(DIGEST_CSV_COLUMNS.join(','));
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(lines).toContain('web-2-api,REST API,reports,reports,,4,2,,,');
    expect(lines).toContain('web-2-api,REST API,outcome,to_rework,,3,4,75.0,,');
    expect(lines).toContain('web-2-api,REST API,doubts,readiness_doubt,,1,4,25.0,0.0,');
    expect(lines).toContain(
      'web-2-api,REST API,criterion,routes,"Routes, and ""status"" codes",3,4,75.0,100.0,-25.0',
    );
    expect(lines).toContain('web-2-api,REST API,criterion,tests,Automated tests,2,4,50.0,,');
    expect(lines).toContain('web-2-api,REST API,most_failed,1,Automated tests,2,4,50.0,,');
    expect(lines).toContain('web-2-api,REST API,common_mistake,1,Forgot to validate the form inputs,4,2,,,');
  });

  it('defuses spreadsheet formulas', () => {
    expect(lines).toContain(`web-2-api,REST API,common_mistake,2,"'=HYPERLINK(""x"") | pipes",1,1,,,`);
  });
});

describe('digest Markdown', () => {
  it('renders tables and lists, escaping the text', () => {
    const markdown = digestToMarkdown(digest, 'en');
    expect(markdown).toContain('# Curriculum digest');
    expect(markdown).toContain('## REST API (web-2-api)');
    expect(markdown).toContain('| Criterion | Assessed | Pass rate | Previous period | Change |');
    expect(markdown).toContain('| Routes, and "status" codes | 4 | 75% | 100% | -25 pts |');
    expect(markdown).toContain('1. Automated tests: not met 2 times out of 4 (50%)');
    expect(markdown).toContain('| 1 | =HYPERLINK("x") \\| pipes |');
    expect(markdown).toContain('2 other groups (2 statements).');
    expect(markdown).toContain('### Material suggestions\n\nNone reported.');
  });

  it('speaks French', () => {
    const markdown = digestToMarkdown(digest, 'fr');
    expect(markdown).toContain('# Synthèse pédagogique');
    expect(markdown).toContain('| Critère | Évalués | Taux de réussite | Période précédente | Évolution |');
  });
});
