import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { commands } from '../../commands/index.ts';
import { type SlackManifest, slackManifest } from '../../src/adapters/slack/slack-manifest.ts';
import { createRegistry } from '../../src/app/commands/command-runner.ts';
import { runCli } from '../../src/main/cli/program.ts';
import type { CliRuntime } from '../../src/main/cli/runtime.ts';

function runtime(): { runtime: CliRuntime; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    runtime: {
      io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t) },
      env: {},
      openStore: async () => {
        throw new Error('the manifest needs no database');
      },
      clock: { now: () => new Date('2026-11-30T08:00:00Z') },
    },
  };
}

const groups = [...new Set(commands.map((spec) => spec.path.split(' ')[0]))];

describe('desk slack:manifest', () => {
  it('prints YAML whose slash commands are the registry’s command groups', async () => {
    const cli = runtime();
    const code = await runCli(
      ['node', 'cli.ts', 'slack:manifest', '--url', 'https://desk.school.org/'],
      cli.runtime,
    );
    expect(code).toBe(0);
    const manifest = parse(cli.out.join('')) as SlackManifest;
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(groups.map((g) => `/${g}`));
    for (const command of manifest.features.slash_commands) {
      expect(command.url).toBe('https://desk.school.org/slack/events');
      expect(command.description.length).toBeGreaterThan(0);
      expect(command.usage_hint.length).toBeLessThanOrEqual(1000);
    }
    const assess = manifest.features.slash_commands.find((c) => c.command === '/assess');
    expect(assess?.usage_hint).toContain('report [evaluation]');
    expect(assess?.usage_hint).toContain('availability [capacity] [away-from] [away-to]');
    expect(manifest.settings.interactivity).toEqual({
      is_enabled: true,
      request_url: 'https://desk.school.org/slack/events',
    });
    expect(manifest.settings.event_subscriptions).toEqual({
      request_url: 'https://desk.school.org/slack/events',
      bot_events: ['app_home_opened'],
    });
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
    expect(cli.err).toEqual([]);
  });

  it('asks for exactly the scopes of the Web API methods the product calls', () => {
    const manifest = slackManifest(createRegistry(commands), { url: 'https://x.example' });
    expect(manifest.oauth_config.scopes.bot).toEqual(['commands', 'chat:write', 'im:write', 'files:write']);
  });

  it('leaves out request URLs for Socket Mode', () => {
    const manifest = slackManifest(createRegistry(commands), { url: 'https://x.example', socketMode: true });
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true });
    expect(manifest.features.slash_commands.every((c) => c.url === undefined)).toBe(true);
  });

  it('refuses a URL that is not http(s) and reminds to replace the placeholder', async () => {
    const bad = runtime();
    expect(await runCli(['node', 'cli.ts', 'slack:manifest', '--url', 'ftp://x'], bad.runtime)).toBe(1);
    const placeholder = runtime();
    expect(await runCli(['node', 'cli.ts', 'slack:manifest'], placeholder.runtime)).toBe(0);
    expect(placeholder.err.join('')).toContain('--url');
  });
});
