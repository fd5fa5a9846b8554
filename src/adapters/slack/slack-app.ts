/**
 * The product inside Slack through Bolt (DESIGN §3, §4): slash commands, buttons, modals and the
 * Home tab on one URL, `POST /slack/events`, served by the product's HTTP server. In HTTP mode an
 * `ExpressReceiver` whose router is mounted behind `slackRequestGuard` (future timestamps,
 * malformed payloads); with `SLACK_APP_TOKEN`, Socket Mode (development). Bolt acknowledges as
 * soon as a listener calls `ack()` (`processBeforeResponse: false`), so slow work never delays it.
 */
import { App, type Authorize, ExpressReceiver, type SlackEventMiddlewareArgs } from '@slack/bolt';
import type { RequestHandler } from 'express';
import type { CommandDeps, CommandRegistry } from '../../app/commands/command-runner.ts';
import type { AppContext } from '../../app/context.ts';
import type { Config } from '../../config.ts';
import type { Logger } from '../../logger.ts';
import type { JobQueue } from '../../ports/job-queue.ts';
import { slackRequestGuard } from './request-guard.ts';
import { ACTION_IDS, registerActions } from './slack-actions.ts';
import { registerCommands } from './slack-commands.ts';
import { claimOnce, type SlackDeps } from './slack-context.ts';
import { homePublisher } from './slack-home.ts';
import { slackLogger } from './slack-logger.ts';
import { commandGroups, SLACK_EVENTS } from './slack-manifest.ts';
import { createSlackClient, SLACK_API_URL } from './slack-platform.ts';
import { CLOSED_VIEW_CALLBACKS, registerViews, VIEW_CALLBACKS } from './slack-views.ts';

export { SLACK_EVENTS_PATH } from './slack-manifest.ts';

/** What the Slack app needs from the composition root. */
export type SlackAppDeps = {
  config: Pick<
    Config,
    'SLACK_BOT_TOKEN' | 'SLACK_SIGNING_SECRET' | 'SLACK_APP_TOKEN' | 'SLACK_API_URL' | 'DEFAULT_LOCALE'
  >;
  ctx: AppContext;
  registry: CommandRegistry;
  queue: JobQueue | null;
  logger: Logger;
  /** Nudges the outbox relay after a change. */
  kick(): void;
  /** Seconds since the epoch, for the timestamp check (tests move it). */
  now?: () => number;
};

/** The Bolt app, how to serve it, and its Home tab publisher. */
export type SlackApp = {
  app: App;
  /** HTTP mode: the handlers to mount at `SLACK_EVENTS_PATH`; null in Socket Mode. */
  handlers: RequestHandler[] | null;
  /** Builds and publishes a user's Home tab; never rejects. */
  publishHome(userId: string): Promise<void>;
  /** Socket Mode connects; HTTP mode has nothing to start (the product's server serves it). */
  start(): Promise<void>;
  stop(): Promise<void>;
};

/** A single-workspace bot: the token is all Bolt needs, so no `auth.test` call at start. */
function tokenAuthorize(token: string): Authorize<boolean> {
  return async () => ({ botToken: token });
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`${name} is required for Slack`);
  return value;
}

/** Builds the Bolt app and its listeners; mount `handlers` (HTTP mode) or call `start` (Socket Mode). */
export function createSlackApp(deps: SlackAppDeps): SlackApp {
  const { config, logger } = deps;
  const token = required(config.SLACK_BOT_TOKEN, 'SLACK_BOT_TOKEN');
  const apiUrl = config.SLACK_API_URL || SLACK_API_URL;
  const boltLogger = slackLogger(logger);
  // Interactive calls answer a 3-second trigger: a retry would come too late, so none.
  const clientOptions = { slackApiUrl: apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } };
  const authorize = tokenAuthorize(token);
  const socketMode = Boolean(config.SLACK_APP_TOKEN);
  let receiver: ExpressReceiver | null = null;
  let app: App;
  if (socketMode) {
    app = new App({
      socketMode: true,
      appToken: required(config.SLACK_APP_TOKEN, 'SLACK_APP_TOKEN'),
      authorize,
      clientOptions,
      logger: boltLogger,
    });
  } else {
    receiver = new ExpressReceiver({
      signingSecret: required(config.SLACK_SIGNING_SECRET, 'SLACK_SIGNING_SECRET'),
      endpoints: '/',
      processBeforeResponse: false,
      // The router is only reachable behind `slackRequestGuard`, which has verified the signature.
      signatureVerification: false,
      logger: boltLogger,
    });
    // No listener keeps conversation state; Bolt's default store costs a rejected promise per request.
    app = new App({ receiver, authorize, clientOptions, logger: boltLogger, convoStore: false });
  }
  app.error(async (error) => {
    logger.error({ err: error }, 'slack app error');
  });

  const client = createSlackClient({ token, apiUrl, logger });
  const publishHome = homePublisher({ ctx: deps.ctx, client, logger, defaultLocale: config.DEFAULT_LOCALE });
  const commandDeps: CommandDeps = {
    ctx: deps.ctx,
    queue: deps.queue,
    defaultLocale: config.DEFAULT_LOCALE,
    afterCommit: deps.kick,
    onUnexpected: (error, request) =>
      logger.error({ err: error, command: `/${request.group}` }, 'slack command failed unexpectedly'),
  };
  const slackDeps: SlackDeps = {
    ctx: deps.ctx,
    registry: deps.registry,
    queue: deps.queue,
    logger,
    defaultLocale: config.DEFAULT_LOCALE,
    kick: deps.kick,
    publishHome,
    commandDeps,
  };
  registerCommands(app, slackDeps);
  registerActions(app, slackDeps);
  registerViews(app, slackDeps);
  app.event('app_home_opened', async ({ event, body }: SlackEventMiddlewareArgs<'app_home_opened'>) => {
    // Slack retries an event it thinks was missed (`x-slack-retry-num`): one publish per event id.
    if (!(await claimOnce(slackDeps, `slack-event-${body.event_id}`))) return;
    await publishHome(event.user);
  });

  const handlers =
    receiver === null
      ? null
      : [
          slackRequestGuard({
            signingSecret: required(config.SLACK_SIGNING_SECRET, 'SLACK_SIGNING_SECRET'),
            routes: {
              commands: commandGroups(deps.registry).map((group) => `/${group}`),
              actions: ACTION_IDS,
              views: VIEW_CALLBACKS,
              closedViews: CLOSED_VIEW_CALLBACKS,
              events: SLACK_EVENTS,
            },
            ...(deps.now ? { now: deps.now } : {}),
          }),
          receiver.router,
        ];
  return {
    app,
    handlers,
    publishHome,
    async start() {
      if (socketMode) await app.start();
    },
    async stop() {
      if (socketMode) await app.stop();
    },
  };
}
