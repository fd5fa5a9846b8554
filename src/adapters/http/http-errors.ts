/**
 * How failures read over HTTP: every error answer is `{ error: { code, message, … } }`, bad input
 * is always a 4xx, and only unexpected failures become a 500 (logged, without details).
 */
import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { isMessageKey, t } from '../../domain/catalog/index.ts';
import { type DeskError, type ErrorCode, isDeskError } from '../../domain/errors.ts';
import type { Locale } from '../../domain/model.ts';

/** An error the HTTP layer answers as is: its status, code, message and extra fields of `error`. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly extra: Record<string, unknown>;

  constructor(status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.extra = extra;
  }
}

/** One field at fault in a request body, with what to send instead. */
export type FieldProblem = { field: string; message: string };

/** A 400 naming each field at fault. */
export function invalidBody(fields: FieldProblem[]): HttpError {
  const message = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  return new HttpError(400, 'invalid_body', message, { fields });
}

/** The HTTP status of each domain error code. */
export const DESK_ERROR_STATUS: Record<ErrorCode, number> = {
  not_registered: 403,
  forbidden: 403,
  student_not_found: 404,
  project_not_found: 404,
  person_not_found: 404,
  evaluation_not_found: 404,
  offer_not_found: 404,
  offer_not_pending: 409,
  not_your_evaluation: 403,
  not_your_student: 403,
  illegal_transition: 409,
  no_eligible_assessor: 409,
  not_eligible: 409,
  report_invalid: 400,
  dossier_locked: 409,
  concurrent_update: 409,
  invalid_input: 400,
  project_not_in_path: 409,
  already_open: 409,
};

/** The catalog's text for a domain error in `locale`, or its code when the catalog has none. */
export function deskErrorMessage(error: DeskError, locale: Locale): string {
  const key = `error.${error.code}`;
  return isMessageKey(key) ? t(locale, key, error.params) : error.code;
}

/** Body-parser failures (`err.type`) and what the client is told. */
const PARSER_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  'entity.parse.failed': {
    status: 400,
    code: 'invalid_body',
    message: 'body: not valid JSON; send a JSON object such as {"student": "…", "project": "…"}',
  },
  'entity.too.large': { status: 413, code: 'payload_too_large', message: 'The request body is over 100 kB.' },
  'encoding.unsupported': {
    status: 415,
    code: 'unsupported_media_type',
    message: 'Unsupported content encoding; send identity, gzip or deflate.',
  },
  'charset.unsupported': {
    status: 415,
    code: 'unsupported_media_type',
    message: 'Unsupported charset; send UTF-8 JSON.',
  },
  'request.aborted': { status: 400, code: 'request_aborted', message: 'The request was aborted.' },
  'request.size.invalid': {
    status: 400,
    code: 'invalid_body',
    message: 'The body length does not match Content-Length.',
  },
};

function statusOf(error: object): number | undefined {
  const status = 'status' in error ? error.status : 'statusCode' in error ? error.statusCode : undefined;
  return typeof status === 'number' ? status : undefined;
}

/** Answers an error as `{ error: {...} }`; returns null for unexpected errors (a 500). */
export function describeError(
  error: unknown,
  locale: Locale,
): { status: number; body: { error: Record<string, unknown> } } | null {
  if (error instanceof HttpError) {
    return {
      status: error.status,
      body: { error: { ...error.extra, code: error.code, message: error.message } },
    };
  }
  if (isDeskError(error)) {
    const field = error.field === undefined ? {} : { field: error.field };
    return {
      status: DESK_ERROR_STATUS[error.code],
      body: {
        error: { ...error.params, ...field, code: error.code, message: deskErrorMessage(error, locale) },
      },
    };
  }
  if (typeof error !== 'object' || error === null) return null;
  const parser = 'type' in error && typeof error.type === 'string' ? PARSER_ERRORS[error.type] : undefined;
  if (parser) {
    const fields =
      parser.code === 'invalid_body' ? { fields: [{ field: 'body', message: parser.message }] } : {};
    return {
      status: parser.status,
      body: { error: { ...fields, code: parser.code, message: parser.message } },
    };
  }
  // Other client errors raised by express itself (a malformed %-escape in the path is a 400).
  const status = statusOf(error);
  if (status !== undefined && status >= 400 && status < 500) {
    return {
      status,
      body: { error: { code: 'bad_request', message: STATUS_CODES[status] ?? 'Bad request' } },
    };
  }
  return null;
}

/** The last handler: unknown routes. */
export function notFoundHandler(): RequestHandler {
  return (req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: `No route for ${req.method} ${req.path}` } });
  };
}

/** The last error handler: known errors become 4xx, anything else is logged and answered 500. */
export function errorHandler(logger: Logger, locale: Locale): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const described = describeError(error, locale);
    if (res.headersSent) {
      // The answer is already on its way: it cannot be replaced, so cut the connection.
      logger.error({ err: error, method: req.method, path: req.path }, 'error after the response started');
      res.destroy();
      return;
    }
    if (described) {
      res.status(described.status).json(described.body);
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path }, 'unhandled error');
    res.status(500).json({ error: { code: 'internal', message: 'Internal error; it has been logged.' } });
  };
}
