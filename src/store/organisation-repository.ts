/** The organisation's settings, paths, projects and channels. */
import type { Channels, LearningPath, Organisation, Project } from '../domain/model.ts';
import type { ImportSummary, OrganisationRepository } from '../ports/store.ts';
import type { DbContext } from './database.ts';
import { importOrganisation } from './organisation-import.ts';
import { rowsToChannels, rowToPath, rowToProject } from './organisation-rows.ts';

/**
 * `OrganisationRepository` on Kysely. `getPath` and `getProject` also return paths and projects a
 * later import dropped, because past evaluations and reports still refer to their rubric; the
 * lists return active ones only.
 */
export class KyselyOrganisationRepository implements OrganisationRepository {
  private readonly ctx: DbContext;

  constructor(ctx: DbContext) {
    this.ctx = ctx;
  }

  importOrganisation(org: Organisation): Promise<ImportSummary> {
    return this.ctx.atomic((ctx) => importOrganisation(ctx.db, org));
  }

  async getSettings(): Promise<{ name: string; defaultLocale: 'en' | 'fr'; timezone: string } | null> {
    const row = await this.ctx.db.selectFrom('settings').selectAll().where('id', '=', 1).executeTakeFirst();
    return row ? { name: row.name, defaultLocale: row.default_locale, timezone: row.timezone } : null;
  }

  async getPath(id: string): Promise<LearningPath | null> {
    const row = await this.ctx.db.selectFrom('paths').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? rowToPath(row) : null;
  }

  async listPaths(): Promise<LearningPath[]> {
    const rows = await this.ctx.db
      .selectFrom('paths')
      .selectAll()
      .where('active', '=', 1)
      .orderBy('id')
      .execute();
    return rows.map(rowToPath);
  }

  async getProject(id: string): Promise<Project | null> {
    const row = await this.ctx.db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? rowToProject(row) : null;
  }

  async getProjects(ids: readonly string[]): Promise<Project[]> {
    if (ids.length === 0) return [];
    const rows = await this.ctx.db
      .selectFrom('projects')
      .selectAll()
      .where('id', 'in', [...ids])
      .execute();
    return rows.map(rowToProject);
  }

  async listProjects(): Promise<Project[]> {
    const rows = await this.ctx.db
      .selectFrom('projects')
      .selectAll()
      .where('active', '=', 1)
      .orderBy('id')
      .execute();
    return rows.map(rowToProject);
  }

  async getChannels(): Promise<Channels> {
    return rowsToChannels(await this.ctx.db.selectFrom('channels').selectAll().execute());
  }
}
