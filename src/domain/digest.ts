/**
 * The curriculum digest (DESIGN §2.5): per project, over a period and against the period just
 * before it, how many reports, their outcomes, the pass rate of each criterion and its change, the
 * most failed criteria, clustered common mistakes and material suggestions, and readiness doubts.
 *
 * Pure and incremental: reports are added one by one (a stream of 100,000 is fine) and only counts
 * and distinct statements are kept. The result is anonymous: it holds no evaluation, student or
 * assessor id, and every statement shown passes through `anonymiseText` with every name given.
 */
import { anonymiseText, wordsOf } from './audience-leak.ts';
import type { CriterionVerdict, Outcome, Project, Report } from './model.ts';
import { createStatementCollector, type StatementCollector, type TextCluster } from './text-clusters.ts';
import { isStopWord } from './text-statements.ts';

/** A half-open interval of submission instants: `since` inclusive, `until` exclusive. */
export type DigestPeriod = { since: Date; until: Date };

/** Days covered when no start is given. */
export const DEFAULT_DIGEST_DAYS = 7;
/** Most failed criteria kept per project. */
export const TOP_FAILED = 5;
/** Clusters kept per project and field (the counts of the others are in `otherClusters`). */
export const TOP_CLUSTERS = 10;

const DAY_MS = 86_400_000;

/**
 * The period ending at `until` that starts at `since` (or {@link DEFAULT_DIGEST_DAYS} days
 * earlier), and the previous period of the same length just before it.
 */
export function digestPeriods(input: { since?: Date | null; until: Date }): {
  period: DigestPeriod;
  previous: DigestPeriod;
} {
  const until = input.until;
  const since = input.since ?? new Date(until.getTime() - DEFAULT_DIGEST_DAYS * DAY_MS);
  const length = Math.max(0, until.getTime() - since.getTime());
  return { period: { since, until }, previous: { since: new Date(since.getTime() - length), until: since } };
}

/** One criterion's verdicts in the period and the previous one. */
export type CriterionDigest = {
  id: string;
  title: string;
  met: number;
  notMet: number;
  /** Met / (met + not met), 0–1; null when nobody was assessed on it. */
  passRate: number | null;
  previousMet: number;
  previousNotMet: number;
  previousPassRate: number | null;
  /** Change of the pass rate in percentage points, one decimal; null without both rates. */
  change: number | null;
};

/** A criterion among the most failed: not met / assessed in the period. */
export type FailedCriterion = {
  id: string;
  title: string;
  failed: number;
  assessed: number;
  failRate: number;
};

/** Clustered statements of one free-text field. */
export type StatementDigest = {
  /** Statements counted (identical statements repeated in one report count once). */
  statements: number;
  /** The largest clusters, largest first; labels anonymised. */
  clusters: TextCluster[];
  /** Clusters beyond `clusters`, and the statements they hold. */
  otherClusters: number;
  otherStatements: number;
};

/** The digest of one project. */
export type ProjectDigest = {
  project: { id: string; name: string };
  reports: number;
  previousReports: number;
  outcomes: Record<Outcome, number>;
  /** Reports of a second or later attempt. */
  repeatAttempts: number;
  /** Reports with a readiness doubt. */
  doubts: number;
  previousDoubts: number;
  /** Rubric order, then criteria no longer in the rubric (by id). */
  criteria: CriterionDigest[];
  mostFailed: FailedCriterion[];
  commonMistakes: StatementDigest;
  materialSuggestions: StatementDigest;
};

/** The whole digest: projects with at least one report in the period, in the order given. */
export type Digest = {
  period: DigestPeriod;
  previous: DigestPeriod;
  projects: ProjectDigest[];
};

/** What the accumulator needs about a report besides its content. */
export type DigestReportMeta = {
  project: string;
  attempt: number;
  /** The instant that places the report in a period; the report version's `submittedAt` by default. */
  submittedAt?: Date;
};

/** What a digest covers, and the names it must not show. */
export type DigestOptions = {
  /** The projects to report on, with their rubrics; reports of other projects are skipped. */
  projects: readonly Project[];
  period: DigestPeriod;
  previous: DigestPeriod;
  /** Every person and student name of the organisation: none of them may appear in the digest. */
  names: readonly string[];
};

/** What the accumulator reads of a report: its content and when it was submitted. */
export type DigestReport = {
  content: Pick<
    Report['content'],
    'outcome' | 'readinessDoubt' | 'commonMistakes' | 'materialSuggestions'
  > & {
    criteria: Record<string, { verdict: CriterionVerdict | null }>;
  };
  submittedAt: Date;
};

/** Adds reports one at a time, then computes the digest. */
export type DigestAccumulator = {
  /** Counts a report; false when it is outside both periods or of a project not reported on. */
  add(report: DigestReport, meta: DigestReportMeta): boolean;
  /**
   * Reports on one more project as well (one a later import dropped, met while streaming reports);
   * such projects come after those of the options, by id. No-op for a project already reported on.
   */
  include(project: Project): void;
  finish(): Digest;
};

type Counts = {
  reports: number;
  outcomes: Record<Outcome, number>;
  repeatAttempts: number;
  doubts: number;
  criteria: Map<string, { met: number; notMet: number }>;
};

type ProjectState = {
  project: Project;
  current: Counts;
  previous: Counts;
  mistakes: StatementCollector;
  suggestions: StatementCollector;
};

function emptyCounts(): Counts {
  return {
    reports: 0,
    outcomes: { approved: 0, conditional: 0, to_rework: 0 },
    repeatAttempts: 0,
    doubts: 0,
    criteria: new Map(),
  };
}

function within(at: number, period: DigestPeriod): boolean {
  return at >= period.since.getTime() && at < period.until.getTime();
}

/** Creates an accumulator; see {@link DigestAccumulator}. */
export function createDigestAccumulator(options: DigestOptions): DigestAccumulator {
  const names = nameIndex(options.names);
  const states = new Map<string, ProjectState>();
  const included: string[] = [];
  const track = (project: Project): boolean => {
    if (states.has(project.id)) return false;
    states.set(project.id, {
      project,
      current: emptyCounts(),
      previous: emptyCounts(),
      mistakes: createStatementCollector({ ignoreWords: names.parts }),
      suggestions: createStatementCollector({ ignoreWords: names.parts }),
    });
    return true;
  };
  for (const project of options.projects) track(project);
  const given = states.size;
  return {
    include(project) {
      if (track(project)) included.push(project.id);
    },
    add(report, meta) {
      const state = states.get(meta.project);
      if (!state) return false;
      const at = (meta.submittedAt ?? report.submittedAt).getTime();
      const isCurrent = within(at, options.period);
      if (!isCurrent && !within(at, options.previous)) return false;
      const counts = isCurrent ? state.current : state.previous;
      const { content } = report;
      counts.reports += 1;
      if (content.outcome) counts.outcomes[content.outcome] += 1;
      if (meta.attempt > 1) counts.repeatAttempts += 1;
      if (content.readinessDoubt) counts.doubts += 1;
      for (const id in content.criteria) {
        const verdict = content.criteria[id]?.verdict;
        if (!verdict) continue;
        let tally = counts.criteria.get(id);
        if (!tally) {
          tally = { met: 0, notMet: 0 };
          counts.criteria.set(id, tally);
        }
        if (verdict === 'met') tally.met += 1;
        else tally.notMet += 1;
      }
      if (isCurrent) {
        state.mistakes.add(content.commonMistakes);
        state.suggestions.add(content.materialSuggestions);
      }
      return true;
    },
    finish() {
      const projects: ProjectDigest[] = [];
      const order = [...states.keys()].slice(0, given).concat([...included].sort());
      for (const id of order) {
        const state = states.get(id);
        if (state && state.current.reports > 0) projects.push(projectDigest(state, names));
      }
      return { period: options.period, previous: options.previous, projects };
    },
  };
}

function projectDigest(state: ProjectState, names: NameIndex): ProjectDigest {
  const { project, current, previous } = state;
  const criteria = criterionDigests(project, current, previous);
  return {
    project: { id: project.id, name: project.name },
    reports: current.reports,
    previousReports: previous.reports,
    outcomes: { ...current.outcomes },
    repeatAttempts: current.repeatAttempts,
    doubts: current.doubts,
    previousDoubts: previous.doubts,
    criteria,
    mostFailed: mostFailed(criteria),
    commonMistakes: statementDigest(state.mistakes, names),
    materialSuggestions: statementDigest(state.suggestions, names),
  };
}

function rate(met: number, notMet: number): number | null {
  return met + notMet === 0 ? null : met / (met + notMet);
}

function criterionDigests(project: Project, current: Counts, previous: Counts): CriterionDigest[] {
  const rubricIds = new Set(project.rubric.map((c) => c.id));
  const retired = [...new Set([...current.criteria.keys(), ...previous.criteria.keys()])]
    .filter((id) => !rubricIds.has(id))
    .sort();
  const rows = [
    ...project.rubric.map((c) => ({ id: c.id, title: c.title })),
    ...retired.map((id) => ({ id, title: id })),
  ];
  return rows.map(({ id, title }) => {
    const now = current.criteria.get(id) ?? { met: 0, notMet: 0 };
    const before = previous.criteria.get(id) ?? { met: 0, notMet: 0 };
    const passRate = rate(now.met, now.notMet);
    const previousPassRate = rate(before.met, before.notMet);
    const change =
      passRate === null || previousPassRate === null
        ? null
        : Math.round((passRate - previousPassRate) * 1000) / 10;
    return {
      id,
      title,
      met: now.met,
      notMet: now.notMet,
      passRate,
      previousMet: before.met,
      previousNotMet: before.notMet,
      previousPassRate,
      change,
    };
  });
}

/** Criteria failed at least once, by fail rate, then failures, then rubric order. */
function mostFailed(criteria: readonly CriterionDigest[]): FailedCriterion[] {
  return criteria
    .map((c, index) => ({ c, index }))
    .filter(({ c }) => c.notMet > 0)
    .map(({ c, index }) => ({
      index,
      failed: {
        id: c.id,
        title: c.title,
        failed: c.notMet,
        assessed: c.met + c.notMet,
        failRate: c.notMet / (c.met + c.notMet),
      },
    }))
    .sort(
      (a, b) =>
        b.failed.failRate - a.failed.failRate || b.failed.failed - a.failed.failed || a.index - b.index,
    )
    .slice(0, TOP_FAILED)
    .map(({ failed }) => failed);
}

function statementDigest(collector: StatementCollector, names: NameIndex): StatementDigest {
  const summary = collector.summarise(TOP_CLUSTERS);
  return {
    statements: collector.statements,
    ...summary,
    clusters: summary.clusters.map((c) => ({ ...c, label: anonymiseLabel(c.label, names) })),
  };
}

type NameIndex = {
  /** Every folded word of every name. */
  parts: ReadonlySet<string>;
  /** The names each folded word belongs to. */
  byPart: ReadonlyMap<string, readonly string[]>;
};

/** Particles and very short parts are ordinary words; they are masked only as part of a whole name. */
const PARTICLES = new Set([
  'da',
  'de',
  'del',
  'den',
  'der',
  'des',
  'di',
  'do',
  'dos',
  'du',
  'el',
  'la',
  'le',
  'van',
  'von',
]);

function nameIndex(names: readonly string[]): NameIndex {
  const byPart = new Map<string, string[]>();
  for (const name of new Set(names)) {
    for (const part of new Set(wordsOf(name))) {
      const list = byPart.get(part);
      if (list) list.push(name);
      else byPart.set(part, [name]);
    }
  }
  return { parts: new Set(byPart.keys()), byPart };
}

/**
 * A label with every name masked: whole names and capitalised parts through `anonymiseText`, then
 * any remaining word that is a distinctive part of a name, whatever its case ("emma forgot…").
 */
function anonymiseLabel(label: string, names: NameIndex): string {
  const present = new Set(wordsOf(label));
  const candidates = new Set<string>();
  for (const word of present) for (const name of names.byPart.get(word) ?? []) candidates.add(name);
  if (candidates.size === 0) return label;
  const masked = anonymiseText(label, [...candidates]);
  const parts = wordsOf(masked).filter(
    (word) => names.parts.has(word) && word.length >= 2 && !isStopWord(word) && !PARTICLES.has(word),
  );
  return parts.length === 0 ? masked : anonymiseText(masked, [...new Set(parts)]);
}
