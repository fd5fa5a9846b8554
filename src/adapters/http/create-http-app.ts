/**
 * The one HTTP server of the process (DESIGN §3): health, readiness, the LMS API, and the routers
 * other adapters mount later (Slack's `POST /slack/events`, bull-board at `/admin/queues`,
 * `/metrics`, the local workspace). Bodies are parsed only under `/api`, so mounted routers such as
 * Bolt's receive the raw request stream they verify signatures over.
 */
import express, { type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { AppContext } from '../../app/context.ts';
import type { Config } from '../../config.ts';
import { createApiRouter, type HttpUseCases } from './api-router.ts';
import { errorHandler, notFoundHandler } from './http-errors.ts';
import type { Readiness } from './readiness.ts';

export type { HttpUseCases } from './api-router.ts';

/** A router (or middleware chain) to serve under a path. */
export type Mount = { path: string; handlers: RequestHandler[] };

export type HttpAppDeps = {
  ctx: AppContext;
  config: Pick<Config, 'API_TOKEN' | 'DEFAULT_LOCALE'>;
  /** Whether the database and Redis answer; see `readinessCheck`. */
  ready: () => Promise<Readiness>;
  logger: Logger;
  useCases: HttpUseCases;
  /** Routers to serve from the start; more can be added with `app.mount`. */
  mounts?: Mount[];
};

/** The express app, plus `mount` to add routers after creation (they still run before the 404). */
export type HttpApp = Express & {
  /**
   * Serves `handlers` under `path`, ahead of the 404 and error handlers, e.g.
   * `app.mount('/admin/queues', basicAuth, serverAdapter.getRouter())`.
   */
  mount(path: string, ...handlers: RequestHandler[]): void;
};

const QUIET_PATHS = new Set(['/healthz', '/readyz']);

/** Logs one line per request: method, path (no query string), status and duration. Never headers or bodies. */
function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const path = req.originalUrl.split('?', 1)[0] ?? req.originalUrl;
    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      const line = {
        method: req.method,
        path,
        status: res.writableFinished ? res.statusCode : 'aborted',
        ms: Math.round((performance.now() - started) * 10) / 10,
      };
      // Probes run every few seconds: keep them out of the info stream.
      if (QUIET_PATHS.has(path)) logger.debug(line, 'request');
      else logger.info(line, 'request');
    };
    res.once('finish', done);
    res.once('close', done);
    next();
  };
}

/** Builds the app; start it with `startHttpServer`. */
export function createHttpApp(deps: HttpAppDeps): HttpApp {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestLog(deps.logger));

  app.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    let state: Readiness;
    try {
      state = await deps.ready();
    } catch (error) {
      deps.logger.warn({ err: error }, 'readiness check failed');
      state = { database: false, redis: false };
    }
    const ok = state.database && state.redis && !state.draining;
    const status = state.draining ? 'draining' : ok ? 'ready' : 'unavailable';
    res
      .status(ok ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ status, database: state.database, redis: state.redis });
  });

  app.use(
    '/api',
    createApiRouter({ ctx: deps.ctx, apiToken: deps.config.API_TOKEN, useCases: deps.useCases }),
  );

  // Routers added later land here, still ahead of the 404 and error handlers below.
  const mounted = express.Router();
  for (const m of deps.mounts ?? []) mounted.use(m.path, ...m.handlers);
  app.use(mounted);

  app.use(notFoundHandler());
  app.use(errorHandler(deps.logger, deps.config.DEFAULT_LOCALE));

  return Object.assign(app, {
    mount(path: string, ...handlers: RequestHandler[]): void {
      mounted.use(path, ...handlers);
    },
  });
}
