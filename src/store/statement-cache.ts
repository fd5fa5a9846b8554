/**
 * Kysely's SQLite driver prepares every query's SQL again on each execution; preparing costs more
 * than running the small queries a command makes. This wraps a better-sqlite3 database so that
 * `prepare` returns the statement already compiled for the same SQL (most recently used kept).
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** How many distinct statements are kept; the store issues a few hundred shapes at most. */
export const STATEMENT_CACHE_SIZE = 500;

/** The database as Kysely's `SqliteDialect` takes it, with prepared statements reused. */
export function withStatementCache(
  database: BetterSqlite3.Database,
  size = STATEMENT_CACHE_SIZE,
): SqliteDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => {
      statements.clear();
      database.close();
    },
    prepare: (sql: string): SqliteStatement => {
      const cached = statements.get(sql);
      // A statement still iterating a streamed result cannot run again; that caller gets a fresh one.
      if (cached !== undefined && !cached.busy) {
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const statement = database.prepare(sql);
      if (cached === undefined) {
        statements.set(sql, statement);
        if (statements.size > size) {
          const oldest = statements.keys().next().value;
          if (oldest !== undefined) statements.delete(oldest);
        }
      }
      return statement;
    },
  };
}
