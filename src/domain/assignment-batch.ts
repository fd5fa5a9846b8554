/**
 * Batch assignment of a backlog: the same rules and ranking as `assign`, applied in order while loads and
 * past pairs are updated, with per-project candidate lists and no per-candidate allocation per decision.
 * Explanations and rankings are computed on first access by replaying the decision (see `assignBatch`).
 */
import {
  type AssessorLoad,
  type AssignmentDecision,
  type AssignmentFailure,
  type AssignmentOptions,
  type AssignmentRequest,
  type AssignmentSuccess,
  assessorsOf,
  type DecisionView,
  decide,
  freshnessSlack,
  hashString,
  isAway,
  requiredLanguage,
  speaks,
  tieKey,
  utcDate,
} from './assignment-core.ts';
import type { Person } from './model.ts';

/** One request of a backlog. */
export type BatchRequest = AssignmentRequest & {
  /** Assessors who already declined this evaluation or let its offer expire. */
  declined?: ReadonlySet<string>;
};

/** An (assessor, student) pair with a submitted report, as `EvaluationRepository.pastPairs` returns. */
export type PastPair = { assessor: string; student: string };

/** Mutable per-assessor state of a batch run. */
type Slot = {
  person: Person;
  id: string;
  hash: number;
  capacity: number;
  recent: number;
  open0: number;
  week0: number;
  open: number;
  week: number;
  /** Indices of the decisions that chose this assessor, ascending. */
  history: number[];
  /** Equals the current decision's tag when a hard rule specific to the request excludes the assessor. */
  blockedTag: number;
  /** Equals the current decision's tag when the assessor has assessed the request's student before. */
  seenTag: number;
};

const ZERO_LOAD: AssessorLoad = Object.freeze({ open: 0, recent: 0, week: 0 });

function countBefore(sorted: readonly number[], k: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? k) < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lazySuccess(assessor: string, replay: () => AssignmentDecision): AssignmentSuccess {
  let full: AssignmentSuccess | undefined;
  const get = (): AssignmentSuccess => {
    if (full === undefined) {
      const decision = replay();
      if (!decision.ok || decision.assessor !== assessor) {
        throw new Error(`assignment replay diverged from the batch decision (${assessor})`);
      }
      full = decision;
    }
    return full;
  };
  return {
    ok: true,
    assessor,
    get explanation() {
      return get().explanation;
    },
    get ranking() {
      return get().ranking;
    },
  };
}

function lazyFailure(replay: () => AssignmentDecision): AssignmentFailure {
  let rejected: AssignmentFailure['rejected'] | undefined;
  return {
    ok: false,
    reason: 'no_eligible_assessor',
    get rejected() {
      if (rejected === undefined) {
        const decision = replay();
        if (decision.ok) throw new Error('assignment replay diverged from the batch decision (none)');
        rejected = decision.rejected;
      }
      return rejected;
    },
  };
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set === undefined) map.set(key, new Set([value]));
  else set.add(value);
}

/**
 * Assigns a backlog in order, one decision per request (same order). After each successful decision the
 * chosen assessor's `open` and `week` grow by one and the (assessor, student) pair counts as past, so later
 * requests see them. Decisions equal what `assign` would return request after request with those updates.
 *
 * Each decision is made in O(certified candidates of the project) without allocation per candidate. The
 * `explanation` and `ranking` of a success, and the `rejected` list of a failure, are read-only properties
 * computed on first access (then kept) by replaying that decision; reading them costs O(candidates).
 *
 * @param initialLoads load per assessor id before the batch (missing: zero)
 * @param pastPairs pairs with a submitted report before the batch
 * @param now the instant absences are compared with (its UTC date)
 */
export function assignBatch(
  requests: readonly BatchRequest[],
  candidates: readonly Person[],
  initialLoads: ReadonlyMap<string, AssessorLoad>,
  pastPairs: Iterable<PastPair>,
  now: Date,
  options?: AssignmentOptions,
): AssignmentDecision[] {
  const slack = freshnessSlack(options);
  const today = utcDate(now);
  const assessors = assessorsOf(candidates);
  const slots: Slot[] = assessors.map((person) => {
    const load = initialLoads.get(person.id) ?? ZERO_LOAD;
    return {
      person,
      id: person.id,
      hash: hashString(person.id),
      capacity: person.capacity,
      recent: load.recent,
      open0: load.open,
      week0: load.week,
      open: load.open,
      week: load.week,
      history: [],
      blockedTag: 0,
      seenTag: 0,
    };
  });
  const slotOf = new Map(slots.map((s) => [s.id, s]));

  // Certified index: project id → available assessors, in roster order (away status is fixed for the batch).
  const certified = new Map<string, Slot[]>();
  const conflictsOf = new Map<string, Set<Slot>>();
  for (const slot of slots) {
    for (const student of slot.person.conflicts) addTo(conflictsOf, student, slot);
    if (isAway(slot.person, today)) continue;
    for (const project of new Set(slot.person.certifications)) {
      const list = certified.get(project);
      if (list === undefined) certified.set(project, [slot]);
      else list.push(slot);
    }
  }
  const pools = new Map<string, Slot[]>();
  const poolFor = (request: AssignmentRequest): Slot[] => {
    const language = requiredLanguage(request);
    const key = language === undefined ? request.project.id : `${request.project.id}\u0000${language}`;
    let pool = pools.get(key);
    if (pool === undefined) {
      pool = (certified.get(request.project.id) ?? []).filter((s) => speaks(s.person, language));
      pools.set(key, pool);
    }
    return pool;
  };

  const initialPast = new Map<string, Set<Slot>>();
  const past = new Map<string, Set<Slot>>();
  for (const pair of pastPairs) {
    const slot = slotOf.get(pair.assessor);
    if (slot === undefined) continue;
    addTo(initialPast, pair.student, slot);
    addTo(past, pair.student, slot);
  }
  // Successful decision indices per student, to replay freshness at any point of the batch.
  const decisionsOfStudent = new Map<string, number[]>();
  const chosenAt: (Slot | null)[] = [];

  const replay = (k: number, request: BatchRequest): AssignmentDecision => {
    const seen = new Set<string>();
    for (const slot of initialPast.get(request.student.id) ?? []) seen.add(slot.id);
    for (const j of decisionsOfStudent.get(request.student.id) ?? []) {
      const slot = chosenAt[j];
      if (j < k && slot) seen.add(slot.id);
    }
    const view: DecisionView = {
      load: (id) => {
        const slot = slotOf.get(id);
        if (slot === undefined) return ZERO_LOAD;
        const taken = countBefore(slot.history, k);
        return { open: slot.open0 + taken, recent: slot.recent, week: slot.week0 + taken };
      },
      assessedBefore: (id) => seen.has(id),
      declined: (id) => request.declined?.has(id) ?? false,
      today,
    };
    return decide(request, assessors, view, slack);
  };

  const decisions: AssignmentDecision[] = [];
  for (let k = 0; k < requests.length; k++) {
    const request = requests[k];
    if (request === undefined) break;
    const studentId = request.student.id;
    // Mark this request's exclusions and past assessors on the slots, so the scan below is lookup-free.
    const tag = k + 1;
    const mentor = slotOf.get(request.student.mentor);
    if (mentor !== undefined) mentor.blockedTag = tag;
    for (const slot of conflictsOf.get(studentId) ?? []) slot.blockedTag = tag;
    for (const id of request.declined ?? []) {
      const slot = slotOf.get(id);
      if (slot !== undefined) slot.blockedTag = tag;
    }
    const seen = past.get(studentId);
    if (seen !== undefined) for (const slot of seen) slot.seenTag = tag;

    // One pass: the minimal load, the best fresh assessor by (load, key, id), the best by (load, fresh,
    // key, id). The first wins when inside the freshness band: the same order as `compareRank`.
    const evaluationHash = hashString(request.evaluation);
    let minimum = Number.POSITIVE_INFINITY;
    let fresh: Slot | null = null;
    let freshLoad = 0;
    let freshKey = 0;
    let best: Slot | null = null;
    let bestLoad = 0;
    let bestFresh = false;
    let bestKey = 0;
    for (const s of poolFor(request)) {
      if (s.blockedTag === tag || s.week >= s.capacity) continue;
      const load = s.open + s.recent;
      if (load < minimum) minimum = load;
      const isFresh = s.seenTag !== tag;
      let key = -1;
      if (isFresh && (fresh === null || load <= freshLoad)) {
        key = tieKey(evaluationHash, s.hash);
        if (fresh === null || load < freshLoad || key < freshKey || (key === freshKey && s.id < fresh.id)) {
          fresh = s;
          freshLoad = load;
          freshKey = key;
        }
      }
      if (best === null || load < bestLoad || (load === bestLoad && isFresh && !bestFresh)) {
        if (key < 0) key = tieKey(evaluationHash, s.hash);
        best = s;
        bestLoad = load;
        bestFresh = isFresh;
        bestKey = key;
      } else if (load === bestLoad && isFresh === bestFresh) {
        if (key < 0) key = tieKey(evaluationHash, s.hash);
        if (key < bestKey || (key === bestKey && s.id < best.id)) {
          best = s;
          bestKey = key;
        }
      }
    }
    const chosen = fresh !== null && freshLoad <= minimum + slack ? fresh : best;

    chosenAt.push(chosen);
    if (chosen === null) {
      decisions.push(lazyFailure(() => replay(k, request)));
      continue;
    }
    chosen.open += 1;
    chosen.week += 1;
    chosen.history.push(k);
    if (seen === undefined) past.set(studentId, new Set([chosen]));
    else seen.add(chosen);
    const list = decisionsOfStudent.get(studentId);
    if (list === undefined) decisionsOfStudent.set(studentId, [k]);
    else list.push(k);
    decisions.push(lazySuccess(chosen.id, () => replay(k, request)));
  }
  return decisions;
}
