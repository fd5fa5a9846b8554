/** What the export commands share: reading a day option and writing the output file. */
import { writeFile } from 'node:fs/promises';
import { CliUserError } from './runtime.ts';

/** A `YYYY-MM-DD` day as the instant it starts in UTC; a user error naming `option` otherwise. */
export function parseDay(text: string, option = '--since'): Date {
  const date = new Date(`${text}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(text) ||
    Number.isNaN(date.getTime()) ||
    date.toISOString().slice(0, 10) !== text
  ) {
    throw new CliUserError(`${option} expects a date as YYYY-MM-DD, got "${text}"`);
  }
  return date;
}

/** Writes `text` to `file`, turning the usual file-system refusals into one-line user errors. */
export async function writeOutput(file: string, text: string): Promise<void> {
  try {
    await writeFile(file, text, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    if (code === 'ENOENT') throw new CliUserError(`cannot write ${file}: its folder does not exist`);
    if (code === 'EISDIR') throw new CliUserError(`cannot write ${file}: it is a directory`);
    if (code === 'EACCES' || code === 'EPERM')
      throw new CliUserError(`cannot write ${file}: permission denied`);
    throw error;
  }
}
