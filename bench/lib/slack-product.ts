/**
 * The product as Slack reaches it, for the benchmarks: the HTTP app with the Slack app (request
 * guard, Bolt receiver, every command of the registry) mounted at `POST /slack/events`, its Web API
 * pointed at a local Slack fake. Nothing is stubbed; only the other routers are left out.
 */
import { commands } from '../../commands/index.ts';
import { createAppHttpApp } from '../../src/adapters/http/app-use-cases.ts';
import { type RunningServer, startHttpServer } from '../../src/adapters/http/server.ts';
import { createSlackApp, SLACK_EVENTS_PATH } from '../../src/adapters/slack/slack-app.ts';
import { createRegistry } from '../../src/app/commands/command-runner.ts';
import type { AppContext } from '../../src/app/context.ts';
import { createLogger, type Logger } from '../../src/logger.ts';
import type { JobQueue } from '../../src/ports/job-queue.ts';

/** What the Slack side of the product is started with. */
export type SlackProductOptions = {
  ctx: AppContext;
  /** The fake's Web API base (`SlackFakeServer.apiUrl`). */
  apiUrl: string;
  botToken: string;
  signingSecret: string;
  /** The job queue, when background work runs; null otherwise. */
  queue?: JobQueue | null;
  /** Nudges the outbox relay after a change. */
  kick?: () => void;
  logger?: Logger;
};

/** Starts the product's HTTP server on a free loopback port; Slack posts to `eventsUrl(server)`. */
export async function startSlackProduct(options: SlackProductOptions): Promise<RunningServer> {
  const logger = options.logger ?? createLogger('silent');
  const slack = createSlackApp({
    config: {
      SLACK_BOT_TOKEN: options.botToken,
      SLACK_SIGNING_SECRET: options.signingSecret,
      SLACK_APP_TOKEN: undefined,
      SLACK_API_URL: options.apiUrl,
      DEFAULT_LOCALE: 'en',
    },
    ctx: options.ctx,
    registry: createRegistry(commands),
    queue: options.queue ?? null,
    logger,
    kick: options.kick ?? (() => {}),
  });
  const app = createAppHttpApp({
    ctx: options.ctx,
    config: { API_TOKEN: undefined, DEFAULT_LOCALE: 'en' },
    ready: async () => ({ database: true, redis: true }),
    logger,
    mounts: [{ path: SLACK_EVENTS_PATH, handlers: slack.handlers ?? [] }],
  });
  return startHttpServer(app, 0, { host: '127.0.0.1' });
}

/** The URL Slack (here, the fake's client) sends events, commands and interactions to. */
export function eventsUrl(server: RunningServer): string {
  return `http://127.0.0.1:${server.port}${SLACK_EVENTS_PATH}`;
}
