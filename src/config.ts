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
    .refine(
      (s) => protocols.some((p) => s.startsWith(p)),
      `expected a URL starting with ${protocols.join(' or ')}, e.g. ${example}`,
    );

export const ConfigSchema = z.object({
  PORT: z.coerce
    .number({ error: 'expected a port number from 0 to 65535' })
    .int('expected a whole number')
    .min(0, 'expected a port from 0 to 65535')
    .max(65535, 'expected a port from 0 to 65535')
    .default(3000),
  DATABASE_URL: url(['sqlite:', 'postgres://', 'postgresql://'], 'sqlite:./data/assessor-desk.db').default(
    'sqlite:./data/assessor-desk.db',
  ),
  REDIS_URL: optionalText.pipe(url(['redis://', 'rediss://'], 'redis://127.0.0.1:6379').optional()),
  /** BullMQ key prefix, a hash tag for Redis Cluster (`desk` is used as `{desk}`); `{desk}` when unset. */
  QUEUE_PREFIX: optionalText.pipe(
    z
      .string()
      .regex(/^(\{[^{}:]+\}|[^{}:]+)$/, 'expected a name without ":", "{" or "}", e.g. desk or {desk}')
      .optional(),
  ),
  SLACK_BOT_TOKEN: optionalText.pipe(
    z.string().startsWith('xoxb-', 'expected a bot token starting with xoxb-').optional(),
  ),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.pipe(
    z.string().startsWith('xapp-', 'expected an app token starting with xapp-').optional(),
  ),
  SLACK_API_URL: url(['http://', 'https://'], 'https://slack.com/api/').default('https://slack.com/api/'),
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText.pipe(
    z.string().regex(/^\d+$/, 'expected a numeric application id').optional(),
  ),
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
  OFFER_TTL_HOURS: z.coerce
    .number({ error: 'expected a number of hours, e.g. 24' })
    .positive('expected a positive number of hours')
    .default(24),
  /**
   * On SIGTERM, how long `/readyz` says `draining` while requests are still served, before the
   * listener closes: a load balancer stops sending new connections in that time instead of seeing
   * them reset.
   */
  SHUTDOWN_DELAY_MS: z.coerce
    .number({ error: 'expected milliseconds, e.g. 5000' })
    .int('expected a whole number of milliseconds')
    .min(0, 'expected 0 or more milliseconds')
    .max(60_000, 'expected at most 60000 milliseconds')
    .default(0),
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

type Issue = { variable: string; expected: string };

/** Variables that only work together: when the first is set, the second is required too. */
const PAIRS: [string, string][] = [
  ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'],
  ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN'],
  ['SLACK_APP_TOKEN', 'SLACK_BOT_TOKEN'],
  ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID'],
  ['ADMIN_USER', 'ADMIN_PASSWORD'],
];

/**
 * The variables the schema knows, with empty or blank values dropped: `PORT=` in a `.env` file
 * (or `${PORT:-}` in compose) means "use the default", not port 0 or an invalid value.
 */
function knownVariables(env: NodeJS.ProcessEnv): Record<string, string> {
  const known: Record<string, string> = {};
  for (const name of Object.keys(ConfigSchema.shape)) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') known[name] = value;
  }
  return known;
}

/** Parses the environment; throws one `ConfigError` naming every invalid variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const known = knownVariables(env);
  const result = ConfigSchema.safeParse(known);
  const issues: Issue[] = result.success
    ? []
    : result.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '?'),
        expected: issue.message,
      }));
  for (const [present, required] of PAIRS) {
    if (known[present] !== undefined && known[required] === undefined)
      issues.push({ variable: required, expected: `required when ${present} is set` });
  }
  if (issues.length || !result.success) throw new ConfigError(issues);
  const config = result.data;
  return {
    ...config,
    slackEnabled: Boolean(config.SLACK_BOT_TOKEN && config.SLACK_SIGNING_SECRET),
    discordEnabled: Boolean(config.DISCORD_TOKEN && config.DISCORD_APPLICATION_ID),
  };
}
