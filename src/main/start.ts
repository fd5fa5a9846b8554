/**
 * `npm start` (bot and worker in one process), `npm run start:bot`, `npm run start:worker`.
 * Reads the configuration once, opens and migrates the database, starts the parts asked for, and
 * shuts down cleanly on SIGTERM / SIGINT (HTTP drains first, then connections close).
 */
import { ConfigError, loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { startServices } from './services.ts';

type Mode = { bot: boolean; worker: boolean };

function modeFrom(argv: string[]): Mode {
  const bot = argv.includes('--bot');
  const worker = argv.includes('--worker');
  return bot || worker ? { bot, worker } : { bot: true, worker: true };
}

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const queue = config.QUEUE_PREFIX === undefined ? {} : { queuePrefix: config.QUEUE_PREFIX };
  const starting = startServices(config, modeFrom(process.argv.slice(2)), logger, queue);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // A signal during the start (HTTP and workers may already run) stops what it started, once started.
    starting
      .then((services) => services.stop())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  // Listening before the start: without a handler, a signal would end the process with nothing drained.
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  await starting;
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`Assessor Desk could not start: ${message}\n`);
  process.exit(1);
});
