/**
 * The initial schema. Written with Kysely's schema builder so that one definition serves SQLite and
 * PostgreSQL; the only dialect-specific piece is the auto-incremented id.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { SqlDialect } from '../database.ts';

/** The first migration for a dialect. */
export function initialMigration(dialect: SqlDialect): Migration {
  // SQLite's INTEGER PRIMARY KEY AUTOINCREMENT vs PostgreSQL's bigserial.
  const serialType = dialect === 'postgres' ? 'bigserial' : 'integer';
  const serial = dialect === 'sqlite';

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('settings')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('default_locale', 'text', (c) => c.notNull())
        .addColumn('timezone', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('paths')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('projects', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();

      await db.schema
        .createTable('projects')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('required_language', 'text')
        .addColumn('rubric', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();

      await db.schema
        .createTable('people')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('roles', 'text', (c) => c.notNull())
        .addColumn('locale', 'text', (c) => c.notNull())
        .addColumn('languages', 'text', (c) => c.notNull())
        .addColumn('slack_id', 'text')
        .addColumn('discord_id', 'text')
        .addColumn('certifications', 'text', (c) => c.notNull())
        .addColumn('capacity', 'integer', (c) => c.notNull())
        .addColumn('absences', 'text', (c) => c.notNull())
        .addColumn('conflicts', 'text', (c) => c.notNull())
        .addColumn('capacity_override', 'integer')
        .addColumn('absences_override', 'text')
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema.createIndex('people_slack_id').on('people').column('slack_id').execute();
      await db.schema.createIndex('people_discord_id').on('people').column('discord_id').execute();

      await db.schema
        .createTable('declared_conflicts')
        .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
        .addColumn('student_id', 'text', (c) => c.notNull())
        .addColumn('declared_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('declared_conflicts_pk', ['person_id', 'student_id'])
        .execute();

      await db.schema
        .createTable('students')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('mentor', 'text', (c) => c.notNull())
        .addColumn('locale', 'text', (c) => c.notNull())
        .addColumn('language', 'text')
        .addColumn('slack_id', 'text')
        .addColumn('discord_id', 'text')
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema.createIndex('students_slack_id').on('students').column('slack_id').execute();
      await db.schema.createIndex('students_discord_id').on('students').column('discord_id').execute();
      await db.schema.createIndex('students_mentor').on('students').column('mentor').execute();

      await db.schema
        .createTable('channels')
        .addColumn('purpose', 'text', (c) => c.primaryKey())
        .addColumn('slack_id', 'text')
        .addColumn('discord_id', 'text')
        .execute();

      await db.schema
        .createTable('counters')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'integer', (c) => c.notNull())
        .execute();
      // The first id handed out is E-1001.
      await sql`insert into counters (name, value) values ('evaluation', 1000)`.execute(db);

      await db.schema
        .createTable('evaluations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('student', 'text', (c) => c.notNull().references('students.id'))
        .addColumn('project', 'text', (c) => c.notNull().references('projects.id'))
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('assessor', 'text', (c) => c.references('people.id'))
        .addColumn('requested_by', 'text')
        .addColumn('requested_at', 'bigint', (c) => c.notNull())
        .addColumn('scheduled_at', 'bigint')
        .addColumn('accepted_at', 'bigint')
        .addColumn('due_at', 'bigint')
        .addColumn('submitted_at', 'bigint')
        .addColumn('window_ends_at', 'bigint')
        .addColumn('outcome', 'text')
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('evaluations_student_project')
        .on('evaluations')
        .columns(['student', 'project'])
        .execute();
      await db.schema
        .createIndex('evaluations_assessor_status')
        .on('evaluations')
        .columns(['assessor', 'status'])
        .execute();
      await db.schema.createIndex('evaluations_status').on('evaluations').column('status').execute();

      await db.schema
        .createTable('offers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('evaluation', 'text', (c) => c.notNull().references('evaluations.id'))
        .addColumn('assessor', 'text', (c) => c.notNull().references('people.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('explanation', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('responded_at', 'bigint')
        .addColumn('decline_reason', 'text')
        .addColumn('decline_note', 'text')
        .execute();
      await db.schema
        .createIndex('offers_evaluation_status')
        .on('offers')
        .columns(['evaluation', 'status'])
        .execute();

      await db.schema
        .createTable('drafts')
        .addColumn('evaluation', 'text', (c) => c.notNull().references('evaluations.id'))
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('step', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('drafts_pk', ['evaluation', 'author'])
        .execute();

      await db.schema
        .createTable('reports')
        .addColumn('evaluation', 'text', (c) => c.notNull().references('evaluations.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('submitted_at', 'bigint', (c) => c.notNull())
        .addColumn('amend_reason', 'text')
        .addPrimaryKeyConstraint('reports_pk', ['evaluation', 'version'])
        .execute();
      await db.schema.createIndex('reports_submitted_at').on('reports').column('submitted_at').execute();

      await db.schema
        .createTable('outbox')
        .addColumn('id', serialType, (c) => (serial ? c.primaryKey().autoIncrement() : c.primaryKey()))
        .addColumn('key', 'text', (c) => c.notNull().unique())
        .addColumn('queue', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('run_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('relayed_at', 'bigint')
        .execute();
      await db.schema
        .createIndex('outbox_pending')
        .on('outbox')
        .column('id')
        .where(sql.ref('relayed_at'), 'is', null)
        .execute();

      await db.schema
        .createTable('audit')
        .addColumn('id', serialType, (c) => (serial ? c.primaryKey().autoIncrement() : c.primaryKey()))
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('subject', 'text')
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_subject').on('audit').column('subject').execute();
      await db.schema.createIndex('audit_actor').on('audit').column('actor').execute();

      await db.schema
        .createTable('idempotency_keys')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('claimed_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('unreachable_recipients')
        .addColumn('recipient_id', 'text', (c) => c.notNull())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('marked_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('unreachable_recipients_pk', ['recipient_id', 'platform'])
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of [
        'unreachable_recipients',
        'idempotency_keys',
        'audit',
        'outbox',
        'reports',
        'drafts',
        'offers',
        'evaluations',
        'counters',
        'channels',
        'students',
        'declared_conflicts',
        'people',
        'projects',
        'paths',
        'settings',
      ]) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}
