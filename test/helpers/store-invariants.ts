/**
 * What must hold in the store whatever was sent to the app (DESIGN §8, "no partial write"): each
 * reported evaluation has its report versions 1..n, no report exists for an evaluation that is not
 * reported, every outbox row's cause exists, and only people an evaluation was given to hold drafts.
 */
import { Kysely, sql } from 'kysely';
import { REPORTED_STATUSES } from '../../src/domain/lifecycle.ts';
import type { Store } from '../../src/ports/store.ts';

/** The store's Kysely instance, to read tables the port has no listing for (drafts, the outbox). */
function databaseOf(store: Store): Kysely<unknown> {
  const db: unknown = Reflect.get(store, 'db');
  if (!(db instanceof Kysely)) throw new Error('store invariants need a Kysely store');
  return db;
}

const REPORTED = sql.join(REPORTED_STATUSES.map((s) => sql.lit(s)));

/**
 * One query per invariant, each returning a sentence per violation (SQLite): cheap enough to run
 * after every one of thousands of requests, whatever the number of rows.
 */
const CHECKS = [
  sql<{ problem: string }>`
    select e.id || ' is ' || e.status || ' without a report' as problem from evaluations e
    where e.status in (${REPORTED}) and not exists (select 1 from reports r where r.evaluation = e.id)`,
  sql<{ problem: string }>`
    select evaluation || ' has versions ' || group_concat(version) || ', not 1..' || count(*) as problem
    from reports group by evaluation having min(version) <> 1 or max(version) <> count(*)
      or count(distinct version) <> count(*)`,
  sql<{ problem: string }>`
    select 'a report of ' || r.evaluation || ', which is ' || coalesce(e.status, 'missing') as problem
    from reports r left join evaluations e on e.id = r.evaluation
    where e.id is null or e.status not in (${REPORTED}) group by r.evaluation`,
  sql<{ problem: string }>`
    select 'outbox row ' || o.key || ' without its evaluation' as problem from outbox o
    where json_extract(o.payload, '$.evaluation') is not null
      and not exists (select 1 from evaluations e where e.id = json_extract(o.payload, '$.evaluation'))`,
  sql<{ problem: string }>`
    select 'outbox row ' || o.key || ' without its report version' as problem from outbox o
    where json_type(o.payload, '$.version') = 'integer' and not exists (select 1 from reports r
      where r.evaluation = json_extract(o.payload, '$.evaluation') and r.version = json_extract(o.payload, '$.version'))`,
  sql<{ problem: string }>`
    select 'outbox row ' || o.key || ' without its offer' as problem from outbox o
    where json_extract(o.payload, '$.offer') is not null
      and not exists (select 1 from offers f where f.id = json_extract(o.payload, '$.offer'))`,
  // A draft may outlive a reassignment, but only someone the evaluation was given to ever writes one.
  sql<{ problem: string }>`
    select 'a draft of ' || d.evaluation || ' by ' || d.author || ', never its assessor' as problem
    from drafts d left join evaluations e on e.id = d.evaluation
    where e.assessor is not d.author and not exists (select 1 from offers f
      where f.evaluation = d.evaluation and f.assessor = d.author and f.status = 'accepted')`,
];

/**
 * Every broken invariant, as readable sentences; an empty list when the store is consistent.
 * Reads the tables directly (SQLite), so it sees rows a buggy repository would hide.
 */
export async function storeViolations(store: Store): Promise<string[]> {
  const all = sql<{ problem: string }>`${sql.join(CHECKS, sql` union all `)}`;
  return (await all.execute(databaseOf(store))).rows.map((r) => r.problem);
}

/** Counts of the rows a fault test compares before and after an attempt. */
export type StoreCounts = { reports: number; outbox: number; audit: number };

/** How many reports, outbox rows and audit entries the store holds. */
export async function storeCounts(store: Store): Promise<StoreCounts> {
  const db = databaseOf(store);
  const count = async (table: 'reports' | 'outbox' | 'audit') =>
    Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]?.n);
  return { reports: await count('reports'), outbox: await count('outbox'), audit: await count('audit') };
}

/** Every outbox row: its key (the job id), its queue and whether it was handed to the queues. */
export async function outboxRows(store: Store): Promise<{ key: string; queue: string; relayed: boolean }[]> {
  const rows = await sql<{ key: string; queue: string; relayed_at: number | null }>`
    select key, queue, relayed_at from outbox order by id`.execute(databaseOf(store));
  return rows.rows.map((r) => ({ key: r.key, queue: r.queue, relayed: r.relayed_at !== null }));
}
