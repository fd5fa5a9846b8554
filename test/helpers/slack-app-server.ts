/**
 * The real Bolt app mounted on the product's HTTP app (port 0, the test organisation in SQLite),
 * with its Web API and response URLs answered by nock and every call recorded.
 */

import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { commands } from '../../commands/index.ts';
import { createAppHttpApp } from '../../src/adapters/http/app-use-cases.ts';
import { startHttpServer } from '../../src/adapters/http/server.ts';
import { createSlackApp, SLACK_EVENTS_PATH, type SlackApp } from '../../src/adapters/slack/slack-app.ts';
import { createRegistry } from '../../src/app/commands/command-runner.ts';
import type { Organisation } from '../../src/domain/model.ts';
import { createLogger, type Logger } from '../../src/logger.ts';
import { MemoryJobQueue } from '../fakes/memory-job-queue.ts';
import { createHarness, type Harness } from './app-harness.ts';
import { buildOrganisation, organisationInput } from './org-builder.ts';
import { HOOKS, SIGNING_SECRET, SLACK_API, until } from './slack-requests.ts';

export type ApiCall = { method: string; args: Record<string, unknown> };
export type HookPost = { path: string; body: Record<string, unknown> };

/** Web API arguments as the WebClient sends them: a form whose nested values are JSON. */
function readArgs(body: unknown): Record<string, unknown> {
  const raw: Record<string, unknown> =
    typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : { ...(body as object) };
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === 'string' && /^[[{]/.test(value)) {
      try {
        raw[key] = JSON.parse(value);
      } catch {
        // Plain text that starts with a bracket.
      }
    }
  }
  return raw;
}

/** Records every Web API call and response URL post; answers each method as Slack would on success. */
export class SlackRecorder {
  readonly calls: ApiCall[] = [];
  readonly hooks: HookPost[] = [];
  /** Replies to use instead of the default, by method (first in, first used). */
  readonly overrides = new Map<string, Record<string, unknown>[]>();
  private ts = 1000;

  install(): void {
    nock(SLACK_API)
      .persist()
      .post(/^\/api\//)
      .reply((uri, body) => {
        const method = uri.replace(/^\/api\//, '');
        const args = readArgs(body);
        this.calls.push({ method, args });
        const queued = this.overrides.get(method)?.shift();
        return [200, queued ?? this.answer(method, args), { 'content-type': 'application/json' }];
      });
    nock(HOOKS)
      .persist()
      .post(/.*/)
      .reply((uri, body) => {
        this.hooks.push({
          path: uri,
          body: typeof body === 'string' ? JSON.parse(body) : (body as Record<string, unknown>),
        });
        return [200, 'ok'];
      });
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    this.ts += 1;
    const ts = `1700000000.${String(this.ts).padStart(6, '0')}`;
    switch (method) {
      case 'conversations.open':
        return { ok: true, channel: { id: `D-${String(args.users)}` } };
      case 'chat.postMessage':
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts ?? ts };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: ts };
      case 'views.open':
      case 'views.publish':
      case 'views.update':
        return { ok: true, view: { id: `V${this.ts}` } };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  of(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Waits for the `count`-th call of `method` and returns it. */
  async next(method: string, count = 1): Promise<ApiCall> {
    await until(() => this.of(method).length >= count, 3000, `${method} #${count}`);
    const call = this.of(method)[count - 1];
    if (!call) throw new Error(`no ${method} call`);
    return call;
  }

  async hook(count: number): Promise<HookPost> {
    await until(() => this.hooks.length >= count, 3000, `response_url post #${count}`);
    const post = this.hooks[count - 1];
    if (!post) throw new Error('no response_url post');
    return post;
  }

  reset(): void {
    this.calls.length = 0;
    this.hooks.length = 0;
    this.overrides.clear();
  }
}

/** The test organisation, with cora (curriculum) on Slack too. */
export function slackOrganisation(): Organisation {
  const people = organisationInput().people.map((p) =>
    p.id === 'cora' ? { ...p, platforms: { ...p.platforms, slack: 'U01CORA' } } : p,
  );
  return buildOrganisation({ people });
}

export type SlackServer = {
  base: string;
  h: Harness;
  queue: MemoryJobQueue;
  slack: SlackApp;
  kicks: { count: number };
  close(): Promise<void>;
};

/** Starts the product's HTTP app with the Slack router mounted at `/slack/events`. */
export async function startSlackServer(
  org: Organisation = slackOrganisation(),
  logger: Logger = createLogger('silent'),
): Promise<SlackServer> {
  const h = await createHarness(org);
  const queue = new MemoryJobQueue();
  const kicks = { count: 0 };
  const slack = createSlackApp({
    config: {
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_APP_TOKEN: undefined,
      SLACK_API_URL: `${SLACK_API}/api/`,
      DEFAULT_LOCALE: 'en',
    },
    ctx: h.ctx,
    registry: createRegistry(commands),
    queue,
    logger,
    kick: () => {
      kicks.count += 1;
    },
  });
  const app = createAppHttpApp({
    ctx: h.ctx,
    config: { API_TOKEN: undefined, DEFAULT_LOCALE: 'en' },
    ready: async () => ({ database: true, redis: true }),
    logger,
    mounts: [{ path: SLACK_EVENTS_PATH, handlers: slack.handlers ?? [] }],
  });
  const server = await startHttpServer(app, 0, { host: '127.0.0.1' });
  return {
    base: `http://127.0.0.1:${server.port}`,
    h,
    queue,
    slack,
    kicks,
    async close() {
      await server.close();
      await h.close();
    },
  };
}

/** nock on for Slack's hosts only: the test's own requests reach the local server. */
export function interceptSlack(): SlackRecorder {
  if (!nock.isActive()) nock.activate();
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  const recorder = new SlackRecorder();
  recorder.install();
  return recorder;
}

export function stopIntercepting(): void {
  nock.cleanAll();
  nock.enableNetConnect();
  nock.restore();
}

/**
 * In the enclosing `describe`: Slack's Web API intercepted for the whole block, a fresh Slack
 * server for each test (closed after it, the recorded calls cleared); `use` receives both.
 */
export function serveSlackPerTest(use: (server: SlackServer, slack: SlackRecorder) => void): void {
  let slack: SlackRecorder;
  let server: SlackServer;
  beforeAll(() => {
    slack = interceptSlack();
  });
  beforeEach(async () => {
    server = await startSlackServer();
    use(server, slack);
  });
  afterEach(async () => {
    slack.reset();
    await server.close();
  });
  afterAll(() => stopIntercepting());
}
