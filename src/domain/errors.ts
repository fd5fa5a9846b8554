/**
 * Errors the product shows to people. Each carries a stable `code` that the message catalog
 * translates, with `params` for the message and, when one field is at fault, its `field`.
 */
export const ERROR_CODES = [
  'not_registered',
  'forbidden',
  'student_not_found',
  'project_not_found',
  'person_not_found',
  'evaluation_not_found',
  'offer_not_found',
  'offer_not_pending',
  'not_your_evaluation',
  'not_your_student',
  'illegal_transition',
  'no_eligible_assessor',
  'not_eligible',
  'report_invalid',
  'dossier_locked',
  'concurrent_update',
  'invalid_input',
  'project_not_in_path',
  'already_open',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type ErrorParams = Record<string, string | number>;

export class DeskError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;
  readonly field: string | undefined;

  constructor(code: ErrorCode, params: ErrorParams = {}, field?: string) {
    super(`${code}${Object.keys(params).length ? ` ${JSON.stringify(params)}` : ''}`);
    this.name = 'DeskError';
    this.code = code;
    this.params = params;
    this.field = field;
  }
}

export function isDeskError(error: unknown): error is DeskError {
  return error instanceof DeskError;
}
