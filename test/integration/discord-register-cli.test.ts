import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { runCli } from '../../src/main/cli/program.ts';
import type { CliRuntime } from '../../src/main/cli/runtime.ts';
import { systemClock } from '../../src/ports/clock.ts';
import { type DiscordFake, startDiscordFake } from '../../src/sandbox/discord-fake/index.ts';
import { openStore } from '../../src/store/open-store.ts';

const TOKEN = 'register-token';
const APP = '290926444748734465';
const GUILD = '290926798626357999';

let fake: DiscordFake;

beforeAll(async () => {
  fake = await startDiscordFake({
    botToken: TOKEN,
    applicationId: APP,
    guild: { id: GUILD, name: 'Test School', channels: [{ id: '300000000000000001', name: 'general' }] },
    users: [],
  });
});
afterAll(async () => {
  await fake.close();
});

async function desk(env: Record<string, string>, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const runtime: CliRuntime = {
    io: { stdout: (text) => out.push(text), stderr: (text) => err.push(text) },
    env: { DATABASE_URL: 'sqlite::memory:', ...env },
    openStore: (url) => openStore(url),
    clock: systemClock,
  };
  const code = await runCli(['node', 'desk', 'discord:register', ...args], runtime);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('desk discord:register', () => {
  it('prints the command definitions with --dry-run, without credentials', async () => {
    const run = await desk({}, '--dry-run');
    expect(run.code).toBe(0);
    const data = JSON.parse(run.stdout) as { name: string; options: unknown[] }[];
    expect(data.map((c) => c.name)).toEqual(['assess', 'mentor', 'curriculum', 'jury', 'evaluation']);
    expect(data.reduce((n, c) => n + c.options.length, 0)).toBe(commands.length);
  });

  it('refuses to register without the token and application id', async () => {
    const run = await desk({});
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('DISCORD_TOKEN');
  });

  it('registers the commands in the guild when DISCORD_GUILD_ID is set, globally otherwise', async () => {
    const env = { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, DISCORD_API_URL: fake.apiUrl };
    const guild = await desk({ ...env, DISCORD_GUILD_ID: GUILD });
    expect(guild.code).toBe(0);
    expect(guild.stdout).toContain(`Registered 5 Discord commands in guild ${GUILD}`);
    expect(fake.state.commandsIn(GUILD)).toHaveLength(5);
    const global = await desk(env);
    expect(global.stdout).toContain('Registered 5 Discord commands globally');
    expect(fake.state.commandsIn(null).map((c) => c.body.name)).toContain('assess');
  });

  it('reports a refused token as the operator’s mistake (exit 1)', async () => {
    const run = await desk({
      DISCORD_TOKEN: 'wrong-token',
      DISCORD_APPLICATION_ID: APP,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_GUILD_ID: GUILD,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Discord refused the commands: unauthorized');
  });
});
