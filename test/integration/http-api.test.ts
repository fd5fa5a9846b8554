import { readFileSync } from 'node:fs';
import http from 'node:http';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppHttpApp } from '../../src/adapters/http/app-use-cases.ts';
import { createHttpApp, type HttpApp, type HttpUseCases } from '../../src/adapters/http/create-http-app.ts';
import { readinessCheck } from '../../src/adapters/http/readiness.ts';
import { type RunningServer, startHttpServer } from '../../src/adapters/http/server.ts';
import { type AppContext, DEFAULT_POLICY } from '../../src/app/context.ts';
import { parseOrganisationFile } from '../../src/app/organisation-file.ts';
import { DeskError } from '../../src/domain/errors.ts';
import type { Evaluation } from '../../src/domain/model.ts';
import { createLogger } from '../../src/logger.ts';
import type { Store } from '../../src/ports/store.ts';
import { openStore } from '../../src/store/open-store.ts';
import { ManualClock } from '../fakes/manual-clock.ts';

const TOKEN = 'test-api-token-0123456789';

type Reply = { status: number; headers: Headers; body: unknown };
type ErrorBody = { error: { code: string; message: string; fields?: { field: string; message: string }[] } };

/** Sends a request; `token: null` sends no Authorization header, `raw` sends a body as is. */
async function call(
  base: string,
  method: string,
  path: string,
  options: { token?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? TOKEN : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  const isJson = res.headers.get('content-type')?.includes('application/json') ?? false;
  return { status: res.status, headers: res.headers, body: isJson ? JSON.parse(text) : text };
}

/** A GET through a given agent, to control which keep-alive socket carries it. */
function get(port: number, path: string, agent: http.Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

function errorOf(reply: Reply): ErrorBody['error'] {
  return (reply.body as ErrorBody).error;
}

/** A logger writing into an array, to check what reaches the logs. */
function capturedLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { logger: createLogger('debug', stream), lines };
}

async function demoStore(): Promise<Store> {
  const store = await openStore('sqlite::memory:');
  await store.migrate();
  const parsed = parseOrganisationFile(readFileSync('examples/org.demo.yaml', 'utf8'), 'org.demo.yaml');
  if (!parsed.ok) throw new Error(`demo organisation invalid: ${JSON.stringify(parsed.errors)}`);
  await store.org.importOrganisation(parsed.organisation);
  return store;
}

describe('HTTP API with the real store and use cases', () => {
  let store: Store;
  let running: RunningServer;
  let base: string;
  let redisUp = true;
  const { logger, lines } = capturedLogger();

  beforeAll(async () => {
    store = await demoStore();
    const ctx: AppContext = { store, clock: new ManualClock(), policy: DEFAULT_POLICY };
    const ready = readinessCheck({
      database: () => store.ping(),
      redis: async () => {
        if (!redisUp) throw new Error('ECONNREFUSED');
      },
    });
    const app = createAppHttpApp({ ctx, config: { API_TOKEN: TOKEN, DEFAULT_LOCALE: 'en' }, ready, logger });
    running = await startHttpServer(app, 0, { host: '127.0.0.1' });
    base = `http://127.0.0.1:${running.port}`;
  });

  afterAll(async () => {
    await running.close();
    await store.close();
  });

  it('answers /healthz while the process is alive', async () => {
    const reply = await call(base, 'GET', '/healthz', { token: null });
    expect(reply).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('answers /readyz 200 when the database and Redis answer, 503 naming the one down', async () => {
    expect(await call(base, 'GET', '/readyz', { token: null })).toMatchObject({
      status: 200,
      body: { database: true, redis: true },
    });
    redisUp = false;
    try {
      expect(await call(base, 'GET', '/readyz', { token: null })).toMatchObject({
        status: 503,
        body: { database: true, redis: false },
      });
    } finally {
      redisUp = true;
    }
  });

  describe('bearer auth', () => {
    const body = { student: 'leo-berg', project: 'web-static-site' };
    const cases: [string, Record<string, string> | undefined, string | null][] = [
      ['a missing token', undefined, null],
      ['a wrong token', undefined, 'wrong'],
      ['a wrong token of the right length', undefined, TOKEN.replace(/.$/, 'X')],
      ['another scheme', { authorization: `Basic ${TOKEN}` }, null],
    ];
    it.each(cases)('refuses %s with 401 and WWW-Authenticate: Bearer', async (_name, headers, token) => {
      const reply = await call(base, 'POST', '/api/evaluations', {
        token,
        body,
        ...(headers ? { headers } : {}),
      });
      expect(reply.status).toBe(401);
      expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(errorOf(reply).code).toBe('unauthorized');
    });

    it('protects reads too', async () => {
      expect((await call(base, 'GET', '/api/evaluations/E-1001', { token: null })).status).toBe(401);
    });
  });

  describe('body validation', () => {
    it('names a missing field and what to send', async () => {
      const reply = await call(base, 'POST', '/api/evaluations', { body: { project: 'web-static-site' } });
      expect(reply.status).toBe(400);
      expect(errorOf(reply)).toMatchObject({
        code: 'invalid_body',
        fields: [{ field: 'student', message: "required, the student's id from the organisation file" }],
      });
    });

    it('names a field of the wrong type, and every field at fault', async () => {
      const reply = await call(base, 'POST', '/api/evaluations', { body: { student: 42, project: ['x'] } });
      expect(reply.status).toBe(400);
      const fields = errorOf(reply).fields ?? [];
      expect(fields.map((f) => f.field)).toEqual(['student', 'project']);
      expect(fields[0]?.message).toMatch(/^expected a string/);
    });

    it('refuses invalid JSON with a 400 naming the body', async () => {
      const reply = await call(base, 'POST', '/api/evaluations', { raw: '{"student": "leo-berg",' });
      expect(reply.status).toBe(400);
      expect(errorOf(reply)).toMatchObject({ code: 'invalid_body', fields: [{ field: 'body' }] });
    });

    it('refuses a body that is not an object, and an id in the wrong format', async () => {
      const array = await call(base, 'POST', '/api/evaluations', { body: ['leo-berg'] });
      expect(array.status).toBe(400);
      expect(errorOf(array).fields?.[0]?.field).toBe('body');
      const format = await call(base, 'POST', '/api/evaluations', {
        body: { student: 'Leo Berg', project: 'x' },
      });
      expect(format.status).toBe(400);
      expect(errorOf(format).fields?.[0]).toMatchObject({ field: 'student', message: /lowercase/ });
    });

    it('refuses a body over 100 kB with 413', async () => {
      const reply = await call(base, 'POST', '/api/evaluations', {
        body: { student: 'leo-berg', project: 'web-static-site', padding: 'x'.repeat(110_000) },
      });
      expect(reply.status).toBe(413);
      expect(errorOf(reply).code).toBe('payload_too_large');
    });

    it('refuses a non-JSON content type with 415', async () => {
      const reply = await call(base, 'POST', '/api/evaluations', {
        raw: 'student=leo-berg',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(reply.status).toBe(415);
    });
  });

  describe('evaluations', () => {
    let created: Evaluation['id'] = '';

    it('creates an evaluation: 201 with the public shape and an assessor', async () => {
      const reply = await call(base, 'POST', '/api/evaluations', {
        body: { student: 'leo-berg', project: 'web-static-site' },
      });
      expect(reply.status).toBe(201);
      const body = reply.body as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(['assessor', 'attempt', 'id', 'project', 'status', 'student']);
      expect(body).toMatchObject({
        student: 'leo-berg',
        project: 'web-static-site',
        attempt: 1,
        status: 'offered',
      });
      expect(body.id).toMatch(/^E-\d+$/);
      expect(typeof body.assessor).toBe('string');
      expect(body.assessor).not.toBe('kwame-mensah');
      created = String(body.id);
      expect(reply.headers.get('location')).toBe(`/api/evaluations/${created}`);
    });

    it('reads it back', async () => {
      const reply = await call(base, 'GET', `/api/evaluations/${created}`);
      expect(reply).toMatchObject({ status: 200, body: { id: created, student: 'leo-berg' } });
    });

    it('refuses a second open request with 409 already_open', async () => {
      const reply = await call(base, 'POST', '/api/evaluations', {
        body: { student: 'leo-berg', project: 'web-static-site' },
      });
      expect(reply.status).toBe(409);
      expect(errorOf(reply)).toMatchObject({ code: 'already_open', id: created });
    });

    it('refuses a project outside the student path with 409', async () => {
      const reply = await call(base, 'POST', '/api/evaluations', {
        body: { student: 'leo-berg', project: 'data-sql-queries' },
      });
      expect(reply.status).toBe(409);
      expect(errorOf(reply).code).toBe('project_not_in_path');
    });

    it('answers 404 with the id for an unknown student, project or evaluation', async () => {
      const student = await call(base, 'POST', '/api/evaluations', {
        body: { student: 'nobody', project: 'web-static-site' },
      });
      expect(student.status).toBe(404);
      expect(errorOf(student)).toMatchObject({ code: 'student_not_found', id: 'nobody', message: /nobody/ });
      const project = await call(base, 'POST', '/api/evaluations', {
        body: { student: 'leo-berg', project: 'cobol' },
      });
      expect(project.status).toBe(404);
      expect(errorOf(project)).toMatchObject({ code: 'project_not_found', id: 'cobol' });
      const evaluation = await call(base, 'GET', '/api/evaluations/E-999999');
      expect(evaluation.status).toBe(404);
      expect(errorOf(evaluation)).toMatchObject({ code: 'evaluation_not_found', id: 'E-999999' });
      const resubmission = await call(base, 'POST', '/api/evaluations/E-999999/resubmission');
      expect(resubmission.status).toBe(404);
    });

    it('refuses a resubmission for an evaluation not awaiting one with 409', async () => {
      const reply = await call(base, 'POST', `/api/evaluations/${created}/resubmission`);
      expect(reply.status).toBe(409);
      expect(errorOf(reply).code).toBe('illegal_transition');
    });
  });

  it('answers unknown routes and methods in JSON', async () => {
    const unknown = await call(base, 'GET', '/nowhere', { token: null });
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown).code).toBe('not_found');
    const method = await call(base, 'DELETE', '/api/evaluations/E-1001');
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')).toBe('GET');
  });

  it('logs each request without the token or the body', () => {
    const requests = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === 'request');
    expect(requests.length).toBeGreaterThan(10);
    expect(requests[0]).toEqual(
      expect.objectContaining({
        method: expect.any(String),
        path: expect.any(String),
        status: expect.any(Number),
      }),
    );
    const all = lines.join('\n');
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain('Bearer');
    expect(all).not.toContain('leo-berg');
  });
});

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
