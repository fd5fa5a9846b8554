/** Bolt's and the WebClient's logging through the product's pino logger (secrets redacted there). */
import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../../logger.ts';

const LEVELS: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
  fatal: LogLevel.ERROR,
  silent: LogLevel.ERROR,
};

function line(parts: unknown[]): string {
  return parts.map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : String(p))).join(' ');
}

/** A Slack SDK logger writing to `logger` under the `slack` component. */
export function slackLogger(logger: Logger): SlackLogger {
  let log = logger.child({ component: 'slack' });
  return {
    debug: (...msg: unknown[]) => log.debug(line(msg)),
    info: (...msg: unknown[]) => log.info(line(msg)),
    warn: (...msg: unknown[]) => log.warn(line(msg)),
    error: (...msg: unknown[]) => log.error(line(msg)),
    // The product's LOG_LEVEL decides; the SDKs' own level requests are ignored.
    setLevel: () => {},
    getLevel: () => LEVELS[logger.level] ?? LogLevel.INFO,
    setName: (name: string) => {
      log = logger.child({ component: 'slack', sdk: name });
    },
  };
}
