import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { types, ViewOutput, ViewStateValue } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import {
  escapeMrkdwn,
  formModal,
  messageBlocks,
  noticeModal,
  parseViewValues,
  readMetadata,
} from '../../src/adapters/slack/block-kit.ts';
import { declineForm } from '../../src/adapters/slack/slack-forms.ts';
import { criterionFieldId } from '../../src/domain/audience-leak.ts';
import type { Criterion, Evaluation } from '../../src/domain/model.ts';
import { buildReportForm, contentFromValues } from '../../src/views/report-form.ts';
import type { BlockView, FormView, MessageView } from '../../src/views/view-model.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../../shared/fixtures/${name}`, import.meta.url));
const SUBMISSION = fixture('slack-view-submission.json');
const MORE_INPUTS = fixture('slack-view-state-values-more-inputs.json');

const evaluation: Evaluation = {
  id: 'E-1042',
  student: 'stu-emma',
  project: 'web-2-api',
  attempt: 2,
  status: 'accepted',
  assessor: 'alice',
  requestedBy: 'api',
  requestedAt: new Date('2026-11-30T09:00:00Z'),
  scheduledAt: null,
  acceptedAt: new Date('2026-11-30T10:00:00Z'),
  dueAt: new Date('2026-12-02T10:00:00Z'),
  submittedAt: null,
  windowEndsAt: null,
  outcome: null,
  version: 2,
  updatedAt: new Date('2026-11-30T10:00:00Z'),
};

function rubric(size: number): Criterion[] {
  return Array.from({ length: size }, (_, i) => ({
    id: `criterion-${i + 1}`,
    title: `Criterion number ${i + 1} with a fairly descriptive title`,
    description: `What the student shows for criterion ${i + 1}.`.repeat(8),
  }));
}

function reportForm(size: number, values = {}): FormView {
  return buildReportForm(
    {
      evaluation,
      rubric: rubric(size),
      studentName: 'Emma <Roux> & co',
      projectName: 'REST API',
      values,
      locale: 'en',
      amend: false,
    },
    0,
    Number.POSITIVE_INFINITY,
  ).form;
}

function inputs(view: types.ModalView): types.InputBlock[] {
  return view.blocks.filter((b): b is types.InputBlock => b.type === 'input');
}

function textOf(block: types.KnownBlock): string {
  return block.type === 'section' && block.text ? block.text.text : '';
}

function selected(option: types.Option): { text: types.PlainTextElement; value: string } {
  return { text: { type: 'plain_text', text: option.text.text }, value: option.value ?? '' };
}

/** What Slack would send back for a modal whose inputs hold their initial values. */
function stateFromModal(view: types.ModalView): ViewOutput['state']['values'] {
  const values: ViewOutput['state']['values'] = {};
  for (const block of inputs(view)) {
    const element = block.element;
    let state: ViewStateValue;
    switch (element.type) {
      case 'plain_text_input':
        state = { type: element.type, value: element.initial_value ?? null };
        break;
      case 'radio_buttons':
      case 'static_select':
        state = {
          type: element.type,
          selected_option: element.initial_option ? selected(element.initial_option) : null,
        };
        break;
      case 'checkboxes':
        state = { type: element.type, selected_options: (element.initial_options ?? []).map(selected) };
        break;
      default:
        throw new Error(`unexpected element ${element.type}`);
    }
    values[block.block_id ?? ''] = { [element.action_id ?? '']: state };
  }
  return values;
}

describe('formModal', () => {
  it('fits a 30-criterion report form in one modal within Slack’s limits', () => {
    const form = reportForm(30);
    const view = formModal(form, { closeLabel: 'Cancel' });
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(inputs(view)).toHaveLength(form.fields.length);
    expect(inputs(view).map((b) => b.block_id)).toEqual(form.fields.map((f) => f.id));
    expect(inputs(view).every((b) => b.element.action_id === 'value')).toBe(true);
    expect(view.callback_id).toBe('report');
    expect(view.notify_on_close).toBe(true);
    for (const label of [view.title, view.submit, view.close])
      expect(label?.text.length).toBeLessThanOrEqual(24);
    expect(view.private_metadata?.length).toBeLessThanOrEqual(3000);
    expect(readMetadata(view.private_metadata)).toEqual(form.metadata);
    // The intro is escaped mrkdwn at the top.
    expect(view.blocks[0]?.type).toBe('section');
    expect(textOf(view.blocks[0] as types.KnownBlock)).toContain('Emma &lt;Roux&gt; &amp; co');
    for (const block of inputs(view)) {
      expect(block.label.text.length).toBeLessThanOrEqual(2000);
      expect(block.hint?.text.length ?? 0).toBeLessThanOrEqual(2000);
    }
  });

  it('renders each kind of field with the element Slack expects', () => {
    const view = formModal(
      reportForm(2, { outcome: 'approved', readinessDoubt: true, strengths: 'Clear code' }),
    );
    const byId = new Map(inputs(view).map((b) => [b.block_id, b]));
    const verdict = byId.get(criterionFieldId('criterion-1', 'verdict'));
    expect(verdict?.element.type).toBe('radio_buttons');
    expect(verdict?.optional).toBe(false);
    const comment = byId.get(criterionFieldId('criterion-1', 'comment'));
    expect(comment?.element).toMatchObject({ type: 'plain_text_input', multiline: true, max_length: 1000 });
    expect(comment?.optional).toBe(true);
    expect(byId.get('outcome')?.element).toMatchObject({
      type: 'radio_buttons',
      initial_option: { value: 'approved' },
    });
    expect(byId.get('readinessDoubt')?.element).toMatchObject({
      type: 'checkboxes',
      initial_options: [{ value: 'yes' }],
    });
    expect(byId.get('strengths')?.element).toMatchObject({ initial_value: 'Clear code', max_length: 3000 });
  });

  it('truncates titles with an ellipsis and turns a long choice into a select', () => {
    const form: FormView = {
      callback: 'decline',
      title: 'Decline the evaluation E-1042 of Emma',
      submitLabel: 'Decline this offer right now',
      fields: [
        {
          kind: 'radio',
          id: 'many',
          label: 'Pick one',
          required: true,
          options: Array.from({ length: 12 }, (_, i) => ({ value: `v${i}`, label: `Option ${i}` })),
        },
      ],
      metadata: { evaluation: 'E-1042' },
    };
    const view = formModal(form);
    expect(view.title.text).toHaveLength(24);
    expect(view.title.text.endsWith('…')).toBe(true);
    expect(view.submit?.text).toHaveLength(24);
    expect(view.close).toBeUndefined();
    expect(view.notify_on_close).toBe(false);
    expect(inputs(view)[0]?.element.type).toBe('static_select');
  });

  it('refuses a form that cannot fit one modal', () => {
    const fields = Array.from({ length: 101 }, (_, i) => ({
      kind: 'text' as const,
      id: `f${i}`,
      label: `Field ${i}`,
      required: false,
    }));
    expect(() => formModal({ callback: 'x', title: 'X', submitLabel: 'Go', fields, metadata: {} })).toThrow(
      /100/,
    );
    const metadata = { blob: 'x'.repeat(3000) };
    expect(() => formModal({ callback: 'x', title: 'X', submitLabel: 'Go', fields: [], metadata })).toThrow(
      /3000/,
    );
  });

  it('builds the decline modal from the decline reasons', () => {
    const view = formModal(
      declineForm({
        evaluation: 'E-1042',
        attempt: 1,
        studentName: 'Emma Roux',
        projectName: 'REST API',
        locale: 'fr',
        message: { channel: 'D1', ts: '1.2' },
      }),
    );
    const reason = inputs(view)[0];
    expect(reason?.block_id).toBe('reason');
    expect(reason?.element).toMatchObject({ type: 'radio_buttons' });
    expect(
      reason?.element.type === 'radio_buttons' ? reason.element.options.map((o) => o.value) : [],
    ).toEqual(['unavailable', 'conflict_of_interest', 'not_competent', 'other']);
    expect(view.title.text).toBe('Refuser E-1042');
    expect(readMetadata(view.private_metadata)).toEqual({ evaluation: 'E-1042', channel: 'D1', ts: '1.2' });
  });

  it('makes a notice modal with escaped text', () => {
    const view = noticeModal('Assessor Desk', 'a <b> & c', 'Close');
    expect(textOf(view.blocks[0] as types.KnownBlock)).toBe('a &lt;b&gt; &amp; c');
  });
});

describe('messageBlocks', () => {
  const message = (blocks: BlockView[], text = 'fallback'): MessageView => ({
    text,
    blocks,
    audience: 'assessor',
  });

  it('maps each neutral block to its Block Kit block and escapes mrkdwn', () => {
    const { text, blocks } = messageBlocks(
      message(
        [
          { type: 'header', text: 'Offer E-1042' },
          { type: 'text', text: 'Hello <@U123> & <!channel>' },
          { type: 'fields', fields: [{ label: 'Student', value: 'Emma' }] },
          { type: 'context', text: 'Expires soon' },
          { type: 'divider' },
          {
            type: 'actions',
            buttons: [
              { action: 'offer.accept', label: 'Accept', value: 'E-1042', style: 'primary' },
              { action: 'offer.decline', label: 'Decline', value: 'E-1042' },
            ],
          },
        ],
        'Offer <E-1042>',
      ),
    );
    expect(text).toBe('Offer &lt;E-1042&gt;');
    expect(blocks.map((b) => b.type)).toEqual([
      'header',
      'section',
      'section',
      'context',
      'divider',
      'actions',
    ]);
    expect(textOf(blocks[1] as types.KnownBlock)).toBe('Hello &lt;@U123&gt; &amp; &lt;!channel&gt;');
    expect(blocks[5]).toEqual({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: 'offer.accept',
          text: { type: 'plain_text', text: 'Accept', emoji: true },
          value: 'E-1042',
          style: 'primary',
        },
        {
          type: 'button',
          action_id: 'offer.decline',
          text: { type: 'plain_text', text: 'Decline', emoji: true },
          value: 'E-1042',
        },
      ],
    });
  });

  it('splits long text at 3000 characters, fields by ten, and cuts headers at 150', () => {
    const long = Array.from({ length: 400 }, (_, i) => `Line ${i} says <something> & more`).join('\n');
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `L${i}`, value: 'v'.repeat(2500) }));
    const { blocks } = messageBlocks(
      message([
        { type: 'header', text: 'H'.repeat(200) },
        { type: 'text', text: long },
        { type: 'fields', fields },
      ]),
    );
    const header = blocks[0];
    expect(header?.type === 'header' ? header.text.text.length : 0).toBe(150);
    const sections = blocks.filter((b) => b.type === 'section' && b.text);
    expect(sections.length).toBeGreaterThan(4);
    for (const s of sections) expect(textOf(s).length).toBeLessThanOrEqual(3000);
    // No line and no entity is cut in two.
    const joined = sections.map(textOf).join('\n');
    expect(joined).toBe(escapeMrkdwn(long));
    const fieldSections = blocks.filter((b) => b.type === 'section' && b.fields);
    expect(fieldSections.map((b) => (b.type === 'section' ? b.fields?.length : 0))).toEqual([10, 10, 3]);
    for (const b of fieldSections) {
      for (const f of b.type === 'section' ? (b.fields ?? []) : [])
        expect(f.text.length).toBeLessThanOrEqual(2000);
    }
  });

  it('keeps at most 50 blocks, keeping the buttons', () => {
    const blocks: BlockView[] = Array.from({ length: 80 }, (_, i) => ({
      type: 'text',
      text: `Paragraph ${i}`,
    }));
    blocks.push({ type: 'actions', buttons: [{ action: 'offer.accept', label: 'Accept', value: 'E-1' }] });
    const rendered = messageBlocks(message(blocks)).blocks;
    expect(rendered).toHaveLength(50);
    expect(rendered.at(-1)?.type).toBe('actions');
    expect(rendered.at(-2)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '…' }] });
    expect(textOf(rendered[0] as types.KnownBlock)).toBe('Paragraph 0');
  });

  it('bounds the fallback text', () => {
    expect(messageBlocks(message([], 'x'.repeat(5000))).text.length).toBeLessThanOrEqual(3000);
  });
});

describe('parseViewValues', () => {
  it('reads its own modal back into the report content', () => {
    const values = {
      outcome: 'to_rework' as const,
      strengths: 'Readable code',
      readinessDoubt: true,
      criteria: { 'criterion-1': { verdict: 'not_met' as const, comment: 'No tests' } },
    };
    const view = formModal(reportForm(3, values));
    const parsed = parseViewValues(stateFromModal(view));
    expect(parsed.outcome).toBe('to_rework');
    expect(parsed.readinessDoubt).toEqual(['yes']);
    expect(parsed.improvements).toBeUndefined();
    expect('improvements' in parsed).toBe(true);
    const content = contentFromValues(parsed, rubric(3));
    expect(content.criteria?.['criterion-1']).toEqual({ verdict: 'not_met', comment: 'No tests' });
    expect(content.criteria?.['criterion-2']).toEqual({ verdict: null, comment: '' });
    expect(content.strengths).toBe('Readable code');
    expect(content.readinessDoubt).toBe(true);
    expect(content.improvements).toBe('');
  });

  describe.skipIf(!existsSync(SUBMISSION))('on Slack’s own view_submission example', () => {
    it('reads a select, a datepicker and a multiline input by block id', () => {
      const body = JSON.parse(readFileSync(SUBMISSION, 'utf8')) as { view: ViewOutput };
      expect(parseViewValues(body.view.state.values)).toEqual({
        'date-of-visit': '2019-09-23',
        rating: '3',
        comment: 'Just amazing!',
      });
    });
  });

  describe.skipIf(!existsSync(MORE_INPUTS))('on Slack’s example of more input types', () => {
    it('reads email, url, number, date, time and datetime inputs', () => {
      const state = JSON.parse(readFileSync(MORE_INPUTS, 'utf8')) as ViewOutput['state'];
      expect(parseViewValues(state.values)).toEqual({
        'agenda-block': 'test',
        'email-block': 'foo@example.com',
        'url-block': 'https://www.example.com/',
        'number-block': '12345',
        'date-block': '2022-10-19',
        'time-block': '01:00',
        'date-time-block': '1666869900',
      });
    });
  });
});

describe('readMetadata', () => {
  it('gives {} for anything that is not a small JSON object', () => {
    expect(readMetadata('')).toEqual({});
    expect(readMetadata('not json')).toEqual({});
    expect(readMetadata('[1,2]')).toEqual({});
    expect(readMetadata('{"evaluation":"E-1","step":0,"nested":{"a":1}}')).toEqual({
      evaluation: 'E-1',
      step: 0,
    });
  });
});
