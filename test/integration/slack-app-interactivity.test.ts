import type { types } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { reassignEvaluation } from '../../src/app/evaluation-admin.ts';
import { requestEvaluation } from '../../src/app/request-evaluation.ts';
import { acceptOffer } from '../../src/app/respond-to-offer.ts';
import { criterionFieldId } from '../../src/domain/audience-leak.ts';
import { type SlackRecorder, type SlackServer, serveSlackPerTest } from '../helpers/slack-app-server.ts';
import {
  appHomeOpened,
  buttonClick,
  FIXTURES_PRESENT,
  postSlack,
  slashCommand,
  viewClosed,
  viewSubmission,
} from '../helpers/slack-requests.ts';

const ALICE = 'U01ALICE';
const DM = { channel: 'D-U01ALICE', ts: '1700000000.000001' };

const JUSTIFICATION =
  'The student delivered a working portfolio and defended each layout decision with clear reasoning. ' +
  'Semantic structure was demonstrated live with a screen reader, responsive breakpoints were explained ' +
  'and tested on three devices, and answers showed genuine understanding rather than memorised rules.';

type Hook = { replace_original?: boolean; response_type?: string; text?: string; blocks?: Block[] };
type Block = { type: string; elements?: { action_id?: string; value?: string }[] };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!FIXTURES_PRESENT)('Slack buttons, modals and the Home tab', () => {
  let server: SlackServer;
  let slack: SlackRecorder;

  serveSlackPerTest((started, recorder) => {
    server = started;
    slack = recorder;
  });

  /** A request offered to alice (E-1001). */
  async function offerToAlice(): Promise<string> {
    const { evaluation } = await requestEvaluation(server.h.ctx, {
      student: 'stu-emma',
      project: 'web-1-portfolio',
      actor: { type: 'api' },
    });
    if (evaluation.assessor !== 'alice') {
      await reassignEvaluation(server.h.ctx, {
        evaluation: evaluation.id,
        assessor: 'alice',
        actor: { type: 'cli' },
      });
    }
    return evaluation.id;
  }

  async function acceptedByAlice(): Promise<string> {
    const id = await offerToAlice();
    await acceptOffer(server.h.ctx, { evaluation: id, person: await server.h.person('alice') });
    return id;
  }

  async function openedView(count = 1): Promise<types.ModalView> {
    return (await slack.next('views.open', count)).args.view as types.ModalView;
  }

  function reportValues(id: string, overrides: Record<string, string | string[]> = {}) {
    return {
      [criterionFieldId('semantic-html', 'verdict')]: 'met',
      [criterionFieldId('responsive', 'verdict')]: 'met',
      outcome: 'approved',
      strengths: 'Clear structure and careful naming of every section.',
      improvements: `Add automated accessibility checks to ${id}'s build next time.`,
      mentorNote: 'Confident defence; keep pushing on testing habits.',
      juryJustification: JUSTIFICATION,
      ...overrides,
    };
  }

  it('accepts from the offer DM: the message loses its buttons, the report is offered, a second click is told', async () => {
    const id = await offerToAlice();
    const click = buttonClick({
      user: ALICE,
      action: 'offer.accept',
      value: id,
      actionTs: '1.000001',
      message: DM,
    });
    const reply = await postSlack(server.base, click);
    expect([reply.status, reply.ms < 3000]).toEqual([200, true]);
    const replaced = (await slack.hook(1)).body as Hook;
    expect(replaced.replace_original).toBe(true);
    expect(replaced.text).toContain(`Evaluation offer ${id}: accepted`);
    expect(replaced.blocks?.some((b) => b.type === 'actions')).toBe(false);
    const followUp = (await slack.hook(2)).body as Hook;
    expect(followUp).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(followUp.text).toContain(`You accepted ${id}`);
    const open = followUp.blocks?.find((b) => b.type === 'actions')?.elements?.[0];
    expect(open).toMatchObject({ action_id: 'report.open', value: id });
    expect((await server.h.store.evaluations.get(id))?.status).toBe('accepted');
    expect(server.kicks.count).toBeGreaterThan(0);
    expect((await slack.next('views.publish')).args.user_id).toBe(ALICE);

    // The same click delivered again has no effect at all.
    await postSlack(server.base, click);
    await sleep(150);
    expect(slack.hooks).toHaveLength(2);
    // A second click on a stale copy of the message is told, and the stale buttons go.
    await postSlack(
      server.base,
      buttonClick({ user: ALICE, action: 'offer.accept', value: id, message: DM }),
    );
    expect(((await slack.hook(3)).body as Hook).replace_original).toBe(true);
    expect(((await slack.hook(4)).body as Hook).text).toBe('You already answered this offer (accepted).');
    const accepts = await server.h.store.audit.list({ action: 'offer.accept' });
    expect(accepts).toHaveLength(1);
  });

  it('declines through a reason modal; a conflict of interest is remembered', async () => {
    const id = await offerToAlice();
    await postSlack(
      server.base,
      buttonClick({ user: ALICE, action: 'offer.decline', value: id, message: DM }),
    );
    const view = await openedView();
    expect(view.callback_id).toBe('decline');
    expect(view.blocks.map((b) => b.block_id).filter(Boolean)).toEqual(['reason', 'note']);

    const missing = await postSlack(server.base, viewSubmission({ user: ALICE, view, values: {} }));
    expect([missing.status, missing.json]).toEqual([
      200,
      { response_action: 'errors', errors: { reason: 'required' } },
    ]);
    expect((await server.h.store.evaluations.get(id))?.assessor).toBe('alice');

    const values = { reason: 'conflict_of_interest', note: 'She is my cousin.' };
    const done = await postSlack(server.base, viewSubmission({ user: ALICE, view, values }));
    expect([done.status, done.text]).toEqual([200, '']);
    const evaluation = await server.h.store.evaluations.get(id);
    expect(evaluation?.assessor).not.toBe('alice');
    expect((await server.h.person('alice')).conflicts).toContain('stu-emma');
    const update = await slack.next('chat.update');
    expect(update.args).toMatchObject({ channel: DM.channel, ts: DM.ts });
    expect(JSON.stringify(update.args.blocks)).not.toContain('offer.accept');
    expect(String((await slack.next('chat.postEphemeral')).args.text)).toContain(`You declined ${id}`);
  });

  it('opens the report from its button; an error stays in the modal; the correction submits', async () => {
    const id = await acceptedByAlice();
    await postSlack(server.base, buttonClick({ user: ALICE, action: 'report.open', value: id, message: DM }));
    const view = await openedView();
    expect(view).toMatchObject({ callback_id: 'report', notify_on_close: true, close: { text: 'Cancel' } });

    const short = reportValues(id, { juryJustification: 'Good work.' });
    const refused = await postSlack(server.base, viewSubmission({ user: ALICE, view, values: short }));
    expect(refused.status).toBe(200);
    const body = refused.json as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toEqual(['juryJustification']);
    expect((await server.h.store.evaluations.get(id))?.status).toBe('accepted');
    // What was typed is kept as a draft.
    expect((await server.h.store.reports.getDraft(id, 'alice'))?.content.juryJustification).toBe(
      'Good work.',
    );

    const accepted = await postSlack(
      server.base,
      viewSubmission({ user: ALICE, view, values: reportValues(id) }),
    );
    expect([accepted.status, accepted.text]).toEqual([200, '']);
    expect((await server.h.store.evaluations.get(id))?.status).toBe('approved');
    const confirmation = await slack.next('chat.postMessage');
    expect(confirmation.args.channel).toBe('D-U01ALICE');
    expect(String(confirmation.args.text)).toContain(`Report ${id} submitted`);
    const outbox = await server.h.store.outbox.pending(100);
    expect(outbox.map((row) => row.name)).toContain('mentor_summary');
  });

  it('keeps a draft when the report modal is closed, and /assess report reopens it', async () => {
    const id = await acceptedByAlice();
    await postSlack(server.base, buttonClick({ user: ALICE, action: 'report.open', value: id, message: DM }));
    const view = await openedView();
    const closed = await postSlack(
      server.base,
      viewClosed({ user: ALICE, view, values: { strengths: 'Typed, then closed' } }),
    );
    expect(closed.status).toBe(200);
    expect((await server.h.store.reports.getDraft(id, 'alice'))?.content.strengths).toBe(
      'Typed, then closed',
    );

    const ack = await postSlack(
      server.base,
      slashCommand({ user: ALICE, command: '/assess', text: `report ${id}`, trigger: 'T-REPORT' }),
    );
    expect([ack.status, ack.text]).toEqual([200, '']);
    const opened = await slack.next('views.open', 2);
    expect(opened.args.trigger_id).toBe('T-REPORT');
    const reopened = opened.args.view as types.ModalView;
    const strengths = reopened.blocks.find((b) => b.block_id === 'strengths') as types.InputBlock | undefined;
    expect(strengths?.element).toMatchObject({ initial_value: 'Typed, then closed' });
  });

  it('keeps the modal open with an error when the database fails, and writes nothing', async () => {
    const id = await acceptedByAlice();
    await postSlack(server.base, buttonClick({ user: ALICE, action: 'report.open', value: id, message: DM }));
    const view = await openedView();
    const store = server.h.store;
    const transaction = store.transaction.bind(store);
    Object.assign(store, {
      transaction: async () => {
        throw new Error('SQLITE_IOERR: disk I/O error');
      },
    });
    try {
      const reply = await postSlack(
        server.base,
        viewSubmission({ user: ALICE, view, values: reportValues(id) }),
      );
      const body = reply.json as { response_action: string; errors: Record<string, string> };
      expect(body.response_action).toBe('errors');
      expect(Object.values(body.errors)[0]).toMatch(/nothing was saved/);
    } finally {
      Object.assign(store, { transaction });
    }
    expect((await store.evaluations.get(id))?.status).toBe('accepted');
    expect(await store.reports.latest(id)).toBeNull();
  });

  it('shows the queue on the Home tab, accepts from it, and saves availability from its modal', async () => {
    const id = await offerToAlice();
    await postSlack(server.base, appHomeOpened({ user: ALICE, eventId: 'EvHOME1' }));
    const home = JSON.stringify((await slack.next('views.publish')).args.view);
    expect(home).toContain('"action_id":"offer.accept"');
    expect(home).toContain(id);

    await postSlack(server.base, buttonClick({ user: ALICE, action: 'offer.accept', value: id }));
    const after = JSON.stringify((await slack.next('views.publish', 2)).args.view);
    expect(after).toContain('"action_id":"report.open"');
    expect(after).not.toContain('"action_id":"offer.accept"');
    expect(slack.hooks).toEqual([]);

    await postSlack(server.base, buttonClick({ user: ALICE, action: 'home.availability', value: 'alice' }));
    const modal = await openedView();
    expect(modal.callback_id).toBe('availability');
    const badCapacity = await postSlack(
      server.base,
      viewSubmission({ user: ALICE, view: modal, values: { capacity: '99' } }),
    );
    expect((badCapacity.json as { errors: Record<string, string> }).errors).toHaveProperty('capacity');
    const backwards = { away_from: '2026-12-12', away_to: '2026-12-10' };
    const refused = await postSlack(
      server.base,
      viewSubmission({ user: ALICE, view: modal, values: backwards }),
    );
    expect((refused.json as { errors: Record<string, string> }).errors).toHaveProperty('away_to');
    const values = { capacity: '3', away_from: '2026-12-10', away_to: '2026-12-12' };
    const saved = await postSlack(server.base, viewSubmission({ user: ALICE, view: modal, values }));
    expect([saved.status, saved.text]).toEqual([200, '']);
    const alice = await server.h.person('alice');
    expect(alice.capacity).toBe(3);
    expect(alice.absences).toContainEqual({ from: '2026-12-10', to: '2026-12-12' });
    await slack.next('views.publish', 3);
  });

  it('tells an unregistered user who clicks a button', async () => {
    await postSlack(
      server.base,
      buttonClick({ user: 'U404', action: 'offer.accept', value: 'E-1001', message: DM }),
    );
    expect(((await slack.hook(1)).body as Hook).text).toMatch(/not registered/);
  });
});
