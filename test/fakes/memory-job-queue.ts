import {
  type FlowRequest,
  type JobQueue,
  JobRejectedError,
  type JobRequest,
} from '../../src/ports/job-queue.ts';
import type { QueueName } from '../../src/ports/store.ts';

/** Jobs kept in memory with BullMQ's id semantics: adding an existing id is a no-op. */
export class MemoryJobQueue implements JobQueue {
  readonly jobs = new Map<string, JobRequest>();
  readonly flows: FlowRequest[] = [];
  readonly schedules = new Map<
    string,
    { cron: string; timezone: string; job: Omit<JobRequest, 'id' | 'delayMs'> }
  >();
  /** When true, every call rejects as an unreachable Redis would. */
  down = false;
  /** Whether the mark of `markJobsHeld` is there; `loseEverything` takes it away. */
  held = false;

  /** Forgets every job, as a Redis restarted without its data would. */
  loseEverything(): void {
    this.jobs.clear();
    this.flows.length = 0;
    this.held = false;
  }

  async mayHaveLostJobs(): Promise<boolean> {
    this.check();
    return !this.held;
  }

  async markJobsHeld(): Promise<void> {
    this.check();
    this.held = true;
  }

  private check(): void {
    if (this.down) throw new Error('Connection is closed.');
  }

  async enqueue(job: JobRequest): Promise<void> {
    this.check();
    if (job.id.includes(':')) throw new JobRejectedError(`job id must not contain ":": ${job.id}`);
    const key = `${job.queue}/${job.id}`;
    if (!this.jobs.has(key)) this.jobs.set(key, job);
  }

  async enqueueFlow(flow: FlowRequest): Promise<void> {
    this.check();
    if (this.jobs.has(`${flow.parent.queue}/${flow.parent.id}`)) return;
    this.flows.push(flow);
    for (const job of [...flow.children, flow.parent]) await this.enqueue(job);
  }

  async upsertSchedule(
    schedulerId: string,
    cron: string,
    timezone: string,
    job: Omit<JobRequest, 'id' | 'delayMs'>,
  ): Promise<void> {
    this.check();
    this.schedules.set(schedulerId, { cron, timezone, job });
  }

  async cancel(queue: QueueName, id: string): Promise<void> {
    this.check();
    this.jobs.delete(`${queue}/${id}`);
  }

  async status(queue: QueueName, id: string): Promise<{ state: string; progress: unknown } | null> {
    this.check();
    return this.jobs.has(`${queue}/${id}`) ? { state: 'waiting', progress: 0 } : null;
  }

  async ping(): Promise<void> {
    this.check();
  }

  async close(): Promise<void> {}

  /** Jobs of one queue (optionally one job name), in insertion order. */
  list(queue: QueueName, name?: string): JobRequest[] {
    return [...this.jobs.values()].filter(
      (j) => j.queue === queue && (name === undefined || j.name === name),
    );
  }
}
