import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withStatementCache } from '../../src/store/statement-cache.ts';

describe('the SQLite statement cache', () => {
  let database: BetterSqlite3.Database;

  beforeEach(() => {
    database = new BetterSqlite3(':memory:');
    database.exec('create table t (id integer primary key, name text)');
    database.exec("insert into t (name) values ('a'), ('b'), ('c')");
  });
  afterEach(() => {
    if (database.open) database.close();
  });

  it('runs the same SQL again with other parameters and gives each call its own rows', () => {
    const cached = withStatementCache(database);
    const sql = 'select name from t where id = ?';
    expect(cached.prepare(sql).all([1])).toEqual([{ name: 'a' }]);
    expect(cached.prepare(sql).all([3])).toEqual([{ name: 'c' }]);
    expect(cached.prepare(sql)).toBe(cached.prepare(sql));
  });

  it('gives a fresh statement while the cached one is still iterating', () => {
    const cached = withStatementCache(database);
    const sql = 'select name from t order by id';
    const names: string[] = [];
    for (const row of cached.prepare(sql).iterate([]) as Iterable<{ name: string }>) {
      names.push(
        row.name,
        ...cached
          .prepare(sql)
          .all([])
          .map((r) => (r as { name: string }).name),
      );
    }
    expect(names).toEqual(['a', 'a', 'b', 'c', 'b', 'a', 'b', 'c', 'c', 'a', 'b', 'c']);
  });

  it('keeps the most recently used statements up to its size', () => {
    const cached = withStatementCache(database, 2);
    const first = cached.prepare('select 1');
    cached.prepare('select 2');
    expect(cached.prepare('select 1')).toBe(first);
    const second = cached.prepare('select 2');
    cached.prepare('select 3');
    expect(cached.prepare('select 2')).toBe(second);
    expect(cached.prepare('select 1')).not.toBe(first);
  });

  it('sees a table changed after the statement was prepared', () => {
    const cached = withStatementCache(database);
    const sql = 'select * from t where id = ?';
    expect(cached.prepare(sql).all([1])).toEqual([{ id: 1, name: 'a' }]);
    database.exec("alter table t add column note text default 'n'");
    expect(cached.prepare(sql).all([1])).toEqual([{ id: 1, name: 'a', note: 'n' }]);
  });

  it('closes the database', () => {
    withStatementCache(database).close();
    expect(database.open).toBe(false);
  });
});
