/**
 * The jury dossier as a PDF (pdfkit, standard Helvetica fonts): a cover page, the competency
 * coverage matrix as a table, then a section per attempt. Standard fonts encode text as WinAnsi,
 * so accented Latin letters work; anything outside it is folded or replaced (see `toWinAnsi`).
 */
import PDFDocument from 'pdfkit';
import { t } from '../domain/catalog/index.ts';
import type { DossierAttempt, DossierModel } from '../domain/dossier.ts';
import {
  attemptHeading,
  attemptRows,
  competencyLabel,
  coverRows,
  type DossierRenderOptions,
  formatDossierDate,
} from './dossier-markdown.ts';
import { useSharedStandardFonts } from './pdf-standard-fonts.ts';

/** Characters of WinAnsi (CP1252) above Latin-1's range, which the standard fonts can show. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Letters with no Unicode decomposition, folded by hand; dashes and minus signs made plain. */
const FOLD: Readonly<Record<string, string>> = {
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  ı: 'i',
  '\u2010': '-',
  '\u2011': '-',
  '\u2212': '-',
};

/** Line feeds and printable ASCII: text every standard font shows unchanged. */
const PLAIN_ASCII = /^[\n\x20-\x7e]*$/;

function isWinAnsi(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return (
    code === 0x0a ||
    (code >= 0x20 && code <= 0x7e) ||
    (code >= 0xa0 && code <= 0xff) ||
    WIN_ANSI_EXTRA.has(char)
  );
}

/**
 * Text the standard fonts can show: composed accents kept, other letters folded to their base
 * (ő → o), thin spaces made plain, anything else replaced with "?".
 */
export function toWinAnsi(text: string): string {
  // Most text is plain ASCII, which needs no folding (and NFC leaves it as it is).
  if (PLAIN_ASCII.test(text)) return text;
  let out = '';
  for (const char of text.normalize('NFC')) {
    if (isWinAnsi(char)) out += char;
    else if (char === '\t' || /\s/u.test(char)) out += ' ';
    else if (FOLD[char] !== undefined) out += FOLD[char];
    else {
      const folded = char.normalize('NFKD').replace(/\p{M}/gu, '');
      out += folded !== '' && [...folded].every(isWinAnsi) ? folded : '?';
    }
  }
  return out;
}

const MARGIN = 50;
const PAD = 4;
const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const ITALIC = 'Helvetica-Oblique';

type Doc = PDFKit.PDFDocument;

function bottom(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

/** Starts a new page unless `height` points are still free on this one. */
function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

function heading(doc: Doc, text: string, size: number): void {
  ensureSpace(doc, size * 4);
  doc.moveDown(0.6).font(BOLD).fontSize(size).text(toWinAnsi(text), MARGIN, doc.y).moveDown(0.3);
}

function paragraph(doc: Doc, text: string, font = REGULAR): void {
  doc
    .font(font)
    .fontSize(10)
    .text(toWinAnsi(text), MARGIN, doc.y, { width: contentWidth(doc) });
}

/**
 * Draws a table with wrapped cells; a row that does not fit starts a new page, which repeats the
 * header. Cells are short (names, titles, verdicts), so a row never outgrows a page. Each row is
 * laid out once to measure it and once to draw it; the header is measured once for the table.
 */
function drawTable(
  doc: Doc,
  widths: number[],
  header: string[] | null,
  rows: string[][],
  boldFirst = false,
): void {
  const fontSize = 9;
  const rowHeight = (cells: string[], font: (i: number) => string) => {
    let height = 0;
    for (const [i, text] of cells.entries()) {
      doc.font(font(i)).fontSize(fontSize);
      const cell = doc.heightOfString(text, { width: (widths[i] ?? 0) - 2 * PAD }) + 2 * PAD;
      if (cell > height) height = cell;
    }
    return height;
  };
  const drawRow = (cells: string[], font: (i: number) => string, shade: boolean, height: number) => {
    const y = doc.y;
    let x = MARGIN;
    cells.forEach((text, i) => {
      const width = widths[i] ?? 0;
      if (shade) doc.rect(x, y, width, height).fillAndStroke('#eeeeee', '#999999');
      else doc.rect(x, y, width, height).strokeColor('#999999').stroke();
      doc.fillColor('#000000').font(font(i)).fontSize(fontSize);
      doc.text(text, x + PAD, y + PAD, { width: width - 2 * PAD, lineBreak: true });
      x += width;
    });
    doc.x = MARGIN;
    doc.y = y + height;
  };
  const headerFont = () => BOLD;
  const bodyFont = (i: number) => (boldFirst && i === 0 ? BOLD : REGULAR);
  const safeHeader = header?.map(toWinAnsi) ?? null;
  const headerHeight = safeHeader ? rowHeight(safeHeader, headerFont) : 0;
  if (safeHeader) {
    ensureSpace(doc, headerHeight + 20);
    drawRow(safeHeader, headerFont, true, headerHeight);
  }
  for (const row of rows) {
    const cells = row.map(toWinAnsi);
    const height = rowHeight(cells, bodyFont);
    if (doc.y + height > bottom(doc)) {
      doc.addPage();
      if (safeHeader) drawRow(safeHeader, headerFont, true, headerHeight);
    }
    drawRow(cells, bodyFont, false, height);
  }
  doc.x = MARGIN;
  doc.moveDown(0.5);
}

function drawCover(doc: Doc, model: DossierModel, options: DossierRenderOptions): void {
  const { locale } = options;
  doc.moveDown(4);
  doc
    .font(BOLD)
    .fontSize(24)
    .text(toWinAnsi(t(locale, 'dossier.title', { student: model.cover.student.name })), MARGIN, doc.y, {
      width: contentWidth(doc),
      align: 'center',
    });
  if (options.generatedAt) {
    const date = formatDossierDate(options.generatedAt, locale, options.timeZone);
    doc.moveDown(0.5);
    doc
      .font(ITALIC)
      .fontSize(11)
      .text(toWinAnsi(t(locale, 'dossier.generatedAt', { date })), MARGIN, doc.y, {
        width: contentWidth(doc),
        align: 'center',
      });
  }
  doc.moveDown(3);
  const width = contentWidth(doc);
  drawTable(doc, [width * 0.4, width * 0.6], null, coverRows(model, options), true);
}

function drawMatrix(doc: Doc, model: DossierModel, options: DossierRenderOptions): void {
  const { locale } = options;
  heading(doc, t(locale, 'dossier.matrix.title'), 16);
  const width = contentWidth(doc);
  const columns = model.matrix.attempts;
  const attemptWidth = Math.min(70, (width * 0.45) / columns);
  const textWidth = width - attemptWidth * columns;
  const widths = [textWidth * 0.3, textWidth * 0.3, textWidth * 0.4, ...Array(columns).fill(attemptWidth)];
  const header = [
    t(locale, 'dossier.matrix.competency'),
    t(locale, 'dossier.matrix.project'),
    t(locale, 'dossier.matrix.criterion'),
    ...Array.from({ length: columns }, (_, i) => t(locale, 'dossier.matrix.attempt', { n: i + 1 })),
  ];
  const rows = model.matrix.groups.flatMap((group) =>
    group.rows.map((row) => [
      competencyLabel(group.competency, locale),
      row.project.name,
      row.criterion.name,
      ...row.cells.map((c) => (c === null ? '' : t(locale, `dossier.cell.${c}`))),
    ]),
  );
  drawTable(doc, widths, header, rows);
  paragraph(doc, t(locale, 'dossier.matrix.legendText'), ITALIC);
}

function drawAttempt(doc: Doc, attempt: DossierAttempt, options: DossierRenderOptions): void {
  const { locale } = options;
  // A section heading never sits alone at the foot of a page.
  ensureSpace(doc, 160);
  heading(doc, attemptHeading(attempt, locale), 13);
  const width = contentWidth(doc);
  drawTable(doc, [width * 0.35, width * 0.65], null, attemptRows(attempt, options), true);
  heading(doc, t(locale, 'dossier.attempt.criteria'), 11);
  for (const c of attempt.criteria) {
    const verdict = c.verdict ? t(locale, `verdict.${c.verdict}`) : t(locale, 'dossier.cell.not_assessed');
    const title = c.competency ? `${c.title} (${c.competency})` : c.title;
    ensureSpace(doc, 30);
    paragraph(doc, `${title} — ${verdict}`, BOLD);
    if (c.comment) paragraph(doc, c.comment, ITALIC);
    doc.moveDown(0.3);
  }
  heading(doc, t(locale, 'dossier.attempt.justification'), 11);
  paragraph(doc, attempt.juryJustification);
  heading(doc, t(locale, 'dossier.attempt.doubt'), 11);
  paragraph(
    doc,
    attempt.doubt
      ? attempt.doubt.note || t(locale, 'dossier.attempt.doubtNoNote')
      : t(locale, 'dossier.attempt.noDoubt'),
  );
  doc.moveDown(1);
}

/** Renders the dossier to a PDF file's bytes. */
export function renderDossierPdf(model: DossierModel, options: DossierRenderOptions): Promise<Buffer> {
  const { locale } = options;
  const title = toWinAnsi(t(locale, 'dossier.title', { student: model.cover.student.name }));
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: {
      Title: title,
      Subject: toWinAnsi(model.cover.path.name),
      ...(options.generatedAt ? { CreationDate: options.generatedAt } : {}),
    },
    // No default font: the shared standard fonts are installed instead, then Helvetica selected.
    font: '',
  });
  useSharedStandardFonts(doc, [REGULAR, BOLD, ITALIC]);
  doc.font(REGULAR);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  drawCover(doc, model, options);
  doc.addPage();
  drawMatrix(doc, model, options);
  doc.addPage();
  heading(doc, t(locale, 'dossier.attempts.title'), 16);
  if (model.attempts.length === 0) paragraph(doc, t(locale, 'dossier.attempts.none'));
  for (const attempt of model.attempts) drawAttempt(doc, attempt, options);
  doc.end();
  return done;
}
