/** The composition root: builds the adapters around the use cases and starts what the mode asks for. */
import { existsSync, readFileSync } from 'node:fs';
import { commands } from '../../commands/index.ts';
import { jobDefinitions } from '../../jobs/index.ts';
import { BullMqJobQueue } from '../adapters/bullmq/bullmq-job-queue.ts';
import { DASHBOARD_PATH, queueDashboard } from '../adapters/bullmq/dashboard.ts';
import { createMetrics } from '../adapters/bullmq/metrics.ts';
import { type OutboxRelayLoop, startOutboxRelay } from '../adapters/bullmq/outbox-relay-loop.ts';
import { startWorkers, type WorkerRuntime } from '../adapters/bullmq/worker-runtime.ts';
import { buildCommandData } from '../adapters/discord/command-data.ts';
import { type DiscordBot, startDiscordBot } from '../adapters/discord/discord-bot.ts';
import { DiscordPlatform } from '../adapters/discord/discord-platform.ts';
import { createAppHttpApp } from '../adapters/http/app-use-cases.ts';
import { readinessCheck } from '../adapters/http/readiness.ts';
import { type RunningServer, startHttpServer } from '../adapters/http/server.ts';
import { ensureRedis } from '../adapters/redis/ensure-redis.ts';
import { createSlackApp, SLACK_EVENTS_PATH, type SlackApp } from '../adapters/slack/slack-app.ts';
import { SlackPlatform } from '../adapters/slack/slack-platform.ts';
import { createRegistry } from '../app/commands/command-runner.ts';
import { type AppContext, DEFAULT_POLICY } from '../app/context.ts';
import { importOrganisationFile } from '../app/import-organisation.ts';
import type { ChatPlatforms, WorkerDeps } from '../app/job-definition.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { systemClock } from '../ports/clock.ts';
import type { JobQueue } from '../ports/job-queue.ts';
import type { Store } from '../ports/store.ts';
import { type LocalMode, startLocalMode, wantsLocalMode } from '../sandbox/local-mode.ts';
import { openStore } from '../store/open-store.ts';

export const DEMO_ORGANISATION = 'examples/org.demo.yaml';

export type RunningServices = { stop(): Promise<void>; port: number | null };

/** Options for tests: their own BullMQ prefix, so parallel runs share one Redis. */
export type StartOptions = { queuePrefix?: string };

/** Loads the demo organisation into an empty database, so a fresh install has something to use. */
async function seedDemo(store: Store, logger: Logger): Promise<void> {
  if ((await store.org.getSettings()) !== null || !existsSync(DEMO_ORGANISATION)) return;
  const result = await importOrganisationFile(
    store,
    readFileSync(DEMO_ORGANISATION, 'utf8'),
    DEMO_ORGANISATION,
  );
  if (result.ok) logger.info({ file: DEMO_ORGANISATION }, 'empty database: demo organisation loaded');
  else logger.warn({ errors: result.errors.length }, 'demo organisation could not be loaded');
}

/**
 * The chat platforms the workers deliver through: the one place they are built. Slack and Discord
 * when their credentials are set; the local workspace's fakes are added here.
 */
export function buildPlatforms(config: Config, home?: { ctx: AppContext; logger: Logger }): ChatPlatforms {
  const platforms: ChatPlatforms = {};
  if (config.discordEnabled && config.DISCORD_TOKEN)
    platforms.discord = new DiscordPlatform({ api: config.DISCORD_API_URL, token: config.DISCORD_TOKEN });
  if (config.slackEnabled && config.SLACK_BOT_TOKEN) {
    const homes = home ? { ...home, defaultLocale: config.DEFAULT_LOCALE } : undefined;
    // The Web API client logs through the product's logger (redacted), not the SDK's console one.
    const logger = home ? { logger: home.logger } : {};
    platforms.slack = new SlackPlatform(
      { token: config.SLACK_BOT_TOKEN, apiUrl: config.SLACK_API_URL, ...logger },
      homes,
    );
  }
  return platforms;
}

/** Runs every step even when one fails (shutdown must close what it can), then rethrows the first error. */
async function runAll(steps: [string, () => Promise<unknown>][], logger: Logger): Promise<void> {
  let first: unknown;
  for (const [name, step] of steps) {
    try {
      await step();
    } catch (error) {
      logger.error({ err: error, step: name }, 'shutdown step failed');
      first ??= error;
    }
  }
  if (first !== undefined) throw first;
}

/** The weekly curriculum digest (DESIGN §2.5), in the organisation's time zone; idempotent at every start. */
async function scheduleWeeklyDigest(
  queue: JobQueue,
  store: Store,
  config: Config,
  logger: Logger,
): Promise<void> {
  const timezone = (await store.org.getSettings())?.timezone ?? 'UTC';
  try {
    await queue.upsertSchedule('weekly-curriculum-digest', config.DIGEST_CRON, timezone, {
      queue: 'digest',
      name: 'curriculum-digest',
      payload: { project: null, since: null, until: null, reason: 'weekly' },
    });
  } catch (error) {
    logger.error({ err: error, cron: config.DIGEST_CRON }, 'the weekly digest could not be scheduled');
  }
}

export async function startServices(
  baseConfig: Config,
  mode: { bot: boolean; worker: boolean },
  logger: Logger,
  options: StartOptions = {},
): Promise<RunningServices> {
  // First, so that a machine without Redis stops at once with a message saying how to get one.
  const redis = await ensureRedis({ url: baseConfig.REDIS_URL, logger });
  const store = await openStore(baseConfig.DATABASE_URL);
  await store.migrate();
  let local: LocalMode | null = null;
  if (wantsLocalMode(baseConfig)) {
    await seedDemo(store, logger);
    // DESIGN §5: without credentials the real adapters talk to local fakes, used from the page at `/`.
    if (mode.bot)
      local = await startLocalMode({
        store,
        logger,
        discordCommands: buildCommandData(commands),
        databaseUrl: baseConfig.DATABASE_URL,
      });
  }
  const config = local ? local.configure(baseConfig) : baseConfig;
  const prefix = options.queuePrefix === undefined ? {} : { prefix: options.queuePrefix };
  const ctx: AppContext = {
    store,
    clock: systemClock,
    policy: { ...DEFAULT_POLICY, offerTtlHours: config.OFFER_TTL_HOURS },
  };
  const queue = new BullMqJobQueue({ connectionUrl: redis.url, definitions: jobDefinitions, ...prefix });
  // One registry per process: with `npm start` the workers' counters are served by the bot's /metrics.
  const metrics = createMetrics({ queues: queue.queues.values() });
  let server: RunningServer | null = null;
  let workers: WorkerRuntime | null = null;
  let relay: OutboxRelayLoop | null = null;
  let discord: DiscordBot | null = null;
  let slack: SlackApp | null = null;
  /** Set on stop when `SHUTDOWN_DELAY_MS` is on: `/readyz` then says `draining`. */
  let draining = false;

  if (mode.worker) {
    const deps: WorkerDeps = {
      ctx,
      platforms: buildPlatforms(config, { ctx, logger }),
      queue,
      logger,
      defaultLocale: config.DEFAULT_LOCALE,
    };
    workers = startWorkers({
      connectionUrl: redis.url,
      definitions: jobDefinitions,
      deps,
      logger,
      metrics,
      ...prefix,
    });
    relay = startOutboxRelay({ store, queue, clock: ctx.clock, logger });
    await scheduleWeeklyDigest(queue, store, config, logger);
    logger.info({ jobs: jobDefinitions.length, queues: [...workers.workers.keys()] }, 'workers started');
  }
  if (mode.bot) {
    const probe = readinessCheck({ database: () => store.ping(), redis: () => queue.ping() });
    const ready = async () => ({ ...(await probe()), draining });
    if (config.slackEnabled) {
      slack = createSlackApp({
        config,
        ctx,
        registry: createRegistry(commands),
        queue,
        logger,
        kick: () => relay?.kick(),
      });
    }
    const app = createAppHttpApp({
      ctx,
      config,
      ready,
      logger,
      mounts: [
        {
          path: DASHBOARD_PATH,
          handlers: queueDashboard({
            queues: queue.queues.values(),
            admin: { user: config.ADMIN_USER, password: config.ADMIN_PASSWORD },
          }),
        },
        { path: '/metrics', handlers: [metrics.handler] },
        // Slack's commands, interactivity and events (HTTP mode; Socket Mode needs no route).
        ...(slack?.handlers ? [{ path: SLACK_EVENTS_PATH, handlers: slack.handlers }] : []),
        ...(local ? [{ path: '/', handlers: local.handlers }] : []),
      ],
    });
    server = await startHttpServer(app, config.PORT);
    logger.info(
      { port: server.port, database: store.dialect },
      `Assessor Desk listening on http://localhost:${server.port}/`,
    );
    if (local) {
      local.attach(`http://127.0.0.1:${server.port}${SLACK_EVENTS_PATH}`);
      logger.info(`Local workspace: open http://localhost:${server.port}/ in a browser`);
    }
    await slack?.start();
    if (config.discordEnabled) {
      discord = await startDiscordBot({
        config,
        ctx,
        registry: createRegistry(commands),
        queue,
        logger,
        kick: () => relay?.kick(),
      });
    }
  }
  return {
    port: server?.port ?? null,
    // DESIGN §8: HTTP drains, the relay stops, workers finish their jobs, then connections close.
    async stop() {
      if (server && config.SHUTDOWN_DELAY_MS > 0) {
        // Balancers see /readyz fail and stop sending new connections while these are still served.
        draining = true;
        logger.info(
          { ms: config.SHUTDOWN_DELAY_MS },
          'draining: /readyz answers 503 before the listener closes',
        );
        await new Promise((resolve) => setTimeout(resolve, config.SHUTDOWN_DELAY_MS));
      }
      await runAll(
        [
          ['discord', async () => discord?.stop()],
          ['slack', async () => slack?.stop()],
          ['workspace streams', async () => local?.endStreams()],
          ['http', async () => server?.close()],
          ['outbox relay', async () => relay?.stop()],
          ['workers', async () => workers?.close()],
          ['local workspace', async () => local?.close()],
          ['queues', () => queue.close()],
          ['redis', () => redis.stop()],
          ['store', () => store.close()],
        ],
        logger,
      );
    },
  };
}
