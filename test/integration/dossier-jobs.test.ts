import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CompileDossierPayload } from '../../jobs/compile-dossier.ts';
import { RenderSectionPayload, renderDossierSection } from '../../jobs/render-dossier-section.ts';
import {
  describeDossierStatus,
  describeLockResult,
  dossierStatus,
  lockDossier,
} from '../../src/app/dossier-status.ts';
import type { WorkerDeps } from '../../src/app/job-definition.ts';
import { amendReport } from '../../src/app/submit-report.ts';
import { DeskError } from '../../src/domain/errors.ts';
import type { Organisation } from '../../src/domain/model.ts';
import type { FlowRequest } from '../../src/ports/job-queue.ts';
import type { MemoryChatPlatform } from '../fakes/memory-chat-platform.ts';
import type { MemoryJobQueue } from '../fakes/memory-job-queue.ts';
import { type Harness, validReport } from '../helpers/app-harness.ts';
import {
  CRITERIA,
  createDossierWorld,
  DISCORD_JURY,
  DOUBT_NOTE,
  type DossierWorld,
  fakeRun,
  files,
  JUSTIFICATIONS,
  justification,
  pdfText,
  REWORK_JUSTIFICATION,
  SLACK_JURY,
  squash,
} from '../helpers/dossier-world.ts';
import { buildOrganisation, organisationInput } from '../helpers/org-builder.ts';

let w: DossierWorld;
let h: Harness;
let queue: MemoryJobQueue;
let slack: MemoryChatPlatform;
let discord: MemoryChatPlatform;
let deps: WorkerDeps;

async function setUp(org?: Organisation): Promise<void> {
  w = await createDossierWorld(org);
  ({ h, queue, slack, discord, deps } = w);
}

afterEach(async () => {
  await h.close();
});

const report: DossierWorld['report'] = (...args) => w.report(...args);
const completePath = () => w.completePath();
const compilePayloads = (student?: string) => w.compilePayloads(student);
const compile = (payload: CompileDossierPayload) => w.compile(payload);
const runFlow = (flow: FlowRequest, parentRuns?: number) => w.runFlow(flow, parentRuns);

describe('dossier flow', () => {
  beforeEach(async () => {
    await setUp();
  });

  it('compiles a flow with one child per report when the path is complete', async () => {
    const { portfolio, rework, api, fullstack } = await completePath();
    const payloads = await compilePayloads();
    expect(payloads.map((p) => p.reason)).toEqual([`path-complete.${fullstack.evaluation.id}.v1`]);
    const [payload] = payloads;
    if (!payload) throw new Error('no compile job in the outbox');

    const result = await compile(payload);
    expect(result).toMatchObject({ status: 'queued', sections: 4 });
    expect(queue.flows).toHaveLength(1);
    const flow = queue.flows[0];
    if (!flow) throw new Error('no flow');
    const hash12 = result.hash.slice(0, 12);
    expect(flow.parent).toMatchObject({
      queue: 'dossier',
      name: 'assemble-dossier',
      id: `dossier-stu-emma-${hash12}`,
      payload: { student: 'stu-emma', hash: result.hash, locale: 'en', timeZone: 'Europe/Paris' },
    });
    expect(flow.children.map((c) => [c.name, c.id])).toEqual(
      [portfolio, rework, api, fullstack].map(({ evaluation }) => [
        'render-dossier-section',
        `dossier-stu-emma-${hash12}-${evaluation.id}`,
      ]),
    );
    expect(await h.store.dossiers.get('stu-emma')).toMatchObject({
      hash: result.hash,
      status: 'compiling',
      progress: { done: 0, total: 4 },
    });
    const status = await dossierStatus(h.ctx, queue, 'stu-emma');
    expect(status).toMatchObject({
      state: 'compiling',
      progress: { done: 0, total: 4 },
      jobState: 'waiting',
    });
    expect(describeDossierStatus(status, 'en')).toBe(
      'The dossier of Student emma is being compiled: 0 of 4 sections done.',
    );
  });

  it('delivers a PDF and a Markdown file to the jury channel on both platforms, once', async () => {
    await completePath();
    const [payload] = await compilePayloads();
    if (!payload) throw new Error('no compile job');
    const { hash } = await compile(payload);
    const flow = queue.flows[0];
    if (!flow) throw new Error('no flow');

    // A child retried after counting does not count twice.
    const first = flow.children[0];
    if (!first) throw new Error('no child');
    const again = RenderSectionPayload.parse(first.payload);
    await renderDossierSection(again, fakeRun(first.id), deps);
    await renderDossierSection(again, fakeRun(first.id), deps);
    expect((await h.store.dossiers.findByHash('stu-emma', hash))?.progress).toEqual({ done: 1, total: 4 });

    const [outcome, second] = await runFlow(flow, 2);
    expect(outcome).toEqual({ status: 'delivered', hash, delivered: ['slack', 'discord'], refused: [] });
    expect(second).toEqual(outcome);
    for (const [chat, channel] of [
      [slack, SLACK_JURY],
      [discord, DISCORD_JURY],
    ] as const) {
      const sent = files(chat, channel);
      expect(sent.map((f) => f.name)).toEqual(['stu-emma-dossier.pdf', 'stu-emma-dossier.md']);
      expect(sent[0]?.comment).toBe(
        'Jury dossier of Student emma, Web developer: Path complete; 3 approved, 0 conditional, 1 to rework.',
      );
      expect(
        Buffer.from(sent[0]?.content ?? [])
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
    }
    const record = await h.store.dossiers.get('stu-emma');
    expect(record).toMatchObject({
      status: 'delivered',
      progress: { done: 4, total: 4 },
      deliveredAt: h.clock.now(),
    });
    expect(record?.markdown).toBe(Buffer.from(files(slack, SLACK_JURY)[1]?.content ?? []).toString('utf8'));
    const status = await dossierStatus(h.ctx, queue, 'stu-emma');
    expect(status).toMatchObject({ state: 'delivered', hash, locked: false });
    expect(describeDossierStatus(status, 'en')).toBe(
      'The dossier of Student emma was delivered to the jury channel on 8 December 2026.',
    );

    // The same content compiled again (here: asked by the jury) builds nothing.
    expect(await compile({ student: 'stu-emma', reason: 'requested' })).toMatchObject({
      status: 'unchanged',
      hash,
    });
    expect(queue.flows).toHaveLength(1);
  });

  it('puts the student, every project, outcome and justification in the PDF, and the Markdown matches', async () => {
    await completePath();
    const [payload] = await compilePayloads();
    if (!payload) throw new Error('no compile job');
    await compile(payload);
    const flow = queue.flows[0];
    if (!flow) throw new Error('no flow');
    await runFlow(flow);
    const [pdf, md] = files(discord, DISCORD_JURY);
    const text = await pdfText(pdf?.content ?? new Uint8Array());
    const markdown = Buffer.from(md?.content ?? []).toString('utf8');
    const expected = [
      'Jury dossier: Student emma',
      'Web developer',
      'Portfolio site',
      'REST API',
      'Full-stack application',
      'Approved',
      'To rework',
      'Path complete',
      ...Object.values(JUSTIFICATIONS),
      REWORK_JUSTIFICATION,
      DOUBT_NOTE,
      'No input is validated; malformed bodies crash the server.',
    ];
    for (const piece of expected) {
      expect(text, piece).toContain(piece);
      expect(squash(markdown), piece).toContain(piece);
    }
    expect(text).toContain('REST API: attempt 2');
    expect(markdown).toContain('### REST API: attempt 2');
    // The dossier is for the jury: no curriculum, student-facing or mentor fields.
    const hidden = validReport([]);
    for (const field of [
      hidden.commonMistakes,
      hidden.materialSuggestions,
      hidden.strengths,
      hidden.mentorNote,
    ]) {
      expect(text).not.toContain(field);
      expect(markdown).not.toContain(field);
    }
  });

  it('rebuilds after an amendment that changes a justification', async () => {
    const { portfolio } = await completePath();
    const [payload] = await compilePayloads();
    if (!payload) throw new Error('no compile job');
    const first = await compile(payload);
    await runFlow(
      queue.flows[0] ?? { parent: { queue: 'dossier', name: '', id: '', payload: {} }, children: [] },
    );

    // A new version with a changed justification: a new hash and a new flow.
    const amended = await amendReport(h.ctx, {
      evaluation: portfolio.evaluation.id,
      actor: { type: 'person', person: portfolio.assessor },
      content: validReport(CRITERIA['web-1-portfolio'] ?? [], {
        juryJustification: justification('Portfolio defence, amended after review of the recording'),
      }),
      reason: 'justification completed',
    });
    expect(amended.ok).toBe(true);
    const reasons = (await compilePayloads()).map((p) => p.reason);
    expect(reasons.at(-1)).toBe(`amended.${portfolio.evaluation.id}.v2`);
    const rebuilt = await compile({ student: 'stu-emma', reason: reasons.at(-1) ?? '' });
    expect(rebuilt.status).toBe('queued');
    expect(rebuilt.hash).not.toBe(first.hash);
    expect(queue.flows).toHaveLength(2);
    const flow = queue.flows[1];
    if (!flow) throw new Error('no second flow');
    const section = flow.children.find((c) => c.id.endsWith(portfolio.evaluation.id));
    expect(section?.payload).toMatchObject({ evaluation: portfolio.evaluation.id, version: 2 });
    await runFlow(flow);
    expect(files(slack, SLACK_JURY).map((f) => f.name)).toEqual([
      'stu-emma-dossier.pdf',
      'stu-emma-dossier.md',
      'stu-emma-dossier.pdf',
      'stu-emma-dossier.md',
    ]);
    const latest = files(slack, SLACK_JURY)[3];
    expect(squash(Buffer.from(latest?.content ?? []).toString('utf8'))).toContain(
      'Portfolio defence, amended after review of the recording',
    );
    expect(await h.store.dossiers.get('stu-emma')).toMatchObject({ hash: rebuilt.hash, status: 'delivered' });

    // The dossier shows each report's version count, so even an amendment of a field the jury
    // does not read is new content: the jury sees that the report changed.
    await amendReport(h.ctx, {
      evaluation: portfolio.evaluation.id,
      actor: { type: 'person', person: portfolio.assessor },
      content: validReport(CRITERIA['web-1-portfolio'] ?? [], {
        juryJustification: justification('Portfolio defence, amended after review of the recording'),
        strengths: 'Clear structure, careful naming and a tidy README for newcomers.',
      }),
      reason: 'student feedback reworded',
    });
    const third = await compile({ student: 'stu-emma', reason: `amended.${portfolio.evaluation.id}.v3` });
    expect(third.status).toBe('queued');
    expect(
      queue.flows.at(-1)?.children.find((c) => c.id.endsWith(portfolio.evaluation.id))?.payload,
    ).toMatchObject({
      version: 3,
    });
  });

  it('does nothing for an amendment before any dossier while the path is not complete', async () => {
    const { evaluation, assessor } = await report('web-1-portfolio');
    expect(await compilePayloads()).toEqual([]);
    await amendReport(h.ctx, {
      evaluation: evaluation.id,
      actor: { type: 'person', person: assessor },
      content: validReport(CRITERIA['web-1-portfolio'] ?? [], {
        juryJustification: justification('Amended portfolio'),
      }),
      reason: 'clarified',
    });
    const [payload] = await compilePayloads();
    expect(payload?.reason).toBe(`amended.${evaluation.id}.v2`);
    expect(await compile(payload ?? { student: 'stu-emma', reason: 'x' })).toMatchObject({
      status: 'skipped',
    });
    expect(queue.flows).toEqual([]);
    expect(await dossierStatus(h.ctx, queue, 'stu-emma')).toEqual({
      state: 'none',
      student: { id: 'stu-emma', name: 'Student emma' },
    });
    // Asked for explicitly, a partial dossier is built all the same.
    expect(await compile({ student: 'stu-emma', reason: 'requested' })).toMatchObject({
      status: 'queued',
      sections: 1,
    });
  });

  it('delivers each file once across a rate limit, and skips a platform that refuses for good', async () => {
    await completePath();
    await compile({ student: 'stu-emma', reason: 'requested' });
    const flow = queue.flows[0];
    if (!flow) throw new Error('no flow');
    slack.rateLimitAfter = 1;
    discord.channels.delete(DISCORD_JURY);
    await expect(runFlow(flow)).rejects.toMatchObject({ name: 'PlatformError', code: 'rate_limited' });
    expect(files(slack, SLACK_JURY).map((f) => f.name)).toEqual(['stu-emma-dossier.pdf']);
    expect((await h.store.dossiers.get('stu-emma'))?.status).toBe('compiling');

    slack.rateLimitAfter = Number.POSITIVE_INFINITY;
    const [outcome] = await runFlow(flow);
    expect(outcome).toMatchObject({
      status: 'delivered',
      delivered: ['slack'],
      refused: [{ platform: 'discord', code: 'channel_not_found' }],
    });
    expect(files(slack, SLACK_JURY).map((f) => f.name)).toEqual([
      'stu-emma-dossier.pdf',
      'stu-emma-dossier.md',
    ]);
    expect(files(discord, DISCORD_JURY)).toEqual([]);
  });

  it('fails for good when every jury channel refuses', async () => {
    await report('web-1-portfolio');
    await compile({ student: 'stu-emma', reason: 'requested' });
    slack.channels.clear();
    discord.channels.clear();
    const flow = queue.flows[0];
    if (!flow) throw new Error('no flow');
    await expect(runFlow(flow)).rejects.toMatchObject({
      name: 'PermanentJobError',
      code: 'delivery_refused',
    });
    const status = await dossierStatus(h.ctx, queue, 'stu-emma');
    expect(status).toMatchObject({ state: 'failed', previousDeliveredAt: null });
    expect(describeDossierStatus(status, 'en')).toContain('could not be delivered');
  });

  it('locks the dossier: amendments are refused and compilations stop', async () => {
    const { portfolio } = await completePath();
    const [payload] = await compilePayloads();
    if (!payload) throw new Error('no compile job');
    await compile(payload);
    await runFlow(
      queue.flows[0] ?? { parent: { queue: 'dossier', name: '', id: '', payload: {} }, children: [] },
    );
    const jade = await h.person('jade');
    const lock = await lockDossier(h.ctx, { student: 'stu-emma', actor: { type: 'person', person: jade } });
    expect(lock.result).toBe('locked');
    expect(describeLockResult(lock, 'fr')).toBe(
      'Le dossier de Student emma est verrouillé ; ses rapports ne peuvent plus être modifiés.',
    );
    expect((await lockDossier(h.ctx, { student: 'stu-emma', actor: { type: 'cli' } })).result).toBe(
      'already_locked',
    );
    expect((await lockDossier(h.ctx, { student: 'stu-felix', actor: { type: 'cli' } })).result).toBe(
      'no_dossier',
    );
    expect(await h.store.audit.list({ action: 'dossier.lock' })).toHaveLength(3);

    const refused = await amendReport(h.ctx, {
      evaluation: portfolio.evaluation.id,
      actor: { type: 'person', person: portfolio.assessor },
      content: validReport(CRITERIA['web-1-portfolio'] ?? [], {
        juryJustification: justification('Too late'),
      }),
      reason: 'late change',
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DeskError);
    expect(refused).toMatchObject({ code: 'dossier_locked', params: { student: 'stu-emma' } });
    // The same content stays delivered; new content (a renamed student) is not compiled any more.
    expect(await compile({ student: 'stu-emma', reason: 'requested' })).toMatchObject({
      status: 'unchanged',
    });
    const input = organisationInput();
    const students = (input.students ?? []).map((s) =>
      s.id === 'stu-emma' ? { ...s, name: 'Emma Martin' } : s,
    );
    await h.store.org.importOrganisation(buildOrganisation({ students }));
    expect(await compile({ student: 'stu-emma', reason: 'requested' })).toMatchObject({ status: 'locked' });
    expect(queue.flows).toHaveLength(1);
    const status = await dossierStatus(h.ctx, queue, 'stu-emma');
    expect(describeDossierStatus(status, 'en')).toContain('It is locked');
  });
});

describe('dossier in French', () => {
  beforeEach(async () => {
    const input = organisationInput();
    await setUp(buildOrganisation({ organisation: { ...input.organisation, defaultLocale: 'fr' } }));
  });

  it('renders labels and accented text in the PDF and the Markdown', async () => {
    const accented =
      "Soutenance très réussie : l'étudiante a présenté une structure élégante, expliqué ses choix à " +
      "l'oral, corrigé une anomalie en direct et répondu à chaque question du jury avec précision, ça mérite d'être noté.";
    await report('web-1-portfolio', { juryJustification: accented });
    await compile({ student: 'stu-emma', reason: 'requested' });
    const flow = queue.flows[0];
    if (!flow) throw new Error('no flow');
    expect(flow.parent.payload).toMatchObject({ locale: 'fr' });
    await runFlow(flow);
    const [pdf, md] = files(slack, SLACK_JURY);
    const text = await pdfText(pdf?.content ?? new Uint8Array());
    const markdown = squash(Buffer.from(md?.content ?? []).toString('utf8'));
    for (const piece of [
      'Dossier du jury : Student emma',
      'Validé',
      'Parcours non achevé',
      'Étudiant',
      accented,
    ]) {
      expect(text, piece).toContain(piece);
      expect(markdown, piece).toContain(piece);
    }
    expect(pdf?.comment).toBe(
      'Dossier du jury de Student emma, Web developer : Parcours non achevé ; 1 validée(s), 0 sous réserve, 0 à retravailler.',
    );
  });
});
