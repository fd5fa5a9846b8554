import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { notifyJobs, processNotification } from '../../jobs/notify.ts';
import type { JobRun, WorkerDeps } from '../../src/app/job-definition.ts';
import { requestEvaluation } from '../../src/app/request-evaluation.ts';
import { acceptOffer } from '../../src/app/respond-to-offer.ts';
import { submitReport } from '../../src/app/submit-report.ts';
import type { ReportContent } from '../../src/domain/model.ts';
import { Notification } from '../../src/domain/notifications.ts';
import { PlatformError } from '../../src/ports/chat-platform.ts';
import type { OutboxRow } from '../../src/ports/store.ts';
import { MemoryChatPlatform, type RecordedMessage } from '../fakes/memory-chat-platform.ts';
import { MemoryJobQueue } from '../fakes/memory-job-queue.ts';
import { createHarness, type Harness, validReport } from '../helpers/app-harness.ts';

const COORD_SLACK = 'C01COORD';
const COORD_DISCORD = '300000000000000001';
const MIA = { slack: 'U01MIA', discord: '100000000000000005' };

let h: Harness;
let slack: MemoryChatPlatform;
let discord: MemoryChatPlatform;
let deps: WorkerDeps;

beforeEach(async () => {
  h = await createHarness();
  slack = new MemoryChatPlatform('slack', [COORD_SLACK, 'C01CURRIC', 'C01JURY']);
  discord = new MemoryChatPlatform('discord', [COORD_DISCORD, '300000000000000002', '300000000000000003']);
  deps = {
    ctx: h.ctx,
    platforms: { slack, discord },
    queue: new MemoryJobQueue(),
    logger: pino({ level: 'silent' }),
    defaultLocale: 'en',
  };
});
afterEach(async () => {
  await h.close();
});

function jobRun(id: string): JobRun {
  return {
    id,
    attempt: 1,
    log: pino({ level: 'silent' }),
    progress: async () => {},
    childResults: async () => [],
  };
}

/** Every notify row written so far (the relay never ran, so all are pending). */
async function notifyRows(name?: string): Promise<OutboxRow[]> {
  const rows = await h.store.outbox.pending(1000);
  return rows.filter((r) => r.queue === 'notify' && (name === undefined || r.name === name));
}

/** Runs the latest notify row of that name the way the worker would: the row key is the job id. */
async function runJob(name: string) {
  const row = (await notifyRows(name)).at(-1);
  if (!row) throw new Error(`no ${name} notification in the outbox`);
  return processNotification(Notification.parse(row.payload), jobRun(row.key), deps);
}

async function offered(student = 'stu-emma', project = 'web-1-portfolio') {
  const { evaluation } = await requestEvaluation(h.ctx, { student, project, actor: { type: 'api' } });
  if (!evaluation.assessor) throw new Error('expected an offer');
  return { evaluation, assessor: await h.person(evaluation.assessor) };
}

async function reported(content: (criteria: string[]) => ReportContent, project = 'web-1-portfolio') {
  const { evaluation, assessor } = await offered('stu-emma', project);
  await acceptOffer(h.ctx, { evaluation: evaluation.id, person: assessor });
  const criteria = (await h.store.org.getProject(project))?.rubric.map((c) => c.id) ?? [];
  const result = await submitReport(h.ctx, {
    evaluation: evaluation.id,
    person: assessor,
    content: content(criteria),
  });
  if (!result.ok) throw new Error(`report refused: ${JSON.stringify(result.errors)}`);
  return { evaluation: result.evaluation, assessor };
}

const texts = (messages: RecordedMessage[]) => messages.map((m) => m.message.text);

describe('the notify job definitions', () => {
  it('has one definition per notification type in queue notify', () => {
    expect(notifyJobs.map((j) => j.name).sort()).toEqual(
      Notification.options.map((o) => o.shape.type.value).sort(),
    );
    expect(new Set(notifyJobs.map((j) => j.queue))).toEqual(new Set(['notify']));
  });
});

describe('offers', () => {
  it('sends the offer DM to the assessor on each of their platforms, in their locale', async () => {
    const { evaluation, assessor } = await offered();
    const result = await runJob('offer');
    expect(result).toEqual({ sent: 2, skipped: 0, refused: 0 });
    const why = assessor.locale === 'fr' ? 'Pourquoi vous' : 'Why you';
    for (const [platform, id] of [
      [slack, assessor.platforms.slack],
      [discord, assessor.platforms.discord],
    ] as const) {
      const dms = platform.dmsTo(id ?? 'none');
      expect(dms).toHaveLength(1);
      expect(dms[0]?.message.text).toContain(why);
      expect(dms[0]?.message.blocks.find((b) => b.type === 'actions')).toMatchObject({
        buttons: [{ action: 'offer.accept', value: evaluation.id }, { action: 'offer.decline' }],
      });
    }
  });

  it('updates the offer DM in place once accepted, buttons removed', async () => {
    const { evaluation, assessor } = await offered();
    await runJob('offer');
    await acceptOffer(h.ctx, { evaluation: evaluation.id, person: assessor });
    expect(await runJob('offer_closed')).toEqual({ sent: 2, skipped: 0, refused: 0 });
    for (const platform of [slack, discord]) {
      expect(platform.messages).toHaveLength(1);
      const edit = platform.messages[0]?.edits.at(-1);
      expect(edit?.blocks.some((b) => b.type === 'actions')).toBe(false);
      expect(edit?.text).toContain(`/assess report ${evaluation.id}`);
    }
  });

  it('waits for the offer DM before closing it, then closes it on retry', async () => {
    const { evaluation, assessor } = await offered();
    await acceptOffer(h.ctx, { evaluation: evaluation.id, person: assessor });
    await expect(runJob('offer_closed')).rejects.toThrow(/no slack message recorded/);
    // The offer DM sent after the answer already shows it closed.
    await runJob('offer');
    expect(slack.messages[0]?.message.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(await runJob('offer_closed')).toEqual({ sent: 2, skipped: 0, refused: 0 });
  });

  it('tells the coordinators when nobody is eligible, with the rule that excluded most', async () => {
    const { evaluation } = await requestEvaluation(h.ctx, {
      student: 'stu-hugo',
      project: 'data-2-dashboard',
      actor: { type: 'api' },
    });
    await runJob('no_assessor');
    const [post] = slack.postsIn(COORD_SLACK);
    expect(post?.message.audience).toBe('coordinator');
    expect(post?.message.text).toContain(`No assessor for ${evaluation.id}`);
    expect(post?.message.text).toContain('Main reason:');
    expect(post?.message.text).toContain('/assess claim');
    expect(discord.postsIn(COORD_DISCORD)).toHaveLength(1);
  });
});

describe('report notifications', () => {
  it('sends the mentor summary, and the student on Slack gets the feedback without the mentor note', async () => {
    const { evaluation } = await reported((criteria) => validReport(criteria));
    const report = await h.store.reports.latest(evaluation.id);
    if (!report) throw new Error('no report');
    await runJob('mentor_summary');
    for (const [platform, id] of [
      [slack, MIA.slack],
      [discord, MIA.discord],
    ] as const) {
      const [summary] = platform.dmsTo(id);
      expect(summary?.message.audience).toBe('mentor');
      expect(summary?.message.text).toContain(report.content.mentorNote);
      expect(summary?.message.text).toContain(report.content.strengths);
      expect(summary?.message.text).not.toContain(report.content.juryJustification);
      expect(summary?.message.text).not.toContain(report.content.commonMistakes);
    }

    await runJob('student_feedback');
    const feedback = slack.dmsTo('U02EMMA');
    expect(feedback).toHaveLength(1);
    const text = JSON.stringify(feedback[0]?.message);
    expect(feedback[0]?.message.audience).toBe('student');
    expect(text).toContain(report.content.improvements);
    for (const hidden of [
      report.content.mentorNote,
      report.content.juryJustification,
      report.content.commonMistakes,
      report.content.materialSuggestions,
    ]) {
      expect(text).not.toContain(hidden);
    }
  });

  it('a second run of the same job sends nothing more', async () => {
    await reported((criteria) => validReport(criteria));
    expect(await runJob('mentor_summary')).toEqual({ sent: 2, skipped: 0, refused: 0 });
    expect(await runJob('mentor_summary')).toEqual({ sent: 0, skipped: 2, refused: 0 });
    expect(slack.dmsTo(MIA.slack)).toHaveLength(1);
    expect(discord.dmsTo(MIA.discord)).toHaveLength(1);
  });

  it('a rate limit mid-way is rethrown and the retry sends only the rest', async () => {
    await reported((criteria) => validReport(criteria));
    discord.rateLimitAfter = 0;
    const failure = await runJob('mentor_summary').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PlatformError);
    expect(failure).toMatchObject({ code: 'rate_limited', retryAfterMs: 1000 });
    expect(slack.dmsTo(MIA.slack)).toHaveLength(1);
    expect(discord.dmsTo(MIA.discord)).toHaveLength(0);

    discord.rateLimitAfter = Number.POSITIVE_INFINITY;
    expect(await runJob('mentor_summary')).toEqual({ sent: 1, skipped: 1, refused: 0 });
    expect(slack.dmsTo(MIA.slack)).toHaveLength(1);
    expect(discord.dmsTo(MIA.discord)).toHaveLength(1);
  });

  it('a Discord 50007 marks the mentor unreachable there, is reported once, and the coordinators read why', async () => {
    await reported((criteria) => validReport(criteria));
    discord.unreachableUsers.add(MIA.discord);
    expect(await runJob('mentor_summary')).toEqual({ sent: 1, skipped: 0, refused: 1 });
    expect(await h.store.people.unreachablePlatforms('mia')).toEqual(['discord']);
    const failed = await notifyRows('delivery_failed');
    expect(failed.map((r) => r.payload)).toEqual([
      { type: 'delivery_failed', recipient: 'mia', platform: 'discord', code: '50007' },
    ]);
    expect((await h.store.audit.list({ action: 'notify.undeliverable' })).map((a) => a.subject)).toEqual([
      'mia',
    ]);

    // A retry, and a later message to the same person, neither try Discord again nor report it twice.
    expect(await runJob('mentor_summary')).toEqual({ sent: 0, skipped: 1, refused: 0 });
    await reported((criteria) => validReport(criteria), 'web-2-api');
    expect(await runJob('mentor_summary')).toEqual({ sent: 1, skipped: 0, refused: 0 });
    expect(await notifyRows('delivery_failed')).toHaveLength(1);

    await runJob('delivery_failed');
    for (const post of [...slack.postsIn(COORD_SLACK), ...discord.postsIn(COORD_DISCORD)]) {
      expect(post.message.text).toContain(
        'Mia cannot be reached on Discord: they have closed their direct messages (50007).',
      );
    }
    expect(slack.postsIn(COORD_SLACK)).toHaveLength(1);
    expect(discord.postsIn(COORD_DISCORD)).toHaveLength(1);
  });

  it('a second attempt’s mentor summary shows what changed since the first', async () => {
    const first = await reported((criteria) =>
      validReport(criteria, {
        outcome: 'to_rework',
        criteria: {
          'semantic-html': { verdict: 'met', comment: '' },
          responsive: { verdict: 'not_met', comment: 'The layout breaks below 600 pixels wide.' },
        },
      }),
    );
    expect(first.evaluation.status).toBe('to_rework');
    const second = await reported((criteria) => validReport(criteria));
    expect(second.evaluation.attempt).toBe(2);
    await runJob('mentor_summary');
    const summary = slack.dmsTo(MIA.slack).at(-1)?.message.text ?? '';
    expect(summary).toContain('Since attempt 1');
    expect(summary).toContain('Outcome: To rework → Approved.');
    expect(summary).toContain('Now met: Responsive layout.');
  });

  it('doubt alerts reach the mentor and the coordinators, without the doubt notes', async () => {
    const doubt = { readinessDoubt: true, doubtNote: 'Hesitant when asked to explain the layout choices.' };
    await reported((criteria) => validReport(criteria, doubt));
    await reported((criteria) => validReport(criteria, doubt), 'web-2-api');
    await runJob('doubt_alert');
    const mentor = slack.dmsTo(MIA.slack).at(-1)?.message;
    expect(mentor?.text).toContain('Assessors have now raised 2 readiness doubts about Student emma:');
    expect(mentor?.text).toContain('Portfolio site, attempt 1');
    const post = slack.postsIn(COORD_SLACK)[0]?.message;
    expect(post?.audience).toBe('coordinator');
    expect(post?.text).toContain('REST API, attempt 1');
    expect(texts([...slack.messages, ...discord.messages]).join('\n')).not.toContain(doubt.doubtNote);
  });
});
