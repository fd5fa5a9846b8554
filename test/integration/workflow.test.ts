import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimEvaluation } from '../../src/app/claim.ts';
import { decideConditional, recordResubmission } from '../../src/app/conditional.ts';
import { assignWaiting, cancelEvaluation, reassignEvaluation } from '../../src/app/evaluation-admin.ts';
import { relayOutbox } from '../../src/app/outbox-relay.ts';
import { requestEvaluation } from '../../src/app/request-evaluation.ts';
import { acceptOffer, declineOffer, expireOffer } from '../../src/app/respond-to-offer.ts';
import { amendReport, saveDraft, submitReport } from '../../src/app/submit-report.ts';
import { DeskError } from '../../src/domain/errors.ts';
import type { OutboxRow } from '../../src/ports/store.ts';
import { MemoryJobQueue } from '../fakes/memory-job-queue.ts';
import { createHarness, type Harness, validReport } from '../helpers/app-harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

const outbox = async (): Promise<OutboxRow[]> => h.store.outbox.pending(1000);
const names = async (): Promise<string[]> => (await outbox()).map((r) => `${r.queue}/${r.name}`);

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DeskError) return error.code;
    throw error;
  }
  throw new Error('expected a DeskError');
}

async function acceptedEvaluation(student = 'stu-emma', project = 'web-1-portfolio') {
  const { evaluation } = await requestEvaluation(h.ctx, { student, project, actor: { type: 'api' } });
  if (!evaluation.assessor) throw new Error('expected an offer');
  const assessor = await h.person(evaluation.assessor);
  return { evaluation: await acceptOffer(h.ctx, { evaluation: evaluation.id, person: assessor }), assessor };
}

describe('requesting an evaluation', () => {
  it('offers it to an eligible assessor, with the DM and its expiry in the outbox', async () => {
    const { evaluation, offer } = await requestEvaluation(h.ctx, {
      student: 'stu-emma',
      project: 'web-1-portfolio',
      actor: { type: 'api' },
    });
    expect(evaluation).toMatchObject({ id: 'E-1001', status: 'offered', attempt: 1 });
    // dmitri declared a conflict with emma; mia is her mentor; chloe is not certified.
    expect(['alice', 'bruno']).toContain(evaluation.assessor);
    expect(offer?.explanation.assessor).toBe(evaluation.assessor);
    expect(offer?.explanation.others).toContainEqual({ assessor: 'dmitri', reason: 'no_conflict' });
    const rows = await outbox();
    expect(rows.map((r) => r.name)).toEqual(['offer', 'offer_expiry']);
    expect(rows[1]?.runAt?.toISOString()).toBe('2026-12-01T09:00:00.000Z');
  });

  it('refuses an unknown student, a project outside the path and a second open request', async () => {
    expect(
      await codeOf(
        requestEvaluation(h.ctx, { student: 'nobody', project: 'web-2-api', actor: { type: 'api' } }),
      ),
    ).toBe('student_not_found');
    expect(
      await codeOf(
        requestEvaluation(h.ctx, { student: 'stu-emma', project: 'nope', actor: { type: 'api' } }),
      ),
    ).toBe('project_not_found');
    expect(
      await codeOf(
        requestEvaluation(h.ctx, { student: 'stu-emma', project: 'data-1-sql', actor: { type: 'api' } }),
      ),
    ).toBe('project_not_in_path');
    await requestEvaluation(h.ctx, { student: 'stu-emma', project: 'web-2-api', actor: { type: 'api' } });
    expect(
      await codeOf(
        requestEvaluation(h.ctx, { student: 'stu-emma', project: 'web-2-api', actor: { type: 'api' } }),
      ),
    ).toBe('already_open');
  });

  it('waits and tells the coordinators when nobody is eligible; a claim names the broken rule', async () => {
    // data-2-dashboard needs French: bruno speaks it but mentors hugo, chloe does not speak it.
    const { evaluation, offer } = await requestEvaluation(h.ctx, {
      student: 'stu-hugo',
      project: 'data-2-dashboard',
      actor: { type: 'api' },
    });
    expect(offer).toBeNull();
    expect(evaluation.status).toBe('requested');
    expect(await names()).toEqual(['notify/no_assessor']);
    const chloe = await h.person('chloe');
    expect(await codeOf(claimEvaluation(h.ctx, { person: chloe, evaluation: evaluation.id }))).toBe(
      'not_eligible',
    );
  });
});

describe('answering an offer', () => {
  it('accepting sets the due date 48 h later with a reminder at 24 h; a double click is one effect', async () => {
    const { evaluation, assessor } = await acceptedEvaluation();
    expect(evaluation.status).toBe('accepted');
    expect(evaluation.dueAt?.toISOString()).toBe('2026-12-02T09:00:00.000Z');
    const again = await acceptOffer(h.ctx, { evaluation: evaluation.id, person: assessor });
    expect(again.version).toBe(evaluation.version);
    const reminders = (await outbox()).filter((r) => r.queue === 'reminders' && r.name !== 'offer_expiry');
    expect(reminders.map((r) => [r.name, r.runAt?.toISOString()])).toEqual([
      ['report_due_soon', '2026-12-01T09:00:00.000Z'],
      ['report_due', '2026-12-02T09:00:00.000Z'],
    ]);
    expect((await h.store.audit.list({ action: 'offer.accept' })).length).toBe(1);
  });

  it('someone else cannot accept an offer that is not theirs', async () => {
    const { evaluation } = await requestEvaluation(h.ctx, {
      student: 'stu-emma',
      project: 'web-1-portfolio',
      actor: { type: 'api' },
    });
    const other = evaluation.assessor === 'alice' ? 'bruno' : 'alice';
    expect(
      await codeOf(acceptOffer(h.ctx, { evaluation: evaluation.id, person: await h.person(other) })),
    ).toBe('not_your_evaluation');
  });

  it('declining for a conflict of interest records it and moves to the next candidate, never back', async () => {
    const { evaluation } = await requestEvaluation(h.ctx, {
      student: 'stu-emma',
      project: 'web-1-portfolio',
      actor: { type: 'api' },
    });
    const first = evaluation.assessor ?? '';
    const result = await declineOffer(h.ctx, {
      evaluation: evaluation.id,
      person: await h.person(first),
      reason: 'conflict_of_interest',
    });
    expect(result.nextOffer?.assessor).toBeDefined();
    expect(result.nextOffer?.assessor).not.toBe(first);
    expect((await h.person(first)).conflicts).toContain('stu-emma');
    // The second one declines too: nobody is left, the request waits.
    const second = await h.person(result.nextOffer?.assessor ?? '');
    const last = await declineOffer(h.ctx, {
      evaluation: evaluation.id,
      person: second,
      reason: 'unavailable',
    });
    expect(last.nextOffer).toBeNull();
    expect(last.evaluation.status).toBe('requested');
    expect(
      await codeOf(declineOffer(h.ctx, { evaluation: evaluation.id, person: second, reason: 'other' })),
    ).toBe('offer_not_pending');
  });

  it('an unanswered offer expires after 24 h and goes to the next candidate', async () => {
    const { offer } = await requestEvaluation(h.ctx, {
      student: 'stu-emma',
      project: 'web-1-portfolio',
      actor: { type: 'api' },
    });
    if (!offer) throw new Error('expected an offer');
    h.clock.advanceHours(23);
    expect(await expireOffer(h.ctx, offer.id)).toBeNull();
    h.clock.advanceHours(1);
    const moved = await expireOffer(h.ctx, offer.id);
    expect(moved?.nextOffer?.assessor).not.toBe(offer.assessor);
    expect((await h.store.offers.get(offer.id))?.status).toBe('expired');
    expect(await expireOffer(h.ctx, offer.id)).toBeNull();
  });
});

describe('reports', () => {
  it('an invalid report writes nothing and names each field; a valid one notifies the mentor and the student', async () => {
    const { evaluation, assessor } = await acceptedEvaluation();
    const criteria = ['semantic-html', 'responsive'];
    const before = (await outbox()).length;
    const invalid = await submitReport(h.ctx, {
      evaluation: evaluation.id,
      person: assessor,
      content: validReport(criteria, { juryJustification: 'Good.' }),
    });
    expect(invalid.ok).toBe(false);
    if (!invalid.ok) expect(invalid.errors.map((e) => e.field)).toContain('juryJustification');
    expect((await h.store.evaluations.get(evaluation.id))?.status).toBe('accepted');
    expect(await h.store.reports.latest(evaluation.id)).toBeNull();
    expect((await outbox()).length).toBe(before);

    const valid = await submitReport(h.ctx, {
      evaluation: evaluation.id,
      person: assessor,
      content: validReport(criteria),
    });
    expect(valid.ok).toBe(true);
    expect((await h.store.evaluations.get(evaluation.id))?.status).toBe('approved');
    expect(await names()).toEqual(
      expect.arrayContaining(['notify/mentor_summary', 'notify/student_feedback']),
    );
    const again = await submitReport(h.ctx, {
      evaluation: evaluation.id,
      person: assessor,
      content: validReport(criteria),
    });
    expect(again.ok && again.report.version).toBe(1);
    expect((await h.store.reports.versions(evaluation.id)).length).toBe(1);
  });

  it('curriculum feedback naming the student, their mentor or the author is refused with the names to remove', async () => {
    const { evaluation, assessor } = await acceptedEvaluation();
    const criteria = ['semantic-html', 'responsive'];
    const student = await h.store.people.getStudent(evaluation.student);
    const mentor = student && (await h.person(student.mentor));
    const named = await submitReport(h.ctx, {
      evaluation: evaluation.id,
      person: assessor,
      content: validReport(criteria, {
        commonMistakes: `Like ${student?.name}, several forgot alt texts.`,
        materialSuggestions: `${mentor?.name} and ${assessor.name} suggest a lesson on forms.`,
      }),
    });
    expect(named.ok).toBe(false);
    if (!named.ok) {
      expect(named.errors).toEqual([
        { field: 'commonMistakes', code: 'curriculum_not_anonymous', params: { names: student?.name } },
        {
          field: 'materialSuggestions',
          code: 'curriculum_not_anonymous',
          params: { names: `${assessor.name}, ${mentor?.name}` },
        },
      ]);
    }
    expect(await h.store.reports.latest(evaluation.id)).toBeNull();
  });

  it('a draft is kept per step and merged', async () => {
    const { evaluation, assessor } = await acceptedEvaluation();
    await saveDraft(h.ctx, {
      evaluation: evaluation.id,
      person: assessor,
      content: { criteria: { responsive: { verdict: 'met', comment: '' } } },
      step: 1,
    });
    const draft = await saveDraft(h.ctx, {
      evaluation: evaluation.id,
      person: assessor,
      content: { strengths: 'Neat.' },
      step: 2,
    });
    expect(draft.content).toMatchObject({ strengths: 'Neat.', criteria: { responsive: { verdict: 'met' } } });
    expect((await h.store.reports.getDraft(evaluation.id, assessor.id))?.step).toBe(2);
  });

  it('conditional: the re-upload opens the decision window, the decision is a new version', async () => {
    const { evaluation, assessor } = await acceptedEvaluation();
    const content = validReport(['semantic-html', 'responsive'], {
      outcome: 'conditional',
      criteria: {
        'semantic-html': { verdict: 'met', comment: '' },
        responsive: { verdict: 'not_met', comment: 'Breaks below 400 px wide; fix the grid.' },
      },
    });
    const submitted = await submitReport(h.ctx, { evaluation: evaluation.id, person: assessor, content });
    expect(submitted.ok && submitted.evaluation.status).toBe('awaiting_resubmission');
    h.clock.advanceHours(10);
    const resubmitted = await recordResubmission(h.ctx, {
      evaluation: evaluation.id,
      actor: { type: 'api' },
    });
    expect(resubmitted.status).toBe('conditional');
    expect(resubmitted.windowEndsAt?.toISOString()).toBe('2026-12-02T19:00:00.000Z');
    const decided = await decideConditional(h.ctx, {
      evaluation: evaluation.id,
      person: assessor,
      outcome: 'approved',
    });
    expect(decided.evaluation.status).toBe('approved');
    expect(decided.report.version).toBe(2);
  });

  it('an amendment adds a version and asks for the dossier to be rebuilt', async () => {
    const { evaluation, assessor } = await acceptedEvaluation();
    const criteria = ['semantic-html', 'responsive'];
    await submitReport(h.ctx, {
      evaluation: evaluation.id,
      person: assessor,
      content: validReport(criteria),
    });
    const amended = await amendReport(h.ctx, {
      evaluation: evaluation.id,
      actor: { type: 'person', person: assessor },
      content: validReport(criteria, {
        strengths: 'Clear structure, careful naming and a thoughtful README.',
      }),
      reason: 'typo in strengths',
    });
    expect(amended.ok && amended.report.version).toBe(2);
    expect(await names()).toContain('dossier/compile-dossier');
  });

  it('two readiness doubts on one student alert the mentor', async () => {
    for (const project of ['web-1-portfolio', 'web-2-api']) {
      const { evaluation, assessor } = await acceptedEvaluation('stu-emma', project);
      const rubric = (await h.store.org.getProject(project))?.rubric.map((c) => c.id) ?? [];
      const result = await submitReport(h.ctx, {
        evaluation: evaluation.id,
        person: assessor,
        content: validReport(rubric, {
          readinessDoubt: true,
          doubtNote: 'Struggled to explain the basics without notes.',
        }),
      });
      expect(result.ok).toBe(true);
    }
    expect((await outbox()).filter((r) => r.name === 'doubt_alert').map((r) => r.payload)).toEqual([
      { type: 'doubt_alert', student: 'stu-emma', doubts: 2 },
    ]);
  });
});

describe('coordinators', () => {
  it('reassign withdraws the current offer and audits the override; cancel closes the evaluation', async () => {
    const { evaluation } = await requestEvaluation(h.ctx, {
      student: 'stu-emma',
      project: 'web-1-portfolio',
      actor: { type: 'api' },
    });
    const colin = { type: 'person' as const, person: await h.person('colin') };
    const target = evaluation.assessor === 'alice' ? 'bruno' : 'alice';
    const result = await reassignEvaluation(h.ctx, {
      evaluation: evaluation.id,
      assessor: target,
      actor: colin,
    });
    expect(result.evaluation.assessor).toBe(target);
    expect(await names()).toEqual(
      expect.arrayContaining(['notify/offer_closed', 'notify/evaluation_withdrawn']),
    );
    expect(
      await codeOf(
        reassignEvaluation(h.ctx, { evaluation: evaluation.id, assessor: 'dmitri', actor: colin }),
      ),
    ).toBe('not_eligible');
    const cancelled = await cancelEvaluation(h.ctx, {
      evaluation: evaluation.id,
      reason: 'student left',
      actor: colin,
    });
    expect(cancelled.status).toBe('cancelled');
    expect((await h.store.audit.list({ subject: evaluation.id })).map((a) => a.action)).toEqual(
      expect.arrayContaining(['evaluation.reassign', 'evaluation.cancel']),
    );
  });

  it('assign offers waiting requests again once someone becomes eligible', async () => {
    await requestEvaluation(h.ctx, {
      student: 'stu-hugo',
      project: 'data-2-dashboard',
      actor: { type: 'api' },
    });
    expect(await assignWaiting(h.ctx, { type: 'cli' })).toEqual({ offered: 0, waiting: 1 });
  });
});

describe('outbox relay', () => {
  it('hands rows to the queue once; while the queue is down they wait', async () => {
    await requestEvaluation(h.ctx, {
      student: 'stu-emma',
      project: 'web-1-portfolio',
      actor: { type: 'api' },
    });
    const queue = new MemoryJobQueue();
    queue.down = true;
    expect(await relayOutbox({ store: h.store, queue, clock: h.clock })).toEqual({
      relayed: 0,
      failed: true,
    });
    expect((await outbox()).length).toBe(2);
    queue.down = false;
    expect(await relayOutbox({ store: h.store, queue, clock: h.clock })).toEqual({
      relayed: 2,
      failed: false,
    });
    expect(await relayOutbox({ store: h.store, queue, clock: h.clock })).toEqual({
      relayed: 0,
      failed: false,
    });
    expect(queue.list('notify').map((j) => j.id)).toEqual(['offer.E-1001.1']);
    expect(queue.list('reminders')[0]?.delayMs).toBe(24 * 3_600_000);
  });

  it('sets aside a row the queue refuses, without blocking the rows behind it', async () => {
    await h.store.outbox.add({ key: 'bad:key', queue: 'notify', name: 'offer', payload: {}, runAt: null });
    await requestEvaluation(h.ctx, {
      student: 'stu-emma',
      project: 'web-1-portfolio',
      actor: { type: 'api' },
    });
    const queue = new MemoryJobQueue();
    expect(await relayOutbox({ store: h.store, queue, clock: h.clock })).toEqual({
      relayed: 2,
      failed: false,
      rejected: ['bad:key'],
    });
    expect(await outbox()).toEqual([]);
  });
});
