/**
 * `render-dossier-section` (queue `dossier`, a child of the dossier flow): renders one attempt's
 * section from the report version the compilation saw, and counts it in the dossier's progress.
 */
import { z } from 'zod';
import { loadAttemptSource } from '../src/app/dossier-sources.ts';
import { defineJob, type JobRun, PermanentJobError, type WorkerDeps } from '../src/app/job-definition.ts';
import { buildDossierAttempt, DossierAttempt, shortHash } from '../src/domain/dossier.ts';
import { Locale } from '../src/domain/model.ts';
import { renderAttemptMarkdown } from '../src/views/dossier-markdown.ts';

/** Which section: the evaluation and the report version pinned when the content was hashed. */
export const RenderSectionPayload = z.object({
  student: z.string().min(1),
  hash: z.string().min(12),
  evaluation: z.string().min(1),
  version: z.number().int().min(1),
  locale: Locale,
  timeZone: z.string().min(1),
});
export type RenderSectionPayload = z.infer<typeof RenderSectionPayload>;

/** What a section child returns to the parent (plain JSON). */
export const SectionResult = z.object({ section: DossierAttempt, markdown: z.string() });
export type SectionResult = z.infer<typeof SectionResult>;

/** Renders one section and counts it in the dossier's progress (once, even when retried). */
export async function renderDossierSection(
  payload: RenderSectionPayload,
  run: JobRun,
  deps: WorkerDeps,
): Promise<SectionResult> {
  const { store, clock } = deps.ctx;
  const source = await loadAttemptSource(store, payload.evaluation, payload.version);
  if (!source) {
    throw new PermanentJobError(
      'report_not_found',
      `No report version ${payload.version} of ${payload.evaluation}`,
    );
  }
  const section = buildDossierAttempt(source);
  const markdown = renderAttemptMarkdown(section, { locale: payload.locale, timeZone: payload.timeZone });
  // Counted once even when the job is retried after counting.
  const counted = `dossier-section.${payload.student}.${shortHash(payload.hash)}.${payload.evaluation}`;
  const progress = await store.transaction(async (tx) =>
    (await tx.idempotency.claim(counted, clock.now()))
      ? tx.dossiers.setProgress(payload.student, payload.hash, { add: 1 })
      : (await tx.dossiers.findByHash(payload.student, payload.hash))?.progress,
  );
  if (progress) await run.progress(progress);
  return { section, markdown };
}

/** `render-dossier-section` in queue `dossier`: a child of the dossier flow. */
export const renderDossierSectionJob = defineJob<RenderSectionPayload>({
  queue: 'dossier',
  name: 'render-dossier-section',
  payload: RenderSectionPayload,
  defaults: { attempts: 5, backoffMs: 2_000 },
  concurrency: 8,
  process: renderDossierSection,
});
