/**
 * The background-work port (BullMQ in production, an in-memory fake in unit tests). Use cases never
 * call it directly: they write outbox rows, and the relay hands them to the queue (DESIGN §4).
 * Jobs may call it to fan out work (a flow) or schedule periodic work.
 */
import type { OutboxEntry, QueueName } from './store.ts';

/** A job the queue refuses whatever the backend's state (an id with `:`): retrying cannot help. */
export class JobRejectedError extends Error {
  readonly code = 'job_rejected';
  constructor(message: string) {
    super(message);
    this.name = 'JobRejectedError';
  }
}

export type JobRequest = Pick<OutboxEntry, 'queue' | 'name' | 'payload'> & {
  /** Deterministic job id; enqueueing an id that already exists is a no-op. No `:`. */
  id: string;
  /** Milliseconds to wait before the job may run. */
  delayMs?: number;
};

/** A parent job that runs once all its children have completed (the dossier's sections). */
export type FlowRequest = { parent: JobRequest; children: JobRequest[] };

export interface JobQueue {
  /** Adds a job unless one with the same id exists. Rejects when the queue backend is unreachable. */
  enqueue(job: JobRequest): Promise<void>;
  /** Adds a parent and its children atomically; a parent id that exists already makes this a no-op. */
  enqueueFlow(flow: FlowRequest): Promise<void>;
  /** Creates or updates a periodic job (cron in the given timezone) under a stable scheduler id. */
  upsertSchedule(
    schedulerId: string,
    cron: string,
    timezone: string,
    job: Omit<JobRequest, 'id' | 'delayMs'>,
  ): Promise<void>;
  /** Removes a waiting or delayed job (a reminder whose reason went away); no-op when absent. */
  cancel(queue: QueueName, id: string): Promise<void>;
  /** The state of a job (`waiting`, `active`, `completed`, `failed`, `delayed`, …) and its progress, or null. */
  status(queue: QueueName, id: string): Promise<{ state: string; progress: unknown } | null>;
  /**
   * Whether the backend may have lost jobs handed to it: true when it holds no mark of
   * `markJobsHeld` (a new Redis, or one restarted without its data), false while the mark stays.
   * The outbox relay then hands the recent and the delayed jobs over again.
   */
  mayHaveLostJobs(): Promise<boolean>;
  /** Leaves the mark `mayHaveLostJobs` looks for, once the jobs it may have lost are handed over again. */
  markJobsHeld(): Promise<void>;
  /** Resolves when the backend answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
