/**
 * The store contract on PostgreSQL, when `TEST_DATABASE_URL` is set. Each test runs in its own
 * schema (`t_<random>`, the pool's `search_path`), dropped afterwards, so suites can run in parallel.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/ports/store.ts';
import { openStore } from '../../src/store/open-store.ts';
import { storeContract } from '../contract/store.contract.ts';
import { buildOrganisation } from '../helpers/org-builder.ts';

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('PostgreSQL store', () => {
  const databaseUrl = url ?? '';
  const admin = new pg.Client({ connectionString: databaseUrl });
  const schemas: string[] = [];

  function newSchema(): string {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    schemas.push(schema);
    return schema;
  }

  async function openMigrated(schema: string, via: 'option' | 'url' = 'option'): Promise<Store> {
    const store =
      via === 'option'
        ? await openStore(databaseUrl, { schema, poolSize: 5 })
        : await openStore(`${databaseUrl}${databaseUrl.includes('?') ? '&' : '?'}schema=${schema}`);
    await store.migrate();
    return store;
  }

  beforeAll(async () => {
    await admin.connect();
  });

  // Runs after the contract's own afterEach has closed the store.
  afterEach(async () => {
    for (const schema of schemas.splice(0)) {
      await admin.query(`drop schema if exists "${schema}" cascade`);
    }
  });

  afterAll(async () => {
    await admin.end();
  });

  storeContract('postgres', () => openMigrated(newSchema()));

  it('keeps schemas apart, whether named by option or by ?schema= in the URL', async () => {
    const [a, b] = [newSchema(), newSchema()];
    const first = await openMigrated(a, 'url');
    const second = await openMigrated(b, 'option');
    try {
      expect(first.dialect).toBe('postgres');
      await first.org.importOrganisation(buildOrganisation());
      expect(await first.evaluations.nextId()).toBe('E-1001');
      expect(await second.org.getSettings()).toBeNull();
      expect(await second.evaluations.nextId()).toBe('E-1001');
      const tables = await admin.query<{ table_schema: string }>(
        `select distinct table_schema from information_schema.tables where table_name in ('evaluations', 'kysely_migration') and table_schema = any($1)`,
        [[a, b]],
      );
      expect(tables.rows.map((r) => r.table_schema).sort()).toEqual([a, b].sort());
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('migrates concurrently from several processes without error', async () => {
    const schema = newSchema();
    const stores = await Promise.all([1, 2, 3].map(() => openStore(databaseUrl, { schema, poolSize: 2 })));
    try {
      await Promise.all(stores.map((s) => s.migrate()));
      await Promise.all(stores.map((s) => s.ping()));
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(openStore(databaseUrl, { schema: 'x; drop table y' })).rejects.toThrow(
      /Invalid PostgreSQL schema/,
    );
  });
});
