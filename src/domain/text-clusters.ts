/**
 * Groups free-text statements (curriculum feedback) into clusters of similar statements.
 *
 * Each field is cut into statements reduced to their set of words (`text-statements.ts`).
 * Identical word sets are counted together as they arrive, so memory grows with the number of
 * distinct statements, not with the number of reports. Clustering runs once at the end: distinct
 * statements, most frequent first, join the most similar cluster leader when the Jaccard similarity
 * of their word sets reaches the threshold, or lead a new cluster. Candidate leaders come from
 * MinHash signatures banded into an LSH index (8 bands of 2 rows: a pair at the 0.6 threshold
 * meets in some band with probability 0.97), so a statement is compared with a few leaders, never
 * all of them. The result does not depend on the order of the input.
 */
import {
  isSpace,
  MAX_STATEMENTS_PER_FIELD,
  mix,
  scanStatements,
  type Vocabulary,
  vocabularyFor,
} from './text-statements.ts';

/** A group of similar statements, labelled by its most frequent statement as written. */
export type TextCluster = {
  /** The most frequent statement of the cluster, as written (preferring one without ignored words). */
  label: string;
  /** Statements in the cluster (a statement repeated in one field counts once). */
  count: number;
  /** Distinct statements (after normalisation) merged into the cluster. */
  variants: number;
};

/** Collects the statements of many fields, then clusters them. */
export type StatementCollector = {
  /** Splits a free-text field into statements and counts each one. */
  add(text: string): void;
  /** Statements counted so far. */
  readonly statements: number;
  /** Distinct statements (after normalisation) counted so far. */
  readonly distinct: number;
  /** The `limit` largest clusters (ties: label in code-point order, then words) and the rest's totals. */
  summarise(limit?: number): ClusterSummary;
};

/** The largest clusters of a collector, and what the others hold. */
export type ClusterSummary = {
  clusters: TextCluster[];
  /** Clusters beyond `clusters`, and the statements they hold. */
  otherClusters: number;
  otherStatements: number;
};

/** How a collector compares statements. */
export type CollectorOptions = {
  /**
   * Folded words left out of the comparison, and avoided in labels when another wording of the
   * statement does without them (the digest passes every part of every person's name). Collectors
   * given the same set share their vocabulary.
   */
  ignoreWords?: ReadonlySet<string>;
  /** Jaccard similarity of word sets from which a statement joins a cluster; 0.6 by default. */
  threshold?: number;
};

/** Default similarity threshold: one word out of five may differ. */
export const CLUSTER_THRESHOLD = 0.6;
/** Characters kept of a statement's text for its label. */
export const MAX_LABEL_CHARS = 300;

const BANDS = 8;
const ROWS = 2;
const HASHES = BANDS * ROWS;
/** Leaders compared with one statement at most (a bound on the work for very common words). */
const MAX_CANDIDATES = 48;

/** A distinct statement: its word ids in word order, and how often it was seen. */
type Entry = { ids: number[]; count: number; sample: string; clean: boolean; next: Entry | undefined };

/** Creates a collector; see the module documentation for the method. */
export function createStatementCollector(options: CollectorOptions = {}): StatementCollector {
  const vocabulary = vocabularyFor(options.ignoreWords ?? new Set<string>());
  const threshold = options.threshold ?? CLUSTER_THRESHOLD;
  // By a hash of the word ids; colliding entries are chained.
  const entries = new Map<number, Entry>();
  let statements = 0;
  let distinct = 0;
  return {
    add(text) {
      const seen: Entry[] = [];
      scanStatements(text, vocabulary, MAX_STATEMENTS_PER_FIELD, (ids, ignored, start, end) => {
        const hash = hashIds(ids);
        const first = entries.get(hash);
        let entry = first;
        while (entry && !sameIds(entry.ids, ids)) entry = entry.next;
        if (entry && seen.includes(entry)) return;
        statements += 1;
        const to = Math.min(end, start + MAX_LABEL_CHARS);
        if (!entry) {
          entry = { ids, count: 1, sample: text.slice(start, to).trimEnd(), clean: !ignored, next: first };
          entries.set(hash, entry);
          distinct += 1;
        } else {
          entry.count += 1;
          // The label does not depend on arrival order: a wording without ignored words, then the smallest.
          const better =
            ignored === !entry.clean ? compareRegion(text, start, to, entry.sample) < 0 : !ignored;
          if (better) {
            entry.sample = text.slice(start, to).trimEnd();
            entry.clean = !ignored;
          }
        }
        seen.push(entry);
      });
    },
    get statements() {
      return statements;
    },
    get distinct() {
      return distinct;
    },
    summarise(limit = Number.POSITIVE_INFINITY) {
      const all: Entry[] = [];
      for (const first of entries.values()) for (let e: Entry | undefined = first; e; e = e.next) all.push(e);
      const leaders = clusterEntries(all, vocabulary, threshold);
      const top = largest(leaders, limit, vocabulary.words);
      const shown = top.reduce((sum, c) => sum + c.count, 0);
      return {
        clusters: top.map(({ label, count, variants }) => ({ label, count, variants })),
        otherClusters: leaders.length - top.length,
        otherStatements: statements - shown,
      };
    },
  };
}

function hashIds(ids: readonly number[]): number {
  let h = 0x2545f491;
  for (const id of ids) h = Math.imul(h ^ id, 0x01000193);
  return h & 0x3fffffff;
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Compares `text.slice(start, end)`, trailing spaces removed, with `other`, without slicing it. */
function compareRegion(text: string, start: number, end: number, other: string): number {
  let stop = end;
  while (stop > start && isSpace(text.charCodeAt(stop - 1))) stop -= 1;
  const length = stop - start;
  for (let k = 0; k < length && k < other.length; k++) {
    const d = text.charCodeAt(start + k) - other.charCodeAt(k);
    if (d !== 0) return d;
  }
  return length - other.length;
}

type Leader = {
  ids: number[];
  hash: number;
  label: string;
  clean: boolean;
  count: number;
  variants: number;
};

/** Leader clustering of the distinct statements; see the module documentation. */
function clusterEntries(entries: readonly Entry[], vocabulary: Vocabulary, threshold: number): Leader[] {
  // Most frequent first; ties by a hash of the words themselves (ids depend on the order words were met).
  const ordered = entries
    .map((entry) => ({ entry, hash: contentHash(entry.ids, vocabulary) }))
    .sort(
      (a, b) =>
        b.entry.count - a.entry.count ||
        a.hash - b.hash ||
        compareIds(a.entry.ids, b.entry.ids, vocabulary.words),
    );
  const leaders: Leader[] = [];
  const index = createLshIndex(ordered.length);
  const minHashes = minHashTable(vocabulary);
  const checkedBy = new Int32Array(ordered.length).fill(-1);
  const sig = new Uint32Array(HASHES);
  const keys = new Int32Array(BANDS);
  const slots = new Int32Array(BANDS);
  for (const [position, { entry, hash }] of ordered.entries()) {
    signature(entry.ids, minHashes, sig);
    let best = -1;
    let bestScore = threshold;
    let checked = 0;
    for (let b = 0; b < BANDS; b++) {
      // A band's two minima folded into 30 bits; a rare collision only adds a candidate, which the
      // exact comparison then rejects.
      const key = (Math.imul(sig[b * ROWS] ?? 0, 0x9e3779b1) ^ (sig[b * ROWS + 1] ?? 0)) & 0x3fffffff;
      const slot = index.slot(b, key);
      keys[b] = key;
      slots[b] = slot;
      for (let c = index.first(slot, key); c >= 0 && checked < MAX_CANDIDATES; c = index.next(b, c)) {
        const leader = leaders[c];
        if (checkedBy[c] === position || !leader) continue;
        checkedBy[c] = position;
        checked += 1;
        const score = jaccardIds(entry.ids, leader.ids);
        if (score > bestScore || (score === bestScore && (best === -1 || c < best))) {
          best = c;
          bestScore = score;
        }
      }
    }
    const leader = best === -1 ? undefined : leaders[best];
    if (leader) {
      leader.count += entry.count;
      leader.variants += 1;
      // Keep the most frequent wording unless it carries an ignored word and this one does not.
      if (!leader.clean && entry.clean) {
        leader.label = entry.sample;
        leader.clean = true;
      }
      continue;
    }
    const id = leaders.length;
    leaders.push({
      ids: entry.ids,
      hash,
      label: entry.sample,
      clean: entry.clean,
      count: entry.count,
      variants: 1,
    });
    for (let b = 0; b < BANDS; b++) index.add(b, slots[b] ?? 0, keys[b] ?? 0, id);
  }
  return leaders;
}

/** Orders clusters: largest first, then by label, then by words. */
function before(a: Leader, b: Leader, words: readonly string[]): number {
  return b.count - a.count || compare(a.label, b.label) || a.hash - b.hash || compareIds(a.ids, b.ids, words);
}

/**
 * The `limit` first leaders in {@link before} order. Sorting by count alone is cheap; labels are
 * compared only among the leaders tied with the last one kept, picked by a scan (there may be
 * thousands of single statements and only a few places).
 */
function largest(leaders: Leader[], limit: number, words: readonly string[]): Leader[] {
  if (limit < 1) return [];
  if (leaders.length <= limit) return leaders.sort((a, b) => before(a, b, words));
  leaders.sort((a, b) => b.count - a.count);
  const cut = leaders[limit - 1]?.count ?? 0;
  const kept = leaders.filter((l) => l.count > cut);
  const tied: Leader[] = [];
  for (const leader of leaders) {
    if (leader.count !== cut) continue;
    const worst = tied[tied.length - 1];
    if (tied.length === limit - kept.length && worst && before(leader, worst, words) >= 0) continue;
    tied.push(leader);
    tied.sort((a, b) => before(a, b, words));
    if (tied.length > limit - kept.length) tied.pop();
  }
  return [...kept.sort((a, b) => before(a, b, words)), ...tied];
}

/** A hash of a statement's words that does not depend on the order the words were met. */
function contentHash(ids: readonly number[], vocabulary: Vocabulary): number {
  let h = 0x3c6ef372;
  for (const id of ids) h = mix(h ^ (vocabulary.hashes[id] ?? 0));
  return h;
}

/**
 * The LSH buckets of every band, in typed arrays (no per-bucket objects): an open-addressing table
 * per band from bucket key to the last leader added, and per (leader, band) the leader added
 * before it to the same bucket. Walking a bucket visits the newest leader first.
 */
function createLshIndex(maxLeaders: number) {
  const capacity = 2 ** Math.ceil(Math.log2(Math.max(16, maxLeaders * 2)));
  const mask = capacity - 1;
  const slotKeys = new Int32Array(BANDS * capacity).fill(-1);
  const heads = new Int32Array(BANDS * capacity);
  const previous = new Int32Array(Math.max(1, maxLeaders) * BANDS);
  return {
    /** Where the band's bucket for `key` is, or would go. */
    slot(band: number, key: number): number {
      let s = mix(key) & mask;
      for (;;) {
        const at = band * capacity + s;
        const k = slotKeys[at] ?? -1;
        if (k === -1 || k === key) return at;
        s = (s + 1) & mask;
      }
    },
    /** The newest leader in the bucket at `slot` if it holds `key`, or -1. */
    first(slot: number, key: number): number {
      return slotKeys[slot] === key ? (heads[slot] ?? -1) : -1;
    },
    /** The leader added to the same bucket before `leader`, or -1. */
    next(band: number, leader: number): number {
      return previous[leader * BANDS + band] ?? -1;
    },
    /** Adds a leader to the bucket at `slot` (from `slot(band, key)`, nothing added since). */
    add(band: number, slot: number, key: number, leader: number): void {
      previous[leader * BANDS + band] = slotKeys[slot] === key ? (heads[slot] ?? -1) : -1;
      slotKeys[slot] = key;
      heads[slot] = leader;
    },
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders two word-id lists (each in word order) by their words, as text would sort. */
function compareIds(a: readonly number[], b: readonly number[], words: readonly string[]): number {
  for (let i = 0; i < a.length && i < b.length; i++) {
    const d = a[i] === b[i] ? 0 : compare(words[a[i] ?? 0] ?? '', words[b[i] ?? 0] ?? '');
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** Jaccard similarity of two sorted, duplicate-free word lists. */
export function jaccard(a: readonly string[], b: readonly string[]): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const d = compare(a[i] ?? '', b[j] ?? '');
    if (d === 0) {
      shared += 1;
      i += 1;
      j += 1;
    } else if (d < 0) i += 1;
    else j += 1;
  }
  const union = a.length + b.length - shared;
  return union === 0 ? 1 : shared / union;
}

/** Jaccard similarity of two duplicate-free word-id lists (short: comparing every pair is fastest). */
function jaccardIds(a: readonly number[], b: readonly number[]): number {
  let shared = 0;
  for (const id of a) if (b.includes(id)) shared += 1;
  const union = a.length + b.length - shared;
  return union === 0 ? 1 : shared / union;
}

// Fixed seeds keep signatures, and so the clusters, identical from run to run.
const SEEDS = (() => {
  const seeds = new Uint32Array(HASHES);
  let state = 0x9e3779b9;
  for (let i = 0; i < HASHES; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    seeds[i] = mix(state);
  }
  return seeds;
})();

/** Each word's value under each MinHash function, by word id; kept with the vocabulary and grown. */
type MinHashTable = { values: Uint32Array; size: number };

const minHashTables = new WeakMap<Vocabulary, MinHashTable>();

function minHashTable(vocabulary: Vocabulary): Uint32Array {
  let table = minHashTables.get(vocabulary);
  if (!table) {
    table = { values: new Uint32Array(HASHES * 1024), size: 0 };
    minHashTables.set(vocabulary, table);
  }
  const words = vocabulary.hashes.length;
  if (words * HASHES > table.values.length) {
    const grown = new Uint32Array(Math.max(words, 2 * table.size) * HASHES);
    grown.set(table.values);
    table.values = grown;
  }
  for (let id = table.size; id < words; id++) {
    const base = vocabulary.hashes[id] ?? 0;
    for (let i = 0; i < HASHES; i++) table.values[id * HASHES + i] = mix(base ^ (SEEDS[i] ?? 0));
  }
  table.size = words;
  return table.values;
}

/** Writes into `out` the MinHash signature of a word set: per hash function, the smallest value. */
function signature(ids: readonly number[], table: Uint32Array, out: Uint32Array): void {
  out.fill(0xffffffff);
  for (const id of ids) {
    const at = id * HASHES;
    for (let i = 0; i < HASHES; i++) {
      const v = table[at + i] ?? 0;
      if (v < (out[i] ?? 0)) out[i] = v;
    }
  }
}
