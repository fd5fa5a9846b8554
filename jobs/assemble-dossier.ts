/**
 * `assemble-dossier` (queue `dossier`, the parent of the dossier flow): puts the rendered sections
 * together, builds the Markdown and the PDF, and delivers both files to the jury channel on each
 * platform, once: a platform that already has this content is skipped, even when the job is
 * retried or runs twice.
 */
import { z } from 'zod';
import { loadDossierBase } from '../src/app/dossier-sources.ts';
import { audit } from '../src/app/effects.ts';
import { defineJob, type JobRun, PermanentJobError, type WorkerDeps } from '../src/app/job-definition.ts';
import { t } from '../src/domain/catalog/index.ts';
import {
  buildDossierModel,
  type DossierModel,
  dossierContentHash,
  dossierDeliveryKey,
} from '../src/domain/dossier.ts';
import { Locale, PLATFORMS, type Platform } from '../src/domain/model.ts';
import { type ChatPlatform, type FileUpload, PlatformError } from '../src/ports/chat-platform.ts';
import { outcomeSummary, renderDossierMarkdown, statusLabel } from '../src/views/dossier-markdown.ts';
import { renderDossierPdf } from '../src/views/dossier-pdf.ts';
import { SectionResult } from './render-dossier-section.ts';

/** Whose dossier, which content, and how to render it (fixed when the flow was created). */
export const AssembleDossierPayload = z.object({
  student: z.string().min(1),
  hash: z.string().min(12),
  locale: Locale,
  timeZone: z.string().min(1),
  reason: z.string().min(1),
});
export type AssembleDossierPayload = z.infer<typeof AssembleDossierPayload>;

/** How the delivery went: the platforms that have the dossier, and those that refused it for good. */
export type AssembleDossierResult = {
  status: 'delivered' | 'failed' | 'undeliverable';
  hash: string;
  delivered: Platform[];
  refused: { platform: Platform; code: string }[];
};

/** Runs `upload` unless the effect under `key` was already produced; records it afterwards. */
async function once(deps: WorkerDeps, key: string, upload: () => Promise<unknown>): Promise<void> {
  if (await deps.ctx.store.idempotency.seen(key)) return;
  await upload();
  await deps.ctx.store.idempotency.claim(key, deps.ctx.clock.now());
}

/** Uploads the PDF then the Markdown to one platform's jury channel, each at most once. */
async function deliverTo(
  deps: WorkerDeps,
  chat: ChatPlatform,
  channel: string,
  key: string,
  files: FileUpload[],
): Promise<void> {
  for (const [index, file] of files.entries()) {
    await once(deps, `${key}.file-${index + 1}`, () => chat.uploadFile(channel, file));
  }
  await deps.ctx.store.idempotency.claim(key, deps.ctx.clock.now());
}

function uploads(
  model: DossierModel,
  payload: AssembleDossierPayload,
  pdf: Buffer,
  markdown: string,
): FileUpload[] {
  const { locale } = payload;
  const student = model.cover.student.name;
  const comment = t(locale, 'dossier.upload.comment', {
    student,
    path: model.cover.path.name,
    status: statusLabel(model, locale),
    summary: outcomeSummary(model, locale),
  });
  return [
    {
      filename: `${payload.student}-dossier.pdf`,
      content: pdf,
      title: t(locale, 'dossier.upload.pdfTitle', { student }),
      comment,
    },
    {
      filename: `${payload.student}-dossier.md`,
      content: Buffer.from(markdown, 'utf8'),
      title: t(locale, 'dossier.upload.markdownTitle', { student }),
    },
  ];
}

/** Assembles the dossier from the children's sections and delivers it to each jury channel once. */
export async function assembleDossier(
  payload: AssembleDossierPayload,
  run: JobRun,
  deps: WorkerDeps,
): Promise<AssembleDossierResult> {
  const { store, clock } = deps.ctx;
  const { student, hash } = payload;
  const parsed = z.array(SectionResult).safeParse(await run.childResults());
  if (!parsed.success) throw new PermanentJobError('invalid_sections', parsed.error.message);
  const sections = parsed.data;
  const base = await loadDossierBase(
    store,
    student,
    sections.map((s) => s.section.project.id),
  );
  if (!base) throw new PermanentJobError('student_not_found', `No student ${student}`);
  const model = buildDossierModel(
    base,
    sections.map((s) => s.section),
  );
  const actual = dossierContentHash(model);
  // Only an organisation import between compilation and assembly (a renamed path) changes it.
  if (actual !== hash) run.log.warn({ student, hash, actual }, 'dossier content changed since compilation');

  const options = { locale: payload.locale, timeZone: payload.timeZone, generatedAt: clock.now() };
  const byEvaluation = new Map(sections.map((s) => [s.section.evaluation, s.markdown]));
  const markdown = renderDossierMarkdown(
    model,
    options,
    model.attempts.map((a) => byEvaluation.get(a.evaluation) ?? ''),
  );
  const pdf = await renderDossierPdf(model, options);
  const files = uploads(model, payload, pdf, markdown);

  const record = await store.dossiers.findByHash(student, hash);
  if (!record) {
    await store.dossiers.upsert({
      student,
      hash,
      status: 'compiling',
      requestedAt: clock.now(),
      deliveredAt: null,
      progress: { done: sections.length, total: sections.length },
      locked: false,
    });
  }

  const jury = (await store.org.getChannels()).jury;
  const delivered: Platform[] = [];
  const refused: { platform: Platform; code: string }[] = [];
  for (const platform of PLATFORMS) {
    const chat = deps.platforms[platform];
    const channel = jury[platform];
    if (!chat || !channel) continue;
    const key = dossierDeliveryKey(student, hash, platform);
    if (await store.idempotency.seen(key)) {
      delivered.push(platform);
      continue;
    }
    try {
      await deliverTo(deps, chat, channel, key, files);
      delivered.push(platform);
    } catch (error) {
      // Rate limits and outages are retried (delivered platforms are skipped then); refusals are final.
      if (!(error instanceof PlatformError) || !error.permanent) throw error;
      run.log.error({ student, platform, code: error.platformCode }, 'jury channel refused the dossier');
      refused.push({ platform, code: error.platformCode });
    }
  }

  const now = clock.now();
  if (delivered.length > 0) {
    await store.dossiers.markDelivered(student, hash, now, markdown);
    await audit(store, now, { type: 'system' }, 'dossier.deliver', student, {
      hash,
      platforms: delivered,
      refused,
    });
    run.log.info({ student, hash, platforms: delivered }, 'dossier delivered');
    await run.progress(100);
    return { status: 'delivered', hash, delivered, refused };
  }
  const current = await store.dossiers.findByHash(student, hash);
  if (current) {
    const { requestedAt, deliveredAt, progress, locked } = current;
    await store.dossiers.upsert({
      student,
      hash,
      status: 'failed',
      requestedAt,
      deliveredAt,
      progress,
      locked,
    });
  }
  await audit(store, now, { type: 'system' }, 'dossier.deliver', student, { hash, refused }, 'failed');
  if (refused.length > 0) {
    throw new PermanentJobError(
      'delivery_refused',
      `Jury channel refused the dossier of ${student}: ${refused.map((r) => `${r.platform} ${r.code}`).join(', ')}`,
    );
  }
  run.log.warn({ student, hash }, 'no jury channel on any connected platform: dossier not delivered');
  return { status: 'undeliverable', hash, delivered, refused };
}

/** `assemble-dossier` in queue `dossier`: the parent of the dossier flow. */
export const assembleDossierJob = defineJob<AssembleDossierPayload>({
  queue: 'dossier',
  name: 'assemble-dossier',
  payload: AssembleDossierPayload,
  defaults: { attempts: 8, backoffMs: 5_000 },
  process: assembleDossier,
});
