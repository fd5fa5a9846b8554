/**
 * The process logger (pino, JSON lines on stdout). Secrets are redacted wherever they appear at the
 * top level or one or two levels down, so logging a config object or a request never leaks them.
 */
import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger } from 'pino';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Keys whose values never reach a log line. */
export const SECRET_KEYS = [
  'authorization',
  'token',
  'password',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'DISCORD_TOKEN',
  'API_TOKEN',
  'ADMIN_PASSWORD',
] as const;

/** The redaction paths handed to pino: each secret key at depth 0, 1 and 2, plus request headers. */
export const REDACT_PATHS: string[] = [
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
  'headers.cookie',
  '*.headers.cookie',
];

/**
 * Creates the logger. `destination` defaults to stdout; tests pass a stream to read what was
 * written.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: 'assessor-desk' },
  };
  return destination ? pino(options, destination) : pino(options);
}
