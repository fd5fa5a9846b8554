/**
 * Faults of DESIGN §8 on Discord, through the local Discord fake and the real discord.js client:
 * an interaction the gateway delivers twice and a double click on Accept have one effect; a
 * database failure inside the report's submission answers with an ephemeral error and a button to
 * try again, writes nothing, keeps the draft, and the next attempt submits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { buildCommandData, registerCommandData } from '../../src/adapters/discord/command-data.ts';
import { type DiscordBot, startDiscordBot } from '../../src/adapters/discord/discord-bot.ts';
import { DiscordPlatform } from '../../src/adapters/discord/discord-platform.ts';
import { createRegistry } from '../../src/app/commands/command-runner.ts';
import { reassignEvaluation } from '../../src/app/evaluation-admin.ts';
import { requestEvaluation } from '../../src/app/request-evaluation.ts';
import { acceptOffer } from '../../src/app/respond-to-offer.ts';
import { t } from '../../src/domain/catalog/index.ts';
import {
  type DiscordFake,
  type InteractionRecord,
  type StoredMessage,
  startDiscordFake,
} from '../../src/sandbox/discord-fake/index.ts';
import { MemoryJobQueue } from '../fakes/memory-job-queue.ts';
import { createHarness, type Harness, validReport } from '../helpers/app-harness.ts';
import { dispatchFuzzInteraction, FUZZ_ALICE } from '../helpers/discord-fuzz-inputs.ts';
import { discordOrganisation } from '../helpers/discord-interactions.ts';
import { failOnceInTransaction } from '../helpers/failing-store.ts';
import { type CapturedLogs, captureLogs, settle } from '../helpers/fuzz-inputs.ts';
import { InlineWorker } from '../helpers/inline-worker.ts';
import { storeCounts, storeViolations } from '../helpers/store-invariants.ts';

const TOKEN = 'faults-discord-token';
const APP = '290926444748734465';
const GUILD = '290926798626357999';
const VALID = validReport(['semantic-html', 'responsive']);

let h: Harness;
let fake: DiscordFake;
let bot: DiscordBot;
let worker: InlineWorker;
let logs: CapturedLogs;

/** A student's project offered to alice, the offer DM delivered; accepted when `accept` says so. */
async function offeredToAlice(
  student: string,
  project: string,
  accept = false,
): Promise<{ id: string; dm: StoredMessage }> {
  const { evaluation } = await requestEvaluation(h.ctx, { student, project, actor: { type: 'api' } });
  if (evaluation.assessor !== 'alice')
    await reassignEvaluation(h.ctx, { evaluation: evaluation.id, assessor: 'alice', actor: { type: 'cli' } });
  await worker.drain();
  const dm = fake.state.dmsTo(FUZZ_ALICE).find((m) => JSON.stringify(m.components).includes(evaluation.id));
  if (!dm) throw new Error(`no offer DM for ${evaluation.id}`);
  if (accept) await acceptOffer(h.ctx, { evaluation: evaluation.id, person: await h.person('alice') });
  return { id: evaluation.id, dm };
}

async function answered(record: InteractionRecord | string): Promise<InteractionRecord> {
  const found = typeof record === 'string' ? fake.state.interactions.get(record) : record;
  if (!found) throw new Error(`no interaction ${String(record)}`);
  const done = await fake.state.waitForResponse(found, 3000);
  if (!done?.response) throw new Error(`interaction ${found.id} was not answered`);
  return done;
}

/** The texts alice was shown after an interaction: its answer and its follow-ups. */
function shown(record: InteractionRecord): string[] {
  return [record.originalMessageId, ...record.followupIds].flatMap((id) => {
    const message = id ? fake.state.messages.get(id) : undefined;
    return message ? [message.content] : [];
  });
}

/** Submits the whole report in the last step's modal, as alice. */
function submitWholeReport(id: string): string {
  const fields = [
    { id: 'criterion.semantic-html.verdict', type: 21, value: 'met', row: false },
    { id: 'criterion.responsive.verdict', type: 21, value: 'met', row: false },
    { id: 'outcome', type: 21, value: 'approved', row: false },
    ...(['strengths', 'improvements', 'mentorNote', 'juryJustification'] as const).map((field) => ({
      id: field,
      type: 4,
      value: VALID[field],
      row: false,
    })),
  ];
  const world = {
    fake,
    guild: GUILD,
    application: APP,
    evaluationOf: () => id,
    boards: new Map<string, StoredMessage>(),
  };
  const customId = { kind: 'report', target: 'accepted' as const, step: '2' };
  return dispatchFuzzInteraction(world, {
    kind: 'modal',
    user: FUZZ_ALICE,
    customId,
    components: fields,
    fromMessage: false,
  });
}

beforeAll(async () => {
  logs = captureLogs('warn');
  h = await createHarness(discordOrganisation());
  const people = [...(await h.store.people.listPeople()), ...(await h.store.people.listStudents())];
  fake = await startDiscordFake({
    botToken: TOKEN,
    applicationId: APP,
    guild: { id: GUILD, name: 'School', channels: [{ id: '300000000000000001', name: 'coordinators' }] },
    users: people.flatMap((p) => (p.platforms.discord ? [{ id: p.platforms.discord, username: p.id }] : [])),
    heartbeatIntervalMs: 1000,
  });
  const data = buildCommandData(commands);
  await registerCommandData({ api: fake.apiUrl, token: TOKEN, applicationId: APP, guildId: GUILD, data });
  const queue = new MemoryJobQueue();
  const platforms = { discord: new DiscordPlatform({ api: fake.apiUrl, token: TOKEN }) };
  worker = new InlineWorker(
    { ctx: h.ctx, platforms, queue, logger: logs.logger, defaultLocale: 'en' },
    h.clock,
  );
  bot = await startDiscordBot({
    config: { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl, DEFAULT_LOCALE: 'en' },
    ctx: h.ctx,
    registry: createRegistry(commands),
    queue,
    logger: logs.logger,
    kick: () => {},
  });
}, 30_000);

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  await h?.close();
});

describe('Discord: duplicates and a failing database', () => {
  it('an interaction the gateway delivers twice: one answer, one acceptance', async () => {
    const { id, dm } = await offeredToAlice('stu-emma', 'web-1-portfolio');
    const click = fake.sendInteraction(FUZZ_ALICE, {
      kind: 'button',
      messageId: dm.id,
      customId: `offer.accept:${id}`,
    });
    // The same INTERACTION_CREATE again, as a resumed gateway session replays it.
    fake.gateway.dispatch('INTERACTION_CREATE', click.payload);
    const record = await answered(click);
    await settle(300);
    expect(record.response?.type).toBe(7);
    expect((await h.store.evaluations.get(id))?.status).toBe('accepted');
    expect(await h.store.audit.list({ action: 'offer.accept', subject: id })).toHaveLength(1);
    expect(shown(record).filter((text) => text.includes(`You accepted ${id}`))).toHaveLength(1);
    expect(logs.errors()).toEqual([]);
  });

  it('two clicks on Accept at once: one acceptance, one confirmation', async () => {
    const { id, dm } = await offeredToAlice('stu-emma', 'web-2-api');
    const input = { kind: 'button' as const, messageId: dm.id, customId: `offer.accept:${id}` };
    const clicks = [fake.sendInteraction(FUZZ_ALICE, input), fake.sendInteraction(FUZZ_ALICE, input)];
    const records = await Promise.all(clicks.map(answered));
    await settle(300);
    expect(await h.store.audit.list({ action: 'offer.accept', subject: id })).toHaveLength(1);
    const confirmations = records.flatMap(shown).filter((text) => text.includes(`You accepted ${id}`));
    expect(confirmations).toHaveLength(1);
    expect(logs.errors()).toEqual([]);
  });

  it('the database fails inside the submission: an ephemeral error with a retry button, nothing written, the draft kept', async () => {
    const { id } = await offeredToAlice('stu-felix', 'web-1-portfolio', true);
    const before = await storeCounts(h.store);
    const restore = failOnceInTransaction(h.store, 'outbox', 'add');
    try {
      const record = await answered(submitWholeReport(id));
      expect(record.response?.type).toBe(4);
      expect(record.response?.data?.flags).toBe(64);
      expect(record.response?.data?.content).toBe(t('en', 'discord.wizard.failed'));
      expect(JSON.stringify(record.response?.data?.components)).toContain(`report.continue:${id}`);
    } finally {
      restore();
    }
    expect((await h.store.evaluations.get(id))?.status).toBe('accepted');
    expect(await h.store.reports.latest(id)).toBeNull();
    expect(await storeCounts(h.store)).toEqual(before);
    expect((await h.store.reports.getDraft(id, 'alice'))?.content.juryJustification).toBe(
      VALID.juryJustification,
    );
    expect(await storeViolations(h.store)).toEqual([]);

    const retry = await answered(submitWholeReport(id));
    expect(String(retry.response?.data?.content)).toContain(`Report ${id} submitted`);
    expect((await h.store.evaluations.get(id))?.status).toBe('approved');
  });
});
