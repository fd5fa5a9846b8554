/**
 * The Slack half of the duplicates case. The product's HTTP app with the Slack app mounted behind
 * its request guard, the Web API and response URLs at the local Slack fake, the real back end
 * (outbox relay, BullMQ workers) delivering the offer DMs. Under load, at once: every offer's Accept
 * button clicked and the same request replayed (same `action_ts`, same body), every other offer also
 * clicked a second time (a double click, its own `action_ts`), and every mentor's `app_home_opened`
 * delivered three times with one `event_id` (the two retries with `x-slack-retry-num`). Then a
 * handful of report modals submitted twice at once. Effects are counted from the store and from
 * what the fake received.
 */

import { SlackPlatform } from '../../../src/adapters/slack/slack-platform.ts';
import {
  createSlackWorkspace,
  type Delivery,
  SlackFakeClient,
  type SlackWorkspace,
  type SubmittedValue,
  startSlackFake,
} from '../../../src/sandbox/slack-fake/index.ts';
import {
  actionEntry,
  eventEnvelope,
  findElement,
  messageActionPayload,
  slackTimestamp,
} from '../../../src/sandbox/slack-fake/payloads.ts';
import type { JsonObject, SlackFakeMessage, SlackFakeView } from '../../../src/sandbox/slack-fake/types.ts';
import { eventsUrl, startSlackProduct } from '../slack-product.ts';
import type { BenchContext } from '../types.ts';
import {
  type Backend,
  countEffect,
  duplicatesOrganisation,
  type EffectCount,
  mentorSummaryRows,
  occurrences,
  pool,
  requestAndDeliver,
  settle,
  startBackend,
  until,
} from './duplicates-shared.ts';

const SIGNING_SECRET = 'bench-duplicates-signing-secret-01';
const BOT_TOKEN = 'xoxb-bench-duplicates';
/**
 * Offers and Home events in flight at once (about 40 requests): the app, the fake, the load and the
 * workers share one process, and at 50 (about 150 requests) some acks queued past Slack's 3 s.
 */
const CONCURRENCY = 16;
const ids = {
  assessor: (i: number) => `UAS${String(i).padStart(6, '0')}`,
  mentor: (i: number) => `UMN${String(i).padStart(6, '0')}`,
};
const JUSTIFICATION =
  'The student delivered a working portfolio and defended each layout decision with clear reasoning. ' +
  'Semantic structure was demonstrated live with a screen reader, responsive breakpoints were explained ' +
  'and tested on three devices, and answers showed genuine understanding rather than memorised rules.';
const TEXTS: Record<string, string> = {
  strengths: 'Clear structure and careful naming of every section.',
  improvements: 'Add automated accessibility checks to the build next time.',
  mentorNote: 'Confident defence; keep pushing on testing habits.',
  juryJustification: JUSTIFICATION,
};

/** What the Slack half measured. */
export type SlackDuplicates = {
  effects: EffectCount[];
  offers: number;
  reports: number;
  /** Offers or Home events in flight at once during the load. */
  inFlight: number;
  requests: { sent: number; non2xx: number; timedOut: number; slowestMs: number };
  submissions: string[];
};

type World = {
  backend: Backend;
  ws: SlackWorkspace;
  client: SlackFakeClient;
  /** Changes the fake has seen (API calls, messages, views): stands still once the product is done. */
  activity: () => number;
  close(): Promise<void>;
};

async function startWorld(workDir: string, offers: number): Promise<World> {
  const org = duplicatesOrganisation(offers, 'slack', ids);
  const ws = createSlackWorkspace({
    users: org.people.flatMap((p) => (p.platforms.slack ? [{ id: p.platforms.slack, name: p.id }] : [])),
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
  });
  let changes = 0;
  for (const kind of ['api', 'message', 'ephemeral', 'view', 'home'] as const)
    ws.on(kind, () => {
      changes += 1;
    });
  const fake = await startSlackFake({ workspace: ws });
  let backend: Backend | null = null;
  try {
    backend = await startBackend(workDir, 'duplicates-slack', org, (ctx, logger) => ({
      slack: new SlackPlatform(
        { token: BOT_TOKEN, apiUrl: fake.apiUrl, logger },
        { ctx, logger, defaultLocale: 'en' },
      ),
    }));
    const { ctx, queue, relay, logger } = backend;
    const server = await startSlackProduct({
      ctx,
      apiUrl: fake.apiUrl,
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      queue,
      kick: () => relay.kick(),
      logger,
    });
    const started = backend;
    return {
      backend: started,
      ws,
      client: new SlackFakeClient({
        workspace: ws,
        appUrl: eventsUrl(server),
      }),
      activity: () => changes,
      async close() {
        await server.close();
        await started.close();
        await fake.close();
      },
    };
  } catch (error) {
    await backend?.close();
    await fake.close();
    throw error;
  }
}

/** The offer DM holding the Accept button of evaluation `id`. */
function offerMessage(ws: SlackWorkspace, user: string, id: string): SlackFakeMessage | undefined {
  return ws
    .dmMessages(user)
    .find((m) => !m.deleted && findElement(m.blocks, 'offer.accept')?.element.value === id);
}

let clicks = 0;
/**
 * A fresh `action_ts`: Slack's carry microseconds, so two clicks never share one; the clock's
 * milliseconds alone would give a click and its double click built in the same tick the same value.
 */
function actionTs(): string {
  clicks += 1;
  const ms = Date.now();
  return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000 + (clicks % 1000)).padStart(6, '0')}`;
}

/** The `block_actions` payload Slack sends for a click on `actionId` in `message`. */
function clickPayload(ws: SlackWorkspace, user: string, message: SlackFakeMessage, actionId: string) {
  const found = findElement(message.blocks, actionId);
  if (found === undefined) throw new Error(`no ${actionId} in message ${message.ts}`);
  const responseUrl = ws.issueResponseUrl({
    kind: 'actions',
    userId: user,
    channel: message.channel,
    messageTs: message.ts,
    ephemeral: false,
  });
  const action = actionEntry(found, actionTs(), undefined);
  return messageActionPayload(ws, {
    userId: user,
    message,
    action,
    triggerId: ws.issueTrigger(user),
    responseUrl,
  });
}

/** Request outcomes of the load: one entry per delivery. */
class Acks {
  sent = 0;
  non2xx = 0;
  timedOut = 0;
  slowestMs = 0;

  add(deliveries: Delivery[]): void {
    for (const d of deliveries) {
      this.sent += 1;
      if (d.timedOut) this.timedOut += 1;
      else if (d.status < 200 || d.status > 299) this.non2xx += 1;
      this.slowestMs = Math.max(this.slowestMs, d.durationMs);
    }
  }
}

type Unit = { kind: 'offer'; index: number; id: string; user: string } | { kind: 'home'; user: string };

/** One offer clicked and replayed (and double-clicked for odd indexes), or one Home event delivered three times. */
async function deliver(world: World, unit: Unit, acks: Acks): Promise<void> {
  const { ws, client } = world;
  if (unit.kind === 'offer') {
    const message = offerMessage(ws, unit.user, unit.id);
    if (message === undefined) throw new Error(`no offer DM for ${unit.id}`);
    const click = clickPayload(ws, unit.user, message, 'offer.accept');
    const sends = [client.sendInteraction(click), client.sendInteraction(click)];
    if (unit.index % 2 === 1)
      sends.push(client.sendInteraction(clickPayload(ws, unit.user, message, 'offer.accept')));
    acks.add(await Promise.all(sends));
    return;
  }
  const now = Date.now();
  const event: JsonObject = {
    type: 'app_home_opened',
    user: unit.user,
    channel: ws.openDm(unit.user).channel.id,
    tab: 'home',
    event_ts: slackTimestamp(now),
  };
  const body = JSON.stringify(eventEnvelope(ws, event, now));
  const retry = (n: number) => ({
    headers: { 'X-Slack-Retry-Num': String(n), 'X-Slack-Retry-Reason': 'http_timeout' },
  });
  acks.add(
    await Promise.all([
      client.send(body, 'application/json'),
      client.send(body, 'application/json', retry(1)),
      client.send(body, 'application/json', retry(2)),
    ]),
  );
}

/**
 * "Already answered" notices: one per double click (odd offers), none for a replay. The notice does
 * not name the evaluation, so it is counted per assessor against their double-clicked offers.
 */
function alreadyAnswered(
  ws: SlackWorkspace,
  evaluations: string[],
  userOf: (id: string) => string,
): EffectCount {
  const wanted = occurrences(evaluations.filter((_, i) => i % 2 === 1).map(userOf));
  let seen = 0;
  let duplicated = 0;
  for (const user of new Set(evaluations.map(userOf))) {
    const n = ws.ephemerals(user).filter((e) => e.text.startsWith('You already answered this offer')).length;
    const expected = wanted.get(user) ?? 0;
    seen += Math.min(n, expected);
    duplicated += Math.max(0, n - expected);
  }
  const expected = [...wanted.values()].reduce((a, b) => a + b, 0);
  return { kind: '"already answered" notice (double clicks only)', expected, seen, duplicated };
}

/** Values for every input of the report modal: both criteria met, approved, the texts filled in. */
function reportValues(view: SlackFakeView): Record<string, SubmittedValue> {
  const values: Record<string, SubmittedValue> = {};
  for (const block of view.blocks) {
    const id = typeof block.block_id === 'string' ? block.block_id : '';
    if (block.type !== 'input' || id === '') continue;
    if (id.endsWith('.verdict')) values[id] = 'met';
    else if (id === 'outcome') values[id] = 'approved';
    else if (TEXTS[id] !== undefined) values[id] = TEXTS[id] ?? null;
  }
  return values;
}

/** Opens the report from the "You accepted" message and submits the modal twice at once. */
async function doubleSubmit(world: World, id: string, user: string): Promise<string> {
  const { ws, client } = world;
  const confirmation = ws.ephemerals(user).find((e) => e.text.startsWith(`You accepted ${id}.`));
  if (confirmation === undefined) throw new Error(`no acceptance message for ${id}`);
  await client.clickButton(user, { channel: confirmation.channel, ts: confirmation.ts }, 'report.open');
  await until(() => ws.views.current(user)?.callbackId === 'report', 5000, `the report modal of ${id}`);
  const view = ws.views.current(user);
  if (view === undefined) throw new Error(`no report modal for ${id}`);
  const values = reportValues(view);
  const both = await Promise.all([
    client.submitView(user, view.id, values),
    client.submitView(user, view.id, values),
  ]);
  return both.map((s) => s.outcome).join('+');
}

/** Accept clicks and Home events under load, then double report submissions; counts every effect. */
export async function slackDuplicates({ quick, workDir, log }: BenchContext): Promise<SlackDuplicates> {
  const offers = quick ? 24 : 300;
  const reports = quick ? 4 : 20;
  const world = await startWorld(workDir, offers);
  try {
    const { backend, ws } = world;
    const { evaluations, userOf } = await requestAndDeliver(
      backend,
      offers,
      ids,
      (u, id) => offerMessage(ws, u, id) !== undefined,
      world.activity,
      log,
      'slack',
    );

    // Offers and Home events interleaved, so clicks and retries hit the app together.
    const mentors = evaluations.map((_, i) => ids.mentor(i + 1));
    const units: Unit[] = evaluations.flatMap((id, index): Unit[] => [
      { kind: 'offer', index, id, user: userOf(id) },
      { kind: 'home', user: mentors[index] ?? '' },
    ]);
    const acks = new Acks();
    const homesBefore = occurrences(ws.calls('views.publish').map((c) => String(c.args.user_id)));
    await pool(units, CONCURRENCY, (unit) => deliver(world, unit, acks));
    await settle(backend, world.activity, log);
    const accepts = occurrences(
      (await backend.store.audit.list({ action: 'offer.accept' })).map((e) => String(e.subject)),
    );
    const homes = occurrences(ws.calls('views.publish').map((c) => String(c.args.user_id)));
    const confirmed = (id: string) =>
      ws.ephemerals(userOf(id)).filter((e) => e.text.startsWith(`You accepted ${id}.`)).length;
    const effects = [
      countEffect('offer accepted (audit offer.accept)', evaluations, (id) => accepts.get(id) ?? 0),
      alreadyAnswered(ws, evaluations, userOf),
      countEffect('"You accepted" message', evaluations, confirmed),
      countEffect(
        'Home tab published per event_id (views.publish)',
        mentors,
        (user) => (homes.get(user) ?? 0) - (homesBefore.get(user) ?? 0),
      ),
    ];
    log(`slack: ${acks.sent} clicks, replays and event deliveries answered`);

    // One report per assessor, so each has a single modal open.
    const chosen = [...new Map(evaluations.map((id) => [userOf(id), id])).values()].slice(0, reports);
    const submissions = await Promise.all(chosen.map((id) => doubleSubmit(world, id, userOf(id))));
    await settle(backend, world.activity, log);
    const summaries = occurrences(mentorSummaryRows(backend));
    const strays = [...summaries.entries()]
      .filter(([id]) => !chosen.includes(id))
      .reduce((n, [, c]) => n + c, 0);
    const studentOf = async (id: string) => (await backend.store.evaluations.get(id))?.student ?? '';
    const versions = new Map<string, number>();
    const summaryDms = new Map<string, number>();
    for (const id of chosen) {
      versions.set(id, (await backend.store.reports.versions(id)).length);
      const mentor = ids.mentor(Number((await studentOf(id)).replace('stu-', '')));
      summaryDms.set(id, ws.dmMessages(mentor).filter((m) => m.text.startsWith('Report on')).length);
    }
    const reportConfirmed = (id: string) =>
      ws.dmMessages(userOf(id)).filter((m) => m.text.startsWith(`Report ${id} submitted`)).length;
    effects.push(
      countEffect('report version', chosen, (id) => versions.get(id) ?? 0),
      countEffect('mentor_summary outbox row', chosen, (id) => summaries.get(id) ?? 0, strays),
      countEffect('mentor summary DM', chosen, (id) => summaryDms.get(id) ?? 0),
      countEffect('"Report submitted" DM', chosen, reportConfirmed),
    );
    log(`slack: ${chosen.length} report modals submitted twice`);
    return {
      effects,
      offers,
      reports: chosen.length,
      inFlight: CONCURRENCY,
      requests: { sent: acks.sent, non2xx: acks.non2xx, timedOut: acks.timedOut, slowestMs: acks.slowestMs },
      submissions,
    };
  } finally {
    await world.close();
  }
}
