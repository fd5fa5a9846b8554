/**
 * The assignment engine: picks an assessor for an evaluation request. Pure and deterministic.
 *
 * Hard rules (`HARD_RULES`, each exclusion names the first one failed): `certified`, `not_mentor`,
 * `no_conflict`, `not_away`, `under_capacity`, `speaks_language`, `not_declined`. Only candidates with the
 * `assessor` role are considered (first occurrence of an id wins).
 *
 * Soft rules rank the eligible assessors: freshness band, then load (`open + recent`), then fresh before
 * repeat, then a stable hash of (evaluation, person), then person id. See `assignment-core.ts` for the
 * precise order and `AssignmentOptions.freshnessSlack`.
 */
import {
  type AssignmentContext,
  type AssignmentDecision,
  type AssignmentOptions,
  type AssignmentRequest,
  assessorsOf,
  contextView,
  decide,
  freshnessSlack,
} from './assignment-core.ts';
import type { Person } from './model.ts';

export type { BatchRequest, PastPair } from './assignment-batch.ts';
export { assignBatch } from './assignment-batch.ts';
export type {
  AssessorLoad,
  AssignmentContext,
  AssignmentDecision,
  AssignmentFailure,
  AssignmentOptions,
  AssignmentRequest,
  AssignmentSuccess,
  EligibilityContext,
  OtherReason,
} from './assignment-core.ts';
export { ineligibilityReasons } from './assignment-core.ts';

/**
 * Picks the assessor for one request among `candidates`, or reports that nobody is eligible (with each
 * candidate's first failed hard rule). Never throws for an expected outcome.
 *
 * The success carries the explanation shown in the offer DM (rules passed, load against capacity,
 * freshness, why each other assessor was not chosen) and the full ranking of eligible assessors.
 */
export function assign(
  request: AssignmentRequest,
  candidates: readonly Person[],
  context: AssignmentContext,
  options?: AssignmentOptions,
): AssignmentDecision {
  return decide(request, assessorsOf(candidates), contextView(context), freshnessSlack(options));
}
