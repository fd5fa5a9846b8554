/** A local Discord fake with a small school guild, and helpers for the tests that drive it. */

import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import { afterAll, beforeAll } from 'vitest';
import { type DiscordFake, startDiscordFake } from '../../src/sandbox/discord-fake/index.ts';

const FIXTURES = resolve(import.meta.dirname, '../../../shared/fixtures');

export const TOKEN = 'fake-bot-token';
export const APP = '1100000000000000001';
export const GUILD = '1200000000000000001';
export const GENERAL = '1300000000000000001';
/** An assessor who reads French. */
export const ADA = '1400000000000000001';
/** A mentor who closed DMs. */
export const BOB = '1400000000000000002';

/** An official example payload from ../shared/fixtures, or null when that folder is absent. */
export function fixture(name: string): Record<string, unknown> | null {
  const path = resolve(FIXTURES, name);
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
}

/** Header names of an official HTTP example (`Name: value` lines, `< ` prefixes allowed), lower-cased. */
export function fixtureHeaders(name: string): string[] | null {
  const path = resolve(FIXTURES, name);
  if (!existsSync(path)) return null;
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => /^(?:< )?([A-Za-z-]+): /.exec(line)?.[1]?.toLowerCase())
    .filter((h): h is string => h !== undefined && h !== 'content-type');
}

/** Starts the fake with the test guild; `Retry-After` is exact so rate-limit tests stay short. */
export function startTestFake(heartbeatIntervalMs = 200): Promise<DiscordFake> {
  return startDiscordFake({
    botToken: TOKEN,
    applicationId: APP,
    guild: { id: GUILD, name: 'Online School', channels: [{ id: GENERAL, name: 'general' }] },
    users: [
      { id: ADA, username: 'ada', globalName: 'Ada Assessor', locale: 'fr' },
      { id: BOB, username: 'bob', dmsClosed: true },
    ],
    heartbeatIntervalMs,
    rateLimits: { retryAfterHeader: 'exact' },
  });
}

/** Polls until `check` holds. */
export async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * The test fake and a discord.js client logged in to it; every interaction goes to
 * `onInteraction` (its failures are the test's to assert on, not the client's).
 */
export async function connectTestClient(
  onInteraction: (interaction: Interaction) => Promise<void>,
): Promise<{ fake: DiscordFake; client: Client }> {
  const fake = await startTestFake();
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
  client.on(Events.InteractionCreate, (i) => void onInteraction(i).catch(() => {}));
  const ready = once(client, Events.ClientReady);
  await client.login(TOKEN);
  await ready;
  return { fake, client };
}

/**
 * In the enclosing `describe`: the test fake and a discord.js client logged in to it for the whole
 * block (both closed after it); `use` receives them, interactions go to `onInteraction`.
 */
export function connectTestClientForSuite(
  onInteraction: (interaction: Interaction) => Promise<void>,
  use: (fake: DiscordFake, client: Client) => void,
): void {
  let connected: { fake: DiscordFake; client: Client } | undefined;
  beforeAll(async () => {
    connected = await connectTestClient(onInteraction);
    use(connected.fake, connected.client);
  });
  afterAll(async () => {
    await connected?.client.destroy();
    await connected?.fake.close();
  });
}
