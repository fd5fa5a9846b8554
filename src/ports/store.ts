/**
 * The database port. The database is the source of truth (DESIGN §4): every change and the outbox
 * rows it causes are written in one transaction through `Store.transaction`.
 */
import type {
  Absence,
  Channels,
  CriterionVerdict,
  DeclineReason,
  Draft,
  Evaluation,
  EvaluationStatus,
  LearningPath,
  Offer,
  Organisation,
  Person,
  Platform,
  Project,
  Report,
  ReportContent,
  Role,
  Student,
} from '../domain/model.ts';
import type { SentMessageRepository } from './sent-messages.ts';

/** What an import changed; importing the same file twice reports all zeros the second time. */
export type ImportSummary = {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows present in the database but absent from the file (people, students) are deactivated. */
  deactivated: number;
};

/** The organisation as imported from the YAML file. */
export interface OrganisationRepository {
  /** Upserts every path, project, person, student and channel; deactivates people and students absent from the file. */
  importOrganisation(org: Organisation): Promise<ImportSummary>;
  /** The organisation's name and default locale, or null before the first import. */
  getSettings(): Promise<{ name: string; defaultLocale: 'en' | 'fr'; timezone: string } | null>;
  /** Also finds a path a later import dropped (past evaluations refer to it); `listPaths` does not. */
  getPath(id: string): Promise<LearningPath | null>;
  listPaths(): Promise<LearningPath[]>;
  /** Also finds a project a later import dropped (past reports need its rubric); `listProjects` does not. */
  getProject(id: string): Promise<Project | null>;
  /** The projects among `ids` that exist, dropped ones included, as `getProject` finds them. */
  getProjects(ids: readonly string[]): Promise<Project[]>;
  listProjects(): Promise<Project[]>;
  getChannels(): Promise<Channels>;
}

/** People (staff) and students. Inactive rows are never returned. */
export interface PeopleRepository {
  getPerson(id: string): Promise<Person | null>;
  /** Finds the person behind a platform account (Slack user id, Discord user id). */
  findPersonByPlatform(platform: Platform, platformUserId: string): Promise<Person | null>;
  listPeople(filter?: { role?: Role }): Promise<Person[]>;
  getStudent(id: string): Promise<Student | null>;
  /** The active students among `ids`, as `getStudent` finds them. */
  getStudents(ids: readonly string[]): Promise<Student[]>;
  findStudentByPlatform(platform: Platform, platformUserId: string): Promise<Student | null>;
  listStudents(filter?: { mentor?: string; path?: string }): Promise<Student[]>;
  /**
   * The names of every person and student, those a later import deactivated included: past
   * reports may still mention them, and the digest must not show them.
   */
  everyName(): Promise<string[]>;
  /**
   * Sets an assessor's weekly capacity and/or absences (replacing the list). The values survive
   * later imports until the organisation file itself changes that value.
   */
  updateAvailability(personId: string, change: { capacity?: number; absences?: Absence[] }): Promise<void>;
  /** Records a conflict of interest so that this pairing is never offered again (kept across imports). */
  addConflict(personId: string, studentId: string): Promise<void>;
  /** Records that a platform refused to deliver to this person or student (e.g. Discord 50007). */
  markUnreachable(recipientId: string, platform: Platform, code: string): Promise<void>;
  /** Platforms on which delivery to this recipient was permanently refused. */
  unreachablePlatforms(recipientId: string): Promise<Platform[]>;
}

export type EvaluationFilter = {
  status?: EvaluationStatus | EvaluationStatus[];
  assessor?: string;
  student?: string;
  project?: string;
};

/** Evaluations: requests, their assignment and their lifecycle. */
export interface EvaluationRepository {
  /** Allocates the next short id (`E-1001`, `E-1002`, …). */
  nextId(): Promise<string>;
  insert(evaluation: Evaluation): Promise<void>;
  get(id: string): Promise<Evaluation | null>;
  /**
   * Writes `evaluation` if the stored version equals `evaluation.version - 1`; returns false when
   * another writer got there first (the caller reports `concurrent_update`).
   */
  update(evaluation: Evaluation): Promise<boolean>;
  list(filter?: EvaluationFilter): Promise<Evaluation[]>;
  /** How many evaluations `list` would return. */
  count(filter?: EvaluationFilter): Promise<number>;
  /** Highest attempt number for a student and project, 0 when none. */
  lastAttempt(student: string, project: string): Promise<number>;
  /**
   * Per assessor: open evaluations (offered or accepted), those submitted since `recentSince`,
   * and those accepted or offered since `weekSince` (for the weekly capacity): accepted at or after
   * `weekSince`, or currently offered, cancelled ones excepted. Assessors with no evaluation are absent.
   */
  loads(
    recentSince: Date,
    weekSince: Date,
  ): Promise<Map<string, { open: number; recent: number; week: number }>>;
  /** Assessor ids who have already assessed (submitted a report for) this student. */
  pastAssessors(student: string): Promise<string[]>;
  /** Every (assessor, student) pair with a submitted report, for batch assignment. */
  pastPairs(): Promise<{ assessor: string; student: string }[]>;
}

/** Offers made to assessors. */
export interface OfferRepository {
  insert(offer: Offer): Promise<void>;
  get(id: string): Promise<Offer | null>;
  /** The offer still waiting for an answer on this evaluation, if any. */
  pendingFor(evaluation: string): Promise<Offer | null>;
  /** The offers waiting for this assessor's answer, oldest first. */
  pendingTo(assessor: string): Promise<Offer[]>;
  listFor(evaluation: string): Promise<Offer[]>;
  /** Updates status and response fields; returns false when the offer was no longer pending. */
  respond(
    id: string,
    change: {
      status: 'accepted' | 'declined' | 'expired' | 'withdrawn';
      at: Date;
      reason?: DeclineReason;
      note?: string;
    },
  ): Promise<boolean>;
}

/** Which reports `ReportRepository.list` and `scanLatest` return. */
export type ReportFilter = { student?: string; project?: string; since?: Date; until?: Date };

/** The fields of a report's content the curriculum digest reads: verdicts, outcome, doubt, curriculum feedback. */
export type DigestContent = Pick<
  ReportContent,
  'outcome' | 'readinessDoubt' | 'commonMistakes' | 'materialSuggestions'
> & {
  /** Each criterion's verdict (the comments are for the student and the jury). */
  criteria: Record<string, { verdict: CriterionVerdict | null }>;
};

/** What `ReportRepository.scanLatest` yields for each report: its latest version, as the digest needs it. */
export type LatestReportDigest = {
  evaluation: string;
  version: number;
  /** The evaluation's project and attempt. */
  project: string;
  attempt: number;
  /** When the latest version was submitted (what the filter's `since` and `until` bound). */
  submittedAt: Date;
  content: DigestContent;
};

/** Drafts and submitted (versioned) reports. */
export interface ReportRepository {
  saveDraft(draft: Draft): Promise<void>;
  getDraft(evaluation: string, author: string): Promise<Draft | null>;
  /** Every draft this author keeps, whatever the evaluation. */
  draftsBy(author: string): Promise<Draft[]>;
  deleteDraft(evaluation: string, author: string): Promise<void>;
  /** Adds a version; `report.version` must be the previous version + 1 (1 for the first). */
  insert(report: Report): Promise<void>;
  /** The latest version, or null. */
  latest(evaluation: string): Promise<Report | null>;
  versions(evaluation: string): Promise<Report[]>;
  /**
   * Latest version of every report matching the filter, oldest first; `since` (inclusive) and
   * `until` (exclusive) bound that version's `submittedAt`.
   */
  list(filter?: ReportFilter): Promise<Report[]>;
  /**
   * The reports `list` would return, in the same order (latest version's `submittedAt`, then
   * evaluation), in batches of at most `batchSize` (default 1,000), with only what the curriculum
   * digest reads. Each batch is one keyset-paginated query, so memory is bounded by a batch whatever
   * the number of reports; no transaction is held between batches (a report amended during the scan
   * may be seen at both versions).
   */
  scanLatest(filter?: ReportFilter, batchSize?: number): AsyncIterable<LatestReportDigest[]>;
}

/** A job to hand to the queues, written in the same transaction as the change that causes it. */
export type OutboxEntry = {
  /** Deterministic, unique: becomes the BullMQ job id, so a replay never enqueues twice. No `:`. */
  key: string;
  queue: QueueName;
  name: string;
  payload: Record<string, unknown>;
  /** Earliest time the job may run (delayed jobs); null for now. */
  runAt: Date | null;
};

export type OutboxRow = OutboxEntry & { id: number; createdAt: Date; relayedAt: Date | null };

export const QUEUE_NAMES = ['notify', 'dossier', 'digest', 'reminders', 'assignment'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface OutboxRepository {
  /** Adds an entry; a second entry with the same key is ignored (idempotent). */
  add(entry: OutboxEntry): Promise<void>;
  /** Entries not yet handed to the queues, oldest first. */
  pending(limit: number): Promise<OutboxRow[]>;
  markRelayed(ids: number[], at: Date): Promise<void>;
  /**
   * Makes pending again the rows a queue backend that lost its data may no longer hold: those
   * relayed at or after `since`, and those whose `runAt` is after `now` (delayed jobs not yet due).
   * Returns how many. Relaying a row again is safe: each job's effects are idempotent by its key.
   */
  replay(since: Date, now: Date): Promise<number>;
}

export type AuditEntry = {
  at: Date;
  /** Person id, `api`, `cli` or `system`. */
  actor: string;
  action: string;
  /** What it was done to: an evaluation id, a person id… */
  subject: string | null;
  /** `ok`, or the error code of a refusal. */
  outcome: string;
  detail: Record<string, unknown>;
};

export interface AuditRepository {
  append(entry: AuditEntry): Promise<void>;
  /** Matching entries oldest first; with `limit`, the most recent `limit` of them (still oldest first). */
  list(filter?: { subject?: string; actor?: string; action?: string; limit?: number }): Promise<AuditEntry[]>;
}

/** Keys of effects already produced (Slack retries, double clicks, duplicate interactions, sent messages). */
export interface IdempotencyRepository {
  /** Records the key; returns false when it was already recorded (the effect happened before). */
  claim(key: string, at: Date): Promise<boolean>;
  /** True when the key was recorded (an effect already produced: a message already sent). */
  seen(key: string): Promise<boolean>;
}

/** Where a dossier's compilation stands. */
export type DossierStatus = 'compiling' | 'delivered' | 'failed';

/** One compiled (or compiling) jury dossier of a student, identified by its content hash. */
export type DossierRecord = {
  student: string;
  /** SHA-256 of the dossier's content (`dossierContentHash`). */
  hash: string;
  status: DossierStatus;
  requestedAt: Date;
  deliveredAt: Date | null;
  /** Sections rendered out of all of them. */
  progress: { done: number; total: number };
  /** Once locked (the jury decided the diploma) the student's reports can no longer be amended. */
  locked: boolean;
  lockedAt: Date | null;
  /** The delivered Markdown, kept for exports. */
  markdown: string | null;
};

/** What `DossierRepository.upsert` writes; `markdown` and `lockedAt` are kept when omitted. */
export type DossierUpsert = Omit<DossierRecord, 'markdown' | 'lockedAt'> & {
  markdown?: string;
  lockedAt?: Date | null;
};

/** Jury dossiers, one record per (student, content hash). */
export interface DossierRepository {
  /** The student's most recently requested dossier, or null. */
  get(student: string): Promise<DossierRecord | null>;
  /** The student's most recently delivered dossier, or null when none ever was. */
  lastDelivered(student: string): Promise<DossierRecord | null>;
  findByHash(student: string, hash: string): Promise<DossierRecord | null>;
  /** Inserts the record, or replaces the one with the same (student, hash). */
  upsert(record: DossierUpsert): Promise<void>;
  /**
   * Sets the progress (`done`, optionally `total`) or adds `add` sections to it, never beyond
   * `total`; returns the new progress, or null when there is no such record.
   */
  setProgress(
    student: string,
    hash: string,
    change: { done: number; total?: number } | { add: number },
  ): Promise<{ done: number; total: number } | null>;
  /** Marks the dossier delivered at `at` (progress complete), keeping its Markdown when given. */
  markDelivered(student: string, hash: string, at: Date, markdown?: string): Promise<void>;
  /**
   * Locks every dossier record of the student (the jury decided the diploma); returns false when
   * there was none or they were already locked.
   */
  lock(student: string, at: Date): Promise<boolean>;
}

/** The repositories available inside a transaction. */
export interface StoreTx {
  readonly org: OrganisationRepository;
  readonly people: PeopleRepository;
  readonly evaluations: EvaluationRepository;
  readonly offers: OfferRepository;
  readonly reports: ReportRepository;
  readonly outbox: OutboxRepository;
  readonly audit: AuditRepository;
  readonly idempotency: IdempotencyRepository;
  readonly dossiers: DossierRepository;
  /** Where delivered messages went, to update them in place (`src/ports/sent-messages.ts`). */
  readonly sentMessages: SentMessageRepository;
}

/**
 * The store. Its own repositories work outside a transaction (each call is atomic on its own);
 * `transaction` groups calls so that they commit or roll back together.
 */
export interface Store extends StoreTx {
  /** Which database this is, for logs and `/readyz`. */
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Runs `work` in one transaction; a thrown error rolls everything back and is rethrown. Inside
   * `work`, use only `tx`: on SQLite the transaction holds the one connection, so a call on the
   * store's own repositories would wait for it forever.
   */
  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Applies pending migrations (run once at start). */
  migrate(): Promise<void>;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
