/**
 * `SentMessageRepository` behaves the same in memory, on SQLite and (when `TEST_DATABASE_URL` is
 * set) on PostgreSQL, each in its own schema; on a store it commits and rolls back with the transaction.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { MemorySentMessageRepository, type SentMessageRepository } from '../../src/ports/sent-messages.ts';
import type { Store } from '../../src/ports/store.ts';
import { openStore } from '../../src/store/open-store.ts';

const T0 = new Date('2026-11-30T09:00:00.000Z');
const T1 = new Date('2026-11-30T09:05:00.000Z');

function sentMessagesContract(open: () => Promise<{ repo: SentMessageRepository; store?: Store }>) {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('remembers messages by subject, oldest first, and replaces a re-recorded one', async () => {
    const opened = await open();
    store = opened.store;
    const { repo } = opened;
    const slackRef = { platform: 'slack' as const, channel: 'D-U01ALICE', id: '1' };
    await repo.record({ subject: 'offer.E-1001.1', recipient: 'alice', ref: slackRef, sentAt: T1 });
    await repo.record({
      subject: 'offer.E-1001.1',
      recipient: 'alice',
      ref: { platform: 'discord', channel: 'D-1', id: '9' },
      sentAt: T0,
    });
    await repo.record({ subject: 'offer.E-1002.1', recipient: 'bruno', ref: slackRef, sentAt: T0 });
    await repo.record({
      subject: 'offer.E-1001.1',
      recipient: 'alice',
      ref: { ...slackRef, id: '2' },
      sentAt: T1,
    });
    expect(await repo.list('offer.E-1001.1')).toEqual([
      {
        subject: 'offer.E-1001.1',
        recipient: 'alice',
        ref: { platform: 'discord', channel: 'D-1', id: '9' },
        sentAt: T0,
      },
      { subject: 'offer.E-1001.1', recipient: 'alice', ref: { ...slackRef, id: '2' }, sentAt: T1 },
    ]);
    expect(await repo.list('offer.E-9999.1')).toEqual([]);
  });
}

describe('in memory', () => {
  sentMessagesContract(async () => ({ repo: new MemorySentMessageRepository() }));
});

async function sqliteStore(): Promise<Store> {
  const store = await openStore('sqlite::memory:');
  await store.migrate();
  return store;
}

describe('on SQLite', () => {
  sentMessagesContract(async () => {
    const store = await sqliteStore();
    return { repo: store.sentMessages, store };
  });

  it('is written with the transaction, and rolled back with it', async () => {
    const store = await sqliteStore();
    try {
      const ref = { platform: 'slack' as const, channel: 'D-U01ALICE', id: '1' };
      await store
        .transaction(async (tx) => {
          await tx.sentMessages.record({ subject: 's', recipient: 'alice', ref, sentAt: T0 });
          throw new Error('rollback');
        })
        .catch(() => undefined);
      expect(await store.sentMessages.list('s')).toEqual([]);
      await store.transaction((tx) =>
        tx.sentMessages.record({ subject: 's', recipient: 'alice', ref, sentAt: T0 }),
      );
      expect(await store.sentMessages.list('s')).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('on PostgreSQL', () => {
  const schemas: string[] = [];
  afterEach(async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      for (const schema of schemas.splice(0)) await admin.query(`drop schema if exists "${schema}" cascade`);
    } finally {
      await admin.end();
    }
  });

  sentMessagesContract(async () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    schemas.push(schema);
    const store = await openStore(url ?? '', { schema, poolSize: 2 });
    await store.migrate();
    return { repo: store.sentMessages, store };
  });
});
