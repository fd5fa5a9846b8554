import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, ConfigSchema, loadConfig } from '../../src/config.ts';

/** Runs `loadConfig` expecting a failure; returns the error. */
function failure(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      DATABASE_URL: 'sqlite:./data/assessor-desk.db',
      SLACK_API_URL: 'https://slack.com/api/',
      DISCORD_API_URL: 'https://discord.com/api',
      LOG_LEVEL: 'info',
      DEFAULT_LOCALE: 'en',
      DIGEST_CRON: '0 8 * * 1',
      OFFER_TTL_HOURS: 24,
      SHUTDOWN_DELAY_MS: 0,
      slackEnabled: false,
      discordEnabled: false,
    });
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.API_TOKEN).toBeUndefined();
    expect(config.SLACK_BOT_TOKEN).toBeUndefined();
  });

  it('treats empty and blank values as unset, as a copied .env.example leaves them', () => {
    const config = loadConfig({
      PORT: '',
      DATABASE_URL: '',
      REDIS_URL: '  ',
      LOG_LEVEL: '',
      OFFER_TTL_HOURS: '',
      SLACK_BOT_TOKEN: '',
      API_TOKEN: ' ',
    });
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBe('sqlite:./data/assessor-desk.db');
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.OFFER_TTL_HOURS).toBe(24);
    expect(config.SLACK_BOT_TOKEN).toBeUndefined();
    expect(config.API_TOKEN).toBeUndefined();
  });

  it('coerces numbers, trims text and accepts PostgreSQL and Redis URLs', () => {
    const config = loadConfig({
      PORT: '8080',
      OFFER_TTL_HOURS: '12.5',
      SHUTDOWN_DELAY_MS: '5000',
      DATABASE_URL: 'postgres://desk:secret@postgres:5432/desk',
      REDIS_URL: ' redis://redis:6379 ',
      API_TOKEN: '  0123456789abcdef  ',
      DEFAULT_LOCALE: 'fr',
      LOG_LEVEL: 'debug',
    });
    expect(config.PORT).toBe(8080);
    expect(config.OFFER_TTL_HOURS).toBe(12.5);
    expect(config.SHUTDOWN_DELAY_MS).toBe(5000);
    expect(config.DATABASE_URL).toBe('postgres://desk:secret@postgres:5432/desk');
    expect(config.REDIS_URL).toBe('redis://redis:6379');
    expect(config.API_TOKEN).toBe('0123456789abcdef');
    expect(config.DEFAULT_LOCALE).toBe('fr');
    expect(config.LOG_LEVEL).toBe('debug');
  });

  it('ignores variables it does not know', () => {
    expect(loadConfig({ PATH: '/usr/bin', HOME: '/home/node' }).PORT).toBe(3000);
  });

  it('lists every invalid variable in one message', () => {
    const error = failure({
      PORT: 'abc',
      DATABASE_URL: 'mysql://localhost/desk',
      REDIS_URL: 'localhost:6379',
      SLACK_BOT_TOKEN: 'xoxp-user-token',
      SLACK_SIGNING_SECRET: 'secret',
      DISCORD_APPLICATION_ID: 'desk-app',
      API_TOKEN: 'short',
      ADMIN_USER: 'admin',
      ADMIN_PASSWORD: '1234',
      LOG_LEVEL: 'loud',
      DEFAULT_LOCALE: 'de',
      OFFER_TTL_HOURS: '-1',
      SHUTDOWN_DELAY_MS: '1.5',
    });
    const variables = error.issues.map((i) => i.variable);
    const expected = [
      'PORT',
      'DATABASE_URL',
      'REDIS_URL',
      'SLACK_BOT_TOKEN',
      'DISCORD_APPLICATION_ID',
      'API_TOKEN',
      'ADMIN_PASSWORD',
      'LOG_LEVEL',
      'DEFAULT_LOCALE',
      'OFFER_TTL_HOURS',
      'SHUTDOWN_DELAY_MS',
    ];
    expect(variables.sort()).toEqual([...expected].sort());
    for (const variable of expected) expect(error.message).toContain(`${variable}:`);
    expect(error.message).toContain('See .env.example');
    expect(error.code).toBe('config_invalid');
  });

  it('says what each invalid variable expects', () => {
    const error = failure({ PORT: '70000', DATABASE_URL: 'mysql://x', API_TOKEN: 'short' });
    const expected = Object.fromEntries(error.issues.map((i) => [i.variable, i.expected]));
    expect(expected.PORT).toMatch(/port from 0 to 65535/);
    expect(expected.DATABASE_URL).toMatch(/sqlite: or postgres:\/\//);
    expect(expected.API_TOKEN).toMatch(/at least 16 characters/);
  });

  it('rejects a non-integer port', () => {
    expect(failure({ PORT: '30.5' }).issues).toEqual([
      { variable: 'PORT', expected: 'expected a whole number' },
    ]);
  });

  describe('pairs', () => {
    it('requires the signing secret with a Slack bot token', () => {
      expect(failure({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc' }).issues).toEqual([
        { variable: 'SLACK_SIGNING_SECRET', expected: 'required when SLACK_BOT_TOKEN is set' },
      ]);
    });

    it('requires the bot token with a signing secret or an app token', () => {
      expect(failure({ SLACK_SIGNING_SECRET: 's' }).issues).toEqual([
        { variable: 'SLACK_BOT_TOKEN', expected: 'required when SLACK_SIGNING_SECRET is set' },
      ]);
      expect(failure({ SLACK_APP_TOKEN: 'xapp-1' }).issues).toEqual([
        { variable: 'SLACK_BOT_TOKEN', expected: 'required when SLACK_APP_TOKEN is set' },
      ]);
    });

    it('requires the application id with a Discord token', () => {
      expect(failure({ DISCORD_TOKEN: 'discord-token' }).issues).toEqual([
        { variable: 'DISCORD_APPLICATION_ID', expected: 'required when DISCORD_TOKEN is set' },
      ]);
    });

    it('requires the admin password with an admin user', () => {
      expect(failure({ ADMIN_USER: 'admin' }).issues).toEqual([
        { variable: 'ADMIN_PASSWORD', expected: 'required when ADMIN_USER is set' },
      ]);
    });

    it('reports a missing pair together with invalid values', () => {
      const error = failure({ PORT: 'x', SLACK_BOT_TOKEN: 'xoxb-1' });
      expect(error.issues.map((i) => i.variable).sort()).toEqual(['PORT', 'SLACK_SIGNING_SECRET']);
    });

    it('does not count a blank value as set', () => {
      expect(failure({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: '  ' }).issues).toEqual([
        { variable: 'SLACK_SIGNING_SECRET', expected: 'required when SLACK_BOT_TOKEN is set' },
      ]);
    });

    it('enables a platform when its pair is complete', () => {
      const config = loadConfig({
        SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
        SLACK_SIGNING_SECRET: 'signing-secret',
        DISCORD_TOKEN: 'discord-token',
        DISCORD_APPLICATION_ID: '123456789012345678',
      });
      expect(config.slackEnabled).toBe(true);
      expect(config.discordEnabled).toBe(true);
    });
  });

  describe('.env.example', () => {
    const example = parseEnv(readFileSync('.env.example', 'utf8'));

    it('lists every variable', () => {
      for (const variable of Object.keys(ConfigSchema.shape))
        expect(Object.keys(example)).toContain(variable);
    });

    it('loads as is, giving the defaults', () => {
      expect(loadConfig(example)).toEqual(loadConfig({}));
    });
  });
});
