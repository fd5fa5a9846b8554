import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AssessorLoad,
  type AssignmentContext,
  type AssignmentDecision,
  type AssignmentOptions,
  type AssignmentRequest,
  assign,
  assignBatch,
  type BatchRequest,
  ineligibilityReasons,
  type PastPair,
} from '../../src/domain/assignment.ts';
import type { Person, Project, Student } from '../../src/domain/model.ts';

const RUNS = { numRuns: 200 };
const PROJECTS = ['p0', 'p1', 'p2'] as const;
const LANGUAGES = ['en', 'fr', 'de'] as const;
const STUDENTS = ['s0', 's1', 's2', 's3'] as const;
const IDS = Array.from({ length: 10 }, (_, i) => `a${i}`);
const BASE = Date.UTC(2026, 2, 10, 12);
const DAY = 86_400_000;
const ZERO: AssessorLoad = { open: 0, recent: 0, week: 0 };

const isoDay = (offset: number): string => new Date(BASE + offset * DAY).toISOString().slice(0, 10);

const rosterArb: fc.Arbitrary<Person[]> = fc
  .array(
    fc.record({
      roles: fc.constantFrom<Person['roles']>(
        ['assessor'],
        ['assessor'],
        ['assessor'],
        ['assessor', 'mentor'],
        ['mentor'],
        ['coordinator'],
      ),
      languages: fc.oneof(
        fc.constant<string[]>(['en']),
        fc.subarray<string>([...LANGUAGES], { minLength: 1 }),
      ),
      // Each project is certified with probability 3/4.
      certifications: fc
        .array(fc.nat(3), { minLength: PROJECTS.length, maxLength: PROJECTS.length })
        .map((draws) => PROJECTS.filter((_, i) => (draws[i] ?? 0) > 0)),
      capacity: fc.integer({ min: 0, max: 8 }),
      absences: fc.array(fc.tuple(fc.integer({ min: -6, max: 6 }), fc.integer({ min: 0, max: 2 })), {
        maxLength: 2,
      }),
      conflicts: fc.subarray([...STUDENTS], { maxLength: 1 }),
    }),
    { minLength: 1, maxLength: 10 },
  )
  .map((specs) =>
    specs.map(
      (spec, i): Person => ({
        id: `a${i}`,
        name: `Assessor ${i}`,
        roles: spec.roles,
        locale: 'en',
        languages: spec.languages,
        platforms: {},
        certifications: spec.certifications,
        capacity: spec.capacity,
        absences: spec.absences.map(([from, length]) => ({ from: isoDay(from), to: isoDay(from + length) })),
        conflicts: spec.conflicts,
      }),
    ),
  );

const languageArb = fc.option(fc.constantFrom('en', 'en', 'fr', 'de'), { nil: undefined, freq: 2 });

const studentArb: fc.Arbitrary<Student> = fc
  .record({
    id: fc.constantFrom(...STUDENTS),
    mentor: fc.constantFrom('a0', 'a1', 'a2', 'mentor-x'),
    language: languageArb,
  })
  .map(({ id, mentor, language }) => ({
    id,
    name: id,
    path: 'dev',
    mentor,
    locale: 'en' as const,
    platforms: {},
    ...(language === undefined ? {} : { language }),
  }));

const projectArb: fc.Arbitrary<Project> = fc
  .record({ id: fc.constantFrom(...PROJECTS), requiredLanguage: languageArb })
  .map(({ id, requiredLanguage }) => ({
    id,
    name: id,
    path: 'dev',
    rubric: [{ id: 'c1', title: 'Criterion' }],
    ...(requiredLanguage === undefined ? {} : { requiredLanguage }),
  }));

const loadsArb: fc.Arbitrary<Map<string, AssessorLoad>> = fc
  .array(
    fc.record({
      open: fc.integer({ min: 0, max: 3 }),
      recent: fc.integer({ min: 0, max: 3 }),
      week: fc.integer({ min: 0, max: 4 }),
    }),
    { minLength: IDS.length, maxLength: IDS.length },
  )
  .map((loads) => new Map(loads.map((load, i) => [`a${i}`, load])));

const nowArb = fc.integer({ min: -36, max: 36 }).map((hours) => new Date(BASE + hours * 3_600_000));

const requestArb = (evaluation: fc.Arbitrary<string>): fc.Arbitrary<AssignmentRequest> =>
  fc.record({
    evaluation,
    student: studentArb,
    project: projectArb,
    attempt: fc.integer({ min: 1, max: 3 }),
  });

const evaluationArb = fc.integer({ min: 1, max: 99_999 }).map((n) => `E-${n}`);

const scenarioArb = fc.record({
  roster: rosterArb,
  request: requestArb(evaluationArb),
  loads: loadsArb,
  pastAssessors: fc.subarray(IDS),
  declined: fc.subarray(IDS, { maxLength: 3 }),
  now: nowArb,
  slack: fc.constantFrom(0, 0, 1, 2),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

const contextOf = (s: Scenario): AssignmentContext => ({
  loads: s.loads,
  pastAssessors: new Set(s.pastAssessors),
  declined: new Set(s.declined),
  now: s.now,
});

const assessorsIn = (roster: readonly Person[]): Person[] =>
  roster.filter((p) => p.roles.includes('assessor'));

const totalOf = (loads: ReadonlyMap<string, AssessorLoad>, id: string): number => {
  const load = loads.get(id) ?? ZERO;
  return load.open + load.recent;
};

/** Checks a decision against an independent reading of the rules; returns nothing, throws on a mismatch. */
function checkDecision(
  decision: AssignmentDecision,
  request: AssignmentRequest,
  roster: readonly Person[],
  context: AssignmentContext,
  slack: number,
): void {
  const assessors = assessorsIn(roster);
  const reasons = new Map(assessors.map((p) => [p.id, ineligibilityReasons(p, request, context)]));
  const eligible = assessors.filter((p) => reasons.get(p.id)?.length === 0).map((p) => p.id);
  if (!decision.ok) {
    expect(eligible).toEqual([]);
    expect(decision.rejected).toEqual(
      assessors.map((p) => ({ assessor: p.id, rule: reasons.get(p.id)?.[0] })),
    );
    return;
  }
  const { assessor, explanation, ranking } = decision;
  const fresh = (id: string) => !(context.pastAssessors?.has(id) ?? false);
  const minimum = Math.min(...eligible.map((id) => totalOf(context.loads, id)));
  const chosenLoad = totalOf(context.loads, assessor);

  // (1) the chosen assessor breaks no hard rule; the ranking is exactly the eligible set.
  expect(reasons.get(assessor)).toEqual([]);
  expect([...ranking].sort()).toEqual([...eligible].sort());
  expect(ranking[0]).toBe(assessor);

  // The ranking follows (freshness band, load, fresh first); only the hash tie-break is left unchecked.
  const rankKey = (id: string): number[] => {
    const total = totalOf(context.loads, id);
    const isFresh = fresh(id);
    return [isFresh && total <= minimum + slack ? 0 : 1, total, isFresh ? 0 : 1];
  };
  for (let i = 1; i < ranking.length; i++) {
    const [a, b] = [rankKey(ranking[i - 1] ?? ''), rankKey(ranking[i] ?? '')];
    const firstDifference = a.findIndex((x, j) => x !== b[j]);
    if (firstDifference >= 0) expect(a[firstDifference]).toBeLessThan(b[firstDifference] ?? 0);
  }

  // (3) freshness within the band wins; otherwise the least loaded wins.
  const freshInBand = eligible.some((id) => fresh(id) && totalOf(context.loads, id) <= minimum + slack);
  expect(fresh(assessor)).toBe(freshInBand);
  expect(chosenLoad).toBeLessThanOrEqual(freshInBand ? minimum + slack : minimum);

  // (4) the explanation names the chosen assessor and accounts for every other candidate once.
  expect(explanation.assessor).toBe(assessor);
  expect(explanation.fresh).toBe(fresh(assessor));
  const load = context.loads.get(assessor) ?? ZERO;
  const person = assessors.find((p) => p.id === assessor);
  expect(explanation.load).toEqual({
    open: load.open,
    recent: load.recent,
    total: chosenLoad,
    capacity: person?.capacity,
    weekOpen: load.week,
  });
  expect(explanation.others.map((o) => o.assessor)).toEqual(
    assessors.map((p) => p.id).filter((id) => id !== assessor),
  );
  for (const other of explanation.others) {
    const failed = reasons.get(other.assessor) ?? [];
    if (failed.length > 0) {
      expect(other.reason).toBe(failed[0]);
      continue;
    }
    const otherLoad = totalOf(context.loads, other.assessor);
    if (otherLoad > chosenLoad) expect(other.reason).toBe('higher_load');
    else if (fresh(assessor) && !fresh(other.assessor)) expect(other.reason).toBe('assessed_before');
    else {
      expect(other.reason).toBe('tie_break');
      expect(otherLoad).toBe(chosenLoad);
      expect(fresh(other.assessor)).toBe(fresh(assessor));
    }
  }
}

/** Replays a batch with `assign`, checking each decision and applying the batch's updates. */
function replayBatch(
  decisions: AssignmentDecision[],
  requests: readonly BatchRequest[],
  roster: readonly Person[],
  initialLoads: ReadonlyMap<string, AssessorLoad>,
  pastPairs: readonly PastPair[],
  now: Date,
  options: AssignmentOptions,
): Map<string, AssessorLoad> {
  const loads = new Map(initialLoads);
  const past = new Map<string, Set<string>>();
  for (const pair of pastPairs)
    past.set(pair.student, new Set([...(past.get(pair.student) ?? []), pair.assessor]));
  expect(decisions).toHaveLength(requests.length);
  requests.forEach((request, i) => {
    const context: AssignmentContext = {
      loads,
      pastAssessors: past.get(request.student.id) ?? new Set(),
      declined: request.declined ?? new Set(),
      now,
    };
    const decision = decisions[i];
    if (decision === undefined) throw new Error(`missing decision ${i}`);
    checkDecision(decision, request, roster, context, options.freshnessSlack ?? 0);
    expect(decision).toEqual(assign(request, roster, context, options));
    if (decision.ok) {
      const load = loads.get(decision.assessor) ?? ZERO;
      loads.set(decision.assessor, { ...load, open: load.open + 1, week: load.week + 1 });
      past.set(request.student.id, new Set([...(past.get(request.student.id) ?? []), decision.assessor]));
    }
  });
  return loads;
}

const batchArb = fc.record({
  roster: rosterArb,
  requests: fc
    .array(fc.tuple(requestArb(fc.constant('')), fc.subarray(IDS, { maxLength: 2 })), { maxLength: 25 })
    .map((items) =>
      items.map(
        ([request, declined], i): BatchRequest => ({
          ...request,
          evaluation: `E-${i + 1}`,
          ...(declined.length > 0 ? { declined: new Set(declined) } : {}),
        }),
      ),
    ),
  loads: loadsArb,
  pastPairs: fc.array(
    fc.record({ assessor: fc.constantFrom(...IDS), student: fc.constantFrom(...STUDENTS) }),
    { maxLength: 8 },
  ),
  now: nowArb,
  slack: fc.constantFrom(0, 0, 1),
});

describe('assign (properties)', () => {
  it('a chosen assessor never breaks a hard rule; with nobody chosen, every candidate fails one', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const context = contextOf(s);
        const decision = assign(s.request, s.roster, context, { freshnessSlack: s.slack });
        checkDecision(decision, s.request, s.roster, context, s.slack);
      }),
      RUNS,
    );
  });

  it('a fresh eligible assessor at the minimal load means a fresh one is picked', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const context = contextOf(s);
        const decision = assign(s.request, s.roster, context);
        const eligible = assessorsIn(s.roster).filter(
          (p) => ineligibilityReasons(p, s.request, context).length === 0,
        );
        const minimum = Math.min(...eligible.map((p) => totalOf(s.loads, p.id)));
        const freshAtMinimum = eligible.filter(
          (p) => !s.pastAssessors.includes(p.id) && totalOf(s.loads, p.id) === minimum,
        );
        fc.pre(freshAtMinimum.length > 0);
        if (!decision.ok) throw new Error('an eligible assessor exists, yet nobody was chosen');
        expect(decision.explanation.fresh).toBe(true);
        expect(freshAtMinimum.map((p) => p.id)).toContain(decision.assessor);
      }),
      RUNS,
    );
  });

  it('every decision explains the choice and accounts for every other candidate', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const decision = assign(s.request, s.roster, contextOf(s), { freshnessSlack: s.slack });
        const ids = assessorsIn(s.roster).map((p) => p.id);
        if (decision.ok) {
          const named = [
            decision.explanation.assessor,
            ...decision.explanation.others.map((o) => o.assessor),
          ];
          expect(decision.explanation.assessor).toBe(decision.assessor);
          expect([...named].sort()).toEqual([...ids].sort());
        } else {
          expect(decision.rejected.map((r) => r.assessor).sort()).toEqual([...ids].sort());
        }
      }),
      RUNS,
    );
  });

  it('is deterministic, whatever the order of the roster', () => {
    fc.assert(
      fc.property(scenarioArb, fc.func(fc.integer()), (s, order) => {
        const options = { freshnessSlack: s.slack };
        const first = assign(s.request, s.roster, contextOf(s), options);
        expect(assign(s.request, s.roster, contextOf(s), options)).toEqual(first);
        const shuffled = [...s.roster].sort((a, b) => order(a.id) - order(b.id) || (a.id < b.id ? -1 : 1));
        const again = assign(s.request, shuffled, contextOf(s), options);
        expect(again.ok && again.assessor).toBe(first.ok && first.assessor);
        expect(again.ok && again.ranking).toEqual(first.ok && first.ranking);
      }),
      RUNS,
    );
  });
});

describe('assignBatch (properties)', () => {
  it('makes the decisions assign would make in sequence, each one valid and explained', () => {
    fc.assert(
      fc.property(batchArb, (b) => {
        const options = { freshnessSlack: b.slack };
        const decisions = assignBatch(b.requests, b.roster, b.loads, b.pastPairs, b.now, options);
        replayBatch(decisions, b.requests, b.roster, b.loads, b.pastPairs, b.now, options);
      }),
      RUNS,
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(batchArb, (b) => {
        const options = { freshnessSlack: b.slack };
        const first = assignBatch(b.requests, b.roster, b.loads, b.pastPairs, b.now, options);
        const again = assignBatch(b.requests, [...b.roster].reverse(), b.loads, b.pastPairs, b.now, options);
        expect(again.map((d) => d.ok && d.assessor)).toEqual(first.map((d) => d.ok && d.assessor));
        expect(assignBatch(b.requests, b.roster, b.loads, b.pastPairs, b.now, options)).toEqual(first);
      }),
      RUNS,
    );
  });

  const balancedArb = fc.record({
    assessors: fc.integer({ min: 1, max: 8 }),
    capacity: fc.integer({ min: 60, max: 100 }),
    start: fc.record({ open: fc.nat(3), recent: fc.nat(3), week: fc.nat(3) }),
    requests: fc.array(fc.tuple(fc.constantFrom(...STUDENTS), fc.constantFrom(...PROJECTS), languageArb), {
      maxLength: 50,
    }),
    pastPairs: fc.array(
      fc.record({ assessor: fc.constantFrom(...IDS), student: fc.constantFrom(...STUDENTS) }),
      { maxLength: 10 },
    ),
  });

  const balanced = (b: typeof balancedArb extends fc.Arbitrary<infer T> ? T : never, slack: number) => {
    const roster = Array.from(
      { length: b.assessors },
      (_, i): Person => ({
        id: `a${i}`,
        name: `a${i}`,
        roles: ['assessor'],
        locale: 'en',
        languages: [...LANGUAGES],
        platforms: {},
        certifications: [...PROJECTS],
        capacity: b.capacity,
        absences: [],
        conflicts: [],
      }),
    );
    const requests = b.requests.map(
      ([student, project, language], i): BatchRequest => ({
        evaluation: `E-${i + 1}`,
        student: { id: student, name: student, path: 'dev', mentor: 'mentor-x', locale: 'en', platforms: {} },
        project: {
          id: project,
          name: project,
          path: 'dev',
          rubric: [{ id: 'c1', title: 'Criterion' }],
          ...(language === undefined ? {} : { requiredLanguage: language }),
        },
        attempt: 1,
      }),
    );
    const initial = new Map(roster.map((p) => [p.id, b.start]));
    const now = new Date(BASE);
    const decisions = assignBatch(requests, roster, initial, b.pastPairs, now, { freshnessSlack: slack });
    expect(decisions.every((d) => d.ok)).toBe(true);
    const loads = replayBatch(decisions, requests, roster, initial, b.pastPairs, now, {
      freshnessSlack: slack,
    });
    const opens = roster.map((p) => loads.get(p.id)?.open ?? 0);
    return Math.max(...opens) - Math.min(...opens);
  };

  it('with equal capacities and everyone eligible, final loads differ by at most 1', () => {
    fc.assert(
      fc.property(balancedArb, (b) => {
        expect(balanced(b, 0)).toBeLessThanOrEqual(1);
      }),
      RUNS,
    );
  });

  it('with freshnessSlack 1, final loads differ by at most 2', () => {
    fc.assert(
      fc.property(balancedArb, (b) => {
        expect(balanced(b, 1)).toBeLessThanOrEqual(2);
      }),
      RUNS,
    );
  });
});
