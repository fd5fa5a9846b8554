/**
 * The assignment engine's rules: the inputs and results, the hard rules, and the ranking of eligible
 * assessors. Pure and deterministic: the caller passes `now`, loads and history.
 *
 * Ranking of the eligible assessors (the first one is chosen):
 * 1. the "freshness band" first: fresh assessors (who never assessed this student) whose load is within
 *    `freshnessSlack` of the minimal eligible load (default slack 0: fresh only among the least loaded);
 * 2. then by load (`open + recent`), lowest first;
 * 3. then fresh before not fresh;
 * 4. then by a stable hash of (evaluation id, person id), so ties do not always favour the same person;
 * 5. then by person id (code-unit order), which only matters on a hash collision.
 *
 * With the default slack this is the lexicographic order (load, fresh, hash): the load balance stays exact
 * (batch loads end within 1 of each other) and a fresh assessor wins whenever one is at the minimal load.
 */
import {
  type AssignmentExplanation,
  HARD_RULES,
  type HardRule,
  type Person,
  type Project,
  type Student,
} from './model.ts';

/** One evaluation to assign. `attempt` is informational: the rules do not depend on it. */
export type AssignmentRequest = {
  /** The evaluation id (`E-1042`); also seeds the tie-break. */
  evaluation: string;
  student: Student;
  project: Project;
  attempt: number;
};

/** An assessor's current load. Missing from a load map means all zero. */
export type AssessorLoad = {
  /** Evaluations offered to or accepted by the assessor and not finished. */
  open: number;
  /** Evaluations the assessor finished in the last 30 days. */
  recent: number;
  /** Evaluations taken this week, compared with the person's weekly `capacity`. */
  week: number;
};

/** What the hard rules need besides the person and the request. */
export type EligibilityContext = {
  /** Load per assessor id. */
  loads: ReadonlyMap<string, AssessorLoad>;
  /** Assessors who already declined this evaluation or let its offer expire (rule `not_declined`). */
  declined?: ReadonlySet<string>;
  /** The current instant; absences are compared with its UTC date. */
  now: Date;
};

/** What `assign` needs: the eligibility context plus the student's history. */
export type AssignmentContext = EligibilityContext & {
  /** Assessors who have assessed this student before (on any project). */
  pastAssessors?: ReadonlySet<string>;
};

/** Tuning of the soft rules. */
export type AssignmentOptions = {
  /**
   * How much more loaded (in `open + recent`) than the least loaded eligible assessor a fresh assessor
   * may be and still be preferred. Default 0 (fresh only breaks ties at the minimal load). With 1, a
   * fresh assessor one evaluation busier wins over a repeat assessor, at the cost of a load spread of up
   * to 2 instead of 1 in batch mode.
   */
  freshnessSlack?: number;
};

/** An assessor was chosen. */
export type AssignmentSuccess = {
  ok: true;
  assessor: string;
  explanation: AssignmentExplanation;
  /** Every eligible assessor, best first; `ranking[0] === assessor`. */
  ranking: string[];
};

/** Nobody is eligible: the request waits in the queue. */
export type AssignmentFailure = {
  ok: false;
  reason: 'no_eligible_assessor';
  /** Every assessor candidate with the first hard rule (in `HARD_RULES` order) that excluded them. */
  rejected: { assessor: string; rule: HardRule }[];
};

/** The outcome of one assignment; expected outcomes are values, never exceptions. */
export type AssignmentDecision = AssignmentSuccess | AssignmentFailure;

/** Why another candidate was not chosen. */
export type OtherReason = AssignmentExplanation['others'][number]['reason'];

/** The per-decision facts the ranking reads; lets batch mode replay a past decision. */
export type DecisionView = {
  load(assessor: string): AssessorLoad;
  assessedBefore(assessor: string): boolean;
  declined(assessor: string): boolean;
  /** `YYYY-MM-DD`, the UTC date of `now`. */
  today: string;
};

const ZERO_LOAD: AssessorLoad = Object.freeze({ open: 0, recent: 0, week: 0 });

/** The UTC calendar date of an instant, `YYYY-MM-DD`. */
export function utcDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** The language the soutenance must be held in: the project's wins over the student's. */
export function requiredLanguage(request: AssignmentRequest): string | undefined {
  return (request.project.requiredLanguage ?? request.student.language)?.toLowerCase();
}

/** True when one of the person's absences (inclusive ISO dates) covers `today`. */
export function isAway(person: Person, today: string): boolean {
  return person.absences.some((a) => a.from <= today && today <= a.to);
}

/** True when the person speaks `language` (case-insensitive); no language means no constraint. */
export function speaks(person: Person, language: string | undefined): boolean {
  return language === undefined || person.languages.some((l) => l.toLowerCase() === language);
}

function passes(rule: HardRule, person: Person, request: AssignmentRequest, view: DecisionView): boolean {
  switch (rule) {
    case 'certified':
      return person.certifications.includes(request.project.id);
    case 'not_mentor':
      return person.id !== request.student.mentor;
    case 'no_conflict':
      return !person.conflicts.includes(request.student.id);
    case 'not_away':
      return !isAway(person, view.today);
    case 'under_capacity':
      return view.load(person.id).week < person.capacity;
    case 'speaks_language':
      return speaks(person, requiredLanguage(request));
    case 'not_declined':
      return !view.declined(person.id);
  }
}

function failedRules(person: Person, request: AssignmentRequest, view: DecisionView): HardRule[] {
  return HARD_RULES.filter((rule) => !passes(rule, person, request, view));
}

/** The first hard rule (in `HARD_RULES` order) the person fails, or null when eligible. */
export function firstFailedRule(
  person: Person,
  request: AssignmentRequest,
  view: DecisionView,
): HardRule | null {
  for (const rule of HARD_RULES) if (!passes(rule, person, request, view)) return rule;
  return null;
}

/** Builds the view of a single decision from a context. */
export function contextView(context: AssignmentContext): DecisionView {
  const { loads, declined, pastAssessors } = context;
  return {
    load: (id) => loads.get(id) ?? ZERO_LOAD,
    assessedBefore: (id) => pastAssessors?.has(id) ?? false,
    declined: (id) => declined?.has(id) ?? false,
    today: utcDate(context.now),
  };
}

/**
 * Every hard rule `person` fails for `request`, in `HARD_RULES` order; empty when eligible. Used when an
 * assessor claims an evaluation or a coordinator reassigns one by hand. The `assessor` role is not a
 * hard rule: authorisation checks it.
 */
export function ineligibilityReasons(
  person: Person,
  request: AssignmentRequest,
  context: EligibilityContext,
): HardRule[] {
  return failedRules(person, request, contextView(context));
}

/** Normalises `freshnessSlack`: negative or NaN means 0. */
export function freshnessSlack(options: AssignmentOptions | undefined): number {
  const slack = options?.freshnessSlack ?? 0;
  return Number.isNaN(slack) ? 0 : Math.max(slack, 0);
}

/** FNV-1a, 32 bits. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Tie-break key of a person for an evaluation: murmur3's finaliser over the xor of both hashes. */
export function tieKey(evaluationHash: number, personHash: number): number {
  let h = (evaluationHash ^ personHash) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Compares two eligible assessors (negative: `a` ranks first). `tier` is 0 inside the freshness band,
 * `fresh` is 0 for fresh and 1 otherwise. Shared by single and batch mode so both rank identically.
 */
export function compareRank(
  aTier: number,
  aLoad: number,
  aFresh: number,
  aKey: number,
  aId: string,
  bTier: number,
  bLoad: number,
  bFresh: number,
  bKey: number,
  bId: string,
): number {
  if (aTier !== bTier) return aTier - bTier;
  if (aLoad !== bLoad) return aLoad - bLoad;
  if (aFresh !== bFresh) return aFresh - bFresh;
  if (aKey !== bKey) return aKey - bKey;
  return aId < bId ? -1 : aId > bId ? 1 : 0;
}

/** Why an eligible `other` ranked below the chosen assessor. */
export function softReason(
  chosenLoad: number,
  chosenFresh: boolean,
  otherLoad: number,
  otherFresh: boolean,
): OtherReason {
  if (otherLoad > chosenLoad) return 'higher_load';
  // A lower or equal load can only lose on freshness (the band) or on the tie-break.
  if (chosenFresh && !otherFresh) return 'assessed_before';
  return 'tie_break';
}

/** Assessors among candidates, first occurrence of each id, in input order. */
export function assessorsOf(candidates: readonly Person[]): Person[] {
  const seen = new Set<string>();
  const out: Person[] = [];
  for (const person of candidates) {
    if (!person.roles.includes('assessor') || seen.has(person.id)) continue;
    seen.add(person.id);
    out.push(person);
  }
  return out;
}

type Ranked = {
  person: Person;
  load: AssessorLoad;
  total: number;
  fresh: boolean;
  tier: number;
  key: number;
};

/**
 * Decides one request over `assessors` (already filtered by `assessorsOf`) with the facts of `view`.
 * Allocates per candidate; batch mode uses its own allocation-free pass and calls this lazily to explain.
 */
export function decide(
  request: AssignmentRequest,
  assessors: readonly Person[],
  view: DecisionView,
  slack: number,
): AssignmentDecision {
  // Per assessor id: the first failed hard rule, or the ranking entry when eligible.
  const status = new Map<string, HardRule | Ranked>();
  const rejected: AssignmentFailure['rejected'] = [];
  const eligible: Ranked[] = [];
  for (const person of assessors) {
    const rule = firstFailedRule(person, request, view);
    if (rule !== null) {
      status.set(person.id, rule);
      rejected.push({ assessor: person.id, rule });
      continue;
    }
    const load = view.load(person.id);
    const entry = {
      person,
      load,
      total: load.open + load.recent,
      fresh: !view.assessedBefore(person.id),
      tier: 1,
      key: 0,
    };
    eligible.push(entry);
    status.set(person.id, entry);
  }

  let minimum = Number.POSITIVE_INFINITY;
  for (const e of eligible) if (e.total < minimum) minimum = e.total;
  const evaluationHash = hashString(request.evaluation);
  for (const e of eligible) {
    e.tier = e.fresh && e.total <= minimum + slack ? 0 : 1;
    e.key = tieKey(evaluationHash, hashString(e.person.id));
  }
  eligible.sort((a, b) =>
    compareRank(
      a.tier,
      a.total,
      a.fresh ? 0 : 1,
      a.key,
      a.person.id,
      b.tier,
      b.total,
      b.fresh ? 0 : 1,
      b.key,
      b.person.id,
    ),
  );
  const [chosen] = eligible;
  if (chosen === undefined) return { ok: false, reason: 'no_eligible_assessor', rejected };

  const others: AssignmentExplanation['others'] = [];
  for (const person of assessors) {
    if (person.id === chosen.person.id) continue;
    const s = status.get(person.id);
    if (s === undefined) continue;
    const reason = typeof s === 'string' ? s : softReason(chosen.total, chosen.fresh, s.total, s.fresh);
    others.push({ assessor: person.id, reason });
  }

  return {
    ok: true,
    assessor: chosen.person.id,
    ranking: eligible.map((e) => e.person.id),
    explanation: {
      assessor: chosen.person.id,
      passed: [...HARD_RULES],
      load: {
        open: chosen.load.open,
        recent: chosen.load.recent,
        total: chosen.total,
        capacity: chosen.person.capacity,
        weekOpen: chosen.load.week,
      },
      fresh: chosen.fresh,
      others,
    },
  };
}
