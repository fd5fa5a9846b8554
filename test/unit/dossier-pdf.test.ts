import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import {
  buildDossierModel,
  type DossierAttempt,
  type DossierBase,
  type DossierModel,
} from '../../src/domain/dossier.ts';
import type { Project } from '../../src/domain/model.ts';
import { renderDossierPdf } from '../../src/views/dossier-pdf.ts';
import { useSharedStandardFonts } from '../../src/views/pdf-standard-fonts.ts';

const standardFontDataUrl = `${join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`;
const A4_HEIGHT = 841.89;
const MARGIN = 50;
const GENERATED = new Date(Date.UTC(2026, 0, 20, 9));

type Line = { text: string; y: number };

/** Each page's text items, top to bottom, with their baseline's distance from the page's top. */
async function pages(pdf: Buffer): Promise<Line[][]> {
  const document = await getDocument({ data: new Uint8Array(pdf), standardFontDataUrl }).promise;
  const result: Line[][] = [];
  for (let n = 1; n <= document.numPages; n += 1) {
    const content = await (await document.getPage(n)).getTextContent();
    const lines: Line[] = [];
    for (const item of content.items) {
      if (!('str' in item) || item.str.trim() === '') continue;
      lines.push({ text: item.str, y: A4_HEIGHT - Number(item.transform[5]) });
    }
    result.push(lines);
  }
  await document.destroy();
  return result;
}

/** A path of `projects` projects × 6 criteria, every third title long enough to wrap in its cell. */
function longModel(projects: number): DossierModel {
  const rubric = (p: number) =>
    Array.from({ length: 6 }, (_, c) => ({
      id: `c${c + 1}`,
      title:
        c % 3 === 0
          ? `Criterion ${p}.${c + 1} reads the brief, plans the work and explains every trade-off end${p}.${c + 1}`
          : `Criterion ${p}.${c + 1} end${p}.${c + 1}`,
      competency: ['front-end', 'back-end', 'quality'][c % 3] ?? 'quality',
    }));
  const list: Project[] = Array.from({ length: projects }, (_, i) => ({
    id: `p${i + 1}`,
    name: `Project ${i + 1}`,
    path: 'web',
    rubric: rubric(i + 1),
  }));
  const base: DossierBase = {
    student: { id: 'stu-emma', name: 'Emma Lefèvre' },
    path: { id: 'web', name: 'Web developer', projects: list.map((p) => p.id) },
    mentor: { id: 'mia', name: 'Mia' },
    projects: list,
  };
  const attempts: DossierAttempt[] = list.slice(0, 3).map((project, i) => ({
    evaluation: `E-${i + 1}`,
    project: { id: project.id, name: project.name },
    attempt: 1,
    outcome: 'approved',
    requestedAt: new Date(Date.UTC(2026, 0, 2 + i)).toISOString(),
    submittedAt: new Date(Date.UTC(2026, 0, 5 + i)).toISOString(),
    amendedAt: null,
    assessor: { id: 'alice', name: 'Alice Martin' },
    criteria: project.rubric.map((c) => ({
      id: c.id,
      title: c.title,
      competency: c.competency ?? null,
      verdict: 'met',
      comment: 'Shown live with a working example. '.repeat(i + 1).trim(),
    })),
    juryJustification: `Defence of ${project.name}: ${'the student explained each decision clearly. '.repeat(60)}`,
    doubt: null,
    versions: 1,
  }));
  return buildDossierModel(base, attempts);
}

describe('dossier PDF layout', () => {
  it('breaks a long matrix across pages: header repeated, rows whole, in order and inside the margins', async () => {
    const projects = 14;
    const layout = await pages(
      await renderDossierPdf(longModel(projects), { locale: 'en', generatedAt: GENERATED }),
    );
    const attemptsPage = layout.findIndex((page, n) => n > 1 && page[0]?.text === 'Attempts');
    expect(attemptsPage).toBeGreaterThan(2);
    const matrix = layout.slice(1, attemptsPage);
    expect(matrix.length).toBeGreaterThan(1);
    for (const page of matrix) {
      const header = page.findIndex((line) => line.text === 'Competency');
      // The title sits above the header on the first page only; every page opens with the header.
      expect(header).toBe(page === matrix[0] ? 1 : 0);
      expect(page.filter((line) => line.text === 'Criterion')).toHaveLength(1);
    }
    // Every criterion's row, wrapped or not, is on one page, once, in path order.
    const seen: string[] = [];
    for (const [n, page] of matrix.entries()) {
      const text = page.map((line) => line.text).join(' ');
      for (const match of text.matchAll(/Criterion (\d+\.\d+) /g)) {
        const id = match[1] ?? '';
        seen.push(id);
        expect(text, `row ${id} on matrix page ${n + 1}`).toContain(`end${id}`);
      }
    }
    const expected = [];
    for (const competency of [1, 2, 3]) {
      for (let p = 1; p <= projects; p += 1) {
        for (let c = competency; c <= 6; c += 3) expected.push(`${p}.${c}`);
      }
    }
    expect(seen).toEqual(expected);
    // No text runs into the bottom margin, on any page (long justifications flow onto new pages).
    for (const page of layout) {
      for (const line of page) {
        expect(line.y).toBeGreaterThan(MARGIN);
        expect(line.y).toBeLessThan(A4_HEIGHT - MARGIN);
      }
    }
    const justifications = layout.flat().filter((line) => line.text.startsWith('Defence of Project'));
    expect(justifications).toHaveLength(3);
  });
});

describe('shared standard fonts', () => {
  /** A few paragraphs in the three faces, wrapped, with kerning pairs and accented letters. */
  function write(doc: PDFKit.PDFDocument): Promise<Buffer> {
    const chunks: Buffer[] = [];
    const done = new Promise<Buffer>((resolve) => {
      doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
    });
    const text = 'AVATAR, WAVE, To Yvonne: "LT Pa" — élève naïve, 5 €. '.repeat(12);
    for (const font of ['Helvetica', 'Helvetica-Bold', 'Helvetica-Oblique', 'Helvetica']) {
      doc.font(font).fontSize(9).text(text, 50, doc.y, { width: 180 });
      doc.text(text, { width: 400, align: 'center' });
    }
    doc.end();
    return done;
  }
  const info = { CreationDate: GENERATED };

  it('writes the same bytes as the fonts pdfkit loads for each document', async () => {
    const own = await write(new PDFDocument({ size: 'A4', info }));
    for (let run = 0; run < 2; run += 1) {
      const doc = new PDFDocument({ size: 'A4', info, font: '' });
      useSharedStandardFonts(doc, ['Helvetica', 'Helvetica-Bold', 'Helvetica-Oblique']);
      doc.font('Helvetica');
      expect((await write(doc)).equals(own), `document ${run + 1}`).toBe(true);
    }
  });

  it('leaves a font the document already has to pdfkit', () => {
    const doc = new PDFDocument({ size: 'A4', info });
    const families: unknown = Reflect.get(doc, '_fontFamilies');
    const before = Reflect.get(Object(families), 'Helvetica');
    useSharedStandardFonts(doc, ['Helvetica', 'Helvetica-Bold']);
    expect(Reflect.get(Object(families), 'Helvetica')).toBe(before);
    expect(Reflect.get(Object(Reflect.get(Object(families), 'Helvetica-Bold')), 'id')).toBe('F2');
    doc.end();
  });
});
