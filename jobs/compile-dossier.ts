/**
 * `compile-dossier` (queue `dossier`, relayed from the outbox): builds a student's jury dossier
 * model, hashes its content and, unless that content was already delivered, starts the flow that
 * renders it: one `render-dossier-section` child per evaluation report and an `assemble-dossier`
 * parent. Job ids derive from (student, content hash), so the same content never builds twice.
 */
import { z } from 'zod';
import { loadDossierSources } from '../src/app/dossier-sources.ts';
import { defineJob, type JobRun, PermanentJobError, type WorkerDeps } from '../src/app/job-definition.ts';
import {
  buildDossier,
  dossierContentHash,
  dossierFlowJobId,
  dossierSectionJobId,
} from '../src/domain/dossier.ts';
import type { AssembleDossierPayload } from './assemble-dossier.ts';
import type { RenderSectionPayload } from './render-dossier-section.ts';

/** What the outbox relays: whose dossier, and why (`requested`, `path-complete.…`, `amended.…`, `decided.…`). */
export const CompileDossierPayload = z.object({
  student: z.string().min(1),
  reason: z.string().min(1),
});
export type CompileDossierPayload = z.infer<typeof CompileDossierPayload>;

/** How the job ended: flow queued, content already delivered, nothing to rebuild, locked, or failed before. */
export type CompileDossierResult = {
  status: 'queued' | 'unchanged' | 'skipped' | 'locked' | 'failed';
  hash: string;
  sections: number;
};

/**
 * Reasons that only update a dossier (an amendment, a conditional outcome decided): they rebuild
 * it when one was delivered before or the path is complete, and do nothing otherwise.
 */
function isUpdateTrigger(reason: string): boolean {
  return reason.startsWith('amended.') || reason.startsWith('decided.');
}

/** Builds the model, and starts the flow unless this content was delivered or needs no rebuild. */
export async function compileDossier(
  { student, reason }: CompileDossierPayload,
  run: JobRun,
  deps: WorkerDeps,
): Promise<CompileDossierResult> {
  const { store, clock } = deps.ctx;
  const sources = await loadDossierSources(store, student);
  if (!sources) throw new PermanentJobError('student_not_found', `No student ${student}`);
  const model = buildDossier(sources);
  const hash = dossierContentHash(model);
  const sections = model.attempts.length;
  const result = (status: CompileDossierResult['status']): CompileDossierResult => {
    run.log.info({ student, reason, hash, status, sections }, 'dossier compilation');
    return { status, hash, sections };
  };

  const existing = await store.dossiers.findByHash(student, hash);
  if (existing?.status === 'delivered') return result('unchanged');
  if ((await store.dossiers.get(student))?.locked) return result('locked');
  if (
    isUpdateTrigger(reason) &&
    !model.cover.pathComplete &&
    (await store.dossiers.lastDelivered(student)) === null
  ) {
    return result('skipped');
  }
  const parentId = dossierFlowJobId(student, hash);
  // A flow that failed for good keeps its id: the same content is not built again on its own.
  if (existing?.status === 'failed' && (await deps.queue.status('dossier', parentId))?.state === 'failed') {
    return result('failed');
  }
  if (existing?.status !== 'compiling') {
    await store.dossiers.upsert({
      student,
      hash,
      status: 'compiling',
      requestedAt: clock.now(),
      deliveredAt: null,
      progress: { done: 0, total: sections },
      locked: false,
    });
  }

  const settings = await store.org.getSettings();
  const locale = settings?.defaultLocale ?? deps.defaultLocale;
  const timeZone = settings?.timezone ?? 'UTC';
  const parent: AssembleDossierPayload = { student, hash, locale, timeZone, reason };
  await deps.queue.enqueueFlow({
    parent: { queue: 'dossier', name: 'assemble-dossier', id: parentId, payload: parent },
    children: model.attempts.map((attempt) => {
      const payload: RenderSectionPayload = {
        student,
        hash,
        evaluation: attempt.evaluation,
        version: attempt.versions,
        locale,
        timeZone,
      };
      return {
        queue: 'dossier' as const,
        name: 'render-dossier-section',
        id: dossierSectionJobId(student, hash, attempt.evaluation),
        payload,
      };
    }),
  });
  await run.progress({
    done: existing?.status === 'compiling' ? existing.progress.done : 0,
    total: sections,
  });
  return result('queued');
}

/** `compile-dossier` in queue `dossier`, as the outbox relays it. */
export const compileDossierJob = defineJob<CompileDossierPayload>({
  queue: 'dossier',
  name: 'compile-dossier',
  payload: CompileDossierPayload,
  defaults: { attempts: 5, backoffMs: 5_000 },
  process: compileDossier,
});
