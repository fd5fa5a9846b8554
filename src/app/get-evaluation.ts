import type { Evaluation } from '../domain/model.ts';
import type { EvaluationFilter } from '../ports/store.ts';
import type { AppContext } from './context.ts';
import { requireEvaluation } from './lookups.ts';

/** One evaluation by id (case-insensitive, `e-1042` works); `evaluation_not_found` otherwise. */
export async function getEvaluation(ctx: AppContext, id: string): Promise<Evaluation> {
  return requireEvaluation(ctx.store, id);
}

/** Evaluations matching the filter, oldest request first. */
export async function listEvaluations(ctx: AppContext, filter: EvaluationFilter = {}): Promise<Evaluation[]> {
  const evaluations = await ctx.store.evaluations.list(filter);
  return evaluations.sort(
    (a, b) => a.requestedAt.getTime() - b.requestedAt.getTime() || a.id.localeCompare(b.id),
  );
}
