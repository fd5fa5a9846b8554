import type { Evaluation } from '../domain/model.ts';

/** An evaluation as the HTTP API shows it (DESIGN §3). */
export type PublicEvaluation = {
  id: string;
  student: string;
  project: string;
  attempt: number;
  status: Evaluation['status'];
  /** Person id of the assessor holding it, or null while it waits. */
  assessor: string | null;
};

export function toPublicEvaluation(evaluation: Evaluation): PublicEvaluation {
  return {
    id: evaluation.id,
    student: evaluation.student,
    project: evaluation.project,
    attempt: evaluation.attempt,
    status: evaluation.status,
    assessor: evaluation.assessor,
  };
}
