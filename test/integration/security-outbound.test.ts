/**
 * The outbound-message scan of DESIGN §8 over a whole story on both platforms: requests, offers,
 * acceptances, reports with a marker in every field, an amendment, a conditional outcome settled
 * after the re-upload, two readiness doubts, jury dossiers (path complete and on demand) and the
 * curriculum digest, each delivered by the real jobs into capturing chat platforms; then the
 * replies to the read commands of every role. No field reaches a reader it is not meant for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { requestDigest, requestDossier } from '../../src/app/background-requests.ts';
import { createRegistry, runCommand } from '../../src/app/commands/command-runner.ts';
import { decideConditional, recordResubmission } from '../../src/app/conditional.ts';
import { requestEvaluation } from '../../src/app/request-evaluation.ts';
import { acceptOffer } from '../../src/app/respond-to-offer.ts';
import { amendReport, submitReport } from '../../src/app/submit-report.ts';
import type { Evaluation, Platform, ReportContent } from '../../src/domain/model.ts';
import { createLogger } from '../../src/logger.ts';
import { MemoryChatPlatform } from '../fakes/memory-chat-platform.ts';
import { MemoryJobQueue } from '../fakes/memory-job-queue.ts';
import { createHarness, type Harness, validReport } from '../helpers/app-harness.ts';
import {
  CapturingChatPlatform,
  type Delivery,
  markedReport,
  scanDeliveries,
  stringsOf,
} from '../helpers/audience-scan.ts';
import { EXTRA_DISCORD_IDS } from '../helpers/discord-interactions.ts';
import { InlineWorker } from '../helpers/inline-worker.ts';
import { buildOrganisation, organisationInput } from '../helpers/org-builder.ts';

/** Names a digest would show if it leaked them, planted in the curriculum feedback too. */
const NAMES: Record<string, string> = {
  'stu-emma': 'Emma Zephyrine',
  'stu-felix': 'Felix Quarrington',
  'stu-gina': 'Gina Oyelaran',
  'stu-hugo': 'Hugo Vandermeer',
};
const CRITERIA: Record<string, string[]> = {
  'web-1-portfolio': ['semantic-html', 'responsive'],
  'web-2-api': ['routes', 'validation', 'tests'],
  'web-3-fullstack': ['architecture', 'deployment'],
  'data-1-sql': ['queries', 'insights'],
};

/** Everyone on both platforms where the test organisation allows it, students with distinctive names. */
function storyOrganisation() {
  const input = organisationInput();
  const people = input.people.map((p) => {
    const discord = EXTRA_DISCORD_IDS[p.id];
    const slack = p.id === 'cora' ? 'U01CORA' : undefined;
    return {
      ...p,
      platforms: { ...p.platforms, ...(discord ? { discord } : {}), ...(slack ? { slack } : {}) },
    };
  });
  const students = (input.students ?? []).map((s) => ({ ...s, name: NAMES[s.id] ?? s.name }));
  return buildOrganisation({ people, students });
}

/** Another student's name than `student`'s. */
const classmate = (student: string): string =>
  Object.entries(NAMES).find(([id]) => id !== student)?.[1] ?? 'Nobody';

let h: Harness;
let worker: InlineWorker;
const chats: CapturingChatPlatform[] = [];
const replies: Delivery[] = [];
let marker = 0;

/**
 * A valid report for the project with text in every field. The curriculum feedback names a
 * classmate: submission refuses only the student's, the mentor's and the author's names, so
 * keeping the classmate out of the digest is the digest's work.
 */
function fullReport(project: string, student: string, overrides: Partial<ReportContent> = {}): ReportContent {
  const criteria = CRITERIA[project] ?? [];
  const base = validReport(criteria, {
    criteria: Object.fromEntries(
      criteria.map((c) => [c, { verdict: 'met' as const, comment: `Evidence for ${c} was shown live.` }]),
    ),
    commonMistakes: `Like ${classmate(student)}, the student forgot to handle empty inputs, as many do here.`,
    ...overrides,
  });
  marker += 1;
  return markedReport(marker, base);
}

/** Requests, offers (DM delivered), accepts and reports one attempt; every notification delivered. */
async function reported(
  student: string,
  project: string,
  overrides: Partial<ReportContent> = {},
): Promise<Evaluation> {
  const { evaluation } = await requestEvaluation(h.ctx, { student, project, actor: { type: 'api' } });
  if (!evaluation.assessor) throw new Error(`nobody to assess ${project}`);
  await worker.drain();
  const assessor = await h.person(evaluation.assessor);
  await acceptOffer(h.ctx, { evaluation: evaluation.id, person: assessor });
  h.clock.advanceHours(20);
  const result = await submitReport(h.ctx, {
    evaluation: evaluation.id,
    person: assessor,
    content: fullReport(project, student, overrides),
  });
  if (!result.ok) throw new Error(`report refused: ${JSON.stringify(result.errors)}`);
  await worker.drain();
  h.clock.advanceHours(4);
  return result.evaluation;
}

const notMet = (project: string, failing: string) =>
  Object.fromEntries(
    (CRITERIA[project] ?? []).map((c) => [
      c,
      c === failing
        ? { verdict: 'not_met' as const, comment: `Nothing covers ${c} yet; it must be shown next time.` }
        : { verdict: 'met' as const, comment: `Evidence for ${c} was shown live.` },
    ]),
  );

/** The reply a person reads after a command on a platform, as a delivery to them. */
async function ask(person: string, platform: Platform, group: string, text: string): Promise<void> {
  const who = await h.person(person);
  const user = who.platforms[platform];
  if (!user) throw new Error(`${person} is not on ${platform}`);
  const reply = await runCommand(
    createRegistry(commands),
    {
      ctx: h.ctx,
      queue: new MemoryJobQueue(),
      defaultLocale: 'en',
      afterCommit: () => {},
      onUnexpected: (error) => {
        throw error;
      },
    },
    { platform, platformUserId: user, group, input: { text }, trigger: null },
  );
  // The role check decides who may run a command, so its reply's declared audience is not checked.
  if (reply.kind === 'message') {
    const view = reply.message;
    replies.push({
      platform,
      to: { user },
      text: stringsOf([view.text, view.blocks]).join('\n'),
      what: `/${group} ${text}`,
    });
  }
}

describe('no report field reaches a reader it is not meant for', () => {
  beforeAll(async () => {
    h = await createHarness(storyOrganisation());
    const channels = await h.store.org.getChannels();
    const ids = (p: Platform) =>
      (['coordinators', 'curriculum', 'jury'] as const).flatMap((c) => channels[c][p] ?? []);
    const slack = new CapturingChatPlatform(new MemoryChatPlatform('slack', ids('slack')));
    const discord = new CapturingChatPlatform(new MemoryChatPlatform('discord', ids('discord')));
    chats.push(slack, discord);
    const logger = createLogger('silent');
    const deps = {
      ctx: h.ctx,
      platforms: { slack, discord },
      queue: new MemoryJobQueue(),
      logger,
      defaultLocale: 'en' as const,
    };
    worker = new InlineWorker(deps, h.clock);

    // stu-emma's whole web path: approved, amended; a second attempt after to_rework, conditional
    // then approved after the re-upload; the last project with a doubt completes the path.
    const portfolio = await reported('stu-emma', 'web-1-portfolio');
    await reported('stu-emma', 'web-2-api', { criteria: notMet('web-2-api', 'tests'), outcome: 'to_rework' });
    const second = await reported('stu-emma', 'web-2-api', {
      criteria: notMet('web-2-api', 'validation'),
      outcome: 'conditional',
    });
    await recordResubmission(h.ctx, { evaluation: second.id, actor: { type: 'api' } });
    await worker.drain();
    const assessor = await h.person(second.assessor ?? '');
    await decideConditional(h.ctx, { evaluation: second.id, person: assessor, outcome: 'approved' });
    await worker.drain();
    await reported('stu-emma', 'web-3-fullstack', {
      readinessDoubt: true,
      doubtNote: 'Hesitant when debugging live.',
    });
    const author = await h.person(portfolio.assessor ?? '');
    const amended = await amendReport(h.ctx, {
      evaluation: portfolio.id,
      actor: { type: 'person', person: author },
      content: fullReport('web-1-portfolio', 'stu-emma'),
      reason: 'Clarified the responsive criterion.',
    });
    expect(amended.ok).toBe(true);
    await worker.drain();

    // stu-felix (bruno mentors him) raises two doubts: the mentor and the coordinators are alerted.
    await reported('stu-felix', 'web-1-portfolio', {
      readinessDoubt: true,
      doubtNote: 'Unsure under pressure.',
    });
    await reported('stu-felix', 'web-2-api', { readinessDoubt: true, doubtNote: 'Needed many hints.' });
    await reported('stu-gina', 'data-1-sql');
    await requestDossier(h.ctx, { student: 'stu-felix', actor: { type: 'cli' } });
    await requestDigest(h.ctx, { actor: { type: 'cli' } });
    h.clock.advanceHours(72);
    await worker.drain();

    await ask('mia', 'slack', 'mentor', 'students');
    await ask('mia', 'discord', 'mentor', 'student stu-emma');
    await ask('bruno', 'slack', 'mentor', 'student stu-felix');
    await ask('bruno', 'slack', 'mentor', 'student stu-emma');
    await ask('jade', 'slack', 'jury', 'status stu-emma');
    await ask('cora', 'discord', 'curriculum', 'digest');
    await ask('alice', 'slack', 'assess', 'curriculum web-2-api');
    await ask('alice', 'slack', 'assess', 'queue');
    await ask('colin', 'slack', 'evaluation', 'list');
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  it('delivers every notification, dossier and digest of the story on both platforms', () => {
    expect(worker.permanentFailures).toEqual(new Map());
    for (const chat of chats) {
      const files = chat.deliveries.flatMap((d) => d.files ?? []).map((f) => f.filename);
      expect(files.some((f) => f.endsWith('.pdf'))).toBe(true);
      expect(files.some((f) => f.endsWith('.md'))).toBe(true);
      expect(chat.deliveries.length).toBeGreaterThan(20);
    }
  });

  it('shows each field only to its readers, and no student name in the curriculum channel', async () => {
    const deliveries = [...chats.flatMap((c) => c.deliveries), ...replies];
    const scan = await scanDeliveries(h.store, deliveries);
    expect(scan.leaks).toEqual([]);
    // The scan saw every kind of field where it belongs: it is not vacuous.
    for (const field of [
      'juryJustification',
      'mentorNote',
      'strengths',
      'improvements',
      'doubtNote',
      'commonMistakes',
      'criterion.*.comment',
    ])
      expect(scan.seen[field] ?? 0, field).toBeGreaterThan(0);
  }, 30_000);

  it('catches a leak when there is one', async () => {
    const emma = await h.store.people.getStudent('stu-emma');
    const jury = (await h.store.reports.list({ student: 'stu-emma' }))[0]?.content.juryJustification ?? '';
    const slackCurriculum = (await h.store.org.getChannels()).curriculum.slack ?? '';
    const forged: Delivery[] = [
      { platform: 'slack', to: { user: emma?.platforms.slack ?? '' }, text: jury, what: 'forged DM' },
      {
        platform: 'slack',
        to: { channel: slackCurriculum },
        text: `${NAMES['stu-felix']} again`,
        what: 'forged post',
      },
      {
        platform: 'slack',
        to: { user: emma?.platforms.slack ?? '' },
        text: 'hello',
        audience: 'mentor',
        what: 'mentor text to a student',
      },
    ];
    const scan = await scanDeliveries(h.store, forged);
    expect(scan.leaks).toHaveLength(3);
    expect(scan.leaks[0]).toMatch(/JURYJUST-\d+ \(juryJustification of E-\d+, stu-emma\)/);
    expect(scan.leaks[1]).toContain('student name "Felix Quarrington"');
    expect(scan.leaks[2]).toContain('written for mentor');
  });
});
