/**
 * The database schema as Kysely sees it. Timestamps are epoch milliseconds (`bigint`, parsed to
 * `number` on both dialects), JSON is stored as canonical text, flags are 0/1 integers.
 */
import type { Generated, Kysely } from 'kysely';
import type {
  ChannelPurpose,
  DeclineReason,
  EvaluationStatus,
  Locale,
  OfferStatus,
  Outcome,
  Platform,
} from '../domain/model.ts';
import type { QueueName } from '../ports/store.ts';

/** The single row (`id = 1`) holding the organisation's own settings. */
export interface SettingsTable {
  id: number;
  name: string;
  default_locale: Locale;
  timezone: string;
}

/** Learning paths; inactive once a later import drops them. */
export interface PathsTable {
  id: string;
  name: string;
  /** JSON array of project ids, in path order. */
  projects: string;
  active: number;
}

/** Projects with their rubric; inactive once a later import drops them. */
export interface ProjectsTable {
  id: string;
  name: string;
  path: string;
  required_language: string | null;
  /** JSON array of criteria. */
  rubric: string;
  active: number;
}

/**
 * Staff. The file-sourced columns are what an import compares; `*_override` columns hold what the
 * person declared at runtime (`/assess availability`) and win until the file changes that value.
 */
export interface PeopleTable {
  id: string;
  name: string;
  /** JSON array, sorted. */
  roles: string;
  locale: Locale;
  /** JSON array, sorted. */
  languages: string;
  slack_id: string | null;
  discord_id: string | null;
  /** JSON array, sorted. */
  certifications: string;
  capacity: number;
  /** JSON array of absences, sorted. */
  absences: string;
  /** JSON array of student ids declared in the file, sorted. */
  conflicts: string;
  capacity_override: number | null;
  absences_override: string | null;
  active: number;
}

/** Conflicts of interest recorded at runtime (a decline for conflict); kept across imports. */
export interface DeclaredConflictsTable {
  person_id: string;
  student_id: string;
  declared_at: number;
}

/** Students; inactive once a later import drops them. */
export interface StudentsTable {
  id: string;
  name: string;
  path: string;
  mentor: string;
  locale: Locale;
  language: string | null;
  slack_id: string | null;
  discord_id: string | null;
  active: number;
}

/** One row per channel purpose, with its id on each platform. */
export interface ChannelsTable {
  purpose: ChannelPurpose;
  slack_id: string | null;
  discord_id: string | null;
}

/** Named counters (`evaluation` allocates `E-<n>` ids). */
export interface CountersTable {
  name: string;
  value: number;
}

/** Evaluations; `version` is the optimistic-concurrency counter. */
export interface EvaluationsTable {
  id: string;
  student: string;
  project: string;
  attempt: number;
  status: EvaluationStatus;
  assessor: string | null;
  requested_by: string | null;
  requested_at: number;
  scheduled_at: number | null;
  accepted_at: number | null;
  due_at: number | null;
  submitted_at: number | null;
  window_ends_at: number | null;
  outcome: Outcome | null;
  version: number;
  updated_at: number;
}

/** Offers to assessors. */
export interface OffersTable {
  id: string;
  evaluation: string;
  assessor: string;
  status: OfferStatus;
  /** JSON `AssignmentExplanation`. */
  explanation: string;
  created_at: number;
  expires_at: number;
  responded_at: number | null;
  decline_reason: DeclineReason | null;
  decline_note: string | null;
}

/** Report drafts, one per evaluation and author. */
export interface DraftsTable {
  evaluation: string;
  author: string;
  /** JSON `Partial<ReportContent>`. */
  content: string;
  step: number;
  updated_at: number;
}

/** Submitted reports, one row per version. */
export interface ReportsTable {
  evaluation: string;
  version: number;
  author: string;
  /** JSON `ReportContent`. */
  content: string;
  submitted_at: number;
  amend_reason: string | null;
}

/** Each report's latest version as the curriculum digest reads it (`report-digest.ts`). */
export interface ReportDigestsTable {
  evaluation: string;
  version: number;
  submitted_at: number;
  /** JSON `DigestContent`. */
  content: string;
}

/** Jobs waiting to be handed to the queues; `key` is unique. */
export interface OutboxTable {
  id: Generated<number>;
  key: string;
  queue: QueueName;
  name: string;
  /** JSON object. */
  payload: string;
  run_at: number | null;
  created_at: number;
  relayed_at: number | null;
}

/** The audit log, in insertion order. */
export interface AuditTable {
  id: Generated<number>;
  at: number;
  actor: string;
  action: string;
  subject: string | null;
  outcome: string;
  /** JSON object. */
  detail: string;
}

/** Keys of effects already produced. */
export interface IdempotencyKeysTable {
  key: string;
  claimed_at: number;
}

/** Platforms that permanently refused delivery to a recipient. */
export interface UnreachableRecipientsTable {
  recipient_id: string;
  platform: Platform;
  code: string;
  marked_at: number;
}

/** Every table of the store. */
export interface Database {
  settings: SettingsTable;
  paths: PathsTable;
  projects: ProjectsTable;
  people: PeopleTable;
  declared_conflicts: DeclaredConflictsTable;
  students: StudentsTable;
  channels: ChannelsTable;
  counters: CountersTable;
  evaluations: EvaluationsTable;
  offers: OffersTable;
  drafts: DraftsTable;
  reports: ReportsTable;
  report_digests: ReportDigestsTable;
  outbox: OutboxTable;
  audit: AuditTable;
  idempotency_keys: IdempotencyKeysTable;
  unreachable_recipients: UnreachableRecipientsTable;
}

/** Which SQL engine a store runs on. */
export type SqlDialect = 'sqlite' | 'postgres';

/**
 * What every repository is built on: a query builder bound either to the root database or to one
 * transaction, and a way to make a multi-statement call atomic.
 */
export interface DbContext {
  readonly db: Kysely<Database>;
  readonly dialect: SqlDialect;
  /** Runs `work` atomically: in the current transaction when there is one, else in a new one. */
  atomic<T>(work: (ctx: DbContext) => Promise<T>): Promise<T>;
}
