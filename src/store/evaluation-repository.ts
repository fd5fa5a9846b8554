/** Evaluations: short ids, optimistic updates and the load figures the assignment engine reads. */
import type { Selectable } from 'kysely';
import type { Evaluation } from '../domain/model.ts';
import type { EvaluationFilter, EvaluationRepository } from '../ports/store.ts';
import { fromMs, fromMsOrNull, toMs, toMsOrNull } from './codec.ts';
import type { DbContext, EvaluationsTable } from './database.ts';

/** An evaluation as a row. */
export function evaluationToRow(e: Evaluation): Selectable<EvaluationsTable> {
  return {
    id: e.id,
    student: e.student,
    project: e.project,
    attempt: e.attempt,
    status: e.status,
    assessor: e.assessor,
    requested_by: e.requestedBy,
    requested_at: toMs(e.requestedAt),
    scheduled_at: toMsOrNull(e.scheduledAt),
    accepted_at: toMsOrNull(e.acceptedAt),
    due_at: toMsOrNull(e.dueAt),
    submitted_at: toMsOrNull(e.submittedAt),
    window_ends_at: toMsOrNull(e.windowEndsAt),
    outcome: e.outcome,
    version: e.version,
    updated_at: toMs(e.updatedAt),
  };
}

/** A row as an evaluation. */
export function rowToEvaluation(row: Selectable<EvaluationsTable>): Evaluation {
  return {
    id: row.id,
    student: row.student,
    project: row.project,
    attempt: Number(row.attempt),
    status: row.status,
    assessor: row.assessor,
    requestedBy: row.requested_by,
    requestedAt: fromMs(row.requested_at),
    scheduledAt: fromMsOrNull(row.scheduled_at),
    acceptedAt: fromMsOrNull(row.accepted_at),
    dueAt: fromMsOrNull(row.due_at),
    submittedAt: fromMsOrNull(row.submitted_at),
    windowEndsAt: fromMsOrNull(row.window_ends_at),
    outcome: row.outcome,
    version: Number(row.version),
    updatedAt: fromMs(row.updated_at),
  };
}

/** Statuses in which an evaluation occupies its assessor. */
const OPEN_STATUSES = ['offered', 'accepted'] as const;

/** `EvaluationRepository` on Kysely. */
export class KyselyEvaluationRepository implements EvaluationRepository {
  private readonly ctx: DbContext;

  constructor(ctx: DbContext) {
    this.ctx = ctx;
  }

  async nextId(): Promise<string> {
    // One statement: the row lock (PostgreSQL) or the write lock (SQLite) makes it race-free.
    const row = await this.ctx.db
      .updateTable('counters')
      .set((eb) => ({ value: eb('value', '+', 1) }))
      .where('name', '=', 'evaluation')
      .returning('value')
      .executeTakeFirstOrThrow();
    return `E-${Number(row.value)}`;
  }

  async insert(evaluation: Evaluation): Promise<void> {
    await this.ctx.db.insertInto('evaluations').values(evaluationToRow(evaluation)).execute();
  }

  async get(id: string): Promise<Evaluation | null> {
    const row = await this.ctx.db
      .selectFrom('evaluations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? rowToEvaluation(row) : null;
  }

  async update(evaluation: Evaluation): Promise<boolean> {
    const { id, ...columns } = evaluationToRow(evaluation);
    const result = await this.ctx.db
      .updateTable('evaluations')
      .set(columns)
      .where('id', '=', id)
      .where('version', '=', evaluation.version - 1)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async list(filter: EvaluationFilter = {}): Promise<Evaluation[]> {
    const query = this.filtered(filter);
    if (query === null) return [];
    const rows = await query.selectAll().orderBy('requested_at').orderBy('id').execute();
    return rows.map(rowToEvaluation);
  }

  async count(filter: EvaluationFilter = {}): Promise<number> {
    const query = this.filtered(filter);
    if (query === null) return 0;
    const row = await query.select((eb) => eb.fn.countAll().as('count')).executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  /** The evaluations a filter keeps; null when it keeps none (an empty status list). */
  private filtered(filter: EvaluationFilter) {
    let query = this.ctx.db.selectFrom('evaluations');
    if (filter.status !== undefined) {
      const statuses = Array.isArray(filter.status) ? filter.status : [filter.status];
      if (statuses.length === 0) return null;
      query = query.where('status', 'in', statuses);
    }
    if (filter.assessor !== undefined) query = query.where('assessor', '=', filter.assessor);
    if (filter.student !== undefined) query = query.where('student', '=', filter.student);
    if (filter.project !== undefined) query = query.where('project', '=', filter.project);
    return query;
  }

  async lastAttempt(student: string, project: string): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('evaluations')
      .select((eb) => eb.fn.max('attempt').as('attempt'))
      .where('student', '=', student)
      .where('project', '=', project)
      .executeTakeFirst();
    return row?.attempt === null || row?.attempt === undefined ? 0 : Number(row.attempt);
  }

  async loads(
    recentSince: Date,
    weekSince: Date,
  ): Promise<Map<string, { open: number; recent: number; week: number }>> {
    const recent = toMs(recentSince);
    const week = toMs(weekSince);
    const rows = await this.ctx.db
      .selectFrom('evaluations')
      .select((eb) => [
        'assessor',
        eb.fn.count(eb.case().when('status', 'in', OPEN_STATUSES).then(1).end()).as('open'),
        eb.fn.count(eb.case().when('submitted_at', '>=', recent).then(1).end()).as('recent'),
        eb.fn
          .count(
            eb
              .case()
              .when(
                eb.and([
                  eb('status', '!=', 'cancelled'),
                  eb.or([eb('accepted_at', '>=', week), eb('status', '=', 'offered')]),
                ]),
              )
              .then(1)
              .end(),
          )
          .as('week'),
      ])
      .where('assessor', 'is not', null)
      .groupBy('assessor')
      .execute();
    const loads = new Map<string, { open: number; recent: number; week: number }>();
    for (const row of rows) {
      if (row.assessor === null) continue;
      loads.set(row.assessor, { open: Number(row.open), recent: Number(row.recent), week: Number(row.week) });
    }
    return loads;
  }

  async pastAssessors(student: string): Promise<string[]> {
    const rows = await this.ctx.db
      .selectFrom('evaluations')
      .select('assessor')
      .distinct()
      .where('student', '=', student)
      .where('submitted_at', 'is not', null)
      .where('assessor', 'is not', null)
      .orderBy('assessor')
      .execute();
    return rows.flatMap((r) => (r.assessor === null ? [] : [r.assessor]));
  }

  async pastPairs(): Promise<{ assessor: string; student: string }[]> {
    const rows = await this.ctx.db
      .selectFrom('evaluations')
      .select(['assessor', 'student'])
      .distinct()
      .where('submitted_at', 'is not', null)
      .where('assessor', 'is not', null)
      .orderBy('assessor')
      .orderBy('student')
      .execute();
    return rows.flatMap((r) => (r.assessor === null ? [] : [{ assessor: r.assessor, student: r.student }]));
  }
}
