/** The audit log and the idempotency keys. */
import type { Selectable } from 'kysely';
import type { AuditEntry, AuditRepository, IdempotencyRepository } from '../ports/store.ts';
import { canonicalJson, fromMs, parseJson, toMs } from './codec.ts';
import type { AuditTable, DbContext } from './database.ts';

/** A row as an audit entry. */
export function rowToAudit(row: Selectable<AuditTable>): AuditEntry {
  return {
    at: fromMs(row.at),
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    outcome: row.outcome,
    detail: parseJson<Record<string, unknown>>(row.detail),
  };
}

/** `AuditRepository` on Kysely. */
export class KyselyAuditRepository implements AuditRepository {
  private readonly ctx: DbContext;

  constructor(ctx: DbContext) {
    this.ctx = ctx;
  }

  async append(entry: AuditEntry): Promise<void> {
    await this.ctx.db
      .insertInto('audit')
      .values({
        at: toMs(entry.at),
        actor: entry.actor,
        action: entry.action,
        subject: entry.subject,
        outcome: entry.outcome,
        detail: canonicalJson(entry.detail),
      })
      .execute();
  }

  async list(
    filter: { subject?: string; actor?: string; action?: string; limit?: number } = {},
  ): Promise<AuditEntry[]> {
    let query = this.ctx.db.selectFrom('audit').selectAll();
    if (filter.subject !== undefined) query = query.where('subject', '=', filter.subject);
    if (filter.actor !== undefined) query = query.where('actor', '=', filter.actor);
    if (filter.action !== undefined) query = query.where('action', '=', filter.action);
    if (filter.limit === undefined) {
      const rows = await query.orderBy('id').execute();
      return rows.map(rowToAudit);
    }
    // The most recent `limit` entries, still returned oldest first.
    const rows = await query.orderBy('id', 'desc').limit(filter.limit).execute();
    return rows.reverse().map(rowToAudit);
  }
}

/** `IdempotencyRepository` on Kysely. */
export class KyselyIdempotencyRepository implements IdempotencyRepository {
  private readonly ctx: DbContext;

  constructor(ctx: DbContext) {
    this.ctx = ctx;
  }

  async claim(key: string, at: Date): Promise<boolean> {
    const inserted = await this.ctx.db
      .insertInto('idempotency_keys')
      .values({ key, claimed_at: toMs(at) })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .execute();
    return inserted.length > 0;
  }

  async seen(key: string): Promise<boolean> {
    const row = await this.ctx.db
      .selectFrom('idempotency_keys')
      .select('key')
      .where('key', '=', key)
      .executeTakeFirst();
    return row !== undefined;
  }
}
