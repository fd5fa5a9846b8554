/**
 * Standard-font metrics shared by every PDF this process renders. pdfkit reads and parses a
 * standard font's AFM file each time a document first uses the font (about a third of a dossier's
 * rendering time went there), then measures every word through string-keyed kerning lookups. The
 * metrics never change, so each face is parsed once here; a document gets its own font objects
 * (its own font ids and PDF references, as pdfkit would make them) around the shared metrics, with
 * faster kerning lookups and the widths of words already measured remembered. The output is the
 * same, byte for byte. pdfkit offers no public hook for this, so the few internals used are checked
 * once: should a pdfkit version change them, documents fall back to pdfkit's own loading.
 */
import PDFDocument from 'pdfkit';

/** The parsed AFM file of one face, as pdfkit holds it (only what is checked or sped up here). */
type AfmMetrics = {
  glyphWidths: Record<string, number>;
  kernPairs: Record<string, number>;
  getKernPair(left: string, right: string | undefined): number;
};

/** What pdfkit's `StandardFont` constructor sets on a font object, besides its prototype. */
type FontFields = {
  name: string;
  font: AfmMetrics;
  ascender: number;
  descender: number;
  bbox: number[];
  lineGap: number;
  xHeight: number;
  capHeight: number;
};

/** One face parsed once: the prototype pdfkit's fonts share, the fields, and its width memo. */
type SharedFace = {
  prototype: object;
  fields: FontFields;
  measure: (this: unknown, text: string, size: number) => number;
};

/** Widths remembered per face before the memo starts afresh (a few MB at most). */
const MEMO_LIMIT = 50_000;

const faces = new Map<string, SharedFace | null>();

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isAfm(value: unknown): value is AfmMetrics {
  return (
    isRecord(value) &&
    isRecord(value.glyphWidths) &&
    isRecord(value.kernPairs) &&
    typeof value.getKernPair === 'function'
  );
}

/** Kerning by (left glyph, right glyph) in nested maps, instead of a key string built per pair. */
function fastKerning(afm: AfmMetrics): void {
  const pairs = new Map<string, Map<string, number>>();
  for (const [key, value] of Object.entries(afm.kernPairs)) {
    const [left = '', right = ''] = key.split('\0');
    const row = pairs.get(left) ?? new Map<string, number>();
    row.set(right, value);
    pairs.set(left, row);
  }
  // Same answers as pdfkit's `kernPairs[left + '\0' + right] || 0`, without a string per call.
  afm.getKernPair = (left, right) => (right === undefined ? 0 : pairs.get(left)?.get(right) || 0);
}

/** Parses `name` through pdfkit once and keeps what its documents can share; null if unrecognised. */
function loadFace(name: string): SharedFace | null {
  const probe = new PDFDocument({ autoFirstPage: false, font: name });
  const font: unknown = Reflect.get(probe, '_font');
  if (!isRecord(font) || font.name !== name || !isAfm(font.font)) return null;
  const widthOfString: unknown = Reflect.get(font, 'widthOfString');
  const numbers = ['ascender', 'descender', 'lineGap', 'xHeight', 'capHeight'] as const;
  if (typeof widthOfString !== 'function' || !numbers.every((k) => typeof font[k] === 'number')) return null;
  if (!Array.isArray(font.bbox)) return null;
  const prototype: unknown = Object.getPrototypeOf(font);
  if (!isRecord(prototype)) return null;
  const afm = font.font;
  fastKerning(afm);
  const fields: FontFields = {
    name,
    font: afm,
    ascender: Number(font.ascender),
    descender: Number(font.descender),
    bbox: font.bbox.map(Number),
    lineGap: Number(font.lineGap),
    xHeight: Number(font.xHeight),
    capHeight: Number(font.capHeight),
  };
  const widths = new Map<string, number>();
  // pdfkit returns the width in font units × size / 1000: the units are remembered, the scaling redone.
  const measure = function (this: unknown, text: string, size: number): number {
    let units = widths.get(text);
    if (units === undefined) {
      if (widths.size >= MEMO_LIMIT) widths.clear();
      units = Number(Reflect.apply(widthOfString, this, [text, 1000]));
      widths.set(text, units);
    }
    return units * (size / 1000);
  };
  return { prototype, fields, measure };
}

function sharedFace(name: string): SharedFace | null {
  if (!faces.has(name)) faces.set(name, loadFace(name));
  return faces.get(name) ?? null;
}

/**
 * Gives `doc` the standard fonts `names` built around metrics parsed once per process, in the
 * order given (their ids follow pdfkit's numbering). Create the document with `font: ''`, so that
 * pdfkit does not parse its default font, and select a font before writing text. Fonts the
 * document already has, and any pdfkit does not lay out as expected, are left to pdfkit.
 */
export function useSharedStandardFonts(doc: PDFKit.PDFDocument, names: readonly string[]): void {
  const families: unknown = Reflect.get(doc, '_fontFamilies');
  const count: unknown = Reflect.get(doc, '_fontCount');
  if (!isRecord(families) || typeof count !== 'number') return;
  let next = count;
  for (const name of names) {
    const face = families[name] === undefined ? sharedFace(name) : null;
    if (!face) continue;
    next += 1;
    const font: Record<string, unknown> = Object.create(face.prototype);
    Object.assign(font, face.fields, { document: doc, id: `F${next}`, widthOfString: face.measure });
    families[name] = font;
  }
  Reflect.set(doc, '_fontCount', next);
}
