import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { jobDefinitions } from '../../jobs/index.ts';
import { BullMqJobQueue } from '../../src/adapters/bullmq/bullmq-job-queue.ts';
import { requestDossier } from '../../src/app/background-requests.ts';
import { type AppContext, DEFAULT_POLICY } from '../../src/app/context.ts';
import { relayOutbox } from '../../src/app/outbox-relay.ts';
import { requestEvaluation } from '../../src/app/request-evaluation.ts';
import { acceptOffer } from '../../src/app/respond-to-offer.ts';
import { submitReport } from '../../src/app/submit-report.ts';
import { systemClock } from '../../src/ports/clock.ts';
import type { Store } from '../../src/ports/store.ts';
import { openStore } from '../../src/store/open-store.ts';
import { validReport } from '../helpers/app-harness.ts';
import { CRITERIA, JUSTIFICATIONS } from '../helpers/dossier-world.ts';
import { buildOrganisation } from '../helpers/org-builder.ts';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix, waitFor } from '../helpers/test-redis.ts';

type Delivery = { kind: string; platform: string; to: string; pid: number; filename?: string };

describe('a worker killed with SIGKILL in the middle of a dossier', () => {
  const children: ChildProcess[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function startWorker(env: Record<string, string>): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/dossier-worker-process.ts'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    return child;
  }

  async function reportedPath(ctx: AppContext): Promise<void> {
    for (const project of ['web-1-portfolio', 'web-2-api', 'web-3-fullstack']) {
      const { evaluation } = await requestEvaluation(ctx, {
        student: 'stu-emma',
        project,
        actor: { type: 'api' },
      });
      const assessor = await ctx.store.people.getPerson(evaluation.assessor ?? '');
      if (!assessor) throw new Error(`nobody to assess ${project}`);
      await acceptOffer(ctx, { evaluation: evaluation.id, person: assessor });
      const result = await submitReport(ctx, {
        evaluation: evaluation.id,
        person: assessor,
        content: validReport(CRITERIA[project] ?? [], {
          juryJustification: JUSTIFICATIONS[project as keyof typeof JUSTIFICATIONS],
        }),
      });
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
    }
  }

  it('is recovered by another worker and exactly one dossier is delivered', { timeout: 90_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-crash-'));
    const prefix = uniquePrefix();
    const databaseUrl = `sqlite:${join(dir, 'desk.db')}`;
    const deliveries = join(dir, 'deliveries.jsonl');
    const marker = join(dir, 'upload-started');
    const store: Store = await openStore(databaseUrl);
    await store.migrate();
    await store.org.importOrganisation(buildOrganisation());
    const queue = new BullMqJobQueue({ connectionUrl: TEST_REDIS_URL, prefix, definitions: jobDefinitions });
    cleanups.push(async () => {
      await queue.close();
      await store.close();
      await deletePrefix(prefix);
      rmSync(dir, { recursive: true, force: true });
    });

    const ctx: AppContext = { store, clock: systemClock, policy: DEFAULT_POLICY };
    await reportedPath(ctx);
    await requestDossier(ctx, { student: 'stu-emma', actor: { type: 'cli' } });
    // Only the dossier work matters here; the notifications stay in the outbox.
    for (const row of await store.outbox.pending(1000)) {
      if (row.queue !== 'dossier') await store.outbox.markRelayed([row.id], new Date());
    }
    expect((await relayOutbox({ store, queue, clock: systemClock })).failed).toBe(false);

    const common = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      PREFIX: prefix,
      DELIVERIES: deliveries,
    };
    const first = startWorker({ ...common, SLOW_UPLOAD_MS: '60000', UPLOAD_STARTED_MARKER: marker });
    await waitFor(() => existsSync(marker), 45_000);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));

    const second = startWorker(common);
    const read = (): Delivery[] =>
      existsSync(deliveries)
        ? readFileSync(deliveries, 'utf8')
            .trim()
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as Delivery)
        : [];
    await waitFor(() => read().filter((d) => d.kind === 'file').length >= 4, 45_000);
    // Give a duplicate the time to show up before counting.
    await waitFor(async () => (await store.dossiers.get('stu-emma'))?.status === 'delivered', 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const files = read().filter((d) => d.kind === 'file');
    expect(files.map((f) => `${f.platform} ${f.filename}`).sort()).toEqual([
      'discord stu-emma-dossier.md',
      'discord stu-emma-dossier.pdf',
      'slack stu-emma-dossier.md',
      'slack stu-emma-dossier.pdf',
    ]);
    expect(new Set(files.map((f) => f.pid))).toEqual(new Set([second.pid]));
  });
});
