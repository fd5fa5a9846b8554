/**
 * The file the local workspace keeps its conversations in between runs: where it lives (next to the
 * SQLite database, else `./data/`), how it is read (a missing or broken file is never fatal), and a
 * writer that saves it shortly after changes and once more on close, atomically.
 */
import { copyFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { Logger } from '../logger.ts';
import { sqlitePath } from '../store/open-store.ts';

/** The file's name, in the database's directory. */
export const STATE_FILE_NAME = 'local-workspace.json';
/** Bumped when the format changes; a file of another version is set aside, not read. */
export const STATE_FILE_VERSION = 1;
/** A file's bytes are saved up to this size; a larger file keeps its name, title and size only. */
export const SAVED_FILE_MAX_BYTES = 512 * 1024;
/** The bytes saved for one platform's files at most, newest first. */
export const SAVED_FILES_TOTAL_BYTES = 4 * 1024 * 1024;

/**
 * Where the state of the local workspace is saved for a `DATABASE_URL`; null for an in-memory
 * database, which forgets everything at each start (its conversations would point at nothing).
 */
export function workspaceStatePath(databaseUrl: string): string | null {
  if (databaseUrl.startsWith('sqlite:')) {
    const path = sqlitePath(databaseUrl);
    return path === ':memory:' ? null : join(dirname(path), STATE_FILE_NAME);
  }
  // PostgreSQL has no directory of its own on this machine.
  return join('data', STATE_FILE_NAME);
}

/** What reading the file gave: its sections by platform, or why there are none. */
export type StateFileRead =
  | { kind: 'read'; sections: Record<string, unknown> }
  | { kind: 'missing' }
  | { kind: 'unreadable'; reason: string };

const Envelope = z.object({ version: z.number(), sections: z.record(z.string(), z.unknown()) });

/** Reads the state file; never throws. */
export async function readStateFile(path: string): Promise<StateFileRead> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', reason: error instanceof Error ? error.message : String(error) };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { kind: 'unreadable', reason: `not JSON: ${error instanceof Error ? error.message : error}` };
  }
  const envelope = Envelope.safeParse(json);
  if (!envelope.success) return { kind: 'unreadable', reason: 'not a local workspace state file' };
  if (envelope.data.version !== STATE_FILE_VERSION)
    return {
      kind: 'unreadable',
      reason: `format version ${envelope.data.version}, not ${STATE_FILE_VERSION}`,
    };
  return { kind: 'read', sections: envelope.data.sections };
}

/** What restoring one platform brought back (counts by kind) and what it dropped, with why. */
export type RestoreOutcome = { restored: Record<string, number>; dropped: string[] };

/** Parses one section, or says in one line what is wrong with it. */
export function parseSection<T extends z.ZodType>(
  schema: T,
  raw: unknown,
): { data: z.output<T> } | { reason: string } {
  if (raw === undefined) return { reason: 'absent' };
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { data: parsed.data };
  const issue = parsed.error.issues[0];
  return { reason: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` };
}

/** Copies a file that could not be used aside (`<file>.unreadable`), since the next save replaces it. */
export async function setAside(path: string): Promise<string | null> {
  const copy = `${path}.unreadable`;
  try {
    await copyFile(path, copy);
    return copy;
  } catch {
    return null;
  }
}

/** Decides, newest file first, which files keep their bytes in the saved state. */
export function byteBudget(): (size: number) => boolean {
  let left = SAVED_FILES_TOTAL_BYTES;
  return (size) => {
    if (size > SAVED_FILE_MAX_BYTES || size > left) return false;
    left -= size;
    return true;
  };
}

/** The options of {@link StateFileWriter}. */
export type StateFileWriterOptions = {
  path: string;
  /** The sections to save, by platform, read at the moment of writing. */
  sections: () => Record<string, unknown>;
  logger: Logger;
  /** Quiet time after a change before writing. */
  debounceMs?: number;
  /** The longest a change waits while changes keep coming. */
  maxWaitMs?: number;
};

/** Saves the state shortly after changes (debounced) and on close; one write at a time, atomic. */
export class StateFileWriter {
  readonly #options: Required<StateFileWriterOptions>;
  #timer: NodeJS.Timeout | null = null;
  #firstChangeAt: number | null = null;
  #writing: Promise<void> = Promise.resolve();
  #closed = false;
  #failed = false;

  constructor(options: StateFileWriterOptions) {
    this.#options = { debounceMs: 250, maxWaitMs: 2000, ...options };
  }

  /** Notes a change: the file is written once changes pause, or after `maxWaitMs` at most. */
  changed(): void {
    if (this.#closed) return;
    const now = Date.now();
    this.#firstChangeAt ??= now;
    const waited = now - this.#firstChangeAt;
    if (this.#timer !== null) clearTimeout(this.#timer);
    const delay = Math.max(0, Math.min(this.#options.debounceMs, this.#options.maxWaitMs - waited));
    this.#timer = setTimeout(() => void this.flush(), delay);
    // A pending save must not keep a finished process alive; close() writes the last one.
    this.#timer.unref();
  }

  /** Writes now (after any write under way). */
  flush(): Promise<void> {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#firstChangeAt = null;
    const text = this.#serialize();
    this.#writing = this.#writing.then(() => (text === null ? undefined : this.#write(text)));
    return this.#writing;
  }

  /** Writes the last state and stops following changes. */
  async close(): Promise<void> {
    if (this.#closed) return this.#writing;
    this.#closed = true;
    return this.flush();
  }

  #serialize(): string | null {
    try {
      return JSON.stringify({
        version: STATE_FILE_VERSION,
        savedAt: new Date().toISOString(),
        sections: this.#options.sections(),
      });
    } catch (error) {
      this.#options.logger.warn({ err: error }, 'the local workspace state could not be serialised');
      return null;
    }
  }

  async #write(text: string): Promise<void> {
    const { path, logger } = this.#options;
    const temporary = `${path}.${process.pid}.tmp`;
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(temporary, text);
      // A crash mid-write leaves the previous file whole.
      await rename(temporary, path);
      if (this.#failed) logger.info({ file: path }, 'the local workspace state is saved again');
      this.#failed = false;
    } catch (error) {
      // Log the first failure of a run of them, not one line per change.
      if (!this.#failed)
        logger.warn({ err: error, file: path }, 'the local workspace state could not be saved');
      this.#failed = true;
    }
  }
}
