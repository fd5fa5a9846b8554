import { describe, expect, it } from 'vitest';
import { buttonId, parseCustomId, reportModalId } from '../../src/adapters/discord/custom-ids.ts';
import { renderModal } from '../../src/adapters/discord/form-modal.ts';
import { renderEdit, renderMessage } from '../../src/adapters/discord/render.ts';
import { textMessage } from '../../src/views/text-message.ts';
import type { ButtonView, FormField, FormView, MessageView } from '../../src/views/view-model.ts';

const view = (blocks: MessageView['blocks']): MessageView => ({
  text: 'fallback text',
  blocks,
  audience: 'mentor',
});

describe('Discord message rendering', () => {
  it('sends plain replies as content and layouts as embeds', () => {
    expect(renderMessage(textMessage('Hello'))).toEqual({ content: 'Hello', embeds: [], components: [] });
    const rich = renderMessage(
      view([
        { type: 'header', text: 'Summary' },
        { type: 'fields', fields: [{ label: 'Outcome', value: 'Approved' }] },
        { type: 'context', text: 'Shortened.' },
      ]),
    );
    expect(rich.content).toBeUndefined();
    expect(rich.embeds).toEqual([
      {
        title: 'Summary',
        fields: [{ name: 'Outcome', value: 'Approved', inline: true }],
        footer: { text: 'Shortened.' },
      },
    ]);
  });

  it('keeps embeds within Discord’s limits: 4096 per description, 1024 per field, 25 fields per embed', () => {
    const fields = Array.from({ length: 30 }, (_, i) => ({ label: `F${i}`, value: 'ok' }));
    const rendered = renderMessage(
      view([
        { type: 'header', text: 'T'.repeat(300) },
        { type: 'text', text: 'd'.repeat(3000) },
        { type: 'fields', fields: [...fields, { label: 'Long', value: 'v'.repeat(2000) }] },
      ]),
    );
    expect(rendered.embeds.length).toBe(2);
    expect(rendered.embeds[0]?.title?.length).toBeLessThanOrEqual(256);
    expect(rendered.embeds[0]?.fields).toHaveLength(25);
    expect(rendered.embeds[1]?.fields).toHaveLength(6);
    expect(rendered.embeds[1]?.fields?.at(-1)?.value.length).toBeLessThanOrEqual(1024);
    const total = JSON.stringify(rendered.embeds).length;
    expect(total).toBeLessThan(6000);
  });

  it('falls back to the plain text (≤ 2000) when the embeds would pass 6000 characters', () => {
    const section = (title: string) => [
      { type: 'header' as const, text: title },
      { type: 'text' as const, text: 'x'.repeat(3500) },
    ];
    const rendered = renderMessage({
      text: 'y'.repeat(2500),
      blocks: [...section('A'), ...section('B')],
      audience: 'jury',
    });
    expect(rendered.embeds).toEqual([]);
    expect(rendered.content?.length).toBeLessThanOrEqual(2000);
  });

  it('puts buttons in rows of five, styles them, and keeps custom ids within 100 characters', () => {
    const buttons: ButtonView[] = Array.from({ length: 7 }, (_, i) => ({
      action: 'offer.accept',
      label: `Button ${i}`,
      value: `E-${i}`,
      ...(i === 0 ? { style: 'primary' as const } : i === 1 ? { style: 'danger' as const } : {}),
    }));
    buttons.push({ action: 'x'.repeat(120), label: 'L'.repeat(100), value: 'v' });
    const rendered = renderMessage(
      view([
        { type: 'text', text: 'Pick' },
        { type: 'actions', buttons },
      ]),
    );
    expect(rendered.components.map((r) => r.components.length)).toEqual([5, 3]);
    const all = rendered.components.flatMap((r) => r.components);
    expect(all.map((b) => b.style).slice(0, 3)).toEqual([1, 4, 2]);
    for (const b of all) {
      expect(b.custom_id.length).toBeLessThanOrEqual(100);
      expect(b.label?.length ?? 0).toBeLessThanOrEqual(80);
    }
  });

  it('renders an edit that clears the content, embeds and buttons of the old message', () => {
    const edit = renderEdit(view([{ type: 'header', text: 'Closed' }]));
    expect(edit).toEqual({ content: null, embeds: [{ title: 'Closed' }], components: [] });
  });
});

describe('Discord modals', () => {
  const text = (id: string, extra: Partial<FormField> = {}): FormField =>
    ({ kind: 'textarea', id, label: `Label ${id}`, required: false, ...extra }) as FormField;

  it('keeps a modal within 45-character titles and labels, 100-character hints, 4000-character inputs', () => {
    const form: FormView = {
      callback: 'report',
      title: 'A very long report title that goes well beyond the limit',
      submitLabel: 'Next',
      intro: 'Intro',
      fields: [
        text('strengths', {
          label: 'L'.repeat(60),
          hint: 'h'.repeat(150),
          maxLength: 8000,
          initial: 'i'.repeat(5000),
        } as Partial<FormField>),
      ],
      metadata: { evaluation: 'E-1042', step: 2, steps: 4 },
    };
    const modal = renderModal(form);
    expect(modal.custom_id).toBe('report:E-1042:2');
    expect(modal.title.length).toBeLessThanOrEqual(45);
    const [intro, label] = modal.components as unknown as Record<string, unknown>[];
    expect(intro).toMatchObject({ type: 10, content: 'Intro' });
    expect(String(label?.label).length).toBeLessThanOrEqual(45);
    expect(String(label?.description).length).toBeLessThanOrEqual(100);
    const input = label?.component as Record<string, unknown>;
    expect(input).toMatchObject({
      type: 4,
      style: 2,
      custom_id: 'strengths',
      max_length: 4000,
      required: false,
    });
    expect(String(input.value).length).toBe(4000);
  });

  it('holds at most five labels (no intro then), radio groups of 2–10, selects otherwise, checkbox groups', () => {
    const options = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ value: `v${i}`, label: `Option ${i}` }));
    const fields: FormField[] = [
      { kind: 'radio', id: 'verdict', label: 'Verdict', required: true, options: options(2), initial: 'v1' },
      { kind: 'radio', id: 'many', label: 'Many', required: true, options: options(12) },
      { kind: 'select', id: 'reason', label: 'Reason', required: true, options: options(4) },
      {
        kind: 'checkbox',
        id: 'doubt',
        label: 'Doubt',
        required: false,
        options: options(1),
        initial: ['v0'],
      },
      text('a'),
      text('b'),
    ];
    const modal = renderModal({
      callback: 'report',
      title: 'T',
      submitLabel: 'S',
      intro: 'I',
      fields,
      metadata: { evaluation: 'E-1', step: 0 },
    });
    const components = modal.components as unknown as { type: number; component: Record<string, unknown> }[];
    expect(components.map((c) => c.type)).toEqual([18, 18, 18, 18, 18]);
    expect(components.map((c) => c.component.type)).toEqual([21, 3, 3, 22, 4]);
    expect(
      ((components[0]?.component.options ?? []) as { default?: boolean }[]).map((o) => o.default ?? false),
    ).toEqual([false, true]);
    expect(components[3]?.component).toMatchObject({ min_values: 0, max_values: 1, required: false });
  });
});

describe('custom ids', () => {
  it('reads back what the adapter writes, and nothing else', () => {
    expect(parseCustomId(buttonId('offer.accept', 'E-1042'))).toEqual({
      kind: 'offer.accept',
      evaluation: 'E-1042',
    });
    expect(parseCustomId('offer.decline:e-7')).toEqual({ kind: 'offer.decline', evaluation: 'E-7' });
    expect(parseCustomId(reportModalId('E-1042', 3))).toEqual({
      kind: 'report',
      evaluation: 'E-1042',
      step: 3,
    });
    expect(parseCustomId('report.continue:E-1042')).toEqual({
      kind: 'report.continue',
      evaluation: 'E-1042',
      step: null,
    });
    expect(parseCustomId('report.continue:E-1042:2')).toMatchObject({ step: 2 });
    expect(parseCustomId('decline:E-1042')).toEqual({ kind: 'decline', evaluation: 'E-1042' });
    for (const id of [
      'report:E-1042',
      'offer.accept:1042',
      'report:E-1:x',
      'other:E-1',
      'offer.accept:E-1:2:3',
    ])
      expect(parseCustomId(id).kind, id).toBe('unknown');
  });
});
