import { describe, expect, it } from 'vitest';
import {
  type AssessorLoad,
  type AssignmentContext,
  type AssignmentDecision,
  type AssignmentRequest,
  type AssignmentSuccess,
  assign,
  assignBatch,
  type BatchRequest,
  ineligibilityReasons,
} from '../../src/domain/assignment.ts';
import type { Person, Project, Student } from '../../src/domain/model.ts';

const NOW = new Date('2026-03-10T12:00:00Z');

function person(id: string, over: Partial<Person> = {}): Person {
  return {
    id,
    name: id,
    roles: ['assessor'],
    locale: 'en',
    languages: ['en'],
    platforms: {},
    certifications: ['web'],
    capacity: 5,
    absences: [],
    conflicts: [],
    ...over,
  };
}

const project: Project = {
  id: 'web',
  name: 'Web app',
  path: 'dev',
  rubric: [{ id: 'c1', title: 'Works' }],
};

const student: Student = {
  id: 'stu',
  name: 'Student',
  path: 'dev',
  mentor: 'mentor',
  locale: 'en',
  platforms: {},
};

function request(over: Partial<AssignmentRequest> = {}): AssignmentRequest {
  return { evaluation: 'E-1', student, project, attempt: 1, ...over };
}

function loads(entries: Record<string, Partial<AssessorLoad>>): Map<string, AssessorLoad> {
  return new Map(Object.entries(entries).map(([id, l]) => [id, { open: 0, recent: 0, week: 0, ...l }]));
}

function context(over: Partial<AssignmentContext> = {}): AssignmentContext {
  return { loads: new Map(), now: NOW, ...over };
}

function chosen(decision: AssignmentDecision): AssignmentSuccess {
  if (!decision.ok) throw new Error(`expected an assessor, got ${JSON.stringify(decision.rejected)}`);
  return decision;
}

function reasonFor(decision: AssignmentDecision, id: string): string | undefined {
  return chosen(decision).explanation.others.find((o) => o.assessor === id)?.reason;
}

describe('hard rules', () => {
  const ok = person('ok');

  it('certified: excludes an assessor not certified for the project', () => {
    const other = person('other', { certifications: ['mobile'] });
    const decision = assign(request(), [other, ok], context());
    expect(chosen(decision).assessor).toBe('ok');
    expect(reasonFor(decision, 'other')).toBe('certified');
    expect(ineligibilityReasons(other, request(), context())).toEqual(['certified']);
  });

  it("not_mentor: never assigns the student's own mentor", () => {
    const mentor = person('mentor', { roles: ['assessor', 'mentor'] });
    const decision = assign(request(), [mentor, ok], context({ loads: loads({ ok: { open: 9 } }) }));
    expect(chosen(decision).assessor).toBe('ok');
    expect(reasonFor(decision, 'mentor')).toBe('not_mentor');
  });

  it('no_conflict: excludes an assessor with a declared conflict with the student', () => {
    const conflicted = person('conflicted', { conflicts: ['stu'] });
    const decision = assign(request(), [conflicted, ok], context({ loads: loads({ ok: { open: 9 } }) }));
    expect(chosen(decision).assessor).toBe('ok');
    expect(reasonFor(decision, 'conflicted')).toBe('no_conflict');
  });

  it('no_conflict: a conflict with another student does not matter', () => {
    const elsewhere = person('elsewhere', { conflicts: ['someone-else'] });
    expect(ineligibilityReasons(elsewhere, request(), context())).toEqual([]);
  });

  it('not_away: absences are inclusive on both ends', () => {
    const starting = person('starting', { absences: [{ from: '2026-03-10', to: '2026-03-12' }] });
    const ending = person('ending', { absences: [{ from: '2026-03-01', to: '2026-03-10' }] });
    const back = person('back', { absences: [{ from: '2026-03-01', to: '2026-03-09' }] });
    const later = person('later', { absences: [{ from: '2026-03-11', to: '2026-03-20' }] });
    expect(ineligibilityReasons(starting, request(), context())).toEqual(['not_away']);
    expect(ineligibilityReasons(ending, request(), context())).toEqual(['not_away']);
    expect(ineligibilityReasons(back, request(), context())).toEqual([]);
    expect(ineligibilityReasons(later, request(), context())).toEqual([]);
  });

  it("not_away: compares with now's UTC date", () => {
    const away = person('away', { absences: [{ from: '2026-01-11', to: '2026-01-11' }] });
    // 23:30 on 10 January in New York (UTC-5) is already the 11th in UTC.
    const lateEvening = new Date('2026-01-10T23:30:00-05:00');
    const noonBefore = new Date('2026-01-10T12:00:00Z');
    expect(ineligibilityReasons(away, request(), context({ now: lateEvening }))).toEqual(['not_away']);
    expect(ineligibilityReasons(away, request(), context({ now: noonBefore }))).toEqual([]);
  });

  it('under_capacity: the weekly count must stay below the capacity', () => {
    const full = person('full', { capacity: 3 });
    const almost = person('almost', { capacity: 3 });
    const none = person('none', { capacity: 0 });
    const ctx = context({ loads: loads({ full: { week: 3 }, almost: { week: 2 } }) });
    expect(ineligibilityReasons(full, request(), ctx)).toEqual(['under_capacity']);
    expect(ineligibilityReasons(almost, request(), ctx)).toEqual([]);
    expect(ineligibilityReasons(none, request(), ctx)).toEqual(['under_capacity']);
  });

  it("speaks_language: requires the student's language when set", () => {
    const french = { ...student, language: 'fr' };
    const english = person('english');
    const bilingual = person('bilingual', { languages: ['en', 'fr'] });
    const decision = assign(request({ student: french }), [english, bilingual], context());
    expect(chosen(decision).assessor).toBe('bilingual');
    expect(reasonFor(decision, 'english')).toBe('speaks_language');
  });

  it("speaks_language: the project's required language wins over the student's", () => {
    const french = { ...student, language: 'fr' };
    const germanProject = { ...project, requiredLanguage: 'de' };
    const frenchOnly = person('fr-only', { languages: ['fr'] });
    const german = person('german', { languages: ['de'] });
    const req = request({ student: french, project: germanProject });
    expect(ineligibilityReasons(frenchOnly, req, context())).toEqual(['speaks_language']);
    expect(ineligibilityReasons(german, req, context())).toEqual([]);
  });

  it('speaks_language: no language set means no constraint, and codes compare case-insensitively', () => {
    expect(ineligibilityReasons(person('x', { languages: ['es'] }), request(), context())).toEqual([]);
    const upper = { ...student, language: 'FR' };
    expect(
      ineligibilityReasons(person('y', { languages: ['fr'] }), request({ student: upper }), context()),
    ).toEqual([]);
  });

  it('not_declined: skips assessors who declined or let this evaluation expire', () => {
    const decliner = person('decliner');
    const ctx = context({ declined: new Set(['decliner']), loads: loads({ ok: { open: 9 } }) });
    const decision = assign(request(), [decliner, ok], ctx);
    expect(chosen(decision).assessor).toBe('ok');
    expect(reasonFor(decision, 'decliner')).toBe('not_declined');
  });

  it('ineligibilityReasons lists every failed rule in HARD_RULES order', () => {
    const everything = person('mentor', {
      certifications: [],
      conflicts: ['stu'],
      absences: [{ from: '2026-03-10', to: '2026-03-10' }],
      capacity: 1,
      languages: ['de'],
    });
    const req = request({ student: { ...student, language: 'fr' } });
    const ctx = context({ loads: loads({ mentor: { week: 1 } }), declined: new Set(['mentor']) });
    expect(ineligibilityReasons(everything, req, ctx)).toEqual([
      'certified',
      'not_mentor',
      'no_conflict',
      'not_away',
      'under_capacity',
      'speaks_language',
      'not_declined',
    ]);
  });

  it('only candidates with the assessor role are considered', () => {
    const coordinator = person('coord', { roles: ['coordinator'] });
    const decision = assign(request(), [coordinator, ok], context({ loads: loads({ ok: { open: 9 } }) }));
    expect(chosen(decision).assessor).toBe('ok');
    expect(chosen(decision).explanation.others).toEqual([]);
  });

  it('reports no_eligible_assessor with the first failed rule of each candidate', () => {
    const a = person('a', { certifications: [] });
    const b = person('b', { conflicts: ['stu'], capacity: 0 });
    expect(assign(request(), [a, b], context())).toEqual({
      ok: false,
      reason: 'no_eligible_assessor',
      rejected: [
        { assessor: 'a', rule: 'certified' },
        { assessor: 'b', rule: 'no_conflict' },
      ],
    });
    expect(assign(request(), [], context())).toEqual({
      ok: false,
      reason: 'no_eligible_assessor',
      rejected: [],
    });
  });
});

describe('soft rules', () => {
  it('picks the lowest load, counting open and recent evaluations', () => {
    const ctx = context({
      loads: loads({ a: { open: 1, recent: 2 }, b: { open: 2, recent: 0 }, c: { open: 0, recent: 4 } }),
    });
    const decision = assign(request(), [person('a'), person('b'), person('c')], ctx);
    expect(chosen(decision).assessor).toBe('b');
    expect(chosen(decision).ranking).toEqual(['b', 'a', 'c']);
    expect(reasonFor(decision, 'a')).toBe('higher_load');
  });

  it('the weekly count does not weigh in the load', () => {
    const ctx = context({ loads: loads({ a: { week: 4 }, b: { open: 1 } }) });
    expect(chosen(assign(request(), [person('a'), person('b')], ctx)).assessor).toBe('a');
  });

  it('prefers a fresh assessor at equal load', () => {
    for (const evaluation of ['E-1', 'E-2', 'E-3', 'E-4', 'E-5']) {
      const ctx = context({ pastAssessors: new Set(['a', 'c']) });
      const decision = assign(request({ evaluation }), [person('a'), person('b'), person('c')], ctx);
      expect(chosen(decision).assessor).toBe('b');
      expect(chosen(decision).explanation.fresh).toBe(true);
      expect(reasonFor(decision, 'a')).toBe('assessed_before');
    }
  });

  it('load comes before freshness by default', () => {
    const ctx = context({ pastAssessors: new Set(['a']), loads: loads({ b: { open: 1 } }) });
    const decision = assign(request(), [person('a'), person('b')], ctx);
    expect(chosen(decision).assessor).toBe('a');
    expect(chosen(decision).explanation.fresh).toBe(false);
    expect(reasonFor(decision, 'b')).toBe('higher_load');
  });

  it('with freshnessSlack 1, a fresh assessor one evaluation busier wins, two busier does not', () => {
    const ctx = context({
      pastAssessors: new Set(['a']),
      loads: loads({ b: { open: 1 }, c: { recent: 2 } }),
    });
    const oneMore = assign(request(), [person('a'), person('b')], ctx, { freshnessSlack: 1 });
    expect(chosen(oneMore).assessor).toBe('b');
    expect(reasonFor(oneMore, 'a')).toBe('assessed_before');
    const twoMore = assign(request(), [person('a'), person('c')], ctx, { freshnessSlack: 1 });
    expect(chosen(twoMore).assessor).toBe('a');
    expect(reasonFor(twoMore, 'c')).toBe('higher_load');
  });

  it('breaks ties deterministically, independent of the roster order', () => {
    const roster = ['a', 'b', 'c', 'd'].map((id) => person(id));
    const first = assign(request(), roster, context());
    expect(assign(request(), roster, context())).toEqual(first);
    expect(chosen(assign(request(), [...roster].reverse(), context())).assessor).toBe(chosen(first).assessor);
    for (const other of chosen(first).explanation.others) expect(other.reason).toBe('tie_break');
  });

  it('ties do not always favour the same person across evaluations', () => {
    const roster = ['a', 'b', 'c', 'd'].map((id) => person(id));
    const winners = new Set<string>();
    for (let i = 1; i <= 40; i++) {
      winners.add(chosen(assign(request({ evaluation: `E-${i}` }), roster, context())).assessor);
    }
    expect(winners.size).toBeGreaterThan(1);
  });
});

describe('explanation', () => {
  it('lists the rules passed, the load against the capacity, freshness and every other candidate', () => {
    const roster = [
      person('picked', { capacity: 4 }),
      person('busy'),
      person('again'),
      person('twin'),
      person('mentor'),
    ];
    const ctx = context({
      loads: loads({
        picked: { open: 1, recent: 2, week: 1 },
        busy: { open: 5 },
        again: { open: 1, recent: 2 },
        twin: { open: 2, recent: 1 },
      }),
      pastAssessors: new Set(['again']),
    });
    // 'twin' ties with 'picked': make sure this evaluation's tie-break favours 'picked'.
    let evaluation = '';
    for (let i = 1; evaluation === ''; i++) {
      const candidate = `E-${i}`;
      if (chosen(assign(request({ evaluation: candidate }), roster, ctx)).assessor === 'picked') {
        evaluation = candidate;
      }
    }
    const decision = chosen(assign(request({ evaluation }), roster, ctx));
    expect(decision.explanation).toEqual({
      assessor: 'picked',
      passed: [
        'certified',
        'not_mentor',
        'no_conflict',
        'not_away',
        'under_capacity',
        'speaks_language',
        'not_declined',
      ],
      load: { open: 1, recent: 2, total: 3, capacity: 4, weekOpen: 1 },
      fresh: true,
      others: [
        { assessor: 'busy', reason: 'higher_load' },
        { assessor: 'again', reason: 'assessed_before' },
        { assessor: 'twin', reason: 'tie_break' },
        { assessor: 'mentor', reason: 'not_mentor' },
      ],
    });
    expect(decision.ranking).toEqual(['picked', 'twin', 'again', 'busy']);
  });

  it('a repeat assessor chosen because nobody fresh is eligible is explained as such', () => {
    const ctx = context({ pastAssessors: new Set(['a', 'b']), loads: loads({ b: { open: 1 } }) });
    const decision = chosen(assign(request(), [person('a'), person('b'), person('c', { capacity: 0 })], ctx));
    expect(decision.assessor).toBe('a');
    expect(decision.explanation.fresh).toBe(false);
    expect(decision.explanation.others).toEqual([
      { assessor: 'b', reason: 'higher_load' },
      { assessor: 'c', reason: 'under_capacity' },
    ]);
  });

  it('a duplicated candidate is counted once', () => {
    const decision = chosen(assign(request(), [person('a'), person('b'), person('a')], context()));
    expect(decision.explanation.others).toHaveLength(1);
    expect(decision.ranking).toHaveLength(2);
  });
});

describe('assignBatch', () => {
  const batch = (n: number, over: (i: number) => Partial<BatchRequest> = () => ({})): BatchRequest[] =>
    Array.from({ length: n }, (_, i) => ({
      ...request({ evaluation: `E-${i + 1}`, student: { ...student, id: `s${i}` } }),
      ...over(i),
    }));

  it('spreads a backlog evenly, updating open and weekly counts as it goes', () => {
    const roster = ['a', 'b', 'c'].map((id) => person(id));
    const decisions = assignBatch(batch(9), roster, new Map(), [], NOW);
    const counts = new Map<string, number>();
    for (const d of decisions) counts.set(chosen(d).assessor, (counts.get(chosen(d).assessor) ?? 0) + 1);
    expect([...counts.values()]).toEqual([3, 3, 3]);
  });

  it('starts from the initial loads', () => {
    const roster = ['a', 'b'].map((id) => person(id));
    const decisions = assignBatch(batch(2), roster, loads({ a: { recent: 2 } }), [], NOW);
    expect(decisions.map((d) => chosen(d).assessor)).toEqual(['b', 'b']);
  });

  it('stops offering to an assessor whose weekly capacity is reached', () => {
    const roster = [person('a', { capacity: 1 }), person('b', { capacity: 2 })];
    const decisions = assignBatch(batch(4), roster, new Map(), [], NOW);
    expect(decisions.filter((d) => d.ok).length).toBe(3);
    const last = decisions[3];
    expect(last?.ok).toBe(false);
    if (last && !last.ok) {
      expect(last.rejected).toEqual([
        { assessor: 'a', rule: 'under_capacity' },
        { assessor: 'b', rule: 'under_capacity' },
      ]);
    }
  });

  it('records the pairs it makes, so a second attempt goes to someone fresh', () => {
    const roster = ['a', 'b'].map((id) => person(id));
    const same = batch(2, (i) => ({ student, attempt: i + 1 }));
    const [first, second] = assignBatch(same, roster, loads({ a: { recent: 1 }, b: { recent: 2 } }), [], NOW);
    expect(first && chosen(first).assessor).toBe('a');
    // a now has load 2 like b, but has assessed the student: b wins on freshness.
    expect(second && chosen(second).assessor).toBe('b');
    expect(second && chosen(second).explanation.others).toEqual([
      { assessor: 'a', reason: 'assessed_before' },
    ]);
  });

  it('honours past pairs and declines given with the requests', () => {
    const roster = ['a', 'b', 'c'].map((id) => person(id));
    const requests = batch(1, () => ({ student, declined: new Set(['b']) }));
    const [decision] = assignBatch(requests, roster, new Map(), [{ assessor: 'a', student: 'stu' }], NOW);
    expect(decision && chosen(decision).assessor).toBe('c');
    expect(decision && chosen(decision).explanation.others).toEqual([
      { assessor: 'a', reason: 'assessed_before' },
      { assessor: 'b', reason: 'not_declined' },
    ]);
  });

  it('makes the same decisions as assign called request after request', () => {
    const roster = ['a', 'b', 'c', 'd'].map((id, i) => person(id, { capacity: 2 + i }));
    const requests = batch(12, (i) => ({ student: { ...student, id: `s${i % 3}` } }));
    const decisions = assignBatch(requests, roster, new Map(), [], NOW);
    const current = new Map<string, AssessorLoad>();
    const past = new Map<string, Set<string>>();
    requests.forEach((req, i) => {
      const expected = assign(
        req,
        roster,
        context({ loads: current, pastAssessors: past.get(req.student.id) ?? new Set() }),
      );
      expect(decisions[i]).toEqual(expected);
      if (expected.ok) {
        const l = current.get(expected.assessor) ?? { open: 0, recent: 0, week: 0 };
        current.set(expected.assessor, { ...l, open: l.open + 1, week: l.week + 1 });
        past.set(req.student.id, new Set([...(past.get(req.student.id) ?? []), expected.assessor]));
      }
    });
  });

  it('assigns 20,000 requests over 400 assessors, within 5% of the ideal maximum load', () => {
    const projects = Array.from({ length: 10 }, (_, i) => ({ ...project, id: `p${i}` }));
    const roster = Array.from({ length: 400 }, (_, i) =>
      person(`a${i}`, {
        capacity: 100,
        certifications: projects.map((p) => p.id),
        languages: i % 2 === 0 ? ['en', 'fr'] : ['en'],
      }),
    );
    const requests: BatchRequest[] = Array.from({ length: 20_000 }, (_, i) => ({
      evaluation: `E-${i + 1}`,
      student: { ...student, id: `s${i % 3000}`, mentor: `m${i % 50}` },
      project: projects[i % projects.length] ?? project,
      attempt: 1,
    }));
    const decisions = assignBatch(requests, roster, new Map(), [], NOW);
    expect(decisions).toHaveLength(20_000);
    const counts = new Map<string, number>();
    for (const d of decisions) counts.set(chosen(d).assessor, (counts.get(chosen(d).assessor) ?? 0) + 1);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(Math.ceil(1.05 * (20_000 / 400)));
    const sample = decisions[19_999];
    expect(sample && chosen(sample).explanation.others).toHaveLength(399);
  });
});
