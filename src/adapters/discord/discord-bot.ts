/**
 * The discord.js client of the bot: the `Guilds` intent only (interactions need no other), REST at
 * `DISCORD_API_URL`, and the gateway address taken from `GET /gateway/bot` as discord.js does, so
 * the same client runs against Discord or the local fake. Interactions go to `interactions.ts`.
 */
import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { CommandRegistry } from '../../app/commands/command-runner.ts';
import type { AppContext } from '../../app/context.ts';
import type { Config } from '../../config.ts';
import type { Logger } from '../../logger.ts';
import type { JobQueue } from '../../ports/job-queue.ts';
import { createInteractionHandler } from './interactions.ts';

/** How long the gateway session may take to become ready before the start fails. */
const READY_TIMEOUT_MS = 30_000;

export type DiscordBotOptions = {
  config: Pick<Config, 'DISCORD_TOKEN' | 'DISCORD_API_URL' | 'DEFAULT_LOCALE'>;
  ctx: AppContext;
  registry: CommandRegistry;
  queue: JobQueue | null;
  logger: Logger;
  /** Nudges the outbox relay after a change, so notifications leave at once. */
  kick(): void;
};

export type DiscordBot = {
  client: Client;
  /** Closes the gateway session; interactions in progress finish on their own. Safe to call twice. */
  stop(): Promise<void>;
};

/** Logs in and resolves once the gateway session is ready. */
export async function startDiscordBot(options: DiscordBotOptions): Promise<DiscordBot> {
  const { config, logger } = options;
  if (!config.DISCORD_TOKEN) throw new Error('DISCORD_TOKEN is required to start the Discord bot');
  const log = logger.child({ component: 'discord' });
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: config.DISCORD_API_URL } });
  const handle = createInteractionHandler({
    ctx: options.ctx,
    registry: options.registry,
    queue: options.queue,
    logger: log,
    kick: options.kick,
    defaultLocale: config.DEFAULT_LOCALE,
  });
  client.on(Events.InteractionCreate, (interaction) => void handle(interaction));
  client.on(Events.Error, (error) => log.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => log.warn(message));
  let timer: NodeJS.Timeout | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    client.once(Events.ClientReady, () => resolve());
    timer = setTimeout(
      () => reject(new Error('the Discord gateway session was not ready in time')),
      READY_TIMEOUT_MS,
    );
  });
  try {
    await client.login(config.DISCORD_TOKEN);
    await ready;
  } catch (error) {
    await client.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  log.info({ user: client.user?.tag, api: config.DISCORD_API_URL }, 'discord bot connected');
  let stopped = false;
  return {
    client,
    async stop() {
      if (stopped) return;
      stopped = true;
      await client.destroy();
    },
  };
}
