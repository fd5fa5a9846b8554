import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BullMqJobQueue } from '../../src/adapters/bullmq/bullmq-job-queue.ts';
import { DASHBOARD_PATH, queueDashboard } from '../../src/adapters/bullmq/dashboard.ts';
import { createMetrics } from '../../src/adapters/bullmq/metrics.ts';
import { createAppHttpApp } from '../../src/adapters/http/app-use-cases.ts';
import { type RunningServer, startHttpServer } from '../../src/adapters/http/server.ts';
import { createLogger } from '../../src/logger.ts';
import { createHarness, type Harness } from '../helpers/app-harness.ts';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/test-redis.ts';

const ADMIN = { user: 'admin', password: 'correct horse battery' };

function basic(user: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

describe('queue dashboard and metrics', () => {
  const prefix = uniquePrefix();
  let h: Harness;
  let queue: BullMqJobQueue;
  let server: RunningServer;
  let base: string;

  beforeAll(async () => {
    h = await createHarness();
    queue = new BullMqJobQueue({ connectionUrl: TEST_REDIS_URL, prefix, definitions: [] });
    await queue.enqueue({ queue: 'notify', name: 'send', payload: {}, id: 'waiting-one' });
    const metrics = createMetrics({ queues: queue.queues.values() });
    metrics.jobFinished('notify', 'send', 'completed', 0.2);
    const logger = createLogger('silent');
    const app = createAppHttpApp({
      ctx: h.ctx,
      config: { API_TOKEN: undefined, DEFAULT_LOCALE: 'en' },
      ready: async () => ({ database: true, redis: true }),
      logger,
    });
    app.mount(DASHBOARD_PATH, ...queueDashboard({ queues: queue.queues.values(), admin: ADMIN }));
    app.mount('/closed', ...queueDashboard({ queues: [], admin: { user: undefined, password: undefined } }));
    app.mount('/metrics', metrics.handler);
    server = await startHttpServer(app, 0, { host: '127.0.0.1' });
    base = `http://127.0.0.1:${server.port}`;
  });

  afterAll(async () => {
    await server.close();
    await queue.close();
    await deletePrefix(prefix);
    await h.close();
  });

  it('asks for basic credentials and refuses wrong ones', async () => {
    const none = await fetch(`${base}${DASHBOARD_PATH}`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic realm="Assessor Desk"/);
    const wrong = await fetch(`${base}${DASHBOARD_PATH}`, { headers: basic(ADMIN.user, 'guess') });
    expect(wrong.status).toBe(401);
    const wrongUser = await fetch(`${base}${DASHBOARD_PATH}`, { headers: basic('root', ADMIN.password) });
    expect(wrongUser.status).toBe(401);
    const garbage = await fetch(`${base}${DASHBOARD_PATH}`, { headers: { authorization: 'Basic !!!' } });
    expect(garbage.status).toBe(401);
  });

  it('serves the dashboard and its API with the right credentials', async () => {
    const page = await fetch(`${base}${DASHBOARD_PATH}`, { headers: basic(ADMIN.user, ADMIN.password) });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const api = await fetch(`${base}${DASHBOARD_PATH}/api/queues`, {
      headers: basic(ADMIN.user, ADMIN.password),
    });
    expect(api.status).toBe(200);
    const body = (await api.json()) as { queues: { name: string }[] };
    expect(body.queues.map((q) => q.name).sort()).toEqual([
      'assignment',
      'digest',
      'dossier',
      'notify',
      'reminders',
    ]);
  });

  it('is off, not open, without admin credentials', async () => {
    const reply = await fetch(`${base}/closed`);
    expect(reply.status).toBe(503);
  });

  it('exposes job metrics, queue depth and process metrics', async () => {
    const reply = await fetch(`${base}/metrics`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await reply.text();
    expect(text).toContain('desk_jobs_completed_total{queue="notify",name="send"} 1');
    expect(text).toContain('# TYPE desk_jobs_failed_total counter');
    expect(text).toContain('desk_job_duration_seconds_bucket{le="0.25",queue="notify",name="send"} 1');
    expect(text).toContain('desk_queue_depth{queue="notify",state="waiting"} 1');
    expect(text).toContain('desk_queue_depth{queue="dossier",state="waiting"} 0');
    expect(text).toContain('process_cpu_user_seconds_total');
  });
});
