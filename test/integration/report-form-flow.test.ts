import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keepDraft, openReportForm, submitReportStep } from '../../src/app/commands/report-form-flow.ts';
import { requestEvaluation } from '../../src/app/request-evaluation.ts';
import { acceptOffer } from '../../src/app/respond-to-offer.ts';
import type { Person } from '../../src/domain/model.ts';
import type { FormValues, FormView } from '../../src/views/view-model.ts';
import { createHarness, type Harness, validReport } from '../helpers/app-harness.ts';

let h: Harness;
let assessor: Person;
let evaluation: string;

beforeEach(async () => {
  h = await createHarness();
  // web-2-api has three criteria: seven fields per criterion pair plus nine → several Discord steps.
  const requested = await requestEvaluation(h.ctx, {
    student: 'stu-emma',
    project: 'web-2-api',
    actor: { type: 'api' },
  });
  assessor = await h.person(requested.evaluation.assessor ?? '');
  evaluation = (await acceptOffer(h.ctx, { evaluation: requested.evaluation.id, person: assessor })).id;
});
afterEach(async () => {
  await h.close();
});

/** What a person would type in the fields of `form`, taken from a valid report. */
function fill(form: FormView, overrides: FormValues = {}): FormValues {
  const report = validReport(['routes', 'validation', 'tests']);
  const values: FormValues = {};
  for (const field of form.fields) {
    const criterion = /^criterion\.(.+)\.(verdict|comment)$/.exec(field.id);
    if (criterion?.[1] && criterion[2] === 'verdict')
      values[field.id] = report.criteria[criterion[1]]?.verdict ?? 'met';
    else if (criterion) values[field.id] = '';
    else if (field.id === 'readinessDoubt') values[field.id] = [];
    else values[field.id] = String(report[field.id as keyof typeof report] ?? '');
  }
  return { ...values, ...overrides };
}

describe('the report form on Slack (one modal)', () => {
  it('shows every field, returns field errors, keeps the draft, then submits', async () => {
    const form = await openReportForm(h.ctx, {
      person: assessor,
      evaluation,
      platform: 'slack',
      locale: 'en',
    });
    expect(form.fields.map((f) => f.id)).toContain('criterion.tests.comment');
    expect(form.fields).toHaveLength(15);
    const first = await submitReportStep(h.ctx, {
      person: assessor,
      platform: 'slack',
      locale: 'en',
      evaluation,
      step: 0,
      values: fill(form, { juryJustification: 'Fine work.' }),
    });
    expect(first.kind).toBe('errors');
    if (first.kind === 'errors') expect(Object.keys(first.errors)).toEqual(['juryJustification']);
    // Nothing typed is lost: reopening shows the draft.
    const reopened = await openReportForm(h.ctx, {
      person: assessor,
      evaluation,
      platform: 'slack',
      locale: 'en',
    });
    expect(reopened.fields.find((f) => f.id === 'strengths')).toMatchObject({
      initial: expect.stringContaining('Clear structure'),
    });
    const second = await submitReportStep(h.ctx, {
      person: assessor,
      platform: 'slack',
      locale: 'en',
      evaluation,
      step: 0,
      values: fill(form),
    });
    expect(second.kind).toBe('done');
    expect((await h.store.evaluations.get(evaluation))?.status).toBe('approved');
  });

  it('a closed modal keeps what was typed', async () => {
    await keepDraft(h.ctx, {
      person: assessor,
      evaluation,
      values: { strengths: 'Half-written thought' },
      step: 0,
    });
    const form = await openReportForm(h.ctx, {
      person: assessor,
      evaluation,
      platform: 'slack',
      locale: 'fr',
    });
    expect(form.fields.find((f) => f.id === 'strengths')).toMatchObject({ initial: 'Half-written thought' });
    expect(form.title).toBe(`Rapport ${evaluation}`);
  });
});

describe('the report form on Discord (steps of five fields)', () => {
  it('walks the steps, keeps each verdict with its comment, and reopens the step holding an error', async () => {
    let form = await openReportForm(h.ctx, {
      person: assessor,
      evaluation,
      platform: 'discord',
      locale: 'en',
    });
    const seen: string[][] = [];
    let outcome: Awaited<ReturnType<typeof submitReportStep>> | null = null;
    for (let step = 0; step < 10; step += 1) {
      expect(form.fields.length).toBeLessThanOrEqual(5);
      seen.push(form.fields.map((f) => f.id));
      const last = Number(form.metadata.step) === Number(form.metadata.steps) - 1;
      outcome = await submitReportStep(h.ctx, {
        person: assessor,
        platform: 'discord',
        locale: 'en',
        evaluation,
        step: Number(form.metadata.step),
        values: fill(
          form,
          last || !form.fields.some((f) => f.id === 'juryJustification')
            ? {}
            : { juryJustification: 'Too short.' },
        ),
      });
      if (outcome.kind !== 'next') break;
      form = outcome.form;
    }
    for (const ids of seen) {
      for (const id of ids.filter((i) => i.endsWith('.verdict')))
        expect(ids).toContain(id.replace('.verdict', '.comment'));
    }
    expect(outcome?.kind).toBe('errors');
    if (outcome?.kind !== 'errors') return;
    expect(outcome.errors).toHaveProperty('juryJustification');
    expect(outcome.form.fields.map((f) => f.id)).toContain('juryJustification');
    // The assessor corrects the field in the reopened step; later steps were kept as drafts.
    let corrected = await submitReportStep(h.ctx, {
      person: assessor,
      platform: 'discord',
      locale: 'en',
      evaluation,
      step: outcome.step,
      values: fill(outcome.form),
    });
    while (corrected.kind === 'next') {
      corrected = await submitReportStep(h.ctx, {
        person: assessor,
        platform: 'discord',
        locale: 'en',
        evaluation,
        step: Number(corrected.form.metadata.step),
        values: fill(corrected.form),
      });
    }
    expect(corrected.kind).toBe('done');
    expect((await h.store.reports.latest(evaluation))?.content.outcome).toBe('approved');
  });
});
