/**
 * Idempotent import of an organisation file: each row is normalised, compared with the stored one
 * and written only when it differs. People, students, paths and projects missing from the file are
 * deactivated, never deleted, because evaluations refer to them.
 */
import type { Kysely } from 'kysely';
import type { Organisation } from '../domain/model.ts';
import type { ImportSummary } from '../ports/store.ts';
import { chunks } from './codec.ts';
import type { Database } from './database.ts';
import { channelsToRows, pathToRow, projectToRow } from './organisation-rows.ts';
import { personToRow, studentToRow } from './people-repository.ts';

type Keyed = { id: string; active: number };

type SyncOps<R> = {
  insert(rows: R[]): Promise<unknown>;
  update(row: R, before: R): Promise<unknown>;
  deactivate(ids: string[]): Promise<unknown>;
};

/** True when every column of `desired` holds the same value in `stored`. */
function sameRow<R extends object>(desired: R, stored: R): boolean {
  return (Object.keys(desired) as (keyof R)[]).every((key) => desired[key] === stored[key]);
}

function assertUniqueIds(kind: string, rows: readonly { id: string }[]): void {
  const seen = new Set<string>();
  for (const { id } of rows) {
    if (seen.has(id)) throw new Error(`The organisation lists ${kind} "${id}" twice`);
    seen.add(id);
  }
}

async function sync<R extends Keyed>(
  desired: R[],
  stored: R[],
  ops: SyncOps<R>,
  summary: ImportSummary,
): Promise<void> {
  const byId = new Map(stored.map((row) => [row.id, row]));
  const inserts: R[] = [];
  for (const row of desired) {
    const before = byId.get(row.id);
    if (!before) {
      inserts.push(row);
    } else if (sameRow(row, before)) {
      summary.unchanged++;
    } else {
      await ops.update(row, before);
      summary.updated++;
    }
  }
  for (const batch of chunks(inserts)) await ops.insert(batch);
  summary.inserted += inserts.length;
  const wanted = new Set(desired.map((row) => row.id));
  const gone = stored.filter((row) => row.active === 1 && !wanted.has(row.id)).map((row) => row.id);
  for (const batch of chunks(gone, 500)) await ops.deactivate(batch);
  summary.deactivated += gone.length;
}

/** Writes `org` into `db` (which the caller runs in a transaction) and counts what changed. */
export async function importOrganisation(db: Kysely<Database>, org: Organisation): Promise<ImportSummary> {
  const summary: ImportSummary = { inserted: 0, updated: 0, unchanged: 0, deactivated: 0 };
  assertUniqueIds('path', org.paths);
  assertUniqueIds('project', org.projects);
  assertUniqueIds('person', org.people);
  assertUniqueIds('student', org.students);

  const settings = {
    id: 1,
    name: org.organisation.name,
    default_locale: org.organisation.defaultLocale,
    timezone: org.organisation.timezone,
  };
  const storedSettings = await db.selectFrom('settings').selectAll().where('id', '=', 1).executeTakeFirst();
  if (!storedSettings) {
    await db.insertInto('settings').values(settings).execute();
    summary.inserted++;
  } else if (sameRow(settings, storedSettings)) {
    summary.unchanged++;
  } else {
    await db.updateTable('settings').set(settings).where('id', '=', 1).execute();
    summary.updated++;
  }

  const storedChannels = new Map(
    (await db.selectFrom('channels').selectAll().execute()).map((row) => [row.purpose, row]),
  );
  for (const row of channelsToRows(org.channels)) {
    const before = storedChannels.get(row.purpose);
    if (!before) {
      await db.insertInto('channels').values(row).execute();
      summary.inserted++;
    } else if (sameRow(row, before)) {
      summary.unchanged++;
    } else {
      await db.updateTable('channels').set(row).where('purpose', '=', row.purpose).execute();
      summary.updated++;
    }
  }

  await sync(
    org.paths.map(pathToRow),
    await db.selectFrom('paths').selectAll().execute(),
    {
      insert: (rows) => db.insertInto('paths').values(rows).execute(),
      update: (row) => db.updateTable('paths').set(row).where('id', '=', row.id).execute(),
      deactivate: (ids) => db.updateTable('paths').set({ active: 0 }).where('id', 'in', ids).execute(),
    },
    summary,
  );

  await sync(
    org.projects.map(projectToRow),
    await db.selectFrom('projects').selectAll().execute(),
    {
      insert: (rows) => db.insertInto('projects').values(rows).execute(),
      update: (row) => db.updateTable('projects').set(row).where('id', '=', row.id).execute(),
      deactivate: (ids) => db.updateTable('projects').set({ active: 0 }).where('id', 'in', ids).execute(),
    },
    summary,
  );

  await sync(
    org.people.map(personToRow),
    await db
      .selectFrom('people')
      .select([
        'id',
        'name',
        'roles',
        'locale',
        'languages',
        'slack_id',
        'discord_id',
        'certifications',
        'capacity',
        'absences',
        'conflicts',
        'active',
      ])
      .execute(),
    {
      insert: (rows) => db.insertInto('people').values(rows).execute(),
      // A value the file changes is a newer declaration than the person's own, so it takes over.
      update: (row, before) =>
        db
          .updateTable('people')
          .set({
            ...row,
            ...(row.capacity === before.capacity ? {} : { capacity_override: null }),
            ...(row.absences === before.absences ? {} : { absences_override: null }),
          })
          .where('id', '=', row.id)
          .execute(),
      deactivate: (ids) => db.updateTable('people').set({ active: 0 }).where('id', 'in', ids).execute(),
    },
    summary,
  );

  await sync(
    org.students.map(studentToRow),
    await db.selectFrom('students').selectAll().execute(),
    {
      insert: (rows) => db.insertInto('students').values(rows).execute(),
      update: (row) => db.updateTable('students').set(row).where('id', '=', row.id).execute(),
      deactivate: (ids) => db.updateTable('students').set({ active: 0 }).where('id', 'in', ids).execute(),
    },
    summary,
  );

  return summary;
}
