/**
 * bull-board for every queue at `/admin/queues` (DESIGN §3), behind HTTP basic auth with
 * `ADMIN_USER` / `ADMIN_PASSWORD`. Without those credentials the dashboard is off (503), never open.
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { RequestHandler } from 'express';
import { tokensMatch } from '../http/bearer-auth.ts';

export const DASHBOARD_PATH = '/admin/queues';
/**
 * `@bull-board/express` 9.10.1 pins its own copy of `@bull-board/api`, one patch behind ours: the
 * adapter is the same at run time but TypeScript sees two unrelated class declarations.
 */
type BoardServerAdapter = Parameters<typeof createBullBoard>[0]['serverAdapter'];

const REALM = 'Basic realm="Assessor Desk", charset="UTF-8"';
const BASIC = /^Basic +([A-Za-z0-9+/=]+) *$/i;

/** The user and password of `Authorization: Basic …`, or null when absent or malformed. */
function basicCredentials(header: string | undefined): { user: string; password: string } | null {
  const encoded = header === undefined ? undefined : BASIC.exec(header)?.[1];
  if (encoded === undefined) return null;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Requires HTTP basic auth with the given user and password, compared in constant time (SHA-256
 * digests of both sides). Without configured credentials every request gets a 503.
 */
export function basicAuth(admin: { user: string | undefined; password: string | undefined }): RequestHandler {
  return (req, res, next) => {
    if (!admin.user || !admin.password) {
      res.status(503).json({
        error: {
          code: 'dashboard_disabled',
          message: 'The queue dashboard is disabled: set ADMIN_USER and ADMIN_PASSWORD to enable it.',
        },
      });
      return;
    }
    const given = basicCredentials(req.get('authorization'));
    // Both comparisons always run, so timing tells nothing about which part was wrong.
    const userOk = tokensMatch(given?.user ?? '', admin.user);
    const passwordOk = tokensMatch(given?.password ?? '', admin.password);
    if (given !== null && userOk && passwordOk) {
      next();
      return;
    }
    res
      .status(401)
      .set('WWW-Authenticate', REALM)
      .set('Cache-Control', 'no-store')
      .json({ error: { code: 'unauthorized', message: 'Sign in with the admin user and password.' } });
  };
}

/**
 * The handlers to mount at `basePath` (by default `/admin/queues`): basic auth, then bull-board
 * showing `queues`, e.g. `app.mount(DASHBOARD_PATH, ...queueDashboard({ queues, admin }))`.
 */
export function queueDashboard(options: {
  queues: Iterable<Queue>;
  admin: { user: string | undefined; password: string | undefined };
  basePath?: string;
}): RequestHandler[] {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(options.basePath ?? DASHBOARD_PATH);
  createBullBoard({
    queues: [...options.queues].map((queue) => new BullMQAdapter(queue)),
    serverAdapter: serverAdapter as unknown as BoardServerAdapter,
    options: { uiConfig: { boardTitle: 'Assessor Desk' } },
  });
  const router: RequestHandler = serverAdapter.getRouter();
  return [basicAuth(options.admin), router];
}
