/** Opens the store named by `DATABASE_URL`: SQLite (better-sqlite3) or PostgreSQL (pg). */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Store } from '../ports/store.ts';
import type { Database } from './database.ts';
import { KyselyStore } from './kysely-store.ts';
import { withStatementCache } from './statement-cache.ts';

/** Options of `openStore`. */
export type OpenStoreOptions = {
  /**
   * PostgreSQL only: the schema holding the tables (set as the pool's `search_path`, created by
   * `migrate`). Also accepted as `?schema=` in the URL; this option wins. Lets test suites and
   * several deployments share one database.
   */
  schema?: string;
  /** PostgreSQL only: the pool's maximum number of connections (default 10). */
  poolSize?: number;
};

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Opens a store. `databaseUrl` is `sqlite:./path/file.db` (the parent directory is created),
 * `sqlite::memory:`, or `postgres://…` / `postgresql://…`. Call `migrate()` before use.
 */
export async function openStore(databaseUrl: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (databaseUrl.startsWith('sqlite:')) return openSqlite(sqlitePath(databaseUrl));
  if (databaseUrl.startsWith('postgres://') || databaseUrl.startsWith('postgresql://')) {
    return openPostgres(databaseUrl, options);
  }
  throw new Error(`Unsupported DATABASE_URL "${databaseUrl}": expected sqlite:… or postgres://…`);
}

/** The file path of a `sqlite:` URL (`:memory:` for an in-memory database). */
export function sqlitePath(databaseUrl: string): string {
  let path = databaseUrl.slice('sqlite:'.length);
  // `sqlite:///abs/file.db` and `sqlite://./file.db` are common spellings too.
  if (path.startsWith('//')) path = path.slice(2);
  if (path === '') throw new Error('DATABASE_URL "sqlite:" needs a file path, e.g. sqlite:./data/desk.db');
  return path;
}

function openSqlite(path: string): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new BetterSqlite3(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  // Bot and worker may share the file; wait for the other's write lock instead of failing.
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  return new KyselyStore(db, 'sqlite');
}

/** Parses int8 (timestamps in epoch ms, counts) as numbers: every value fits in 2^53. */
const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: (id, format) =>
    id === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(id, format),
};

function openPostgres(databaseUrl: string, options: OpenStoreOptions): Store {
  const url = new URL(databaseUrl);
  const schema = options.schema ?? url.searchParams.get('schema') ?? undefined;
  url.searchParams.delete('schema');
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`Invalid PostgreSQL schema name "${schema}": use letters, digits and "_"`);
  }
  const pool = new pg.Pool({
    connectionString: url.toString(),
    max: options.poolSize ?? 10,
    types: pgTypes,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return new KyselyStore(db, 'postgres', schema);
}
