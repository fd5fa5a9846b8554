/**
 * Migrations defined in code (not scanned from a folder) so that they work under tsx, in tests and
 * in bundles. Add a migration by adding an entry; names sort in the order they apply.
 */
import type { Migration, MigrationProvider } from 'kysely';
import type { SqlDialect } from '../database.ts';
import { initialMigration } from './0001-initial.ts';
import { dossiersMigration } from './0002-dossiers.ts';
import { sentMessagesMigration } from './0003-sent-messages.ts';
import { reportDigestsMigration } from './0004-report-digests.ts';
import { offersByAssessorMigration } from './0005-offers-by-assessor.ts';

/** Every migration, by name, for a dialect. */
export function migrations(dialect: SqlDialect): Record<string, Migration> {
  return {
    '0001-initial': initialMigration(dialect),
    '0002-dossiers': dossiersMigration(),
    '0003-sent-messages': sentMessagesMigration(),
    '0004-report-digests': reportDigestsMigration(),
    '0005-offers-by-assessor': offersByAssessorMigration(),
  };
}

/** The provider Kysely's `Migrator` reads. */
export function migrationProvider(dialect: SqlDialect): MigrationProvider {
  return { getMigrations: async () => migrations(dialect) };
}
