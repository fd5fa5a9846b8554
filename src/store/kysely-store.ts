/** The `Store` port on Kysely: the repositories, transactions and migrations. */
import { type Kysely, Migrator, sql } from 'kysely';
import type { Store, StoreTx } from '../ports/store.ts';
import { KyselyAuditRepository, KyselyIdempotencyRepository } from './audit-repository.ts';
import type { Database, DbContext, SqlDialect } from './database.ts';
import { KyselyDossierRepository } from './dossier-repository.ts';
import { KyselyEvaluationRepository } from './evaluation-repository.ts';
import { migrationProvider } from './migrations/index.ts';
import { KyselyOfferRepository } from './offer-repository.ts';
import { KyselyOrganisationRepository } from './organisation-repository.ts';
import { KyselyOutboxRepository } from './outbox-repository.ts';
import { KyselyPeopleRepository } from './people-repository.ts';
import { KyselyReportRepository } from './report-repository.ts';
import { KyselySentMessageRepository } from './sent-message-repository.ts';

/**
 * Runs `work` in one transaction on `db`. SQLite uses `BEGIN IMMEDIATE` so that the write lock is
 * taken up front: a deferred transaction that reads and then writes fails with SQLITE_BUSY when
 * another process (bot and worker) wrote in between, and the busy timeout cannot help it.
 */
export async function runInTransaction<T>(
  db: Kysely<Database>,
  dialect: SqlDialect,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (dialect === 'postgres') return db.transaction().execute(work);
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    let result: T;
    try {
      result = await work(conn);
    } catch (error) {
      // SQLite may have rolled back already (e.g. after SQLITE_FULL); the original error matters.
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw error;
    }
    await sql`commit`.execute(conn);
    return result;
  });
}

function transactionContext(trx: Kysely<Database>, dialect: SqlDialect): DbContext {
  const ctx: DbContext = { db: trx, dialect, atomic: (work) => work(ctx) };
  return ctx;
}

function rootContext(db: Kysely<Database>, dialect: SqlDialect): DbContext {
  return {
    db,
    dialect,
    atomic: (work) => runInTransaction(db, dialect, (trx) => work(transactionContext(trx, dialect))),
  };
}

/** Every repository, bound to one context (the root database or a transaction). */
class KyselyRepositories implements StoreTx {
  readonly org: KyselyOrganisationRepository;
  readonly people: KyselyPeopleRepository;
  readonly evaluations: KyselyEvaluationRepository;
  readonly offers: KyselyOfferRepository;
  readonly reports: KyselyReportRepository;
  readonly outbox: KyselyOutboxRepository;
  readonly audit: KyselyAuditRepository;
  readonly idempotency: KyselyIdempotencyRepository;
  readonly dossiers: KyselyDossierRepository;
  readonly sentMessages: KyselySentMessageRepository;

  constructor(ctx: DbContext) {
    this.org = new KyselyOrganisationRepository(ctx);
    this.people = new KyselyPeopleRepository(ctx);
    this.evaluations = new KyselyEvaluationRepository(ctx);
    this.offers = new KyselyOfferRepository(ctx);
    this.reports = new KyselyReportRepository(ctx);
    this.outbox = new KyselyOutboxRepository(ctx);
    this.audit = new KyselyAuditRepository(ctx);
    this.idempotency = new KyselyIdempotencyRepository(ctx);
    this.dossiers = new KyselyDossierRepository(ctx);
    this.sentMessages = new KyselySentMessageRepository(ctx);
  }
}

/**
 * The store. Inside `transaction`, use only the `tx` repositories: on SQLite the one connection is
 * held by the transaction, so a call on the store's own repositories would wait for it forever.
 */
export class KyselyStore extends KyselyRepositories implements Store {
  readonly dialect: SqlDialect;
  private readonly db: Kysely<Database>;
  private readonly schema: string | undefined;

  /** `schema` (PostgreSQL only) is where the tables live; it is created by `migrate` when missing. */
  constructor(db: Kysely<Database>, dialect: SqlDialect, schema?: string) {
    super(rootContext(db, dialect));
    this.db = db;
    this.dialect = dialect;
    this.schema = schema;
  }

  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    return runInTransaction(this.db, this.dialect, (trx) =>
      work(new KyselyRepositories(transactionContext(trx, this.dialect))),
    );
  }

  async migrate(): Promise<void> {
    if (this.schema !== undefined) await this.ensureSchema(this.schema);
    const migrator = new Migrator({
      db: this.db,
      provider: migrationProvider(this.dialect),
      // Without it Kysely would find a migration table of another schema and skip creating its own.
      ...(this.schema === undefined ? {} : { migrationTableSchema: this.schema }),
    });
    const { error } = await migrator.migrateToLatest();
    if (error !== undefined) throw error instanceof Error ? error : new Error(String(error));
  }

  private async ensureSchema(schema: string): Promise<void> {
    try {
      await sql`create schema if not exists ${sql.id(schema)}`.execute(this.db);
    } catch (error) {
      // Concurrent `create schema if not exists` can still collide on PostgreSQL; the schema is there then.
      const found = await sql<{
        n: number;
      }>`select 1 as n from pg_namespace where nspname = ${schema}`.execute(this.db);
      if (found.rows.length === 0) throw error;
    }
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
