/**
 * `npm start` with no platform credentials, for the workspace tests: the whole product (HTTP app,
 * workers, relay, real Bolt app and discord.js client against the local fakes) on a free port,
 * with a temporary SQLite file loaded with the demo organisation and a queue prefix of its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { type RunningServices, startServices } from '../../src/main/services.ts';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from './test-redis.ts';

export const WORKSPACE_API_TOKEN = 'workspace-test-token-0123456789';

/** A running local workspace and the way to reach it. */
export type LocalWorkspace = {
  services: RunningServices;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** GET or POST a workspace API path (`/people`), parsed as JSON, with the status. */
  api<T = unknown>(path: string, body?: unknown): Promise<{ status: number; data: T }>;
  /** The directory of the database (and of the local workspace's state file). */
  dir: string;
  /** Stops the product as SIGTERM would and starts it again on the same database and queues. */
  restart(): Promise<LocalWorkspace>;
  stop(): Promise<void>;
};

/** A database directory and queue prefix to start on again, instead of new ones. */
export type WorkspaceData = { dir: string; prefix: string };

/**
 * Starts the product in local mode (or, with platform credentials in `env`, connected to them); `stop`
 * ends it and removes the database and the queues' keys. With `data`, starts on that directory and
 * those queues (created empty when the directory is new).
 */
export async function startLocalWorkspace(
  env: Record<string, string> = {},
  data?: WorkspaceData,
): Promise<LocalWorkspace> {
  const dir = data?.dir ?? mkdtempSync(join(tmpdir(), 'desk-workspace-'));
  const prefix = data?.prefix ?? uniquePrefix();
  const config = loadConfig({
    PORT: '0',
    DATABASE_URL: `sqlite:${join(dir, 'desk.db')}`,
    REDIS_URL: TEST_REDIS_URL,
    API_TOKEN: WORKSPACE_API_TOKEN,
    LOG_LEVEL: process.env.WORKSPACE_LOG_LEVEL ?? 'silent',
    ...env,
  });
  const services = await startServices(config, { bot: true, worker: true }, createLogger(config.LOG_LEVEL), {
    queuePrefix: prefix,
  });
  const url = `http://127.0.0.1:${services.port ?? 0}`;
  return {
    services,
    url,
    async api<T>(path: string, body?: unknown) {
      const response = await fetch(`${url}/workspace/api${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, data: (await response.json()) as T };
    },
    dir,
    async restart() {
      await services.stop();
      return startLocalWorkspace(env, { dir, prefix });
    },
    async stop() {
      try {
        await services.stop();
      } finally {
        await deletePrefix(prefix).catch(() => {});
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Asks the LMS API for an evaluation, as the school's LMS would. */
export async function requestEvaluation(
  workspace: LocalWorkspace,
  student: string,
  project: string,
): Promise<{ id: string; assessor: string | null; status: string }> {
  const response = await fetch(`${workspace.url}/api/evaluations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${WORKSPACE_API_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ student, project }),
  });
  if (response.status !== 201) throw new Error(`evaluation request refused: ${await response.text()}`);
  return (await response.json()) as { id: string; assessor: string | null; status: string };
}
