/**
 * What every `desk` command shares: its output streams, the store opened from `DATABASE_URL`, the
 * use-case context, and the mapping of failures to exit codes (0 ok, 1 user error, 2 unexpected).
 */
import { type AppContext, DEFAULT_POLICY } from '../../app/context.ts';
import { ConfigError, loadConfig } from '../../config.ts';
import { isMessageKey, t } from '../../domain/catalog/index.ts';
import { isDeskError } from '../../domain/errors.ts';
import { type Clock, systemClock } from '../../ports/clock.ts';
import type { Store } from '../../ports/store.ts';

/** Where a command writes: results on stdout, reasons and progress on stderr. */
export type CliIo = {
  stdout(text: string): void;
  stderr(text: string): void;
};

/** The dependencies of the commands, replaceable in tests. */
export type CliRuntime = {
  io: CliIo;
  env: NodeJS.ProcessEnv;
  openStore(databaseUrl: string): Promise<Store>;
  clock: Clock;
};

/** A mistake of the person running the command: exit code 1 and `reason` on one line. */
export class CliUserError extends Error {
  /** Lines printed before the reason (e.g. each error of an invalid file). */
  readonly details: string[];
  constructor(reason: string, details: string[] = []) {
    super(reason);
    this.name = 'CliUserError';
    this.details = details;
  }
}

/** The process's own streams and environment, and the real store. */
export async function defaultRuntime(): Promise<CliRuntime> {
  // Loaded lazily so that `desk --help` does not load the database drivers.
  const { openStore } = await import('../../store/open-store.ts');
  return {
    io: {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
    },
    env: process.env,
    openStore: (url) => openStore(url),
    clock: systemClock,
  };
}

/** Opens and migrates the store named by `DATABASE_URL`, runs `work`, and always closes it. */
export async function withStore<T>(runtime: CliRuntime, work: (store: Store) => Promise<T>): Promise<T> {
  const config = loadConfig(runtime.env);
  const store = await runtime.openStore(config.DATABASE_URL);
  try {
    await store.migrate();
    return await work(store);
  } finally {
    await store.close();
  }
}

/** Like `withStore`, with the use-case context built from the configuration. */
export async function withContext<T>(runtime: CliRuntime, work: (ctx: AppContext) => Promise<T>): Promise<T> {
  const config = loadConfig(runtime.env);
  return withStore(runtime, (store) =>
    work({
      store,
      clock: runtime.clock,
      policy: { ...DEFAULT_POLICY, offerTtlHours: config.OFFER_TTL_HOURS },
    }),
  );
}

/** Prints why the command failed and returns its exit code. */
export function reportFailure(error: unknown, runtime: Pick<CliRuntime, 'io' | 'env'>): number {
  const { io } = runtime;
  if (error instanceof CliUserError) {
    for (const line of error.details) io.stderr(`${line}\n`);
    io.stderr(`error: ${error.message}\n`);
    return 1;
  }
  if (error instanceof ConfigError) {
    io.stderr(`error: ${error.message}\n`);
    return 1;
  }
  if (isDeskError(error)) {
    const key = `error.${error.code}`;
    io.stderr(`error: ${isMessageKey(key) ? t('en', key, error.params) : error.message}\n`);
    return 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`unexpected error: ${message}\n`);
  if (runtime.env.LOG_LEVEL === 'debug' || runtime.env.LOG_LEVEL === 'trace') {
    if (error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  } else io.stderr('(set LOG_LEVEL=debug for the stack trace)\n');
  return 2;
}
