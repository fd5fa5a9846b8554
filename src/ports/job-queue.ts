/**
 * The background-work port (BullMQ in production, an in-memory fake in unit tests). Use cases never
 * call it directly: they write outbox rows, and the relay hands them to the queue (DESIGN §4).
 */
import type { OutboxEntry, QueueName } from './store.ts';

export type JobRequest = Pick<OutboxEntry, 'queue' | 'name' | 'payload'> & {
  /** Deterministic job id; enqueueing an id that already exists is a no-op. */
  id: string;
  /** Milliseconds to wait before the job may run. */
  delayMs?: number;
};

export interface JobQueue {
  /** Adds a job unless one with the same id exists. Rejects when the queue backend is unreachable. */
  enqueue(job: JobRequest): Promise<void>;
  /** Removes a waiting or delayed job (a reminder whose reason went away); no-op when absent. */
  cancel(queue: QueueName, id: string): Promise<void>;
  /** Resolves when the backend answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
