/**
 * A Redis to run against on a fresh machine (DESIGN §5): `REDIS_URL` when set; otherwise whatever
 * answers on 127.0.0.1:6379; otherwise a `redis-server` from `PATH` started as a child process
 * (no persistence, loopback only) and stopped with the process. Without one, start-up stops with a
 * message saying how to get one.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import type { Logger } from '../../logger.ts';

export const LOCAL_REDIS_HOST = '127.0.0.1';
export const LOCAL_REDIS_PORT = 6379;

/** The Redis in use, and how to let it go. */
export type RedisHandle = {
  url: string;
  /** True when this process started the server (and `stop` ends it). */
  started: boolean;
  stop(): Promise<void>;
};

/** No Redis answers and none can be started. */
export class RedisUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisUnavailableError';
  }
}

export const INSTALL_HINT =
  'Install Redis (Debian/Ubuntu: `sudo apt-get install redis-server`; macOS: `brew install redis`) ' +
  'so that `redis-server` is on PATH, or set REDIS_URL to a running Redis (e.g. redis://127.0.0.1:6379).';

/** Resolves true when something on `host:port` answers a Redis PING (even with an error, e.g. NOAUTH). */
export function redisAnswers(port: number, host = LOCAL_REDIS_HOST, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const finish = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk) => finish(/^[+-]/.test(chunk.toString('latin1'))));
  });
}

export type RedisServerOptions = {
  port: number;
  /** The executable; `redis-server` from PATH by default. */
  command?: string;
  /** How long to wait for the server to answer. */
  startTimeoutMs?: number;
};

/** Starts `redis-server` on loopback without persistence; resolves once it answers PING. */
export async function startRedisServer(options: RedisServerOptions): Promise<RedisHandle> {
  const command = options.command ?? 'redis-server';
  const args = [
    '--port',
    String(options.port),
    '--bind',
    LOCAL_REDIS_HOST,
    '--save',
    '',
    '--appendonly',
    'no',
  ];
  const child: ChildProcess = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-2_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let failure: Error | undefined;
  child.once('error', (error: NodeJS.ErrnoException) => {
    failure =
      error.code === 'ENOENT'
        ? new RedisUnavailableError(
            `No Redis answers and \`${command}\` was not found on PATH. ${INSTALL_HINT}`,
          )
        : error;
  });
  child.once('exit', (code, signal) => {
    failure ??= new RedisUnavailableError(
      `\`${command}\` stopped at start (${signal ?? `exit code ${code}`}): ${output.trim().split('\n').at(-1) ?? ''}`,
    );
  });

  const deadline = Date.now() + (options.startTimeoutMs ?? 5_000);
  while (!(await redisAnswers(options.port))) {
    if (failure) break;
    if (Date.now() > deadline) {
      failure = new RedisUnavailableError(`\`${command}\` did not answer on port ${options.port} in time.`);
      child.kill('SIGKILL');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (failure) {
    process.off('exit', killOnExit);
    throw failure;
  }

  let stopping: Promise<void> | undefined;
  return {
    url: `redis://${LOCAL_REDIS_HOST}:${options.port}`,
    started: true,
    stop() {
      stopping ??= (async () => {
        process.off('exit', killOnExit);
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(force);
      })();
      return stopping;
    },
  };
}

/**
 * The Redis to use: `url` (from `REDIS_URL`) as is; else the local default port when something
 * answers there; else a `redis-server` started on it. Throws `RedisUnavailableError` otherwise.
 */
export async function ensureRedis(options: {
  url: string | undefined;
  logger: Logger;
  /** For tests: another executable name. */
  command?: string;
  /** For tests: another local port than 6379. */
  port?: number;
}): Promise<RedisHandle> {
  const none = async () => {};
  if (options.url !== undefined) return { url: options.url, started: false, stop: none };
  const port = options.port ?? LOCAL_REDIS_PORT;
  if (await redisAnswers(port))
    return { url: `redis://${LOCAL_REDIS_HOST}:${port}`, started: false, stop: none };
  options.logger.info({ port }, 'no Redis answers and REDIS_URL is unset: starting redis-server');
  const handle = await startRedisServer({
    port,
    ...(options.command === undefined ? {} : { command: options.command }),
  });
  options.logger.info({ url: handle.url }, 'redis-server started (no persistence; stopped on exit)');
  return handle;
}
