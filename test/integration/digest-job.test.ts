import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CurriculumDigestPayload, curriculumDigestJob } from '../../jobs/curriculum-digest.ts';
import { requestDigest } from '../../src/app/background-requests.ts';
import { type JobRun, PermanentJobError, type WorkerDeps } from '../../src/app/job-definition.ts';
import { type Evaluation, emptyReportContent, type ReportContent } from '../../src/domain/model.ts';
import { createLogger } from '../../src/logger.ts';
import { PlatformError } from '../../src/ports/chat-platform.ts';
import { MemoryChatPlatform } from '../fakes/memory-chat-platform.ts';
import { MemoryJobQueue } from '../fakes/memory-job-queue.ts';
import { createHarness, type Harness } from '../helpers/app-harness.ts';

const SLACK_CURRICULUM = 'C01CURRIC';
const DISCORD_CURRICULUM = '300000000000000002';
const logger = createLogger('silent');

let h: Harness;
let slack: MemoryChatPlatform;
let discord: MemoryChatPlatform;
let deps: WorkerDeps;
let nextId = 1001;

function run(id: string): JobRun {
  return { id, attempt: 1, log: logger, progress: async () => undefined, childResults: async () => [] };
}

function payload(overrides: Partial<CurriculumDigestPayload> = {}): CurriculumDigestPayload {
  return curriculumDigestJob.payload.parse({
    project: null,
    since: null,
    until: null,
    reason: 'requested',
    ...overrides,
  });
}

/** A submitted report stored directly, with its evaluation. */
async function submitted(
  student: string,
  project: string,
  submittedAt: string,
  content: Partial<ReportContent>,
): Promise<void> {
  const at = new Date(submittedAt);
  const evaluation: Evaluation = {
    id: `E-${nextId++}`,
    student,
    project,
    attempt: 1,
    status: content.outcome ?? 'approved',
    assessor: 'alice',
    requestedBy: null,
    requestedAt: new Date(at.getTime() - 86_400_000),
    scheduledAt: null,
    acceptedAt: null,
    dueAt: null,
    submittedAt: at,
    windowEndsAt: null,
    outcome: content.outcome ?? 'approved',
    version: 1,
    updatedAt: at,
  };
  await h.store.evaluations.insert(evaluation);
  await h.store.reports.insert({
    evaluation: evaluation.id,
    version: 1,
    author: 'alice',
    content: { ...emptyReportContent(), outcome: 'approved', ...content },
    submittedAt: at,
    amendReason: null,
  });
}

beforeEach(async () => {
  h = await createHarness();
  slack = new MemoryChatPlatform('slack', [SLACK_CURRICULUM]);
  discord = new MemoryChatPlatform('discord', [DISCORD_CURRICULUM]);
  deps = {
    ctx: h.ctx,
    platforms: { slack, discord },
    queue: new MemoryJobQueue(),
    logger,
    defaultLocale: 'en',
  };
  // The harness clock reads 2026-11-30T09:00Z: the period is the 7 days before.
  const api = { routes: 'met', validation: 'not_met', tests: 'met' } as const;
  const criteria = (verdicts: Record<string, 'met' | 'not_met'>) =>
    Object.fromEntries(Object.entries(verdicts).map(([id, verdict]) => [id, { verdict, comment: '' }]));
  await submitted('stu-emma', 'web-2-api', '2026-11-25T10:00:00Z', {
    criteria: criteria(api),
    outcome: 'to_rework',
    commonMistakes: 'Forgot to validate the form inputs, as Alice told Student emma.',
    materialSuggestions: 'A module on input validation.',
    readinessDoubt: true,
  });
  await submitted('stu-felix', 'web-2-api', '2026-11-26T10:00:00Z', {
    criteria: criteria(api),
    outcome: 'to_rework',
    commonMistakes: 'forgot to validate the form inputs!',
  });
  await submitted('stu-felix', 'web-1-portfolio', '2026-11-27T10:00:00Z', {
    criteria: criteria({ 'semantic-html': 'met', responsive: 'met' }),
    commonMistakes: 'Felix… no, Student felix used divs everywhere.',
  });
  await submitted('stu-emma', 'web-2-api', '2026-11-18T10:00:00Z', {
    criteria: criteria({ routes: 'met', validation: 'met', tests: 'met' }),
  });
});

afterEach(async () => {
  await h.close();
});

const posts = () => [...slack.postsIn(SLACK_CURRICULUM), ...discord.postsIn(DISCORD_CURRICULUM)];

describe('curriculum-digest job', () => {
  it('posts one message per project with reports to the curriculum channel of both platforms', async () => {
    const result = await curriculumDigestJob.process(payload(), run('digest.all.request-1'), deps);
    expect(result).toEqual({ projects: 2, posted: 4, skipped: 0, failed: [] });
    for (const channelPosts of [slack.postsIn(SLACK_CURRICULUM), discord.postsIn(DISCORD_CURRICULUM)]) {
      expect(channelPosts.map((p) => p.message.blocks[0])).toEqual([
        { type: 'header', text: 'Curriculum digest · Portfolio site' },
        { type: 'header', text: 'Curriculum digest · REST API' },
      ]);
    }
    const apiPost = JSON.stringify(slack.postsIn(SLACK_CURRICULUM)[1]?.message);
    expect(apiPost).toContain('Input validation: 0% (-100 pts)');
    expect(apiPost).toContain('2× forgot to validate the form inputs!');
    expect(apiPost).toContain('2 (previous period: 1)');
    for (const post of posts()) {
      expect(post.message.audience).toBe('curriculum');
      const text = JSON.stringify(post.message);
      for (const name of ['Alice', 'emma', 'Emma', 'felix', 'Felix', 'E-10'])
        expect(text).not.toContain(name);
    }
  });

  it('posts once when the same job runs twice, and again for another job', async () => {
    await curriculumDigestJob.process(payload(), run('digest.all.request-1'), deps);
    const again = await curriculumDigestJob.process(payload(), run('digest.all.request-1'), deps);
    expect(again).toMatchObject({ posted: 0, skipped: 4 });
    expect(posts()).toHaveLength(4);
    await curriculumDigestJob.process(payload(), run('digest.all.request-2'), deps);
    expect(posts()).toHaveLength(8);
  });

  it('resumes after a rate limit without posting anything twice', async () => {
    discord.rateLimitAfter = 1;
    await expect(curriculumDigestJob.process(payload(), run('j1'), deps)).rejects.toBeInstanceOf(
      PlatformError,
    );
    expect(posts()).toHaveLength(3);
    discord.rateLimitAfter = Number.POSITIVE_INFINITY;
    expect(await curriculumDigestJob.process(payload(), run('j1'), deps)).toMatchObject({
      posted: 1,
      skipped: 3,
    });
    expect(discord.postsIn(DISCORD_CURRICULUM)).toHaveLength(2);
  });

  it('reports on one project over the period asked for', async () => {
    const result = await curriculumDigestJob.process(
      payload({ project: 'web-2-api', since: '2026-11-26T00:00:00Z', until: '2026-11-28T00:00:00Z' }),
      run('j2'),
      deps,
    );
    expect(result).toMatchObject({ projects: 1, posted: 2 });
    const text = JSON.stringify(slack.postsIn(SLACK_CURRICULUM)[0]?.message);
    expect(text).toContain(
      'Reports submitted 2026-11-26 – 2026-11-27, compared with 2026-11-24 – 2026-11-25.',
    );
    expect(text).toContain('1 (previous period: 1)');
  });

  it('says there was no report when the period is empty', async () => {
    await curriculumDigestJob.process(payload({ until: '2026-11-01T00:00:00Z' }), run('j3'), deps);
    expect(posts().map((p) => p.message.text)).toEqual([
      'Curriculum digest: no report was submitted between 2026-10-25 and 2026-10-31.',
      'Curriculum digest: no report was submitted between 2026-10-25 and 2026-10-31.',
    ]);
  });

  it('still posts on one platform when the other’s channel is gone, and gives up when both are', async () => {
    const gone = new MemoryChatPlatform('discord', []);
    const result = await curriculumDigestJob.process(payload(), run('j4'), {
      ...deps,
      platforms: { slack, discord: gone },
    });
    expect(result).toMatchObject({ posted: 2, failed: [{ platform: 'discord', code: 'channel_not_found' }] });
    const error = await curriculumDigestJob
      .process(payload(), run('j5'), { ...deps, platforms: { discord: gone } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentJobError);
  });

  it('refuses for good an unknown project or an empty period', async () => {
    for (const bad of [payload({ project: 'nope' }), payload({ since: '2026-12-01T00:00:00Z' })]) {
      const error = await curriculumDigestJob.process(bad, run('j6'), deps).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PermanentJobError);
    }
    expect(posts()).toEqual([]);
  });

  it('runs the payload that /curriculum digest writes to the outbox', async () => {
    await requestDigest(h.ctx, { project: 'web-1-portfolio', actor: { type: 'system' } });
    const [row] = await h.store.outbox.pending(10);
    expect(row).toMatchObject({ queue: curriculumDigestJob.queue, name: curriculumDigestJob.name });
    const parsed = curriculumDigestJob.payload.parse(row?.payload);
    await curriculumDigestJob.process(parsed, run(row?.key ?? ''), deps);
    expect(posts().map((p) => p.message.blocks[0])).toEqual([
      { type: 'header', text: 'Curriculum digest · Portfolio site' },
      { type: 'header', text: 'Curriculum digest · Portfolio site' },
    ]);
  });
});
