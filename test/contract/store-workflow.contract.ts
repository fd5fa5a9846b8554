/** Part of the store contract: evaluations and offers (the organisation is already imported). */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/ports/store.ts';
import { at, buildEvaluation, buildExplanation, buildOffer } from './store-fixtures.ts';

const DAY = 24;

/** Declares the evaluation and offer tests on the store `current()` returns. */
export function workflowContract(current: () => Store): void {
  describe('evaluations', () => {
    it('allocates ids from E-1001 upwards', async () => {
      const store = current();
      expect(await store.evaluations.nextId()).toBe('E-1001');
      expect(await store.evaluations.nextId()).toBe('E-1002');
    });

    it('allocates distinct ids under 20 concurrent calls', async () => {
      const store = current();
      const ids = await Promise.all(Array.from({ length: 20 }, () => store.evaluations.nextId()));
      expect(new Set(ids).size).toBe(20);
      const numbers = ids.map((id) => Number(id.slice(2))).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => 1001 + i));
    });

    it('round-trips every field, dates as Date and missing values as null', async () => {
      const store = current();
      const full = buildEvaluation({
        id: 'E-2001',
        status: 'conditional',
        assessor: 'alice',
        requestedBy: null,
        scheduledAt: at(5),
        acceptedAt: at(1),
        dueAt: at(53),
        submittedAt: at(6),
        windowEndsAt: at(54),
        outcome: 'conditional',
        version: 4,
        updatedAt: at(6),
      });
      await store.evaluations.insert(full);
      await store.evaluations.insert(buildEvaluation());
      expect(await store.evaluations.get('E-2001')).toEqual(full);
      const bare = await store.evaluations.get('E-9001');
      expect(bare).toEqual(buildEvaluation());
      expect(bare?.requestedAt).toBeInstanceOf(Date);
      expect(await store.evaluations.get('E-404')).toBeNull();
    });

    it('lists with filters, oldest request first', async () => {
      const store = current();
      await store.evaluations.insert(
        buildEvaluation({ id: 'E-3', requestedAt: at(3), status: 'offered', assessor: 'alice' }),
      );
      await store.evaluations.insert(buildEvaluation({ id: 'E-1', requestedAt: at(1) }));
      await store.evaluations.insert(
        buildEvaluation({
          id: 'E-2',
          requestedAt: at(2),
          student: 'stu-gina',
          project: 'data-1-sql',
          status: 'accepted',
          assessor: 'bruno',
        }),
      );
      const ids = async (filter?: Parameters<Store['evaluations']['list']>[0]) =>
        (await store.evaluations.list(filter)).map((e) => e.id);
      expect(await ids()).toEqual(['E-1', 'E-2', 'E-3']);
      expect(await ids({ status: 'requested' })).toEqual(['E-1']);
      expect(await ids({ status: ['offered', 'accepted'] })).toEqual(['E-2', 'E-3']);
      expect(await ids({ status: [] })).toEqual([]);
      expect(await ids({ assessor: 'alice' })).toEqual(['E-3']);
      expect(await ids({ student: 'stu-emma' })).toEqual(['E-1', 'E-3']);
      expect(await ids({ project: 'data-1-sql', student: 'stu-gina' })).toEqual(['E-2']);
      expect(await ids({ status: 'approved' })).toEqual([]);
      const filters: Parameters<Store['evaluations']['count']>[0][] = [
        {},
        { status: ['offered', 'accepted'] },
        { status: [] },
        { student: 'stu-emma' },
        { project: 'data-1-sql', student: 'stu-gina' },
        { status: 'approved' },
      ];
      for (const filter of filters) {
        expect(await store.evaluations.count(filter)).toBe((await ids(filter)).length);
      }
    });

    it('updates only from the expected version', async () => {
      const store = current();
      const original = buildEvaluation();
      await store.evaluations.insert(original);
      const accepted = {
        ...original,
        status: 'accepted' as const,
        assessor: 'alice',
        acceptedAt: at(1),
        version: 2,
        updatedAt: at(1),
      };
      expect(await store.evaluations.update(accepted)).toBe(true);
      expect(await store.evaluations.get(original.id)).toEqual(accepted);
      const stale = { ...original, status: 'cancelled' as const, version: 2, updatedAt: at(2) };
      expect(await store.evaluations.update(stale)).toBe(false);
      expect(await store.evaluations.get(original.id)).toEqual(accepted);
      expect(await store.evaluations.update(buildEvaluation({ id: 'E-404', version: 2 }))).toBe(false);
    });

    it('lets exactly one of two concurrent writers of the same version win', async () => {
      const store = current();
      await store.evaluations.insert(buildEvaluation());
      const results = await Promise.all([
        store.evaluations.update(buildEvaluation({ status: 'offered', assessor: 'alice', version: 2 })),
        store.evaluations.update(buildEvaluation({ status: 'offered', assessor: 'bruno', version: 2 })),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('knows the last attempt of a student on a project', async () => {
      const store = current();
      expect(await store.evaluations.lastAttempt('stu-emma', 'web-1-portfolio')).toBe(0);
      await store.evaluations.insert(buildEvaluation({ id: 'E-1', status: 'to_rework' }));
      await store.evaluations.insert(buildEvaluation({ id: 'E-2', attempt: 2 }));
      await store.evaluations.insert(buildEvaluation({ id: 'E-3', attempt: 5, project: 'web-2-api' }));
      expect(await store.evaluations.lastAttempt('stu-emma', 'web-1-portfolio')).toBe(2);
      expect(await store.evaluations.lastAttempt('stu-felix', 'web-1-portfolio')).toBe(0);
    });

    it('computes loads per assessor and past assessments', async () => {
      const store = current();
      const rows = [
        buildEvaluation({ id: 'E-1', status: 'offered', assessor: 'alice', requestedAt: at(-1) }),
        buildEvaluation({ id: 'E-2', status: 'accepted', assessor: 'alice', acceptedAt: at(-2 * DAY) }),
        buildEvaluation({
          id: 'E-3',
          status: 'approved',
          assessor: 'alice',
          acceptedAt: at(-12 * DAY),
          submittedAt: at(-10 * DAY),
        }),
        buildEvaluation({
          id: 'E-4',
          student: 'stu-felix',
          status: 'approved',
          assessor: 'alice',
          acceptedAt: at(-42 * DAY),
          submittedAt: at(-40 * DAY),
        }),
        buildEvaluation({
          id: 'E-5',
          student: 'stu-hugo',
          project: 'data-1-sql',
          status: 'accepted',
          assessor: 'bruno',
          acceptedAt: at(-10 * DAY),
        }),
        buildEvaluation({ id: 'E-6', status: 'cancelled', assessor: 'chloe', acceptedAt: at(-DAY) }),
        buildEvaluation({ id: 'E-7' }),
        buildEvaluation({
          id: 'E-8',
          status: 'to_rework',
          assessor: 'bruno',
          acceptedAt: at(-6 * DAY),
          submittedAt: at(-5 * DAY),
        }),
      ];
      for (const row of rows) await store.evaluations.insert(row);
      const loads = await store.evaluations.loads(at(-30 * DAY), at(-7 * DAY));
      expect(loads.get('alice')).toEqual({ open: 2, recent: 1, week: 2 });
      expect(loads.get('bruno')).toEqual({ open: 1, recent: 1, week: 1 });
      expect(loads.get('chloe') ?? { open: 0, recent: 0, week: 0 }).toEqual({ open: 0, recent: 0, week: 0 });
      expect(loads.get('dmitri')).toBeUndefined();

      expect(await store.evaluations.pastAssessors('stu-emma')).toEqual(['alice', 'bruno']);
      expect(await store.evaluations.pastAssessors('stu-hugo')).toEqual([]);
      expect(await store.evaluations.pastPairs()).toEqual([
        { assessor: 'alice', student: 'stu-emma' },
        { assessor: 'alice', student: 'stu-felix' },
        { assessor: 'bruno', student: 'stu-emma' },
      ]);
    });
  });

  describe('offers', () => {
    it('stores an offer with its explanation and finds the pending one', async () => {
      const store = current();
      await store.evaluations.insert(buildEvaluation({ status: 'offered', assessor: 'alice' }));
      const offer = buildOffer();
      await store.offers.insert(offer);
      expect(await store.offers.get('O-1')).toEqual(offer);
      expect(await store.offers.get('O-404')).toBeNull();
      expect(await store.offers.pendingFor('E-9001')).toEqual(offer);
      expect((await store.offers.get('O-1'))?.explanation).toEqual(buildExplanation());
    });

    it('accepts an answer once only', async () => {
      const store = current();
      await store.evaluations.insert(buildEvaluation({ status: 'offered', assessor: 'alice' }));
      await store.offers.insert(buildOffer());
      expect(await store.offers.respond('O-1', { status: 'accepted', at: at(1) })).toBe(true);
      expect(
        await store.offers.respond('O-1', { status: 'declined', at: at(2), reason: 'unavailable' }),
      ).toBe(false);
      expect(await store.offers.get('O-1')).toMatchObject({
        status: 'accepted',
        respondedAt: at(1),
        declineReason: null,
      });
      expect(await store.offers.pendingFor('E-9001')).toBeNull();
      expect(await store.offers.respond('O-404', { status: 'expired', at: at(1) })).toBe(false);
    });

    it('records a decline with its reason and lists offers in order', async () => {
      const store = current();
      await store.evaluations.insert(buildEvaluation({ status: 'offered', assessor: 'bruno' }));
      await store.offers.insert(buildOffer({ id: 'O-1', assessor: 'dmitri' }));
      expect(
        await store.offers.respond('O-1', {
          status: 'declined',
          at: at(1),
          reason: 'conflict_of_interest',
          note: 'Former colleague',
        }),
      ).toBe(true);
      await store.offers.insert(
        buildOffer({ id: 'O-2', assessor: 'bruno', createdAt: at(1), expiresAt: at(25) }),
      );
      expect(await store.offers.get('O-1')).toMatchObject({
        status: 'declined',
        declineReason: 'conflict_of_interest',
        declineNote: 'Former colleague',
      });
      expect((await store.offers.listFor('E-9001')).map((o) => o.id)).toEqual(['O-1', 'O-2']);
      expect((await store.offers.pendingFor('E-9001'))?.id).toBe('O-2');
      expect(await store.offers.listFor('E-404')).toEqual([]);
      expect((await store.offers.pendingTo('bruno')).map((o) => o.id)).toEqual(['O-2']);
      expect(await store.offers.pendingTo('dmitri')).toEqual([]);
    });
  });
}
