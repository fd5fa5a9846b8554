/** The outbox: jobs written with the change that causes them, relayed to the queues later. */
import type { Selectable } from 'kysely';
import type { OutboxEntry, OutboxRepository, OutboxRow } from '../ports/store.ts';
import { canonicalJson, fromMs, fromMsOrNull, parseJson, toMs, toMsOrNull } from './codec.ts';
import type { DbContext, OutboxTable } from './database.ts';

/** A row as an outbox entry. */
export function rowToOutbox(row: Selectable<OutboxTable>): OutboxRow {
  return {
    id: Number(row.id),
    key: row.key,
    queue: row.queue,
    name: row.name,
    payload: parseJson<Record<string, unknown>>(row.payload),
    runAt: fromMsOrNull(row.run_at),
    createdAt: fromMs(row.created_at),
    relayedAt: fromMsOrNull(row.relayed_at),
  };
}

/** `OutboxRepository` on Kysely. */
export class KyselyOutboxRepository implements OutboxRepository {
  private readonly ctx: DbContext;

  constructor(ctx: DbContext) {
    this.ctx = ctx;
  }

  async add(entry: OutboxEntry): Promise<void> {
    await this.ctx.db
      .insertInto('outbox')
      .values({
        key: entry.key,
        queue: entry.queue,
        name: entry.name,
        payload: canonicalJson(entry.payload),
        run_at: toMsOrNull(entry.runAt),
        created_at: Date.now(),
        relayed_at: null,
      })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
  }

  async pending(limit: number): Promise<OutboxRow[]> {
    const rows = await this.ctx.db
      .selectFrom('outbox')
      .selectAll()
      .where('relayed_at', 'is', null)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(rowToOutbox);
  }

  async markRelayed(ids: number[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.ctx.db
      .updateTable('outbox')
      .set({ relayed_at: toMs(at) })
      .where('id', 'in', ids)
      .where('relayed_at', 'is', null)
      .execute();
  }

  async replay(since: Date, now: Date): Promise<number> {
    const result = await this.ctx.db
      .updateTable('outbox')
      .set({ relayed_at: null })
      .where('relayed_at', 'is not', null)
      .where((eb) => eb.or([eb('relayed_at', '>=', toMs(since)), eb('run_at', '>', toMs(now))]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
