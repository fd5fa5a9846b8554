/** Part of the store contract: reports and drafts, outbox, audit, idempotency and transactions. */
import { describe, expect, it } from 'vitest';
import type { OutboxEntry, Store } from '../../src/ports/store.ts';
import { at, buildEvaluation, buildReport, buildReportContent } from './store-fixtures.ts';

function entry(key: string, overrides: Partial<OutboxEntry> = {}): OutboxEntry {
  return {
    key,
    queue: 'notify',
    name: 'mentor-summary',
    payload: { evaluation: 'E-9001', n: 1 },
    runAt: null,
    ...overrides,
  };
}

/** Declares the report, outbox, audit, idempotency and transaction tests on the store `current()` returns. */
export function recordsContract(current: () => Store): void {
  describe('drafts and reports', () => {
    it('saves, resumes, overwrites and deletes a draft per evaluation and author', async () => {
      const store = current();
      await store.evaluations.insert(buildEvaluation());
      const draft = {
        evaluation: 'E-9001',
        author: 'alice',
        content: { strengths: 'Tidy' },
        step: 1,
        updatedAt: at(1),
      };
      await store.reports.saveDraft(draft);
      expect(await store.reports.getDraft('E-9001', 'alice')).toEqual(draft);
      const next = {
        ...draft,
        content: { strengths: 'Tidy code', outcome: 'approved' as const },
        step: 2,
        updatedAt: at(2),
      };
      await store.reports.saveDraft(next);
      expect(await store.reports.getDraft('E-9001', 'alice')).toEqual(next);
      expect(await store.reports.getDraft('E-9001', 'bruno')).toBeNull();
      await store.evaluations.insert(buildEvaluation({ id: 'E-9002' }));
      const other = { ...draft, evaluation: 'E-9002', updatedAt: at(3) };
      await store.reports.saveDraft(other);
      await store.reports.saveDraft({ ...other, author: 'bruno' });
      const byAlice = await store.reports.draftsBy('alice');
      expect([...byAlice].sort((a, b) => a.evaluation.localeCompare(b.evaluation))).toEqual([next, other]);
      expect(await store.reports.draftsBy('chloe')).toEqual([]);
      await store.reports.deleteDraft('E-9001', 'alice');
      expect(await store.reports.getDraft('E-9001', 'alice')).toBeNull();
      expect(await store.reports.draftsBy('alice')).toEqual([other]);
    });

    it('keeps report versions in order and refuses a gap or a repeat', async () => {
      const store = current();
      await store.evaluations.insert(buildEvaluation());
      expect(await store.reports.latest('E-9001')).toBeNull();
      const v1 = buildReport();
      const v2 = buildReport({
        version: 2,
        submittedAt: at(30),
        amendReason: 'Typo in the justification',
        content: buildReportContent({ readinessDoubt: true, doubtNote: 'Struggled with questions' }),
      });
      await store.reports.insert(v1);
      await store.reports.insert(v2);
      expect(await store.reports.latest('E-9001')).toEqual(v2);
      expect(await store.reports.versions('E-9001')).toEqual([v1, v2]);
      await expect(store.reports.insert(buildReport({ version: 4 }))).rejects.toThrow();
      await expect(store.reports.insert(buildReport({ version: 2 }))).rejects.toThrow();
      expect(await store.reports.versions('E-9001')).toHaveLength(2);
    });

    it('lists the latest version of each report, oldest first, by student, project and period', async () => {
      const store = current();
      await store.evaluations.insert(buildEvaluation({ id: 'E-1' }));
      await store.evaluations.insert(
        buildEvaluation({ id: 'E-2', student: 'stu-gina', project: 'data-1-sql' }),
      );
      await store.evaluations.insert(buildEvaluation({ id: 'E-3', student: 'stu-felix' }));
      await store.reports.insert(buildReport({ evaluation: 'E-1', submittedAt: at(10) }));
      await store.reports.insert(buildReport({ evaluation: 'E-2', submittedAt: at(5), author: 'bruno' }));
      await store.reports.insert(
        buildReport({ evaluation: 'E-1', version: 2, submittedAt: at(20), amendReason: 'x' }),
      );
      await store.reports.insert(buildReport({ evaluation: 'E-3', submittedAt: at(15) }));
      const keys = async (filter?: Parameters<Store['reports']['list']>[0]) =>
        (await store.reports.list(filter)).map((r) => `${r.evaluation}v${r.version}`);
      expect(await keys()).toEqual(['E-2v1', 'E-3v1', 'E-1v2']);
      expect(await keys({ since: at(15) })).toEqual(['E-3v1', 'E-1v2']);
      expect(await keys({ since: at(5), until: at(15) })).toEqual(['E-2v1']);
      expect(await keys({ student: 'stu-emma' })).toEqual(['E-1v2']);
      expect(await keys({ project: 'web-1-portfolio' })).toEqual(['E-3v1', 'E-1v2']);
      expect(await keys({ project: 'data-1-sql', student: 'stu-emma' })).toEqual([]);
      expect((await store.reports.list({ student: 'stu-gina' }))[0]).toEqual(
        buildReport({ evaluation: 'E-2', submittedAt: at(5), author: 'bruno' }),
      );
    });
  });

  describe('scanning the latest reports', () => {
    it('yields what list returns, in the same order, in batches, with the digest fields only', async () => {
      const store = current();
      await store.evaluations.insert(buildEvaluation({ id: 'E-1' }));
      await store.evaluations.insert(
        buildEvaluation({ id: 'E-2', student: 'stu-gina', project: 'data-1-sql', attempt: 2 }),
      );
      await store.evaluations.insert(buildEvaluation({ id: 'E-3', student: 'stu-felix' }));
      await store.evaluations.insert(buildEvaluation({ id: 'E-4', student: 'stu-felix' }));
      await store.evaluations.insert(buildEvaluation({ id: 'E-5' }));
      await store.reports.insert(buildReport({ evaluation: 'E-1', submittedAt: at(10) }));
      await store.reports.insert(buildReport({ evaluation: 'E-2', submittedAt: at(5), author: 'bruno' }));
      await store.reports.insert(
        buildReport({
          evaluation: 'E-1',
          version: 2,
          submittedAt: at(20),
          amendReason: 'x',
          content: buildReportContent({ readinessDoubt: true, commonMistakes: 'No tests.' }),
        }),
      );
      // Three reports at one instant: the pages must cut through the tie without losing or repeating one.
      await store.reports.insert(buildReport({ evaluation: 'E-4', submittedAt: at(15) }));
      await store.reports.insert(buildReport({ evaluation: 'E-3', submittedAt: at(15) }));
      await store.reports.insert(buildReport({ evaluation: 'E-5', submittedAt: at(15) }));

      const scan = async (filter: Parameters<Store['reports']['scanLatest']>[0], size: number) => {
        const batches: string[][] = [];
        for await (const batch of store.reports.scanLatest(filter, size)) {
          batches.push(batch.map((r) => `${r.evaluation}v${r.version}`));
        }
        return batches;
      };
      const listed = async (filter: Parameters<Store['reports']['list']>[0]) =>
        (await store.reports.list(filter)).map((r) => `${r.evaluation}v${r.version}`);
      for (const filter of [
        {},
        { since: at(15) },
        { since: at(5), until: at(15) },
        { student: 'stu-felix' },
        { project: 'web-1-portfolio', until: at(20) },
        { project: 'data-1-sql', student: 'stu-emma' },
      ]) {
        for (const size of [1, 2, 3, 100]) {
          const batches = await scan(filter, size);
          expect(batches.flat()).toEqual(await listed(filter));
          expect(batches.every((b) => b.length > 0 && b.length <= size)).toBe(true);
        }
      }
      expect(await scan({}, 2)).toEqual([['E-2v1', 'E-3v1'], ['E-4v1', 'E-5v1'], ['E-1v2']]);

      const rows = [];
      for await (const batch of store.reports.scanLatest({ since: at(0) })) rows.push(...batch);
      const [gina] = rows;
      expect(gina).toEqual({
        evaluation: 'E-2',
        version: 1,
        project: 'data-1-sql',
        attempt: 2,
        submittedAt: at(5),
        content: {
          criteria: { 'semantic-html': { verdict: 'met' }, responsive: { verdict: 'met' } },
          outcome: 'approved',
          readinessDoubt: false,
          commonMistakes: '',
          materialSuggestions: '',
        },
      });
      expect(rows.at(-1)).toMatchObject({
        evaluation: 'E-1',
        version: 2,
        project: 'web-1-portfolio',
        content: { readinessDoubt: true, commonMistakes: 'No tests.' },
      });
      // The digest reads nothing addressed to the student, the mentor or the jury.
      expect(Object.keys(gina?.content ?? {}).sort()).toEqual([
        'commonMistakes',
        'criteria',
        'materialSuggestions',
        'outcome',
        'readinessDoubt',
      ]);
    });

    it('yields nothing when no report matches', async () => {
      const store = current();
      const batches = [];
      for await (const batch of store.reports.scanLatest({ project: 'web-1-portfolio' })) batches.push(batch);
      expect(batches).toEqual([]);
    });
  });

  describe('outbox', () => {
    it('ignores a second entry with the same key and relays in order', async () => {
      const store = current();
      await store.outbox.add(entry('notify-E-9001-summary'));
      await store.outbox.add(entry('notify-E-9001-summary', { payload: { other: true } }));
      await store.outbox.add(
        entry('reminder-E-9001-due', { queue: 'reminders', name: 'report-due', runAt: at(48) }),
      );
      await store.outbox.add(entry('dossier-stu-emma', { queue: 'dossier', name: 'compile' }));
      const pending = await store.outbox.pending(10);
      expect(pending.map((r) => r.key)).toEqual([
        'notify-E-9001-summary',
        'reminder-E-9001-due',
        'dossier-stu-emma',
      ]);
      expect(pending[0]).toMatchObject({
        queue: 'notify',
        payload: { evaluation: 'E-9001', n: 1 },
        runAt: null,
        relayedAt: null,
      });
      expect(pending[0]?.createdAt).toBeInstanceOf(Date);
      expect(pending[1]).toMatchObject({ queue: 'reminders', name: 'report-due', runAt: at(48) });
      expect(await store.outbox.pending(2)).toHaveLength(2);

      const [first, second] = pending;
      await store.outbox.markRelayed([first?.id ?? -1, second?.id ?? -1], at(1));
      await store.outbox.markRelayed([], at(1));
      expect((await store.outbox.pending(10)).map((r) => r.key)).toEqual(['dossier-stu-emma']);
      await store.outbox.add(entry('notify-E-9001-summary'));
      expect(await store.outbox.pending(10)).toHaveLength(1);
    });

    it('makes pending again the rows relayed since a time and the delayed ones still ahead', async () => {
      const store = current();
      await store.outbox.add(entry('old-done'));
      await store.outbox.add(entry('old-delayed', { queue: 'reminders', name: 'report-due', runAt: at(30) }));
      await store.outbox.add(entry('old-due', { queue: 'reminders', name: 'report-due', runAt: at(5) }));
      await store.outbox.add(entry('recent'));
      await store.outbox.add(entry('never-relayed'));
      const ids = new Map((await store.outbox.pending(10)).map((r) => [r.key, r.id]));
      const id = (key: string) => ids.get(key) ?? -1;
      await store.outbox.markRelayed([id('old-done'), id('old-delayed'), id('old-due')], at(1));
      await store.outbox.markRelayed([id('recent')], at(9));
      expect(await store.outbox.replay(at(8), at(10))).toBe(2);
      expect((await store.outbox.pending(10)).map((r) => r.key)).toEqual([
        'old-delayed',
        'recent',
        'never-relayed',
      ]);
    });
  });

  describe('audit', () => {
    it('appends entries and lists them by subject, actor and action, oldest first', async () => {
      const store = current();
      await store.audit.append({
        at: at(1),
        actor: 'colin',
        action: 'evaluation.request',
        subject: 'E-1',
        outcome: 'ok',
        detail: { student: 'stu-emma' },
      });
      await store.audit.append({
        at: at(2),
        actor: 'alice',
        action: 'offer.accept',
        subject: 'E-1',
        outcome: 'ok',
        detail: {},
      });
      await store.audit.append({
        at: at(3),
        actor: 'mia',
        action: 'command.assess.queue',
        subject: null,
        outcome: 'forbidden',
        detail: { role: 'mentor' },
      });
      await store.audit.append({
        at: at(4),
        actor: 'alice',
        action: 'report.submit',
        subject: 'E-1',
        outcome: 'ok',
        detail: { version: 1 },
      });
      const actions = (entries: { action: string }[]) => entries.map((e) => e.action);
      const all = await store.audit.list();
      expect(actions(all)).toEqual([
        'evaluation.request',
        'offer.accept',
        'command.assess.queue',
        'report.submit',
      ]);
      expect(all[0]).toEqual({
        at: at(1),
        actor: 'colin',
        action: 'evaluation.request',
        subject: 'E-1',
        outcome: 'ok',
        detail: { student: 'stu-emma' },
      });
      expect(all[2]?.subject).toBeNull();
      expect(actions(await store.audit.list({ subject: 'E-1' }))).toEqual([
        'evaluation.request',
        'offer.accept',
        'report.submit',
      ]);
      expect(actions(await store.audit.list({ actor: 'alice' }))).toEqual(['offer.accept', 'report.submit']);
      expect(actions(await store.audit.list({ actor: 'alice', action: 'report.submit' }))).toEqual([
        'report.submit',
      ]);
      expect(actions(await store.audit.list({ limit: 2 }))).toEqual([
        'command.assess.queue',
        'report.submit',
      ]);
      expect(await store.audit.list({ subject: 'E-404' })).toEqual([]);
    });
  });

  describe('idempotency', () => {
    it('claims a key once', async () => {
      const store = current();
      expect(await store.idempotency.claim('slack-event-Ev123', at(0))).toBe(true);
      expect(await store.idempotency.claim('slack-event-Ev123', at(1))).toBe(false);
      expect(await store.idempotency.claim('slack-event-Ev124', at(1))).toBe(true);
      expect(await store.idempotency.seen('slack-event-Ev124')).toBe(true);
      expect(await store.idempotency.seen('slack-event-Ev125')).toBe(false);
    });

    it('lets exactly one of concurrent claims win', async () => {
      const store = current();
      const results = await Promise.all(
        Array.from({ length: 5 }, () => store.idempotency.claim('click-1', at(0))),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });

  describe('transactions', () => {
    it('commits every write and returns the result', async () => {
      const store = current();
      const result = await store.transaction(async (tx) => {
        const id = await tx.evaluations.nextId();
        await tx.evaluations.insert(buildEvaluation({ id }));
        await tx.outbox.add(entry(`notify-${id}`));
        await tx.audit.append({
          at: at(0),
          actor: 'api',
          action: 'evaluation.request',
          subject: id,
          outcome: 'ok',
          detail: {},
        });
        expect(await tx.evaluations.get(id)).not.toBeNull();
        return id;
      });
      expect(result).toBe('E-1001');
      expect(await store.evaluations.get('E-1001')).not.toBeNull();
      expect((await store.outbox.pending(10)).map((r) => r.key)).toEqual(['notify-E-1001']);
      expect(await store.audit.list({ subject: 'E-1001' })).toHaveLength(1);
    });

    it('rolls back everything, outbox rows included, when the work throws', async () => {
      const store = current();
      const failure = store.transaction(async (tx) => {
        await tx.evaluations.insert(buildEvaluation());
        await tx.outbox.add(entry('notify-E-9001'));
        await tx.idempotency.claim('submit-E-9001', at(0));
        throw new Error('boom');
      });
      await expect(failure).rejects.toThrow('boom');
      expect(await store.evaluations.get('E-9001')).toBeNull();
      expect(await store.outbox.pending(10)).toEqual([]);
      expect(await store.idempotency.claim('submit-E-9001', at(1))).toBe(true);
    });

    it('rolls back earlier writes when a later statement fails (unknown student)', async () => {
      const store = current();
      await store.transaction(async (tx) => {
        await tx.people.updateAvailability('alice', { capacity: 1 });
      });
      await expect(
        store.transaction(async (tx) => {
          await tx.people.updateAvailability('alice', { capacity: 9 });
          await tx.evaluations.insert(buildEvaluation({ student: 'stu-nobody' }));
        }),
      ).rejects.toThrow();
      expect((await store.people.getPerson('alice'))?.capacity).toBe(1);
    });
  });
}
