import type { Organisation } from '../domain/model.ts';
import { type Clock, systemClock } from '../ports/clock.ts';
import type { ImportSummary, Store } from '../ports/store.ts';
import { type OrgFileError, parseOrganisationFile } from './organisation-file.ts';

/** The import's outcome: what changed, or every problem in the file (and nothing written). */
export type ImportResult =
  | { ok: true; summary: ImportSummary; organisation: Organisation }
  | { ok: false; errors: OrgFileError[] };

/** Optional settings of an import. */
export type ImportOptions = {
  /** Who imports, for the audit log: `cli` by default, `system` when the local workspace seeds itself. */
  actor?: string;
  clock?: Clock;
};

/**
 * Parses an organisation file and imports it in one transaction with its audit entry: either the
 * whole file is applied or nothing is. An invalid file writes nothing and returns its errors.
 */
export async function importOrganisationFile(
  store: Store,
  text: string,
  fileName: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const parsed = parseOrganisationFile(text, fileName);
  if (!parsed.ok) return parsed;
  const { organisation } = parsed;
  const clock = options.clock ?? systemClock;
  const summary = await store.transaction(async (tx) => {
    const result = await tx.org.importOrganisation(organisation);
    await tx.audit.append({
      at: clock.now(),
      actor: options.actor ?? 'cli',
      action: 'organisation.import',
      subject: null,
      outcome: 'ok',
      detail: {
        file: fileName,
        ...result,
        paths: organisation.paths.length,
        projects: organisation.projects.length,
        people: organisation.people.length,
        students: organisation.students.length,
      },
    });
    return result;
  });
  return { ok: true, summary, organisation };
}
