/** The store contract on SQLite: in memory (the unit tests' fast real store) and on a file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import { storeContract } from '../contract/store.contract.ts';
import { buildOrganisation } from '../helpers/org-builder.ts';

const dir = mkdtempSync(join(tmpdir(), 'assessor-desk-store-'));
let files = 0;

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function openMigrated(url: string) {
  const store = await openStore(url);
  await store.migrate();
  return store;
}

storeContract('sqlite in memory', () => openMigrated('sqlite::memory:'));

storeContract('sqlite file', () => openMigrated(`sqlite:${join(dir, `contract-${++files}`, 'desk.db')}`));

describe('openStore on SQLite', () => {
  it('creates the parent directory, uses WAL and keeps data across reopenings', async () => {
    const url = `sqlite:${join(dir, 'nested', 'deeper', 'desk.db')}`;
    const first = await openMigrated(url);
    expect(first.dialect).toBe('sqlite');
    await first.org.importOrganisation(buildOrganisation());
    await first.close();

    const second = await openMigrated(url);
    expect((await second.org.getSettings())?.name).toBe('Test School');
    expect((await second.org.importOrganisation(buildOrganisation())).inserted).toBe(0);
    await second.close();

    const raw = new BetterSqlite3(url.slice('sqlite:'.length));
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('rejects an unknown database URL', async () => {
    await expect(openStore('mysql://localhost/desk')).rejects.toThrow(/Unsupported DATABASE_URL/);
    await expect(openStore('sqlite:')).rejects.toThrow(/needs a file path/);
  });
});
