/**
 * Free-text fields cut into statements and reduced to the words they are compared on, for
 * `text-clusters.ts`. A field is split at line breaks and after `.`, `!`, `?` or `;` followed by a
 * space; bullets and numbering are skipped. A statement's words are lowercased, accents folded,
 * punctuation stripped, English and French stop words removed, a plural "s" and the English "n't"
 * forms reduced ("inputs" → "input", "didn't" → "not").
 *
 * Words are interned in a vocabulary: each distinct comparison word gets an id and a stable hash,
 * and each raw word read is remembered by a hash of its characters, so a word seen before costs a
 * look-up and no allocation. It keeps 100,000 reports well inside the digest's time budget.
 */
import { normaliseText } from './audience-leak.ts';

/** Statements kept per field; the rest of a very long field is ignored. */
export const MAX_STATEMENTS_PER_FIELD = 30;
/** Distinct words kept per statement. */
export const MAX_WORDS_PER_STATEMENT = 64;

// biome-ignore format: one list per language reads better packed
const STOP_WORDS = new Set([
  // English (negations are kept: "no tests" and "tests" are different feedback)
  'about', 'above', 'after', 'again', 'all', 'also', 'am', 'an', 'and', 'any', 'are', 'as', 'at', 'be',
  'because', 'been', 'before', 'being', 'below', 'between', 'both', 'but', 'by', 'can', 'could', 'did',
  'do', 'does', 'doing', 'down', 'during', 'each', 'eg', 'etc', 'even', 'few', 'for', 'from', 'further',
  'had', 'has', 'have', 'having', 'he', 'her', 'here', 'hers', 'herself', 'him', 'himself', 'his', 'how',
  'ie', 'if', 'in', 'into', 'is', 'it', 'its', 'itself', 'just', 'lot', 'lots', 'many', 'may', 'me',
  'might', 'more', 'most', 'much', 'must', 'my', 'myself', 'none', 'nothing', 'of', 'off', 'often', 'on',
  'once', 'one', 'only', 'or', 'other', 'our', 'ours', 'out', 'over', 'own', 'quite', 'really', 'same',
  'she', 'should', 'so', 'some', 'still', 'such', 'than', 'that', 'the', 'their', 'theirs', 'them',
  'themselves', 'then', 'there', 'these', 'they', 'this', 'those', 'through', 'to', 'too', 'under',
  'until', 'up', 'very', 'was', 'we', 'were', 'what', 'when', 'where', 'which', 'while', 'who', 'whom',
  'why', 'will', 'with', 'would', 'yet', 'you', 'your', 'yours', 'yourself',
  // French, accents folded ("pas", "sans", "jamais" are kept)
  'ai', 'aient', 'ait', 'alors', 'au', 'aucun', 'aucune', 'aussi', 'autre', 'aux', 'avaient', 'avait',
  'avec', 'avez', 'avoir', 'avons', 'ca', 'ce', 'ceci', 'cela', 'celle', 'celui', 'ces', 'cet', 'cette',
  'chaque', 'comme', 'dans', 'de', 'des', 'donc', 'du', 'elle', 'elles', 'en', 'encore', 'es', 'est',
  'et', 'etaient', 'etait', 'ete', 'etre', 'eu', 'eux', 'fait', 'faire', 'il', 'ils', 'je', 'la', 'le',
  'les', 'leur', 'leurs', 'lui', 'ma', 'mais', 'me', 'meme', 'mes', 'moi', 'mon', 'ne', 'ni', 'nos',
  'notre', 'nous', 'on', 'ont', 'ou', 'par', 'parce', 'peu', 'plus', 'pour', 'qu', 'quand', 'que',
  'quel', 'quelle', 'quelles', 'quels', 'qui', 'quoi', 'ras', 'rien', 'sa', 'se', 'ses', 'si', 'son',
  'sont', 'sur', 'ta', 'te', 'tes', 'toi', 'ton', 'tous', 'tout', 'toute', 'toutes', 'tres', 'trop',
  'tu', 'un', 'une', 'vos', 'votre', 'vous',
]);

/** English contractions split by the normalisation ("didn't" → "didn t") that mean "not". */
// biome-ignore format: a packed list
const NEGATIONS = new Set([
  'aren', 'cannot', 'couldn', 'didn', 'doesn', 'don', 'hadn', 'hasn', 'haven', 'isn', 'shouldn', 'wasn', 'weren', 'won', 'wouldn',
]);

/** True for the English and French stop words the comparison leaves out (folded words). */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/** A raw word as read (lowercase), and the comparison words it yields. */
type RawWord = {
  raw: string;
  /** Ids of its comparison words: none (stop word), one, or several (a folded word that split). */
  ids: readonly number[];
  ignored: boolean;
  next: RawWord | undefined;
};

/** The words met so far by the collectors sharing a set of ignored words. */
export type Vocabulary = {
  readonly ignoreWords: ReadonlySet<string>;
  /** The comparison word of each id. */
  readonly words: string[];
  /** A stable 32-bit hash of each comparison word, by id (independent of the order words are met). */
  readonly hashes: number[];
  readonly ids: Map<string, number>;
  /** Raw words, by a 30-bit hash of their characters (small integers: Map keys without allocation). */
  readonly raw: Map<number, RawWord>;
};

// One vocabulary per set of ignored words: the collectors of one digest share theirs.
const vocabularies = new WeakMap<ReadonlySet<string>, Vocabulary>();

/** The vocabulary of the collectors that ignore `ignoreWords`. */
export function vocabularyFor(ignoreWords: ReadonlySet<string>): Vocabulary {
  let vocabulary = vocabularies.get(ignoreWords);
  if (!vocabulary) {
    vocabulary = { ignoreWords, words: [], hashes: [], ids: new Map(), raw: new Map() };
    vocabularies.set(ignoreWords, vocabulary);
  }
  return vocabulary;
}

/** MurmurHash3's 32-bit finaliser: spreads every input bit over the output. */
export function mix(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashWord(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return mix(h);
}

function idOf(vocabulary: Vocabulary, word: string): number {
  let id = vocabulary.ids.get(word);
  if (id === undefined) {
    id = vocabulary.words.length;
    vocabulary.words.push(word);
    vocabulary.hashes.push(hashWord(word));
    vocabulary.ids.set(word, id);
  }
  return id;
}

function stem(word: string): string {
  // A plural "s" (tests, entrées) but not "class", "status" or "analysis".
  return word.length > 3 && word.endsWith('s') && !/(?:ss|us|is)$/.test(word) ? word.slice(0, -1) : word;
}

function lookUp(
  vocabulary: Vocabulary,
  source: string,
  start: number,
  end: number,
  hash: number,
  fold: boolean,
): RawWord {
  const length = end - start;
  const first = vocabulary.raw.get(hash);
  for (let e = first; e; e = e.next) {
    if (e.raw.length === length && source.startsWith(e.raw, start)) return e;
  }
  const raw = source.slice(start, end);
  const ids: number[] = [];
  let ignored = false;
  for (const word of fold ? normaliseText(raw).split(' ') : [raw]) {
    if (vocabulary.ignoreWords.has(word)) ignored = true;
    else if (word.length >= 2 && !STOP_WORDS.has(word)) {
      ids.push(idOf(vocabulary, NEGATIONS.has(word) ? 'not' : stem(word)));
    }
  }
  const entry = { raw, ids, ignored, next: first };
  vocabulary.raw.set(hash, entry);
  return entry;
}

/** Adds a word id to a list kept in word order without duplicates (few words: a linear scan is fastest). */
function insertSorted(ids: number[], id: number, words: readonly string[]): void {
  if (ids.length >= MAX_WORDS_PER_STATEMENT) return;
  const word = words[id] ?? '';
  let i = ids.length;
  while (i > 0) {
    const before = ids[i - 1] ?? 0;
    if (before === id) return;
    if ((words[before] ?? '') < word) break;
    i -= 1;
  }
  ids.splice(i, 0, id);
}

function isSentenceEnd(c: number): boolean {
  return c === 46 || c === 33 || c === 63 || c === 59;
}

/** Whitespace, including the no-break spaces French typography puts before `;`, `!` and `?`. */
export function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 160 || c === 0x202f || c === 0x2009;
}

const NON_ASCII_WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

/**
 * Receives each statement: the ids of its words in word order (a fresh array), whether an ignored
 * word was left out, and where the statement lies in the text.
 */
export type StatementVisitor = (ids: number[], ignored: boolean, start: number, end: number) => void;

/**
 * Reads a field in one pass: ASCII words are lowercased and hashed as they are read and looked up
 * in the vocabulary; only new words with other characters go through `normaliseText`. Statements
 * start at their first word, so bullets are skipped; statements left without words are dropped.
 */
export function scanStatements(
  text: string,
  vocabulary: Vocabulary,
  limit: number,
  visit: StatementVisitor,
): void {
  let source = text.toLowerCase();
  // Lowercasing changed the length (rare letters such as "İ"): read the original, fold every word.
  const foldAll = source.length !== text.length;
  if (foldAll) source = text;
  const n = source.length;
  let emitted = 0;
  let statementStart = -1;
  let wordStart = -1;
  let wordFold = false;
  let wordDigits = true;
  let hash = 0;
  let ids: number[] = [];
  let ignored = false;
  for (let i = 0; i <= n && emitted < limit; i++) {
    const c = i < n ? source.charCodeAt(i) : 10;
    const ascii = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
    if (ascii || (c >= 128 && NON_ASCII_WORD_CHAR.test(source.charAt(i)))) {
      if (wordStart < 0) {
        wordStart = i;
        hash = 0x011c9dc5;
        wordFold = foldAll;
        wordDigits = true;
      }
      if (statementStart < 0) statementStart = i;
      if (!ascii) wordFold = true;
      if (c < 48 || c > 57) wordDigits = false;
      hash = Math.imul(hash ^ c, 0x01000193) & 0x3fffffff;
      continue;
    }
    const followedBySpace = i + 1 >= n || isSpace(source.charCodeAt(i + 1));
    if (wordStart >= 0) {
      // "1." or "2)" opening a line is numbering, not a word.
      const numbering =
        wordStart === statementStart &&
        wordDigits &&
        i - wordStart <= 3 &&
        (c === 46 || c === 41) &&
        followedBySpace;
      if (numbering) statementStart = -1;
      else {
        const word = lookUp(vocabulary, source, wordStart, i, hash, wordFold);
        if (word.ignored) ignored = true;
        for (const id of word.ids) insertSorted(ids, id, vocabulary.words);
      }
      wordStart = -1;
    }
    const lineEnd = c === 10 || c === 13;
    if (statementStart >= 0 && (lineEnd || (isSentenceEnd(c) && followedBySpace))) {
      if (ids.length > 0) {
        visit(ids, ignored, statementStart, lineEnd ? i : i + 1);
        emitted += 1;
        ids = [];
      }
      statementStart = -1;
      ignored = false;
    }
  }
}

/** A statement of a field: its text as written and the words it is compared on. */
export type Statement = {
  text: string;
  /** Comparison words, sorted, unique. */
  words: string[];
  /** True when a word of `ignoreWords` was left out. */
  ignored: boolean;
};

/** The statements of a field, for inspection and tests (the collectors use `scanStatements`). */
export function statementsOf(
  text: string,
  ignoreWords: ReadonlySet<string> = new Set(),
  limit = MAX_STATEMENTS_PER_FIELD,
): Statement[] {
  const vocabulary = vocabularyFor(ignoreWords);
  const result: Statement[] = [];
  scanStatements(text, vocabulary, limit, (ids, ignored, start, end) => {
    result.push({
      text: text.slice(start, end),
      words: ids.map((id) => vocabulary.words[id] ?? ''),
      ignored,
    });
  });
  return result;
}
