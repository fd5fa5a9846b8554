import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scheduleSoutenance } from '../../src/app/availability.ts';
import { recordResubmission } from '../../src/app/conditional.ts';
import { handleReminder } from '../../src/app/reminders.ts';
import { requestEvaluation } from '../../src/app/request-evaluation.ts';
import { acceptOffer } from '../../src/app/respond-to-offer.ts';
import { submitReport } from '../../src/app/submit-report.ts';
import { Reminder } from '../../src/domain/notifications.ts';
import type { OutboxRow } from '../../src/ports/store.ts';
import { createHarness, type Harness, validReport } from '../helpers/app-harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

/** Fires every due reminder in the outbox at the clock's current time, like the delayed jobs would. */
async function fireDueReminders(): Promise<string[]> {
  const fired: string[] = [];
  const rows: OutboxRow[] = await h.store.outbox.pending(1000);
  const due = rows.filter(
    (r) => r.queue === 'reminders' && (r.runAt?.getTime() ?? 0) <= h.clock.now().getTime(),
  );
  await h.store.outbox.markRelayed(
    due.map((r) => r.id),
    h.clock.now(),
  );
  for (const row of due)
    fired.push(`${row.name}:${await handleReminder(h.ctx, Reminder.parse(row.payload))}`);
  return fired;
}

const notifications = async (): Promise<string[]> =>
  (await h.store.outbox.pending(1000)).filter((r) => r.queue === 'notify').map((r) => r.name);

async function accepted() {
  const { evaluation } = await requestEvaluation(h.ctx, {
    student: 'stu-emma',
    project: 'web-1-portfolio',
    actor: { type: 'api' },
  });
  const assessor = await h.person(evaluation.assessor ?? '');
  return { evaluation: await acceptOffer(h.ctx, { evaluation: evaluation.id, person: assessor }), assessor };
}

describe('reminders, on a clock moved by hand', () => {
  it('an offer not answered in 24 h moves to the next candidate', async () => {
    const { evaluation } = await requestEvaluation(h.ctx, {
      student: 'stu-emma',
      project: 'web-1-portfolio',
      actor: { type: 'api' },
    });
    h.clock.advanceHours(23.9);
    expect(await fireDueReminders()).toEqual([]);
    h.clock.advanceHours(0.1);
    expect(await fireDueReminders()).toEqual(['offer_expiry:expired']);
    const moved = await h.store.evaluations.get(evaluation.id);
    expect(moved?.status).toBe('offered');
    expect(moved?.assessor).not.toBe(evaluation.assessor);
  });

  it('an answered offer does not expire', async () => {
    await accepted();
    h.clock.advanceHours(24);
    expect(await fireDueReminders()).toEqual(['offer_expiry:nothing_to_do', 'report_due_soon:reminded']);
  });

  it('reminds the assessor at 24 h and escalates to the coordinators at 48 h', async () => {
    await accepted();
    h.clock.advanceHours(24);
    expect(await fireDueReminders()).toEqual(['offer_expiry:nothing_to_do', 'report_due_soon:reminded']);
    expect(await notifications()).toContain('report_reminder');
    h.clock.advanceHours(24);
    expect(await fireDueReminders()).toEqual(['report_due:escalated']);
    expect(await notifications()).toContain('report_overdue');
  });

  it('a submitted report cancels its reminders', async () => {
    const { evaluation, assessor } = await accepted();
    h.clock.advanceHours(2);
    await submitReport(h.ctx, {
      evaluation: evaluation.id,
      person: assessor,
      content: validReport(['semantic-html', 'responsive']),
    });
    h.clock.advanceHours(48);
    expect(await fireDueReminders()).toEqual([
      'offer_expiry:nothing_to_do',
      'report_due_soon:nothing_to_do',
      'report_due:nothing_to_do',
    ]);
    expect(await notifications()).not.toContain('report_overdue');
  });

  it('a soutenance set later moves the due date; the old reminders do nothing', async () => {
    const { evaluation, assessor } = await accepted();
    await scheduleSoutenance(h.ctx, {
      evaluation: evaluation.id,
      person: assessor,
      when: new Date('2026-12-03T14:00:00.000Z'),
    });
    h.clock.advanceHours(48);
    expect(await fireDueReminders()).toEqual([
      'offer_expiry:nothing_to_do',
      'report_due_soon:nothing_to_do',
      'report_due:nothing_to_do',
    ]);
    h.clock.set('2026-12-05T14:00:00.000Z');
    expect(await fireDueReminders()).toEqual(['report_due_soon:reminded', 'report_due:escalated']);
  });

  it('the conditional windows end with a request to decide, to_rework suggested', async () => {
    const { evaluation, assessor } = await accepted();
    await submitReport(h.ctx, {
      evaluation: evaluation.id,
      person: assessor,
      content: validReport(['semantic-html', 'responsive'], {
        outcome: 'conditional',
        criteria: {
          'semantic-html': { verdict: 'met', comment: '' },
          responsive: { verdict: 'not_met', comment: 'Layout breaks on small screens.' },
        },
      }),
    });
    h.clock.advanceHours(20);
    await recordResubmission(h.ctx, { evaluation: evaluation.id, actor: { type: 'api' } });
    // The student's window closed by the re-upload: its reminder is stale at 48 h.
    h.clock.advanceHours(28);
    expect(await fireDueReminders()).toContain('resubmission_window:nothing_to_do');
    h.clock.advanceHours(20);
    expect(await fireDueReminders()).toEqual(['decision_window:window_ended']);
    const decisions = (await h.store.outbox.pending(1000)).filter((r) => r.name === 'decision_needed');
    expect(decisions.map((r) => r.payload)).toEqual([
      { type: 'decision_needed', evaluation: evaluation.id, lapsed: false },
      { type: 'decision_needed', evaluation: evaluation.id, lapsed: true },
    ]);
  });
});
