/** Drafts and submitted, versioned reports. */
import type { Selectable } from 'kysely';
import type { Draft, Report, ReportContent } from '../domain/model.ts';
import type { DigestContent, LatestReportDigest, ReportFilter, ReportRepository } from '../ports/store.ts';
import { canonicalJson, fromMs, parseJson, toMs } from './codec.ts';
import type { DbContext, DraftsTable, ReportsTable } from './database.ts';
import { digestContentJson } from './report-digest.ts';

/** A draft as a row. */
export function draftToRow(draft: Draft): Selectable<DraftsTable> {
  return {
    evaluation: draft.evaluation,
    author: draft.author,
    content: canonicalJson(draft.content),
    step: draft.step,
    updated_at: toMs(draft.updatedAt),
  };
}

/** A row as a draft. */
export function rowToDraft(row: Selectable<DraftsTable>): Draft {
  return {
    evaluation: row.evaluation,
    author: row.author,
    content: parseJson<Partial<ReportContent>>(row.content),
    step: Number(row.step),
    updatedAt: fromMs(row.updated_at),
  };
}

/** A report version as a row. */
export function reportToRow(report: Report): Selectable<ReportsTable> {
  return {
    evaluation: report.evaluation,
    version: report.version,
    author: report.author,
    content: canonicalJson(report.content),
    submitted_at: toMs(report.submittedAt),
    amend_reason: report.amendReason,
  };
}

/** A row as a report version. */
export function rowToReport(row: Selectable<ReportsTable>): Report {
  return {
    evaluation: row.evaluation,
    version: Number(row.version),
    author: row.author,
    content: parseJson<ReportContent>(row.content),
    submittedAt: fromMs(row.submitted_at),
    amendReason: row.amend_reason,
  };
}

/** Rows per `scanLatest` batch when the caller does not say. */
export const DEFAULT_SCAN_BATCH = 1_000;

/**
 * `ReportRepository` on Kysely. `list` filters on the latest version's `submittedAt`
 * (`since` inclusive, `until` exclusive); `scanLatest` reads the same reports page by page.
 */
export class KyselyReportRepository implements ReportRepository {
  private readonly ctx: DbContext;

  constructor(ctx: DbContext) {
    this.ctx = ctx;
  }

  async saveDraft(draft: Draft): Promise<void> {
    const row = draftToRow(draft);
    await this.ctx.db
      .insertInto('drafts')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['evaluation', 'author'])
          .doUpdateSet({ content: row.content, step: row.step, updated_at: row.updated_at }),
      )
      .execute();
  }

  async getDraft(evaluation: string, author: string): Promise<Draft | null> {
    const row = await this.ctx.db
      .selectFrom('drafts')
      .selectAll()
      .where('evaluation', '=', evaluation)
      .where('author', '=', author)
      .executeTakeFirst();
    return row ? rowToDraft(row) : null;
  }

  async draftsBy(author: string): Promise<Draft[]> {
    const rows = await this.ctx.db.selectFrom('drafts').selectAll().where('author', '=', author).execute();
    return rows.map(rowToDraft);
  }

  async deleteDraft(evaluation: string, author: string): Promise<void> {
    await this.ctx.db
      .deleteFrom('drafts')
      .where('evaluation', '=', evaluation)
      .where('author', '=', author)
      .execute();
  }

  async insert(report: Report): Promise<void> {
    await this.ctx.atomic(async ({ db }) => {
      const row = await db
        .selectFrom('reports')
        .select((eb) => eb.fn.max('version').as('version'))
        .where('evaluation', '=', report.evaluation)
        .executeTakeFirst();
      const previous = row?.version === null || row?.version === undefined ? 0 : Number(row.version);
      if (report.version !== previous + 1) {
        throw new Error(
          `Report version ${report.version} for ${report.evaluation} does not follow version ${previous}`,
        );
      }
      // The primary key (evaluation, version) stops a concurrent writer that read the same previous version.
      await db.insertInto('reports').values(reportToRow(report)).execute();
      // The digest's narrow copy follows the latest version, in the same transaction.
      const digest = {
        version: report.version,
        submitted_at: toMs(report.submittedAt),
        content: digestContentJson(report.content),
      };
      await db
        .insertInto('report_digests')
        .values({ evaluation: report.evaluation, ...digest })
        .onConflict((oc) => oc.column('evaluation').doUpdateSet(digest))
        .execute();
    });
  }

  async latest(evaluation: string): Promise<Report | null> {
    const row = await this.ctx.db
      .selectFrom('reports')
      .selectAll()
      .where('evaluation', '=', evaluation)
      .orderBy('version', 'desc')
      .executeTakeFirst();
    return row ? rowToReport(row) : null;
  }

  async versions(evaluation: string): Promise<Report[]> {
    const rows = await this.ctx.db
      .selectFrom('reports')
      .selectAll()
      .where('evaluation', '=', evaluation)
      .orderBy('version')
      .execute();
    return rows.map(rowToReport);
  }

  async list(filter: ReportFilter = {}): Promise<Report[]> {
    let query = this.ctx.db
      .selectFrom('reports as r')
      .innerJoin(
        (eb) =>
          eb
            .selectFrom('reports')
            .select((s) => ['evaluation', s.fn.max('version').as('latest')])
            .groupBy('evaluation')
            .as('m'),
        (join) => join.onRef('m.evaluation', '=', 'r.evaluation').onRef('m.latest', '=', 'r.version'),
      )
      .selectAll('r');
    if (filter.student !== undefined || filter.project !== undefined) {
      let evaluations = this.ctx.db.selectFrom('evaluations').select('id');
      if (filter.student !== undefined) evaluations = evaluations.where('student', '=', filter.student);
      if (filter.project !== undefined) evaluations = evaluations.where('project', '=', filter.project);
      query = query.where('r.evaluation', 'in', evaluations);
    }
    if (filter.since !== undefined) query = query.where('r.submitted_at', '>=', toMs(filter.since));
    if (filter.until !== undefined) query = query.where('r.submitted_at', '<', toMs(filter.until));
    const rows = await query.orderBy('r.submitted_at').orderBy('r.evaluation').execute();
    return rows.map(rowToReport);
  }

  async *scanLatest(
    filter: ReportFilter = {},
    batchSize = DEFAULT_SCAN_BATCH,
  ): AsyncGenerator<LatestReportDigest[]> {
    const limit = Math.max(1, Math.floor(batchSize));
    let after: { at: number; evaluation: string } | null = null;
    for (;;) {
      // `report_digests` holds one narrow row per report (its latest version) in an index on
      // (submitted_at, evaluation): a page is a range of that index, whatever the table's size.
      let query = this.ctx.db
        .selectFrom('report_digests as d')
        .innerJoin('evaluations as e', 'e.id', 'd.evaluation')
        .select(['d.evaluation', 'd.version', 'd.content', 'd.submitted_at', 'e.project', 'e.attempt']);
      if (filter.student !== undefined) query = query.where('e.student', '=', filter.student);
      if (filter.project !== undefined) query = query.where('e.project', '=', filter.project);
      if (filter.since !== undefined) query = query.where('d.submitted_at', '>=', toMs(filter.since));
      if (filter.until !== undefined) query = query.where('d.submitted_at', '<', toMs(filter.until));
      if (after !== null) {
        const { at, evaluation } = after;
        // Keyset: strictly after the last row in (submitted_at, evaluation) order; the first bound
        // starts the index range there.
        query = query
          .where('d.submitted_at', '>=', at)
          .where((eb) => eb.or([eb('d.submitted_at', '>', at), eb('d.evaluation', '>', evaluation)]));
      }
      const rows = await query.orderBy('d.submitted_at').orderBy('d.evaluation').limit(limit).execute();
      const last = rows.at(-1);
      if (last === undefined) return;
      yield rows.map((row) => ({
        evaluation: row.evaluation,
        version: Number(row.version),
        project: row.project,
        attempt: Number(row.attempt),
        submittedAt: fromMs(row.submitted_at),
        content: parseJson<DigestContent>(row.content),
      }));
      if (rows.length < limit) return;
      after = { at: Number(last.submitted_at), evaluation: last.evaluation };
    }
  }
}
