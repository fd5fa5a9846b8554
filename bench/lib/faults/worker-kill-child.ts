/**
 * The worker process of the worker-kill fault case: the real worker runtime (`startWorkers`) with
 * the dossier jobs on a private Redis prefix and a SQLite file store, delivering to a Slack-like
 * platform that appends one JSON line per upload (with this process's pid) to a file the parent
 * reads. Configured by environment; prints `ready` once fetching, then the runtime's warnings as
 * JSON lines, and runs until killed (SIGKILL) or stopped (SIGTERM).
 */
import { appendFileSync } from 'node:fs';
import { assembleDossierJob } from '../../../jobs/assemble-dossier.ts';
import { compileDossierJob } from '../../../jobs/compile-dossier.ts';
import { renderDossierSectionJob } from '../../../jobs/render-dossier-section.ts';
import { BullMqJobQueue } from '../../../src/adapters/bullmq/bullmq-job-queue.ts';
import { startWorkers } from '../../../src/adapters/bullmq/worker-runtime.ts';
import { DEFAULT_POLICY } from '../../../src/app/context.ts';
import type { JobDefinition } from '../../../src/app/job-definition.ts';
import type { Platform } from '../../../src/domain/model.ts';
import { createLogger } from '../../../src/logger.ts';
import type { ChatPlatform, FileUpload, MessageRef } from '../../../src/ports/chat-platform.ts';
import { systemClock } from '../../../src/ports/clock.ts';
import { openStore } from '../../../src/store/open-store.ts';

/** One line of the deliveries file. */
export type WorkerKillDelivery = {
  kind: 'file' | 'message';
  to: string;
  filename?: string;
  bytes?: number;
  pid: number;
  /** Epoch milliseconds of the delivery. */
  at: number;
};

const DOSSIER_JOBS: JobDefinition[] = [compileDossierJob, renderDossierSectionJob, assembleDossierJob];

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

/** Appends each delivery to a JSON-lines file at once (a SIGKILL loses nothing it already wrote). */
class RecordingPlatform implements ChatPlatform {
  readonly platform: Platform = 'slack';
  private next = 1;
  private readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  private record(line: Omit<WorkerKillDelivery, 'pid' | 'at'>): MessageRef {
    const full: WorkerKillDelivery = { ...line, pid: process.pid, at: Date.now() };
    appendFileSync(this.path, `${JSON.stringify(full)}\n`);
    return { platform: this.platform, channel: line.to, id: `${process.pid}-${this.next++}` };
  }

  async sendDirectMessage(userId: string): Promise<MessageRef> {
    return this.record({ kind: 'message', to: userId });
  }

  async postToChannel(channelId: string): Promise<MessageRef> {
    return this.record({ kind: 'message', to: channelId });
  }

  async uploadFile(channelId: string, file: FileUpload): Promise<MessageRef> {
    return this.record({
      kind: 'file',
      to: channelId,
      filename: file.filename,
      bytes: file.content.byteLength,
    });
  }

  async openForm(): Promise<void> {}

  async updateMessage(): Promise<void> {}
}

const redisUrl = env('REDIS_URL');
const prefix = env('PREFIX');
const store = await openStore(env('DATABASE_URL'));
// Warnings (stalled jobs, failures) go to stdout as JSON lines: the parent counts them.
const logger = createLogger('warn');
const queue = new BullMqJobQueue({ connectionUrl: redisUrl, prefix, definitions: DOSSIER_JOBS });
const runtime = startWorkers({
  connectionUrl: redisUrl,
  prefix,
  definitions: DOSSIER_JOBS,
  deps: {
    ctx: { store, clock: systemClock, policy: DEFAULT_POLICY },
    platforms: { slack: new RecordingPlatform(env('DELIVERIES')) },
    queue,
    logger,
    defaultLocale: 'en',
  },
  logger,
  // Short locks so the killed worker's jobs are found stalled within seconds, not BullMQ's 30 s.
  lockDurationMs: Number(env('LOCK_MS')),
  stalledIntervalMs: Number(env('STALLED_MS')),
});
await runtime.ready();
process.stdout.write('ready\n');

// The parent ends the surviving worker with SIGTERM: let its jobs finish, then close everything.
process.once('SIGTERM', () => {
  void (async () => {
    await runtime.close();
    await queue.close();
    await store.close();
    process.exit(0);
  })();
});
