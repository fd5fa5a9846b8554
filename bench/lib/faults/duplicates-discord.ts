/**
 * The Discord half of the duplicates case: the real discord.js client (`startDiscordBot`) logged in
 * to the local Discord fake, the real back end delivering the offer DMs through `DiscordPlatform`.
 * Under load, every offer's Accept button is clicked and the gateway delivers the same
 * INTERACTION_CREATE (same interaction id) a second time, as a resumed session replays it: at once
 * for even offers, after the first answer for odd ones. Effects are counted from the store and from
 * what the fake received.
 */
import { Events } from 'discord.js';
import { commands } from '../../../commands/index.ts';
import { type DiscordBot, startDiscordBot } from '../../../src/adapters/discord/discord-bot.ts';
import { DiscordPlatform } from '../../../src/adapters/discord/discord-platform.ts';
import { createRegistry } from '../../../src/app/commands/command-runner.ts';
import {
  type DiscordFake,
  type InteractionRecord,
  type StoredMessage,
  startDiscordFake,
} from '../../../src/sandbox/discord-fake/index.ts';
import type { BenchContext } from '../types.ts';
import {
  type Backend,
  countEffect,
  duplicatesOrganisation,
  type EffectCount,
  occurrences,
  pool,
  requestAndDeliver,
  settle,
  startBackend,
} from './duplicates-shared.ts';

const TOKEN = 'bench-duplicates-discord-token';
const APP = '1100000000000000077';
const GUILD = '1200000000000000077';
const COORDINATORS = '1300000000000000077';
/** Offers whose clicks are in flight at once. */
const CONCURRENCY = 16;
const ids = {
  assessor: (i: number) => `14${String(i).padStart(16, '0')}`,
  mentor: (i: number) => `15${String(i).padStart(16, '0')}`,
};

/** What the Discord half measured. */
export type DiscordDuplicates = {
  effects: EffectCount[];
  offers: number;
  /** Interactions the bot did not answer within Discord's 3 s. */
  unanswered: number;
  /** INTERACTION_CREATE events discord.js handed to the bot (two per offer when every replay arrived). */
  received: number;
};

type World = { backend: Backend; fake: DiscordFake; bot: DiscordBot; close(): Promise<void> };

async function startWorld(workDir: string, offers: number): Promise<World> {
  const org = duplicatesOrganisation(offers, 'discord', ids);
  const fake = await startDiscordFake({
    botToken: TOKEN,
    applicationId: APP,
    guild: { id: GUILD, name: 'Duplicates School', channels: [{ id: COORDINATORS, name: 'coordinators' }] },
    users: org.people.flatMap((p) =>
      p.platforms.discord ? [{ id: p.platforms.discord, username: p.id }] : [],
    ),
    heartbeatIntervalMs: 1000,
  });
  let backend: Backend | null = null;
  try {
    backend = await startBackend(workDir, 'duplicates-discord', org, () => ({
      discord: new DiscordPlatform({ api: fake.apiUrl, token: TOKEN }),
    }));
    const relay = backend.relay;
    const bot = await startDiscordBot({
      config: { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl, DEFAULT_LOCALE: 'en' },
      ctx: backend.ctx,
      registry: createRegistry(commands),
      queue: backend.queue,
      logger: backend.logger,
      kick: () => relay.kick(),
    });
    const started = backend;
    return {
      backend: started,
      fake,
      bot,
      async close() {
        await bot.stop();
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

const acceptId = (id: string) => `offer.accept:${id}`;

/** The offer DM holding the Accept button of evaluation `id`. */
function offerMessage(fake: DiscordFake, user: string, id: string): StoredMessage | undefined {
  return fake.state.dmsTo(user).find((m) => JSON.stringify(m.components).includes(`"${acceptId(id)}"`));
}

/** Clicks Accept and has the gateway deliver the same interaction again; resolves once answered. */
async function clickTwice(
  fake: DiscordFake,
  user: string,
  id: string,
  late: boolean,
): Promise<InteractionRecord> {
  const message = offerMessage(fake, user, id);
  if (message === undefined) throw new Error(`no offer DM for ${id}`);
  const record = fake.sendInteraction(user, {
    kind: 'button',
    messageId: message.id,
    customId: acceptId(id),
  });
  if (!late) fake.gateway.dispatch('INTERACTION_CREATE', record.payload);
  const answered = await fake.state.waitForResponse(record, 3000);
  if (late) fake.gateway.dispatch('INTERACTION_CREATE', record.payload);
  return answered ?? record;
}

/** Accept clicks delivered twice under load; counts every effect. */
export async function discordDuplicates({ quick, workDir, log }: BenchContext): Promise<DiscordDuplicates> {
  const offers = quick ? 8 : 120;
  const world = await startWorld(workDir, offers);
  try {
    const { backend, fake } = world;
    const activity = () => fake.requests.length + fake.state.messages.size;
    const { evaluations, userOf: user } = await requestAndDeliver(
      backend,
      offers,
      ids,
      (u, id) => offerMessage(fake, u, id) !== undefined,
      activity,
      log,
      'discord',
    );

    let received = 0;
    // Observes what discord.js hands the bot, to show each replay did reach it.
    world.bot.client.on(Events.InteractionCreate, () => {
      received += 1;
    });
    const records = new Map<string, InteractionRecord>();
    await pool(evaluations, CONCURRENCY, async (id) => {
      records.set(id, await clickTwice(fake, user(id), id, evaluations.indexOf(id) % 2 === 1));
    });
    await settle(backend, activity, log);
    const accepts = occurrences(
      (await backend.store.audit.list({ action: 'offer.accept' })).map((e) => String(e.subject)),
    );
    // Every answer the bot attempted, accepted by the fake or refused as already acknowledged.
    const callbacks = occurrences(
      fake.requests
        .filter((r) => r.method === 'POST' && r.route?.endsWith('/callback') === true)
        .map((r) => r.path.split('/interactions/')[1]?.split('/')[0] ?? ''),
    );
    const contents = [...fake.state.messages.values()].map((m) => m.content);
    const confirmed = (id: string) => contents.filter((text) => text.includes(`You accepted ${id}.`)).length;
    const interaction = (id: string) => records.get(id)?.id ?? '';
    const unanswered = [...records.values()].filter((r) => r.response === null).length;
    log(`discord: ${offers} interactions delivered twice`);
    return {
      effects: [
        countEffect(
          'Discord: offer accepted (audit offer.accept)',
          evaluations,
          (id) => accepts.get(id) ?? 0,
        ),
        countEffect(
          'Discord: interaction answered (callback)',
          evaluations,
          (id) => callbacks.get(interaction(id)) ?? 0,
        ),
        countEffect('Discord: "You accepted" message', evaluations, confirmed),
      ],
      offers,
      unanswered,
      received,
    };
  } finally {
    await world.close();
  }
}
