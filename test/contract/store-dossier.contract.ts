/** Part of the store contract: jury dossier records (progress, delivery, lock). */
import { describe, expect, it } from 'vitest';
import type { DossierRecord, DossierUpsert, Store } from '../../src/ports/store.ts';
import { at } from './store-fixtures.ts';

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);

function compiling(overrides: Partial<DossierUpsert> = {}): DossierUpsert {
  return {
    student: 'stu-emma',
    hash: HASH_A,
    status: 'compiling',
    requestedAt: at(1),
    deliveredAt: null,
    progress: { done: 0, total: 3 },
    locked: false,
    ...overrides,
  };
}

/** Declares the dossier tests on the store `current()` returns (organisation imported). */
export function dossierContract(current: () => Store): void {
  describe('dossiers', () => {
    it('records a dossier and finds it by student and by hash', async () => {
      const store = current();
      expect(await store.dossiers.get('stu-emma')).toBeNull();
      await store.dossiers.upsert(compiling());
      const expected: DossierRecord = {
        student: 'stu-emma',
        hash: HASH_A,
        status: 'compiling',
        requestedAt: at(1),
        deliveredAt: null,
        progress: { done: 0, total: 3 },
        locked: false,
        lockedAt: null,
        markdown: null,
      };
      expect(await store.dossiers.get('stu-emma')).toEqual(expected);
      expect(await store.dossiers.findByHash('stu-emma', HASH_A)).toEqual(expected);
      expect(await store.dossiers.findByHash('stu-emma', HASH_B)).toBeNull();
      expect(await store.dossiers.get('stu-felix')).toBeNull();
      expect(await store.dossiers.lastDelivered('stu-emma')).toBeNull();
    });

    it('returns the most recently requested dossier, and replaces one with the same hash', async () => {
      const store = current();
      await store.dossiers.upsert(compiling());
      await store.dossiers.upsert(compiling({ hash: HASH_B, requestedAt: at(5) }));
      expect((await store.dossiers.get('stu-emma'))?.hash).toBe(HASH_B);
      await store.dossiers.upsert(compiling({ requestedAt: at(9), progress: { done: 1, total: 4 } }));
      expect(await store.dossiers.get('stu-emma')).toMatchObject({
        hash: HASH_A,
        requestedAt: at(9),
        progress: { done: 1, total: 4 },
      });
    });

    it('counts progress up to the total, also under concurrent increments', async () => {
      const store = current();
      await store.dossiers.upsert(compiling({ progress: { done: 0, total: 5 } }));
      expect(await store.dossiers.setProgress('stu-emma', HASH_A, { add: 1 })).toEqual({ done: 1, total: 5 });
      await Promise.all([1, 2, 3].map(() => store.dossiers.setProgress('stu-emma', HASH_A, { add: 1 })));
      expect((await store.dossiers.findByHash('stu-emma', HASH_A))?.progress).toEqual({ done: 4, total: 5 });
      expect(await store.dossiers.setProgress('stu-emma', HASH_A, { add: 3 })).toEqual({ done: 5, total: 5 });
      expect(await store.dossiers.setProgress('stu-emma', HASH_A, { done: 2 })).toEqual({
        done: 2,
        total: 5,
      });
      expect(await store.dossiers.setProgress('stu-emma', HASH_A, { done: 9 })).toEqual({
        done: 5,
        total: 5,
      });
      expect(await store.dossiers.setProgress('stu-emma', HASH_A, { done: 1, total: 8 })).toEqual({
        done: 1,
        total: 8,
      });
      expect(await store.dossiers.setProgress('stu-emma', HASH_B, { add: 1 })).toBeNull();
    });

    it('marks a dossier delivered with its Markdown, and keeps the Markdown on a later upsert', async () => {
      const store = current();
      await store.dossiers.upsert(compiling());
      await store.dossiers.setProgress('stu-emma', HASH_A, { add: 1 });
      await store.dossiers.markDelivered('stu-emma', HASH_A, at(3), '# Dossier\n\nÉlève');
      const delivered = await store.dossiers.findByHash('stu-emma', HASH_A);
      expect(delivered).toMatchObject({
        status: 'delivered',
        deliveredAt: at(3),
        progress: { done: 3, total: 3 },
        markdown: '# Dossier\n\nÉlève',
      });
      expect(await store.dossiers.lastDelivered('stu-emma')).toEqual(delivered);
      await store.dossiers.upsert(compiling({ status: 'failed' }));
      expect(await store.dossiers.findByHash('stu-emma', HASH_A)).toMatchObject({
        status: 'failed',
        markdown: '# Dossier\n\nÉlève',
      });
      await store.dossiers.upsert(compiling({ hash: HASH_B, requestedAt: at(4) }));
      expect((await store.dossiers.get('stu-emma'))?.hash).toBe(HASH_B);
      await store.dossiers.markDelivered('stu-emma', HASH_B, at(6));
      expect(await store.dossiers.lastDelivered('stu-emma')).toMatchObject({ hash: HASH_B, markdown: null });
    });

    it('locks every record of the student once, and keeps the lock on an upsert that omits its time', async () => {
      const store = current();
      expect(await store.dossiers.lock('stu-emma', at(2))).toBe(false);
      await store.dossiers.upsert(compiling());
      await store.dossiers.upsert(compiling({ hash: HASH_B, requestedAt: at(2) }));
      await store.dossiers.upsert(compiling({ student: 'stu-felix' }));
      expect(await store.dossiers.lock('stu-emma', at(7))).toBe(true);
      expect(await store.dossiers.lock('stu-emma', at(8))).toBe(false);
      for (const hash of [HASH_A, HASH_B]) {
        expect(await store.dossiers.findByHash('stu-emma', hash)).toMatchObject({
          locked: true,
          lockedAt: at(7),
        });
      }
      expect((await store.dossiers.get('stu-felix'))?.locked).toBe(false);
      await store.dossiers.upsert(compiling({ hash: HASH_B, requestedAt: at(9), locked: true }));
      expect(await store.dossiers.get('stu-emma')).toMatchObject({ locked: true, lockedAt: at(7) });
    });

    it('works inside a transaction and rolls back with it', async () => {
      const store = current();
      await expect(
        store.transaction(async (tx) => {
          await tx.dossiers.upsert(compiling());
          expect(await tx.dossiers.setProgress('stu-emma', HASH_A, { add: 2 })).toEqual({
            done: 2,
            total: 3,
          });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.dossiers.get('stu-emma')).toBeNull();
    });
  });
}
