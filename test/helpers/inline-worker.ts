/**
 * The worker, run inline for end-to-end tests: relays the outbox into an in-memory queue and runs
 * every job that is due with its real processor from `jobs/` (flows: the children, then the parent
 * with their results), again and again until nothing is left. Delayed jobs run once the test's
 * clock has passed their time.
 */
import { jobDefinitions } from '../../jobs/index.ts';
import type { JobRun, WorkerDeps } from '../../src/app/job-definition.ts';
import { PermanentJobError } from '../../src/app/job-definition.ts';
import { relayOutbox } from '../../src/app/outbox-relay.ts';
import type { JobRequest } from '../../src/ports/job-queue.ts';
import type { ManualClock } from '../fakes/manual-clock.ts';
import type { MemoryJobQueue } from '../fakes/memory-job-queue.ts';

export class InlineWorker {
  /** Jobs that failed for good (`PermanentJobError`), by job id: the test decides whether that is expected. */
  readonly permanentFailures = new Map<string, string>();
  private readonly deps: WorkerDeps & { queue: MemoryJobQueue };
  private readonly clock: ManualClock;
  private readonly done = new Set<string>();
  private readonly firstSeen = new Map<string, number>();

  constructor(deps: WorkerDeps & { queue: MemoryJobQueue }, clock: ManualClock) {
    this.deps = deps;
    this.clock = clock;
  }

  private run(job: JobRequest, children: unknown[] = []): JobRun {
    return {
      id: job.id,
      attempt: 1,
      log: this.deps.logger,
      progress: async () => {},
      childResults: async () => children,
    };
  }

  private async process(job: JobRequest, children: unknown[] = []): Promise<unknown> {
    const definition = jobDefinitions.find((d) => d.queue === job.queue && d.name === job.name);
    if (!definition) throw new Error(`no job definition for ${job.queue}/${job.name}`);
    try {
      return await definition.process(
        definition.payload.parse(job.payload),
        this.run(job, children),
        this.deps,
      );
    } catch (error) {
      if (!(error instanceof PermanentJobError)) throw error;
      this.permanentFailures.set(job.id, error.code);
      return undefined;
    }
  }

  private due(key: string, job: JobRequest): boolean {
    const now = this.clock.now().getTime();
    const seen = this.firstSeen.get(key) ?? now;
    this.firstSeen.set(key, seen);
    return seen + (job.delayMs ?? 0) <= now;
  }

  private inFlow(key: string): boolean {
    return this.deps.queue.flows.some((f) =>
      [f.parent, ...f.children].some((job) => `${job.queue}/${job.id}` === key),
    );
  }

  /** Relays and runs until the outbox and the queue hold nothing due. */
  async drain(): Promise<void> {
    const { queue } = this.deps;
    for (let more = true; more; ) {
      more = false;
      await relayOutbox({ store: this.deps.ctx.store, queue, clock: this.clock });
      for (const flow of queue.flows) {
        const parentKey = `${flow.parent.queue}/${flow.parent.id}`;
        if (this.done.has(parentKey)) continue;
        const results: unknown[] = [];
        for (const child of flow.children) {
          this.done.add(`${child.queue}/${child.id}`);
          results.push(await this.process(child));
        }
        this.done.add(parentKey);
        await this.process(flow.parent, results);
        more = true;
      }
      for (const [key, job] of queue.jobs) {
        // A flow's jobs wait for the flow pass; new flows show up while this loop runs.
        if (this.done.has(key) || this.inFlow(key) || !this.due(key, job)) continue;
        this.done.add(key);
        await this.process(job);
        more = true;
      }
    }
  }
}
