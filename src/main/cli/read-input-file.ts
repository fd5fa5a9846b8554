import { readFile } from 'node:fs/promises';
import { CliUserError } from './runtime.ts';

/** Reads a UTF-8 file named on the command line; a missing or unreadable file is the user's error. */
export async function readInputFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    if (code === 'ENOENT') throw new CliUserError(`cannot read ${file}: no such file`);
    if (code === 'EISDIR') throw new CliUserError(`cannot read ${file}: it is a directory, not a file`);
    if (code === 'EACCES' || code === 'EPERM')
      throw new CliUserError(`cannot read ${file}: permission denied`);
    throw error;
  }
}
