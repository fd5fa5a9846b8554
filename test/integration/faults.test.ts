/**
 * Faults of DESIGN §8 the other suites leave out. Duplicates arriving at the same time (a double
 * click on Accept, the report modal submitted twice, a Slack retry racing the first delivery, a
 * Discord interaction replayed on the gateway) have one effect in the store and on the platform.
 * A database failure inside the submission's transaction keeps the Slack modal open with an error
 * in the person's language, or answers on Discord with a way to try again, and writes nothing
 * (no report, no status change, no outbox row); the next attempt succeeds.
 */
import type { types } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { reassignEvaluation } from '../../src/app/evaluation-admin.ts';
import { requestEvaluation } from '../../src/app/request-evaluation.ts';
import { acceptOffer } from '../../src/app/respond-to-offer.ts';
import { criterionFieldId } from '../../src/domain/audience-leak.ts';
import { t } from '../../src/domain/catalog/index.ts';
import type { Harness } from '../helpers/app-harness.ts';
import { failOnceInTransaction } from '../helpers/failing-store.ts';
import { type SlackRecorder, type SlackServer, serveSlackPerTest } from '../helpers/slack-app-server.ts';
import {
  appHomeOpened,
  buttonClick,
  FIXTURES_PRESENT,
  postSlack,
  until,
  viewSubmission,
} from '../helpers/slack-requests.ts';
import { storeCounts, storeViolations } from '../helpers/store-invariants.ts';

const JUSTIFICATION =
  'The student delivered a working portfolio and defended each layout decision with clear reasoning. ' +
  'Semantic structure was demonstrated live with a screen reader, responsive breakpoints were explained ' +
  'and tested on three devices, and answers showed genuine understanding rather than memorised rules.';

/** A valid approved report on web-1-portfolio, as the modal's values. */
const REPORT_VALUES = {
  [criterionFieldId('semantic-html', 'verdict')]: 'met',
  [criterionFieldId('responsive', 'verdict')]: 'met',
  outcome: 'approved',
  strengths: 'Clear structure and careful naming of every section.',
  improvements: 'Add automated accessibility checks to the build next time.',
  mentorNote: 'Confident defence; keep pushing on testing habits.',
  juryJustification: JUSTIFICATION,
};

/** Requests stu-emma's portfolio for bruno (who reads French); accepted when `accept` says so. */
async function offerToBruno(h: Harness, accept = false): Promise<string> {
  const { evaluation } = await requestEvaluation(h.ctx, {
    student: 'stu-emma',
    project: 'web-1-portfolio',
    actor: { type: 'api' },
  });
  if (evaluation.assessor !== 'bruno')
    await reassignEvaluation(h.ctx, { evaluation: evaluation.id, assessor: 'bruno', actor: { type: 'cli' } });
  if (accept) await acceptOffer(h.ctx, { evaluation: evaluation.id, person: await h.person('bruno') });
  return evaluation.id;
}

const BRUNO = 'U01BRUNO';
const DM = { channel: 'D-U01BRUNO', ts: '1700000000.000001' };
const settle = (ms = 150) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!FIXTURES_PRESENT)('Slack: duplicates at the same time, and a failing database', () => {
  let server: SlackServer;
  let slack: SlackRecorder;

  serveSlackPerTest((started, recorder) => {
    server = started;
    slack = recorder;
  });

  const texts = () => slack.hooks.map((post) => String((post.body as { text?: string }).text ?? ''));

  /** The report modal bruno opens from the "Open report" button. */
  async function openReport(id: string): Promise<types.ModalView> {
    await postSlack(server.base, buttonClick({ user: BRUNO, action: 'report.open', value: id, message: DM }));
    return (await slack.next('views.open')).args.view as types.ModalView;
  }

  it('a double click on Accept: one acceptance, one confirmation', async () => {
    const id = await offerToBruno(server.h);
    const click = (ts: string) =>
      postSlack(
        server.base,
        buttonClick({ user: BRUNO, action: 'offer.accept', value: id, actionTs: ts, message: DM }),
      );
    const replies = await Promise.all([click('1.000001'), click('1.000002')]);
    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    await until(() => texts().some((text) => text.startsWith(`Vous avez accepté ${id}`)));
    await settle();
    expect((await server.h.store.evaluations.get(id))?.status).toBe('accepted');
    expect(await server.h.store.audit.list({ action: 'offer.accept', subject: id })).toHaveLength(1);
    expect(texts().filter((text) => text.startsWith(`Vous avez accepté ${id}`))).toHaveLength(1);
    expect(await storeViolations(server.h.store)).toEqual([]);
  });

  it('the report modal submitted twice at once: one report, one mentor summary, one confirmation', async () => {
    const id = await offerToBruno(server.h, true);
    const view = await openReport(id);
    const submit = () => postSlack(server.base, viewSubmission({ user: BRUNO, view, values: REPORT_VALUES }));
    const replies = await Promise.all([submit(), submit()]);
    expect(replies.map((r) => [r.status, r.text])).toEqual([
      [200, ''],
      [200, ''],
    ]);
    await settle(300);
    expect((await server.h.store.reports.versions(id)).map((r) => r.version)).toEqual([1]);
    const summaries = (await server.h.store.outbox.pending(100)).filter(
      (row) => row.name === 'mentor_summary',
    );
    expect(summaries.map((row) => row.key)).toEqual([`mentor_summary.${id}.v1`]);
    const confirmations = slack.of('chat.postMessage').filter((c) => String(c.args.text).includes(id));
    expect(confirmations).toHaveLength(1);
  });

  it('a retried event racing the first delivery: one Home tab', async () => {
    const event = appHomeOpened({ user: BRUNO, eventId: 'EvRACE1' });
    const retry = { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } };
    await Promise.all([postSlack(server.base, event), postSlack(server.base, event, retry)]);
    await slack.next('views.publish');
    await settle();
    expect(slack.of('views.publish')).toHaveLength(1);
  });

  it.each([
    ['reports', 'insert'],
    ['outbox', 'add'],
  ] as const)(
    'the database fails on %s.%s: the modal stays open with an error, nothing is half-written, a retry submits',
    async (repository, method) => {
      const id = await offerToBruno(server.h, true);
      const view = await openReport(id);
      const before = await storeCounts(server.h.store);
      const restore = failOnceInTransaction(server.h.store, repository, method);
      try {
        const failed = await postSlack(
          server.base,
          viewSubmission({ user: BRUNO, view, values: REPORT_VALUES }),
        );
        expect(failed.status).toBe(200);
        const first = view.blocks.find((b) => b.type === 'input')?.block_id ?? '';
        expect(failed.json).toEqual({
          response_action: 'errors',
          errors: { [first]: t('fr', 'slack.form.failed') },
        });
        expect((await server.h.store.evaluations.get(id))?.status).toBe('accepted');
        expect(await server.h.store.reports.latest(id)).toBeNull();
        expect(await storeCounts(server.h.store)).toEqual(before);
        // What was typed is kept as a draft (saved before the submission's transaction).
        expect((await server.h.store.reports.getDraft(id, 'bruno'))?.content.juryJustification).toBe(
          JUSTIFICATION,
        );
        expect(await storeViolations(server.h.store)).toEqual([]);

        const retried = await postSlack(
          server.base,
          viewSubmission({ user: BRUNO, view, values: REPORT_VALUES }),
        );
        expect([retried.status, retried.text]).toEqual([200, '']);
      } finally {
        restore();
      }
      expect((await server.h.store.evaluations.get(id))?.status).toBe('approved');
      expect((await server.h.store.reports.versions(id)).map((r) => r.version)).toEqual([1]);
      expect((await server.h.store.outbox.pending(100)).map((row) => row.name)).toContain('mentor_summary');
    },
  );
});
