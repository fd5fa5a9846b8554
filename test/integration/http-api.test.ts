import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppHttpApp } from '../../src/adapters/http/app-use-cases.ts';
import { readinessCheck } from '../../src/adapters/http/readiness.ts';
import { type RunningServer, startHttpServer } from '../../src/adapters/http/server.ts';
import { type AppContext, DEFAULT_POLICY } from '../../src/app/context.ts';
import { parseOrganisationFile } from '../../src/app/organisation-file.ts';
import type { Evaluation } from '../../src/domain/model.ts';
import type { Store } from '../../src/ports/store.ts';
import { openStore } from '../../src/store/open-store.ts';
import { ManualClock } from '../fakes/manual-clock.ts';
import { call, capturedLogger, errorOf, TOKEN } from '../helpers/http-client.ts';

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
      // The offer DM to the chosen assessor waits in the outbox, written with the evaluation.
      const offer = await store.offers.pendingFor(created);
      expect(offer?.assessor).toBe(body.assessor);
      const rows = await store.outbox.pending(100);
      expect(rows.find((r) => r.queue === 'notify' && r.name === 'offer')?.payload).toEqual({
        type: 'offer',
        offer: offer?.id,
      });
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
