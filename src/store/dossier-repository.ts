/** Jury dossier records: one row per (student, content hash). */
import { type Kysely, type Selectable, sql } from 'kysely';
import type { DossierRecord, DossierRepository, DossierStatus, DossierUpsert } from '../ports/store.ts';
import { fromMs, fromMsOrNull, toMs, toMsOrNull } from './codec.ts';
import type { Database, DbContext } from './database.ts';

/** The `dossiers` table (migration `0002-dossiers`). */
export interface DossiersTable {
  student: string;
  hash: string;
  status: DossierStatus;
  requested_at: number;
  delivered_at: number | null;
  done: number;
  total: number;
  locked: number;
  locked_at: number | null;
  markdown: string | null;
}

type DossierDatabase = Database & { dossiers: DossiersTable };

/** A row as a dossier record. */
export function rowToDossier(row: Selectable<DossiersTable>): DossierRecord {
  return {
    student: row.student,
    hash: row.hash,
    status: row.status,
    requestedAt: fromMs(row.requested_at),
    deliveredAt: fromMsOrNull(row.delivered_at),
    progress: { done: Number(row.done), total: Number(row.total) },
    locked: Number(row.locked) === 1,
    lockedAt: fromMsOrNull(row.locked_at),
    markdown: row.markdown,
  };
}

/** `DossierRepository` on Kysely. */
export class KyselyDossierRepository implements DossierRepository {
  private readonly ctx: DbContext;

  constructor(ctx: DbContext) {
    this.ctx = ctx;
  }

  private get db(): Kysely<DossierDatabase> {
    return this.ctx.db.withTables<{ dossiers: DossiersTable }>();
  }

  async get(student: string): Promise<DossierRecord | null> {
    const row = await this.db
      .selectFrom('dossiers')
      .selectAll()
      .where('student', '=', student)
      .orderBy('requested_at', 'desc')
      .orderBy('hash')
      .executeTakeFirst();
    return row ? rowToDossier(row) : null;
  }

  async lastDelivered(student: string): Promise<DossierRecord | null> {
    const row = await this.db
      .selectFrom('dossiers')
      .selectAll()
      .where('student', '=', student)
      .where('status', '=', 'delivered')
      .orderBy('delivered_at', 'desc')
      .orderBy('hash')
      .executeTakeFirst();
    return row ? rowToDossier(row) : null;
  }

  async findByHash(student: string, hash: string): Promise<DossierRecord | null> {
    const row = await this.db
      .selectFrom('dossiers')
      .selectAll()
      .where('student', '=', student)
      .where('hash', '=', hash)
      .executeTakeFirst();
    return row ? rowToDossier(row) : null;
  }

  async upsert(record: DossierUpsert): Promise<void> {
    const row = {
      student: record.student,
      hash: record.hash,
      status: record.status,
      requested_at: toMs(record.requestedAt),
      delivered_at: toMsOrNull(record.deliveredAt),
      done: record.progress.done,
      total: record.progress.total,
      locked: record.locked ? 1 : 0,
      locked_at: toMsOrNull(record.lockedAt),
      markdown: record.markdown ?? null,
    };
    // Omitted optional fields keep what the row already holds.
    const update = {
      status: row.status,
      requested_at: row.requested_at,
      delivered_at: row.delivered_at,
      done: row.done,
      total: row.total,
      locked: row.locked,
      ...(record.lockedAt === undefined ? {} : { locked_at: row.locked_at }),
      ...(record.markdown === undefined ? {} : { markdown: row.markdown }),
    };
    await this.db
      .insertInto('dossiers')
      .values(row)
      .onConflict((oc) => oc.columns(['student', 'hash']).doUpdateSet(update))
      .execute();
  }

  async setProgress(
    student: string,
    hash: string,
    change: { done: number; total?: number } | { add: number },
  ): Promise<{ done: number; total: number } | null> {
    const query = this.db.updateTable('dossiers').where('student', '=', student).where('hash', '=', hash);
    if ('add' in change) {
      // One statement, so concurrent sections never lose an increment.
      await query
        .set({
          done: sql<number>`case when done + ${change.add} > total then total else done + ${change.add} end`,
        })
        .execute();
    } else {
      await query
        .set((eb) => ({
          total: change.total ?? eb.ref('total'),
          done:
            change.total === undefined
              ? sql<number>`case when ${change.done} > total then total else ${change.done} end`
              : Math.min(change.done, change.total),
        }))
        .execute();
    }
    return (await this.findByHash(student, hash))?.progress ?? null;
  }

  async markDelivered(student: string, hash: string, at: Date, markdown?: string): Promise<void> {
    await this.db
      .updateTable('dossiers')
      .set((eb) => ({
        status: 'delivered' as const,
        delivered_at: toMs(at),
        done: eb.ref('total'),
        ...(markdown === undefined ? {} : { markdown }),
      }))
      .where('student', '=', student)
      .where('hash', '=', hash)
      .execute();
  }

  async lock(student: string, at: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('dossiers')
      .set({ locked: 1, locked_at: toMs(at) })
      .where('student', '=', student)
      .where('locked', '=', 0)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
