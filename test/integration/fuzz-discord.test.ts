/**
 * Fuzzing the Discord path (DESIGN §8): thousands of generated interactions dispatched by the local
 * Discord fake over its gateway to the real discord.js client and the product's interaction
 * handler, which answers through the fake's REST API. Slash commands with random subcommands and
 * options, autocomplete, buttons with random custom ids, modal submits with random components.
 * Every interaction gets an answer or none, the handler never fails, the store stays consistent.
 */
import { Client, Events, GatewayIntentBits } from 'discord.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { buildCommandData, registerCommandData } from '../../src/adapters/discord/command-data.ts';
import { createInteractionHandler } from '../../src/adapters/discord/interactions.ts';
import { createRegistry } from '../../src/app/commands/command-runner.ts';
import { reassignEvaluation } from '../../src/app/evaluation-admin.ts';
import { requestEvaluation } from '../../src/app/request-evaluation.ts';
import { acceptOffer } from '../../src/app/respond-to-offer.ts';
import { submitReport } from '../../src/app/submit-report.ts';
import { type DiscordFake, startDiscordFake } from '../../src/sandbox/discord-fake/index.ts';
import { MemoryJobQueue } from '../fakes/memory-job-queue.ts';
import { createHarness, type Harness, validReport } from '../helpers/app-harness.ts';
import {
  discordFuzzInput,
  dispatchFuzzInteraction,
  FUZZ_STRANGER,
  FUZZ_USERS,
  type FuzzWorld,
  type Target,
} from '../helpers/discord-fuzz-inputs.ts';
import { discordOrganisation } from '../helpers/discord-interactions.ts';
import { type CapturedLogs, captureLogs, settle, watchUnhandledRejections } from '../helpers/fuzz-inputs.ts';
import { storeViolations } from '../helpers/store-invariants.ts';

/** The other half of the 10,000 generated inputs of DESIGN §8. */
const RUNS = 5000;
const TOKEN = 'fuzz-discord-token';
const APP = '290926444748734465';
const GUILD = '290926798626357999';

let h: Harness;
let fake: DiscordFake;
let client: Client;
let logs: CapturedLogs;
let world: FuzzWorld;
const seeded = { accepted: '', offered: '', reported: '' };
/** The handler's work per interaction id, and who waits for an interaction to reach the handler. */
const handled = new Map<string, Promise<void>>();
const arrivals = new Map<string, (work: Promise<void>) => void>();

/** Waits until the handler is done with the interaction, whether it answered it or not. */
async function finished(id: string): Promise<void> {
  const work =
    handled.get(id) ??
    (await new Promise<Promise<void>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`interaction ${id} never reached the handler`)), 5000);
      arrivals.set(id, (started) => {
        clearTimeout(timer);
        resolve(started);
      });
    }));
  handled.delete(id);
  await work;
}

async function offeredToAlice(student: string, project: string): Promise<string> {
  const { evaluation } = await requestEvaluation(h.ctx, { student, project, actor: { type: 'api' } });
  if (evaluation.assessor !== 'alice')
    await reassignEvaluation(h.ctx, { evaluation: evaluation.id, assessor: 'alice', actor: { type: 'cli' } });
  return evaluation.id;
}

async function startFake(): Promise<DiscordFake> {
  const people = [...(await h.store.people.listPeople()), ...(await h.store.people.listStudents())];
  const users = people.flatMap((p) =>
    p.platforms.discord
      ? [{ id: p.platforms.discord, username: p.id, locale: p.locale === 'fr' ? 'fr' : 'en-US' }]
      : [],
  );
  const channels = await h.store.org.getChannels();
  return startDiscordFake({
    botToken: TOKEN,
    applicationId: APP,
    guild: {
      id: GUILD,
      name: 'Fuzz School',
      channels: (['coordinators', 'curriculum', 'jury'] as const).map((p) => ({
        id: channels[p].discord ?? '',
        name: p,
      })),
    },
    users: [...users, { id: FUZZ_STRANGER, username: 'stranger' }],
    heartbeatIntervalMs: 5000,
    rateLimits: { defaultBucket: { limit: 1_000_000, windowMs: 1000 } },
  });
}

describe('fuzzing the Discord bot through the local Discord fake', () => {
  beforeAll(async () => {
    logs = captureLogs('warn');
    h = await createHarness(discordOrganisation());
    fake = await startFake();
    const data = buildCommandData(commands);
    await registerCommandData({ api: fake.apiUrl, token: TOKEN, applicationId: APP, guildId: GUILD, data });
    const alice = await h.person('alice');
    seeded.accepted = await offeredToAlice('stu-emma', 'web-1-portfolio');
    await acceptOffer(h.ctx, { evaluation: seeded.accepted, person: alice });
    seeded.reported = await offeredToAlice('stu-felix', 'web-1-portfolio');
    await acceptOffer(h.ctx, { evaluation: seeded.reported, person: alice });
    const content = validReport(['semantic-html', 'responsive']);
    expect((await submitReport(h.ctx, { evaluation: seeded.reported, person: alice, content })).ok).toBe(
      true,
    );
    seeded.offered = await offeredToAlice('stu-emma', 'web-2-api');

    const { state } = fake;
    const general = state.guildChannels()[0];
    if (!general) throw new Error('no guild channel');
    const bot = state.bot.id;
    const boards = new Map([['guild', state.createMessage({ channelId: general.id, authorId: bot })]]);
    for (const id of FUZZ_USERS)
      boards.set(id, state.createMessage({ channelId: state.dmChannelFor(id).id, authorId: bot }));
    const evaluationOf = (t: Target) => (t === 'unknown' ? 'E-9999' : seeded[t]);
    world = { fake, guild: GUILD, application: APP, evaluationOf, boards };

    // The real discord.js client and the product's handler, as `startDiscordBot` wires them, with a
    // record of the handler's work for each interaction.
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    const handle = createInteractionHandler({
      ctx: h.ctx,
      registry: createRegistry(commands),
      queue: new MemoryJobQueue(),
      logger: logs.logger,
      kick: () => {},
      defaultLocale: 'en',
    });
    client.on(Events.InteractionCreate, (interaction) => {
      const work = handle(interaction);
      const waiting = arrivals.get(interaction.id);
      arrivals.delete(interaction.id);
      if (waiting) waiting(work);
      else handled.set(interaction.id, work);
    });
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    await client.login(TOKEN);
    await ready;
  }, 30_000);

  afterAll(async () => {
    await client?.destroy();
    await fake?.close();
    await h?.close();
  });

  it(`handles ${RUNS} generated interactions: an answer or none, no failure, a consistent store`, async () => {
    const unhandled = watchUnhandledRejections();
    const answered = { yes: 0, no: 0 };
    try {
      await fc.assert(
        fc.asyncProperty(discordFuzzInput, async (input) => {
          const id = dispatchFuzzInteraction(world, input);
          await finished(id);
          // Answered within Discord's 3 s, except the selects the product never shows.
          if (fake.state.interactions.get(id)?.response) answered.yes += 1;
          else {
            answered.no += 1;
            expect(input.kind).toBe('select');
          }
          expect(await storeViolations(h.store)).toEqual([]);
          expect(unhandled.described()).toEqual([]);
          expect(logs.errors()).toEqual([]);
        }),
        { numRuns: RUNS },
      );
      await settle(200);
      expect(await storeViolations(h.store)).toEqual([]);
      expect(logs.errors()).toEqual([]);
      expect(unhandled.described()).toEqual([]);
    } finally {
      unhandled.stop();
    }
    expect(answered.yes).toBeGreaterThan(answered.no);
    // The generators reach the use cases: reports were submitted and amended along the way.
    expect((await h.store.reports.versions(seeded.reported)).length).toBeGreaterThan(1);
  }, 180_000);
});
