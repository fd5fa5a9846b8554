/**
 * The environment (DESIGN §3), parsed once at start. A bad value stops the start with one message
 * listing every invalid variable and what it expects.
 */
import { z } from 'zod';

const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

const url = (protocols: string[], example: string) =>
  z
    .string()
    .trim()
    .refine((s) => protocols.some((p) => s.startsWith(p)), `expected a URL starting with ${protocols.join(' or ')}, e.g. ${example}`);

export const ConfigSchema = z.object({
  PORT: z.coerce.number().int('expected a whole number').min(0).max(65535, 'expected a port from 0 to 65535').default(3000),
  DATABASE_URL: url(['sqlite:', 'postgres://', 'postgresql://'], 'sqlite:./data/assessor-desk.db').default(
    'sqlite:./data/assessor-desk.db',
  ),
  REDIS_URL: optionalText.pipe(url(['redis://', 'rediss://'], 'redis://127.0.0.1:6379').optional()),
  SLACK_BOT_TOKEN: optionalText.pipe(z.string().startsWith('xoxb-', 'expected a bot token starting with xoxb-').optional()),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.pipe(z.string().startsWith('xapp-', 'expected an app token starting with xapp-').optional()),
  SLACK_API_URL: url(['http://', 'https://'], 'https://slack.com/api/').default('https://slack.com/api/'),
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText.pipe(z.string().regex(/^\d+$/, 'expected a numeric application id').optional()),
  DISCORD_GUILD_ID: optionalText.pipe(z.string().regex(/^\d+$/, 'expected a numeric guild id').optional()),
  DISCORD_API_URL: url(['http://', 'https://'], 'https://discord.com/api').default('https://discord.com/api'),
  API_TOKEN: optionalText.pipe(z.string().min(16, 'expected at least 16 characters').optional()),
  ADMIN_USER: optionalText,
  ADMIN_PASSWORD: optionalText.pipe(z.string().min(8, 'expected at least 8 characters').optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEFAULT_LOCALE: z.enum(['en', 'fr']).default('en'),
  /** Weekly curriculum digest (cron, in the organisation's timezone). */
  DIGEST_CRON: z.string().trim().default('0 8 * * 1'),
  /** Hours before an unanswered offer moves to the next candidate. */
  OFFER_TTL_HOURS: z.coerce.number().positive().default(24),
});

export type Config = z.infer<typeof ConfigSchema> & {
  /** True when Slack credentials are present (bot token and signing secret). */
  slackEnabled: boolean;
  /** True when Discord credentials are present (token and application id). */
  discordEnabled: boolean;
};

export class ConfigError extends Error {
  readonly code = 'config_invalid';
  readonly issues: { variable: string; expected: string }[];
  constructor(issues: { variable: string; expected: string }[]) {
    super(
      `Invalid configuration:\n${issues.map((i) => `  ${i.variable}: ${i.expected}`).join('\n')}\nSee .env.example for every variable.`,
    );
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** Parses the environment; throws one `ConfigError` naming every invalid variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({
      variable: String(issue.path[0] ?? '?'),
      expected: issue.message,
    }));
    throw new ConfigError(issues);
  }
  const config = result.data;
  const pairIssues: { variable: string; expected: string }[] = [];
  if (config.SLACK_BOT_TOKEN && !config.SLACK_SIGNING_SECRET)
    pairIssues.push({ variable: 'SLACK_SIGNING_SECRET', expected: 'required when SLACK_BOT_TOKEN is set' });
  if (config.DISCORD_TOKEN && !config.DISCORD_APPLICATION_ID)
    pairIssues.push({ variable: 'DISCORD_APPLICATION_ID', expected: 'required when DISCORD_TOKEN is set' });
  if (config.ADMIN_USER && !config.ADMIN_PASSWORD)
    pairIssues.push({ variable: 'ADMIN_PASSWORD', expected: 'required when ADMIN_USER is set' });
  if (pairIssues.length) throw new ConfigError(pairIssues);
  return {
    ...config,
    slackEnabled: Boolean(config.SLACK_BOT_TOKEN && config.SLACK_SIGNING_SECRET),
    discordEnabled: Boolean(config.DISCORD_TOKEN && config.DISCORD_APPLICATION_ID),
  };
}
