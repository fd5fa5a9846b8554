import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp, type HttpApp, type HttpUseCases } from '../../src/adapters/http/create-http-app.ts';
import { startHttpServer } from '../../src/adapters/http/server.ts';
import { type AppContext, DEFAULT_POLICY } from '../../src/app/context.ts';
import { DeskError } from '../../src/domain/errors.ts';
import type { Evaluation } from '../../src/domain/model.ts';
import type { Store } from '../../src/ports/store.ts';
import { openStore } from '../../src/store/open-store.ts';
import { ManualClock } from '../fakes/manual-clock.ts';
import { call, capturedLogger, errorOf, get, TOKEN } from '../helpers/http-client.ts';

describe('HTTP app wiring (injected use cases)', () => {
  const evaluation: Evaluation = {
    id: 'E-1042',
    student: 'leo-berg',
    project: 'web-static-site',
    attempt: 1,
    status: 'conditional',
    assessor: 'amina-diallo',
    requestedBy: 'api',
    requestedAt: new Date('2026-11-30T09:00:00Z'),
    scheduledAt: null,
    acceptedAt: null,
    dueAt: null,
    submittedAt: null,
    windowEndsAt: null,
    outcome: 'conditional',
    version: 3,
    updatedAt: new Date('2026-11-30T09:00:00Z'),
  };
  const useCases: HttpUseCases = {
    requestEvaluation: async () => {
      throw new Error('database exploded at /secret/path');
    },
    getEvaluation: async (_ctx, id) => {
      if (id !== evaluation.id) throw new DeskError('evaluation_not_found', { id });
      return evaluation;
    },
    recordResubmission: async (_ctx, input) => ({ ...evaluation, id: input.evaluation }),
  };
  let store: Store;
  let ctx: AppContext;

  beforeAll(async () => {
    store = await openStore('sqlite::memory:');
    ctx = { store, clock: new ManualClock(), policy: DEFAULT_POLICY };
  });
  afterAll(() => store.close());

  async function serve(
    overrides: { apiToken?: string; ready?: () => Promise<{ database: boolean; redis: boolean }> } = {},
  ) {
    const { logger, lines } = capturedLogger();
    const app: HttpApp = createHttpApp({
      ctx,
      config: { API_TOKEN: overrides.apiToken, DEFAULT_LOCALE: 'en' },
      ready: overrides.ready ?? (async () => ({ database: true, redis: true })),
      logger,
      useCases,
    });
    const running = await startHttpServer(app, 0, { host: '127.0.0.1' });
    return { app, running, lines, base: `http://127.0.0.1:${running.port}` };
  }

  it('answers 503 api_disabled when no API token is configured', async () => {
    const { running, base } = await serve();
    try {
      const reply = await call(base, 'GET', '/api/evaluations/E-1042');
      expect(reply.status).toBe(503);
      expect(errorOf(reply).code).toBe('api_disabled');
    } finally {
      await running.close();
    }
  });

  it('records a resubmission: 200 with the evaluation', async () => {
    const { running, base } = await serve({ apiToken: TOKEN });
    try {
      const reply = await call(base, 'POST', '/api/evaluations/E-1042/resubmission');
      expect(reply).toMatchObject({ status: 200, body: { id: 'E-1042', status: 'conditional' } });
    } finally {
      await running.close();
    }
  });

  it('answers an unexpected failure with 500 internal, logged, without details', async () => {
    const { running, base, lines } = await serve({ apiToken: TOKEN });
    try {
      const reply = await call(base, 'POST', '/api/evaluations', {
        body: { student: 'leo-berg', project: 'web-static-site' },
      });
      expect(reply.status).toBe(500);
      expect(errorOf(reply).code).toBe('internal');
      expect(JSON.stringify(reply.body)).not.toMatch(/exploded|secret|at /);
      expect(lines.join('\n')).toContain('database exploded');
    } finally {
      await running.close();
    }
  });

  it('answers /readyz 503 when the readiness check itself fails', async () => {
    const { running, base } = await serve({
      ready: async () => {
        throw new Error('boom');
      },
    });
    try {
      const reply = await call(base, 'GET', '/readyz', { token: null });
      expect(reply).toMatchObject({ status: 503, body: { database: false, redis: false } });
    } finally {
      await running.close();
    }
  });

  it('serves routers mounted after creation, ahead of the 404', async () => {
    const { app, running, base } = await serve();
    try {
      app.mount('/slack/events', (req, res) => {
        res.json({ method: req.method, hasBody: req.body !== undefined });
      });
      const reply = await call(base, 'POST', '/slack/events', {
        token: null,
        raw: 'token=x&command=%2Fassess',
      });
      // Mounted routers get the raw stream: nothing parsed the body before them.
      expect(reply).toMatchObject({ status: 200, body: { method: 'POST', hasBody: false } });
    } finally {
      await running.close();
    }
  });

  it('drains on close: requests in flight finish, idle keep-alive sockets close, new ones are refused', async () => {
    const { app, running, base } = await serve();
    let entered: () => void = () => undefined;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    app.mount('/slow', async (_req, res) => {
      entered();
      await released;
      res.json({ done: true });
    });
    // One keep-alive socket left idle after a request, another carrying a slow request.
    const idleAgent = new http.Agent({ keepAlive: true });
    const busyAgent = new http.Agent({ keepAlive: true });
    try {
      expect((await get(running.port, '/healthz', idleAgent)).status).toBe(200);
      const idleSocketClosed = new Promise<void>((resolve) => {
        const socket = Object.values(idleAgent.freeSockets).flat()[0];
        if (!socket) throw new Error('expected an idle keep-alive socket');
        socket.once('close', () => resolve());
      });
      const slow = get(running.port, '/slow', busyAgent);
      await inside;
      let closed = false;
      const closing = running.close().then(() => {
        closed = true;
      });
      await idleSocketClosed;
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(closed).toBe(false);
      await expect(fetch(`${base}/healthz`)).rejects.toThrow();
      release();
      expect(await slow).toMatchObject({ status: 200, body: '{"done":true}' });
      const started = Date.now();
      await closing;
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      idleAgent.destroy();
      busyAgent.destroy();
    }
  });
});
