/**
 * A world for the dossier job tests: the real store and use cases, an in-memory queue that records
 * flows, Slack and Discord fakes with the jury channel, and helpers that report a whole path and
 * run a flow the way the queue would.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import {
  AssembleDossierPayload,
  type AssembleDossierResult,
  assembleDossier,
} from '../../jobs/assemble-dossier.ts';
import {
  CompileDossierPayload,
  type CompileDossierResult,
  compileDossier,
} from '../../jobs/compile-dossier.ts';
import { RenderSectionPayload, renderDossierSection } from '../../jobs/render-dossier-section.ts';
import type { JobRun, WorkerDeps } from '../../src/app/job-definition.ts';
import { requestEvaluation } from '../../src/app/request-evaluation.ts';
import { acceptOffer } from '../../src/app/respond-to-offer.ts';
import { submitReport } from '../../src/app/submit-report.ts';
import type { Evaluation, Organisation, Person, ReportContent } from '../../src/domain/model.ts';
import { createLogger } from '../../src/logger.ts';
import type { FlowRequest } from '../../src/ports/job-queue.ts';
import { MemoryChatPlatform } from '../fakes/memory-chat-platform.ts';
import { MemoryJobQueue } from '../fakes/memory-job-queue.ts';
import { createHarness, type Harness, validReport } from './app-harness.ts';

export const SLACK_JURY = 'C01JURY';
export const DISCORD_JURY = '300000000000000003';
const logger = createLogger('silent');
const standardFontDataUrl = `${join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`;

/** Distinct, substantial justifications (the report rules want twenty different words or more). */
export const justification = (subject: string) =>
  `${subject}: the student explained every design decision, answered follow-up questions precisely ` +
  'and showed working software covering the whole brief, including error handling and documentation.';

export const JUSTIFICATIONS = {
  'web-1-portfolio': justification('Portfolio defence'),
  'web-2-api': justification('API defence, second attempt'),
  'web-3-fullstack': justification('Full-stack defence'),
};
export const REWORK_JUSTIFICATION =
  'API defence, first attempt: validation is missing on every route, the tests do not run, and the ' +
  'student could not explain how status codes are chosen, so a second soutenance is required.';
export const DOUBT_NOTE = 'Hesitant when asked to debug live; worth watching during the final project.';

/** The rubric of each web project, by criterion id. */
export const CRITERIA: Record<string, string[]> = {
  'web-1-portfolio': ['semantic-html', 'responsive'],
  'web-2-api': ['routes', 'validation', 'tests'],
  'web-3-fullstack': ['architecture', 'deployment'],
};

/** A job run as the processor sees it; `childResults` answers what the children returned. */
export function fakeRun(id: string, children: unknown[] = []): JobRun & { progressed: unknown[] } {
  const progressed: unknown[] = [];
  return {
    id,
    attempt: 1,
    log: logger,
    progressed,
    async progress(value) {
      progressed.push(value);
    },
    async childResults() {
      return children;
    },
  };
}

/** An evaluation reported through the real use cases, and its assessor. */
export type Reported = { evaluation: Evaluation; assessor: Person };

/** The world of one test. */
export type DossierWorld = {
  h: Harness;
  queue: MemoryJobQueue;
  slack: MemoryChatPlatform;
  discord: MemoryChatPlatform;
  deps: WorkerDeps;
  /** Requests, accepts and reports one attempt through the real use cases. */
  report(project: string, content?: Partial<ReportContent>, student?: string): Promise<Reported>;
  /** The whole web path for stu-emma: the API needs a second attempt, the last project raises a doubt. */
  completePath(): Promise<{ portfolio: Reported; rework: Reported; api: Reported; fullstack: Reported }>;
  /** The compile jobs the outbox holds for a student, oldest first, as the relay would hand them over. */
  compilePayloads(student?: string): Promise<CompileDossierPayload[]>;
  compile(payload: CompileDossierPayload): Promise<CompileDossierResult>;
  /** Runs a flow as the queue would: every child, then the parent (`parentRuns` times) with their results. */
  runFlow(flow: FlowRequest, parentRuns?: number): Promise<AssembleDossierResult[]>;
};

/** A fresh world on the test organisation (or `org`). */
export async function createDossierWorld(org?: Organisation): Promise<DossierWorld> {
  const h = await createHarness(org);
  const queue = new MemoryJobQueue();
  const slack = new MemoryChatPlatform('slack', [SLACK_JURY]);
  const discord = new MemoryChatPlatform('discord', [DISCORD_JURY]);
  const deps: WorkerDeps = { ctx: h.ctx, platforms: { slack, discord }, queue, logger, defaultLocale: 'en' };

  async function report(
    project: string,
    content: Partial<ReportContent> = {},
    student = 'stu-emma',
  ): Promise<Reported> {
    const { evaluation } = await requestEvaluation(h.ctx, { student, project, actor: { type: 'api' } });
    if (!evaluation.assessor) throw new Error(`nobody to assess ${project}`);
    const assessor = await h.person(evaluation.assessor);
    await acceptOffer(h.ctx, { evaluation: evaluation.id, person: assessor });
    h.clock.advanceHours(24);
    const result = await submitReport(h.ctx, {
      evaluation: evaluation.id,
      person: assessor,
      content: validReport(CRITERIA[project] ?? [], {
        juryJustification: JUSTIFICATIONS[project as keyof typeof JUSTIFICATIONS],
        ...content,
      }),
    });
    if (!result.ok) throw new Error(`report refused: ${JSON.stringify(result.errors)}`);
    h.clock.advanceHours(24);
    return { evaluation: result.evaluation, assessor };
  }

  return {
    h,
    queue,
    slack,
    discord,
    deps,
    report,
    async completePath() {
      const portfolio = await report('web-1-portfolio');
      const rework = await report('web-2-api', {
        criteria: {
          routes: { verdict: 'met', comment: '' },
          validation: {
            verdict: 'not_met',
            comment: 'No input is validated; malformed bodies crash the server.',
          },
          tests: { verdict: 'not_met', comment: 'The test suite does not run on a clean checkout.' },
        },
        outcome: 'to_rework',
        juryJustification: REWORK_JUSTIFICATION,
      });
      const api = await report('web-2-api');
      const fullstack = await report('web-3-fullstack', { readinessDoubt: true, doubtNote: DOUBT_NOTE });
      return { portfolio, rework, api, fullstack };
    },
    async compilePayloads(student = 'stu-emma') {
      return (await h.store.outbox.pending(1000))
        .filter((row) => row.queue === 'dossier' && row.name === 'compile-dossier')
        .map((row) => CompileDossierPayload.parse(row.payload))
        .filter((p) => p.student === student);
    },
    compile: (payload) => compileDossier(payload, fakeRun('compile'), deps),
    async runFlow(flow, parentRuns = 1) {
      const results: unknown[] = [];
      for (const child of flow.children) {
        const payload = RenderSectionPayload.parse(child.payload);
        results.push(await renderDossierSection(payload, fakeRun(child.id), deps));
      }
      const parent = AssembleDossierPayload.parse(flow.parent.payload);
      const outcomes: AssembleDossierResult[] = [];
      for (let i = 0; i < parentRuns; i += 1) {
        outcomes.push(await assembleDossier(parent, fakeRun(flow.parent.id, results), deps));
      }
      return outcomes;
    },
  };
}

/** The files uploaded to a channel, in order. */
export function files(
  chat: MemoryChatPlatform,
  channel: string,
): { name: string; content: Uint8Array; comment?: string }[] {
  return chat.postsIn(channel).flatMap((m) =>
    m.file
      ? [
          {
            name: m.file.filename,
            content: m.file.content,
            ...(m.file.comment ? { comment: m.file.comment } : {}),
          },
        ]
      : [],
  );
}

/** Whitespace collapsed, so wrapped lines compare with the text that was written. */
export const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The text of every page of a PDF, whitespace collapsed. */
export async function pdfText(content: Uint8Array): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(content), standardFontDataUrl }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n += 1) {
    const text = await (await pdf.getPage(n)).getTextContent();
    pages.push(text.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await pdf.destroy();
  return squash(pages.join(' '));
}
