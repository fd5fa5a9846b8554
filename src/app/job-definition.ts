/**
 * The shape of a background job. Each file in `jobs/` exports one `JobDefinition`: its queue and
 * name, its payload schema, its retry defaults and its processor. The BullMQ adapter runs them;
 * nothing in a job imports BullMQ. A processor signals outcomes with ordinary errors:
 * `PermanentJobError` (never retried), `PlatformError` with `rate_limited` (the queue pauses for
 * the given delay and the job retries without counting an attempt), anything else (retried with
 * exponential backoff up to `attempts`).
 */
import type { z } from 'zod';
import type { Platform } from '../domain/model.ts';
import type { Logger } from '../logger.ts';
import type { ChatPlatform } from '../ports/chat-platform.ts';
import type { JobQueue } from '../ports/job-queue.ts';
import type { QueueName } from '../ports/store.ts';
import type { AppContext } from './context.ts';

/** The chat platforms this process can deliver to (one, both, or none in some tests). */
export type ChatPlatforms = Partial<Record<Platform, ChatPlatform>>;

/** What every job processor may use. */
export type WorkerDeps = {
  ctx: AppContext;
  platforms: ChatPlatforms;
  queue: JobQueue;
  logger: Logger;
  /** Locale for channel posts and people without one. */
  defaultLocale: 'en' | 'fr';
};

/** The running job, as the processor sees it. */
export type JobRun = {
  /** The job id (deterministic: the outbox key, or derived from it). */
  id: string;
  /** 1 on the first try. */
  attempt: number;
  /** A logger carrying the job id and name. */
  log: Logger;
  /** Publishes progress (0–100, or a small object) for dashboards and `/jury status`. */
  progress(value: number | Record<string, unknown>): Promise<void>;
  /** For a flow's parent: the return values of its children, in no particular order. */
  childResults(): Promise<unknown[]>;
};

export type RetryDefaults = {
  /** Tries in all, the first included. */
  attempts: number;
  /** First retry delay; each next one doubles (exponential backoff). */
  backoffMs: number;
};

export type JobDefinition<Payload = unknown> = {
  queue: QueueName;
  name: string;
  payload: z.ZodType<Payload>;
  defaults: RetryDefaults;
  /** How many jobs of this definition one worker runs at once. */
  concurrency?: number;
  process(payload: Payload, run: JobRun, deps: WorkerDeps): Promise<unknown>;
};

/** A failure that retrying cannot fix (bad payload, a recipient who refuses DMs): never retried. */
export class PermanentJobError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'PermanentJobError';
    this.code = code;
  }
}

/** Keeps type inference of the payload when declaring a job. */
export function defineJob<Payload>(definition: JobDefinition<Payload>): JobDefinition<Payload> {
  return definition;
}
