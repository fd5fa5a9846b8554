/** The composition root: builds the adapters around the use cases and starts what the mode asks for. */
import { existsSync, readFileSync } from 'node:fs';
import { createAppHttpApp } from '../adapters/http/app-use-cases.ts';
import { readinessCheck } from '../adapters/http/readiness.ts';
import { startHttpServer } from '../adapters/http/server.ts';
import { createRedis, DEFAULT_REDIS_URL, pingRedis } from '../adapters/redis/redis-connection.ts';
import { type AppContext, DEFAULT_POLICY } from '../app/context.ts';
import { importOrganisationFile } from '../app/import-organisation.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { systemClock } from '../ports/clock.ts';
import type { Store } from '../ports/store.ts';
import { openStore } from '../store/open-store.ts';

export const DEMO_ORGANISATION = 'examples/org.demo.yaml';

export type RunningServices = { stop(): Promise<void>; port: number | null };

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

export async function startServices(
  config: Config,
  mode: { bot: boolean; worker: boolean },
  logger: Logger,
): Promise<RunningServices> {
  const store = await openStore(config.DATABASE_URL);
  await store.migrate();
  if (!config.slackEnabled && !config.discordEnabled) await seedDemo(store, logger);
  const ctx: AppContext = {
    store,
    clock: systemClock,
    policy: { ...DEFAULT_POLICY, offerTtlHours: config.OFFER_TTL_HOURS },
  };
  const redis = createRedis(config.REDIS_URL ?? DEFAULT_REDIS_URL, 'probe');
  const closers: (() => Promise<unknown>)[] = [];
  let port: number | null = null;
  if (mode.bot) {
    const ready = readinessCheck({ database: () => store.ping(), redis: () => pingRedis(redis) });
    const app = createAppHttpApp({ ctx, config, ready, logger });
    const server = await startHttpServer(app, config.PORT);
    port = server.port;
    closers.push(() => server.close());
    logger.info({ port, database: store.dialect }, `Assessor Desk listening on http://localhost:${port}/`);
  }
  return {
    port,
    async stop() {
      for (const close of closers) await close();
      redis.disconnect();
      await store.close();
    },
  };
}
