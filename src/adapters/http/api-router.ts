/**
 * The HTTP API for the school's LMS (DESIGN §3): request an evaluation, read one, and record a
 * conditional student's re-upload. Bearer auth first, then a 100 kB JSON body, then the use case.
 */
import express, { type Request, type RequestHandler, type Router } from 'express';
import { z } from 'zod';
import type { Actor, AppContext } from '../../app/context.ts';
import { toPublicEvaluation } from '../../app/public-evaluation.ts';
import type { Evaluation } from '../../domain/model.ts';
import { bearerAuth } from './bearer-auth.ts';
import { HttpError, invalidBody } from './http-errors.ts';

/** The use cases the API calls; injected so the HTTP layer can be tested on its own. */
export type HttpUseCases = {
  /** Creates an evaluation and starts its assignment. */
  requestEvaluation(
    ctx: AppContext,
    input: { student: string; project: string; actor: Actor },
  ): Promise<{ evaluation: Evaluation }>;
  /** One evaluation; throws `DeskError('evaluation_not_found')`. */
  getEvaluation(ctx: AppContext, id: string): Promise<Evaluation>;
  /** A conditional student re-uploaded: opens the assessor's decision window. */
  recordResubmission(ctx: AppContext, input: { evaluation: string; actor: Actor }): Promise<Evaluation>;
};

/** The largest body the API accepts; above it the answer is 413. */
export const BODY_LIMIT = '100kb';

const ID_FORMAT = /^[a-z0-9][a-z0-9._-]*$/;

/** An organisation-file id, with messages that say what to send. */
function idField(what: string) {
  return z
    .string({
      error: (issue) => (issue.input === undefined ? `required, ${what}` : `expected a string, ${what}`),
    })
    .trim()
    .min(1, `must not be empty, ${what}`)
    .max(64, `at most 64 characters, ${what}`)
    .regex(ID_FORMAT, `use lowercase letters, digits, ".", "-" or "_": ${what}`);
}

/** The body of `POST /api/evaluations`. Unknown keys are ignored. */
export const EvaluationRequestBody = z.object(
  {
    student: idField("the student's id from the organisation file"),
    project: idField("the project's id from the organisation file"),
  },
  { error: 'expected a JSON object such as {"student": "…", "project": "…"}' },
);

function parseBody<T>(schema: z.ZodType<T>, req: Request): T {
  if (req.body === undefined && req.get('content-type') !== undefined && !req.is('application/json')) {
    throw new HttpError(
      415,
      'unsupported_media_type',
      'Send the body as JSON with Content-Type: application/json.',
    );
  }
  const result = schema.safeParse(req.body);
  if (result.success) return result.data;
  throw invalidBody(
    result.error.issues.map((issue) => ({
      field: issue.path.length ? issue.path.map(String).join('.') : 'body',
      message: issue.message,
    })),
  );
}

function methodNotAllowed(allowed: string): RequestHandler {
  return (req, res) => {
    res
      .status(405)
      .set('Allow', allowed)
      .json({
        error: { code: 'method_not_allowed', message: `${req.method} is not allowed here; use ${allowed}.` },
      });
  };
}

/** The `/api` router: mount it at `/api`. */
export function createApiRouter(deps: {
  ctx: AppContext;
  apiToken: string | undefined;
  useCases: HttpUseCases;
}): Router {
  const { ctx, useCases } = deps;
  const actor: Actor = { type: 'api' };
  const router = express.Router();
  router.use(bearerAuth(deps.apiToken));
  router.use(express.json({ limit: BODY_LIMIT }));

  router
    .route('/evaluations')
    .post(async (req, res) => {
      const body = parseBody(EvaluationRequestBody, req);
      const { evaluation } = await useCases.requestEvaluation(ctx, { ...body, actor });
      res
        .status(201)
        .location(`/api/evaluations/${encodeURIComponent(evaluation.id)}`)
        .json(toPublicEvaluation(evaluation));
    })
    .all(methodNotAllowed('POST'));

  router
    .route('/evaluations/:id')
    .get(async (req, res) => {
      const evaluation = await useCases.getEvaluation(ctx, req.params.id);
      res.json(toPublicEvaluation(evaluation));
    })
    .all(methodNotAllowed('GET'));

  router
    .route('/evaluations/:id/resubmission')
    .post(async (req, res) => {
      const evaluation = await useCases.recordResubmission(ctx, { evaluation: req.params.id, actor });
      res.json(toPublicEvaluation(evaluation));
    })
    .all(methodNotAllowed('POST'));

  return router;
}
