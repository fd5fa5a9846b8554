/**
 * Who reads each field of a report, and the checks that keep text where it belongs: text written
 * for one audience that reappears in another audience's field (e.g. the jury justification pasted
 * into the student feedback) and names in the anonymous curriculum feedback.
 */
import type { ReportContent } from './model.ts';
import type { FieldError } from './report-rules.ts';

/** The readers of a report's text. */
export type ReportAudience = 'student' | 'mentor' | 'jury' | 'curriculum';

/** Ids of the report form fields that do not depend on the rubric, in form order (after the criteria). */
export const REPORT_FIELDS = [
  'outcome',
  'strengths',
  'improvements',
  'mentorNote',
  'juryJustification',
  'readinessDoubt',
  'doubtNote',
  'commonMistakes',
  'materialSuggestions',
] as const;
export type StaticReportField = (typeof REPORT_FIELDS)[number];

/** The free-text fields among {@link REPORT_FIELDS}. */
export const TEXT_FIELDS = [
  'strengths',
  'improvements',
  'mentorNote',
  'juryJustification',
  'doubtNote',
  'commonMistakes',
  'materialSuggestions',
] as const satisfies readonly StaticReportField[];
export type TextField = (typeof TEXT_FIELDS)[number];

/** The per-criterion parts of the form. */
export type CriterionPart = 'verdict' | 'comment';

/** The form field id of one criterion's verdict or comment: `criterion.<id>.verdict|comment`. */
export function criterionFieldId(criterion: string, part: CriterionPart): string {
  return `criterion.${criterion}.${part}`;
}

/** Reads a criterion field id back; null for any other field id. */
export function parseCriterionFieldId(field: string): { criterion: string; part: CriterionPart } | null {
  const match = /^criterion\.(.+)\.(verdict|comment)$/.exec(field);
  if (!match?.[1]) return null;
  return { criterion: match[1], part: match[2] === 'verdict' ? 'verdict' : 'comment' };
}

/** Every field id of the form for a rubric, in form order: each criterion's verdict and comment, then the rest. */
export function reportFormFieldIds(rubric: readonly { id: string }[]): string[] {
  const criteria = rubric.flatMap((c) => [
    criterionFieldId(c.id, 'verdict'),
    criterionFieldId(c.id, 'comment'),
  ]);
  return [...criteria, ...REPORT_FIELDS];
}

/**
 * The audience each free-text field is written for and delivered to. Criterion comments
 * (`criterion.<id>.comment`) are student-facing. The outbound-message audit relies on this map.
 */
export const AUDIENCE_OF_FIELD: Readonly<
  Record<TextField | 'criterion.*.comment', readonly ReportAudience[]>
> = {
  strengths: ['student'],
  improvements: ['student'],
  mentorNote: ['mentor'],
  juryJustification: ['jury'],
  doubtNote: ['mentor', 'jury'],
  commonMistakes: ['curriculum'],
  materialSuggestions: ['curriculum'],
  'criterion.*.comment': ['student'],
};

/**
 * Who may also read text written for an audience. The mentor summary and the jury dossier may
 * quote the student-facing feedback; curriculum feedback is anonymous and general, fit for anyone.
 * Mentor and jury text stays with its audience.
 */
export const ALSO_READ_BY: Readonly<Record<ReportAudience, readonly ReportAudience[]>> = {
  student: ['mentor', 'jury'],
  mentor: [],
  jury: [],
  curriculum: ['student', 'mentor', 'jury'],
};

/** The audience of a form field id; empty for fields that are not free text (outcome, verdicts, flags). */
export function audienceOfField(field: string): readonly ReportAudience[] {
  if (parseCriterionFieldId(field)?.part === 'comment') return AUDIENCE_OF_FIELD['criterion.*.comment'];
  return (TEXT_FIELDS as readonly string[]).includes(field)
    ? (AUDIENCE_OF_FIELD[field as TextField] ?? [])
    : [];
}

/** Everyone allowed to read the text of a field: its audience, plus whoever all of them share with. */
export function readersOfField(field: string): ReportAudience[] {
  const audiences = audienceOfField(field);
  const first = audiences[0];
  if (!first) return [];
  const shared = ALSO_READ_BY[first].filter((r) => audiences.every((a) => ALSO_READ_BY[a].includes(r)));
  return [...new Set([...audiences, ...shared])];
}

/** Texts shorter than this (in words) are never counted as copied. */
export const LEAK_MIN_WORDS = 8;
/** Word shingle length used to compare two texts. */
export const LEAK_SHINGLE_SIZE = 5;
/** Share of one text's shingles found in the other from which it counts as copied. */
export const LEAK_CONTAINMENT = 0.5;
/** A run of this many words in common counts as copied whatever the texts' lengths. */
export const LEAK_COMMON_RUN = 12;

/** Lowercase, accents folded, punctuation turned into spaces, whitespace collapsed. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The normalised words of a text. */
export function wordsOf(text: string): string[] {
  const normalised = normaliseText(text);
  return normalised === '' ? [] : normalised.split(' ');
}

function shingles(words: readonly string[], size: number): Set<string> {
  const result = new Set<string>();
  for (let i = 0; i + size <= words.length; i++) result.add(words.slice(i, i + size).join(' '));
  return result;
}

/** A text prepared for comparison; build it once per field. */
export type TextFingerprint = { words: number; shingles: Set<string>; runs: Set<string> };

/** Prepares a text for {@link isCopied}. */
export function fingerprint(text: string): TextFingerprint {
  const words = wordsOf(text);
  return {
    words: words.length,
    shingles: shingles(words, LEAK_SHINGLE_SIZE),
    runs: shingles(words, LEAK_COMMON_RUN),
  };
}

function countShared(a: Set<string>, b: Set<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const item of small) if (large.has(item)) shared++;
  return shared;
}

/**
 * True when one text looks copied from the other: at least {@link LEAK_CONTAINMENT} of either
 * text's shingles appear in the other, or they share a run of {@link LEAK_COMMON_RUN} words.
 * Either text under {@link LEAK_MIN_WORDS} words never counts.
 */
export function isCopied(a: string | TextFingerprint, b: string | TextFingerprint): boolean {
  const fa = typeof a === 'string' ? fingerprint(a) : a;
  const fb = typeof b === 'string' ? fingerprint(b) : b;
  if (fa.words < LEAK_MIN_WORDS || fb.words < LEAK_MIN_WORDS) return false;
  const shared = countShared(fa.shingles, fb.shingles);
  if (shared > 0 && shared >= LEAK_CONTAINMENT * Math.min(fa.shingles.size, fb.shingles.size)) return true;
  return countShared(fa.runs, fb.runs) > 0;
}

/** The free-text fields of a report with their field ids, criteria first. */
export function reportTexts(content: ReportContent): { field: string; text: string }[] {
  const criteria = Object.entries(content.criteria).map(([id, c]) => ({
    field: criterionFieldId(id, 'comment'),
    text: c.comment,
  }));
  return [...criteria, ...TEXT_FIELDS.map((field) => ({ field, text: content[field] }))];
}

/**
 * Text shared between fields whose readers differ. A passage common to two fields is flagged on
 * each field that someone reads who may not read the other field's text, with `params.source`
 * naming the other field. Similarity has no direction, so the jury justification repeated in a
 * criterion comment flags the comment (the student would read jury text), while a comment quoted in
 * the jury justification is not flagged on the justification.
 */
export function detectAudienceLeaks(content: ReportContent): FieldError[] {
  const entries = reportTexts(content)
    .filter((e) => e.text.trim() !== '')
    .map((e) => ({ ...e, print: fingerprint(e.text), readers: readersOfField(e.field) }));
  const errors: FieldError[] = [];
  for (const receiver of entries) {
    for (const source of entries) {
      if (source === receiver) continue;
      const unintended = audienceOfField(receiver.field).some((a) => !source.readers.includes(a));
      if (unintended && isCopied(source.print, receiver.print)) {
        errors.push({ field: receiver.field, code: 'audience_leak', params: { source: source.field } });
      }
    }
  }
  return errors;
}

/** Name particles that are ordinary words on their own and never identify anyone. */
const NAME_PARTICLES = new Set([
  'des',
  'del',
  'der',
  'den',
  'van',
  'von',
  'dos',
  'das',
  'los',
  'las',
  'ter',
  'ten',
]);

type Token = { start: number; end: number; folded: string; capitalised: boolean };

function tokens(text: string): Token[] {
  return [...text.matchAll(/[\p{L}\p{M}\p{N}]+/gu)].map((m) => {
    const raw = m[0];
    const first = raw.charAt(0);
    return {
      start: m.index,
      end: m.index + raw.length,
      folded: normaliseText(raw),
      capitalised: first !== first.toLowerCase(),
    };
  });
}

/**
 * Where names occur in a text: a whole name in any case and accents, or one part of it (three
 * letters or more, not a particle) written with a capital, such as a first name alone.
 */
function nameSpans(text: string, names: readonly string[]): { start: number; end: number; name: string }[] {
  const words = tokens(text);
  const spans: { start: number; end: number; name: string }[] = [];
  for (const name of names) {
    const parts = wordsOf(name);
    if (parts.length === 0) continue;
    for (let i = 0; i < words.length; i++) {
      const whole = parts.every((p, k) => words[i + k]?.folded === p);
      const last = words[i + parts.length - 1];
      const word = words[i];
      if (!word) continue;
      if (whole && last) {
        spans.push({ start: word.start, end: last.end, name });
      } else if (
        word.capitalised &&
        word.folded.length >= 3 &&
        !NAME_PARTICLES.has(word.folded) &&
        parts.includes(word.folded)
      ) {
        spans.push({ start: word.start, end: word.end, name });
      }
    }
  }
  return spans.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** The names (from `names`) that appear in `text`, in the order given. */
export function namesIn(text: string, names: readonly string[]): string[] {
  const found = new Set(nameSpans(text, names).map((s) => s.name));
  return names.filter((n) => found.has(n));
}

/** True when none of `names` (students, people) appears in a curriculum text. */
export function curriculumFeedbackIsAnonymous(text: string, names: readonly string[]): boolean {
  return nameSpans(text, names).length === 0;
}

/** Replaces every occurrence of `names` in a curriculum text with `placeholder` (the digest shows no names). */
export function anonymiseText(text: string, names: readonly string[], placeholder = '[…]'): string {
  let result = '';
  let cursor = 0;
  for (const span of nameSpans(text, names)) {
    if (span.start < cursor) continue;
    result += text.slice(cursor, span.start) + placeholder;
    cursor = span.end;
  }
  return result + text.slice(cursor);
}
