/**
 * Secrets never reach the logs (DESIGN §8): the product's services start with known token values,
 * everything the pino logger writes (at `trace`) is captured, requests are driven that succeed and
 * fail (a forged Slack signature, a wrong bearer token, a wrong dashboard password, an unreachable
 * Slack API, Discord DMs refused) and no secret appears anywhere in the output.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { type RunningServices, startServices } from '../../src/main/services.ts';
import { type DiscordFake, startDiscordFake } from '../../src/sandbox/discord-fake/index.ts';
import { openStore } from '../../src/store/open-store.ts';
import { discordOrganisation } from '../helpers/discord-interactions.ts';
import { signedHeaders, slashCommand } from '../helpers/slack-requests.ts';
import { deletePrefix, freePort, TEST_REDIS_URL, uniquePrefix, waitFor } from '../helpers/test-redis.ts';

/** A distinctive tail of its own for each secret, so that a cut or re-encoded copy is found too. */
const tag = () => randomBytes(6).toString('hex');
const SECRETS = {
  SLACK_BOT_TOKEN: `xoxb-SECRET-slack-${tag()}`,
  SLACK_SIGNING_SECRET: `SECRET-signing-${tag()}`,
  DISCORD_TOKEN: `SECRET-discord-${tag()}`,
  API_TOKEN: `SECRET-api-token-${tag()}`,
  ADMIN_PASSWORD: `SECRET-admin-${tag()}`,
};
const APP = '290926444748734465';
const GUILD = '290926798626357999';

describe('secrets in the logs', () => {
  const prefix = uniquePrefix();
  const dir = mkdtempSync(join(tmpdir(), 'desk-secrets-'));
  const output: string[] = [];
  /** What anything wrote to the console instead of the logger (an SDK's own logger, say). */
  const consoleOutput: string[] = [];
  let fake: DiscordFake;
  let services: RunningServices;
  let stopped = false;
  let base: string;

  beforeAll(async () => {
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const)
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        consoleOutput.push(args.map(String).join(' '));
      });
    const org = discordOrganisation();
    const database = `sqlite:${join(dir, 'desk.db')}`;
    const store = await openStore(database);
    await store.migrate();
    await store.org.importOrganisation(org);
    await store.close();
    // Every DM is refused (50007): the notifications fail on Discord as they do on Slack.
    fake = await startDiscordFake({
      botToken: SECRETS.DISCORD_TOKEN,
      applicationId: APP,
      guild: { id: GUILD, name: 'School', channels: [{ id: '300000000000000001', name: 'coordinators' }] },
      users: org.people.flatMap((p) =>
        p.platforms.discord ? [{ id: p.platforms.discord, username: p.id, dmsClosed: true }] : [],
      ),
      heartbeatIntervalMs: 1000,
    });
    const config = loadConfig({
      ...SECRETS,
      PORT: '0',
      DATABASE_URL: database,
      REDIS_URL: TEST_REDIS_URL,
      // Nothing listens there: every Slack Web API call fails on the network.
      SLACK_API_URL: `http://127.0.0.1:${await freePort()}/api/`,
      DISCORD_APPLICATION_ID: APP,
      DISCORD_GUILD_ID: GUILD,
      DISCORD_API_URL: fake.apiUrl,
      ADMIN_USER: 'admin',
      LOG_LEVEL: 'trace',
    });
    const logger = createLogger('trace', { write: (line: string) => void output.push(line) });
    services = await startServices(config, { bot: true, worker: true }, logger, { queuePrefix: prefix });
    base = `http://127.0.0.1:${services.port}`;
  }, 30_000);

  afterAll(async () => {
    vi.restoreAllMocks();
    if (!stopped) await services?.stop();
    await fake?.close();
    await deletePrefix(prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  const slack = (body: string, headers: Record<string, string>) =>
    fetch(`${base}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body,
    });

  it('writes none of them, whatever succeeds or fails', async () => {
    const bearer = (token: string) => ({
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    });
    const post = (token: string, student: string, project: string) =>
      fetch(`${base}/api/evaluations`, {
        method: 'POST',
        headers: bearer(token),
        body: JSON.stringify({ student, project }),
      });
    expect((await post('nope-nope-nope-nope', 'stu-felix', 'web-1-portfolio')).status).toBe(401);
    // Offered to dmitri (on Slack only), then to alice or chloe (on Discord).
    expect((await post(SECRETS.API_TOKEN, 'stu-felix', 'web-1-portfolio')).status).toBe(201);
    expect((await post(SECRETS.API_TOKEN, 'stu-emma', 'web-2-api')).status).toBe(201);

    const command = slashCommand({ user: 'U01ALICE', command: '/assess', text: 'availability' });
    const forged = signedHeaders(command.body, undefined, 'not-the-secret');
    expect((await slack(command.body, forged)).status).toBe(401);
    const signed = signedHeaders(command.body, undefined, SECRETS.SLACK_SIGNING_SECRET);
    expect((await slack(command.body, signed)).status).toBe(200);

    const basic = (password: string) => ({
      authorization: `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`,
    });
    expect((await fetch(`${base}/admin/queues`, { headers: basic('wrong-password') })).status).toBe(401);
    expect((await fetch(`${base}/admin/queues`, { headers: basic(SECRETS.ADMIN_PASSWORD) })).status).toBe(
      200,
    );

    const alice = discordOrganisation().people.find((p) => p.id === 'alice')?.platforms.discord ?? '';
    await fake.waitForBot();
    const answered = await fake.interact(alice, { kind: 'command', name: 'assess', subcommand: 'help' });
    expect(answered.type).toBe(4);

    // The offer DM fails on both platforms: Slack unreachable, Discord 50007 (told to the coordinators).
    await waitFor(() => output.some((line) => line.includes('50007')), 15_000);
    await waitFor(() => output.some((line) => /ECONNREFUSED|request_error/.test(line)), 15_000);
    stopped = true;
    await services.stop();

    // Everything goes through the product's logger: nothing bypasses its redaction.
    expect(consoleOutput).toEqual([]);
    const all = output.join('\n');
    expect(all.length).toBeGreaterThan(1000);
    for (const [name, value] of Object.entries(SECRETS)) {
      expect(all.includes(value), name).toBe(false);
      expect(all.includes(value.slice(-12)), `${name} (its tail)`).toBe(false);
    }
    expect(all.includes(Buffer.from(`admin:${SECRETS.ADMIN_PASSWORD}`).toString('base64'))).toBe(false);
  }, 60_000);
});
