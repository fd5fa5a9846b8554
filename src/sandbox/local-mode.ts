/**
 * The local workspace (DESIGN §5): with no Slack or Discord credentials, `npm start` runs a Slack
 * fake and a Discord fake on loopback, peopled from the organisation in the database, and points
 * the real Slack and Discord adapters at them through the configuration. The page that stands in
 * for both clients is served from the same HTTP server (see `workspace/workspace-router.ts`).
 * Conversations survive a restart in a state file next to the database (see `local-state.ts`).
 */
import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../ports/store.ts';
import { type DiscordFake, startDiscordFake } from './discord-fake/index.ts';
import { openLocalState } from './local-state.ts';
import {
  createSlackWorkspace,
  SlackFakeClient,
  type SlackFakeServer,
  startSlackFake,
} from './slack-fake/index.ts';
import { workspaceStatePath } from './state-file.ts';
import { canRead, type Directory, loadDirectory } from './workspace/directory.ts';
import { createWorkspaceRouter, type WorkspaceRouter } from './workspace/workspace-router.ts';

/** The configuration the adapters need to talk to the fakes instead of Slack and Discord. */
export type LocalOverrides = {
  SLACK_BOT_TOKEN: string;
  SLACK_SIGNING_SECRET: string;
  SLACK_API_URL: string;
  DISCORD_TOKEN: string;
  DISCORD_APPLICATION_ID: string;
  DISCORD_GUILD_ID: string;
  DISCORD_API_URL: string;
};

/** The running fakes and the page's routes. */
export type LocalMode = {
  overrides: LocalOverrides;
  slack: SlackFakeServer;
  discord: DiscordFake;
  directory: Directory;
  /** The page and its API, to mount at `/`. */
  handlers: RequestHandler[];
  /** `config` with the overrides, both platforms enabled. */
  configure(config: Config): Config;
  /** Points the Slack fake's client at the app's request URL, once the HTTP server listens. */
  attach(slackEventsUrl: string): void;
  /** Ends the page's live streams, so the HTTP server can drain at once. */
  endStreams(): void;
  /** Stops both fakes and saves their state. Safe to call twice. */
  close(): Promise<void>;
};

export type LocalModeOptions = {
  store: Store;
  logger: Logger;
  /** The chat-input commands, registered in the fake guild as `desk discord:register` would. */
  discordCommands: readonly unknown[];
  /** The product's database; the state file goes next to a SQLite file, else in `./data/`. */
  databaseUrl: string;
};

/** True when neither Slack nor Discord credentials are set: the local workspace should run. */
export function wantsLocalMode(config: Pick<Config, 'slackEnabled' | 'discordEnabled'>): boolean {
  return !config.slackEnabled && !config.discordEnabled;
}

async function registerCommands(fake: DiscordFake, overrides: LocalOverrides, data: readonly unknown[]) {
  const url = `${fake.apiUrl}/v10/applications/${overrides.DISCORD_APPLICATION_ID}/guilds/${overrides.DISCORD_GUILD_ID}/commands`;
  const response = await fetch(url, {
    method: 'PUT',
    headers: { authorization: `Bot ${overrides.DISCORD_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(data),
  });
  if (!response.ok)
    throw new Error(`the Discord fake refused the commands: ${response.status} ${await response.text()}`);
}

/** Starts both fakes on loopback with the organisation's people and channels, and registers the commands. */
export async function startLocalMode(options: LocalModeOptions): Promise<LocalMode> {
  const saved = await openLocalState(workspaceStatePath(options.databaseUrl), options.logger);
  const { guildId, applicationId, generalChannelId } = saved.discordIds;
  const directory = await loadDirectory(options.store, generalChannelId);
  const botToken = `xoxb-local-${randomBytes(12).toString('hex')}`;
  const signingSecret = randomBytes(32).toString('hex');
  const slackUsers = directory.users.filter((u) => u.slack !== undefined);
  const workspace = createSlackWorkspace({
    team: { id: 'T0LOCAL01', name: 'Assessor Desk (local)' },
    botToken,
    signingSecret,
    bot: { name: 'Assessor Desk' },
    users: slackUsers.map((u) => ({
      id: u.slack ?? '',
      name: u.id,
      display: u.name,
      locale: u.locale === 'fr' ? 'fr-FR' : 'en-US',
    })),
  });
  for (const channel of directory.channels) {
    if (channel.slack === undefined) continue;
    const members = slackUsers.filter((u) => canRead(u, channel)).map((u) => u.slack ?? '');
    workspace.addChannel({
      id: channel.slack,
      name: channel.name,
      members: [...members, workspace.bot.userId],
    });
  }
  const slack = await startSlackFake({ workspace });
  const discordToken = `local.${randomBytes(24).toString('base64url')}`;
  const discord = await startDiscordFake({
    botToken: discordToken,
    applicationId,
    bot: { username: 'Assessor Desk' },
    guild: {
      id: guildId,
      name: 'Assessor Desk (local)',
      channels: directory.channels.flatMap((c) =>
        c.discord === undefined ? [] : [{ id: c.discord, name: c.name }],
      ),
    },
    users: directory.users.flatMap((u) =>
      u.discord === undefined
        ? []
        : [{ id: u.discord, username: u.id, globalName: u.name, locale: u.locale === 'fr' ? 'fr' : 'en-US' }],
    ),
  });
  const overrides: LocalOverrides = {
    SLACK_BOT_TOKEN: botToken,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: slack.apiUrl,
    DISCORD_TOKEN: discordToken,
    DISCORD_APPLICATION_ID: applicationId,
    DISCORD_GUILD_ID: guildId,
    DISCORD_API_URL: discord.apiUrl,
  };
  try {
    await registerCommands(discord, overrides, options.discordCommands);
  } catch (error) {
    await Promise.allSettled([slack.close(), discord.close()]);
    throw error;
  }
  // Before the app and the bot connect, so they find the conversations as they left them.
  const saver = saved.attach(workspace, discord);
  let client: SlackFakeClient | null = null;
  const router: WorkspaceRouter = createWorkspaceRouter({
    store: options.store,
    directory,
    slack: {
      workspace,
      client: () => {
        if (client === null) throw new Error('the local workspace is not attached to the app yet');
        return client;
      },
    },
    discord,
    logger: options.logger.child({ component: 'workspace' }),
  });
  let closed: Promise<void> | null = null;
  options.logger.info(
    { slack: slack.url, discord: discord.url, people: directory.users.length, state: saved.path },
    'no Slack or Discord credentials: local workspace started',
  );
  return {
    overrides,
    slack,
    discord,
    directory,
    handlers: router.handlers,
    configure: (config) => ({
      ...config,
      ...overrides,
      SLACK_APP_TOKEN: undefined,
      slackEnabled: true,
      discordEnabled: true,
    }),
    attach(slackEventsUrl) {
      client = new SlackFakeClient({ workspace, appUrl: slackEventsUrl });
    },
    endStreams: () => router.endStreams(),
    close() {
      router.endStreams();
      closed ??= Promise.allSettled([slack.close(), discord.close()]).then(() => saver.close());
      return closed;
    },
  };
}
