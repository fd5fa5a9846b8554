/**
 * The product inside Discord, end to end: the real discord.js client logs in to the local Discord
 * fake (REST and gateway on loopback), commands are registered from the registry, and people act
 * the way they would in a Discord client. Notifications leave through the outbox relay and the
 * `notify` job with the Discord platform, into the fake's state.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { processNotification } from '../../jobs/notify.ts';
import { buildCommandData, registerCommandData } from '../../src/adapters/discord/command-data.ts';
import { type DiscordBot, startDiscordBot } from '../../src/adapters/discord/discord-bot.ts';
import { DiscordPlatform } from '../../src/adapters/discord/discord-platform.ts';
import { createRegistry, describeDeskError } from '../../src/app/commands/command-runner.ts';
import type { WorkerDeps } from '../../src/app/job-definition.ts';
import { relayOutbox } from '../../src/app/outbox-relay.ts';
import { requestEvaluation } from '../../src/app/request-evaluation.ts';
import { acceptOffer } from '../../src/app/respond-to-offer.ts';
import { submitReport } from '../../src/app/submit-report.ts';
import { authorize, rolesFor } from '../../src/domain/authz.ts';
import type { Person } from '../../src/domain/model.ts';
import { Notification } from '../../src/domain/notifications.ts';
import {
  type DiscordFake,
  type InteractionRecord,
  type ModalValues,
  type StoredMessage,
  startDiscordFake,
} from '../../src/sandbox/discord-fake/index.ts';
import { MemoryJobQueue } from '../fakes/memory-job-queue.ts';
import { createHarness, type Harness, validReport } from '../helpers/app-harness.ts';
import { discordFakeDeliveries, markedReport, scanDeliveries } from '../helpers/audience-scan.ts';
import { chatInput, discordOrganisation, hasInteractionFixtures } from '../helpers/discord-interactions.ts';

const TOKEN = 'discord-story-token';
const APP = '290926444748734465';
const GUILD = '290926798626357999';
const logger = pino({ level: 'silent' });

let h: Harness;
let fake: DiscordFake;
let bot: DiscordBot;
let queue: MemoryJobQueue;
let worker: WorkerDeps;
const delivered = new Set<string>();

/** What a person reads in a message: its content and its embeds. */
function textOf(message: { content?: unknown; embeds?: unknown } | null | undefined): string {
  const embeds = (message?.embeds ?? []) as {
    title?: string;
    description?: string;
    fields?: { name: string; value: string }[];
    footer?: { text: string };
  }[];
  return [
    typeof message?.content === 'string' ? message.content : '',
    ...embeds.flatMap((e) => [
      e.title ?? '',
      e.description ?? '',
      ...(e.fields ?? []).map((f) => `${f.name}: ${f.value}`),
      e.footer?.text ?? '',
    ]),
  ]
    .filter(Boolean)
    .join('\n');
}

function buttonIds(message: StoredMessage | undefined): string[] {
  const rows = (message?.components ?? []) as { components?: { custom_id?: string }[] }[];
  return rows.flatMap((r) => (r.components ?? []).map((c) => c.custom_id ?? ''));
}

/** Polls until `check` holds (follow-ups arrive after the first response). */
async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs the outbox relay and every notify job not run yet, as the worker would. */
async function deliverNotifications(): Promise<void> {
  // Delivering may cause notifications of its own (a refused DM tells the coordinators): repeat until none.
  for (let more = true; more; ) {
    more = false;
    await relayOutbox({ store: h.store, queue, clock: h.clock });
    for (const job of queue.list('notify')) {
      if (delivered.has(job.id)) continue;
      delivered.add(job.id);
      more = true;
      const run = {
        id: job.id,
        attempt: 1,
        log: logger,
        progress: async () => {},
        childResults: async () => [],
      };
      await processNotification(Notification.parse(job.payload), run, worker);
    }
  }
}

async function discordId(personId: string): Promise<string> {
  return (await h.person(personId)).platforms.discord ?? '';
}

/** The message an interaction's answer lives in: the updated source, or the reply / follow-up. */
function answerMessage(record: InteractionRecord): StoredMessage | undefined {
  const id = record.followupIds.at(-1) ?? record.originalMessageId ?? record.sourceMessageId;
  return id ? fake.state.messages.get(id) : undefined;
}

/** Values for the modal the user has open: what `pick` says, or what the field already holds. */
function fillOpenModal(userId: string, pick: (id: string) => string | string[] | undefined): ModalValues {
  const modal = fake.state.openModals.get(userId);
  if (!modal) throw new Error('no modal open');
  const values: ModalValues = {};
  for (const top of (modal.data.components ?? []) as {
    type: number;
    component?: Record<string, unknown>;
  }[]) {
    const component = top.component;
    if (top.type !== 18 || !component) continue;
    const id = String(component.custom_id);
    const chosen = pick(id);
    if (chosen !== undefined) values[id] = chosen;
    else if (typeof component.value === 'string' && component.value !== '') values[id] = component.value;
  }
  return values;
}

beforeAll(async () => {
  h = await createHarness(discordOrganisation());
  const people = await h.store.people.listPeople();
  const students = await h.store.people.listStudents();
  const users = [...people, ...students].flatMap((p) =>
    p.platforms.discord
      ? [{ id: p.platforms.discord, username: p.id, locale: p.locale === 'fr' ? 'fr' : 'en-US' }]
      : [],
  );
  const channels = await h.store.org.getChannels();
  fake = await startDiscordFake({
    botToken: TOKEN,
    applicationId: APP,
    guild: {
      id: GUILD,
      name: 'Test School',
      channels: (['coordinators', 'curriculum', 'jury'] as const).map((purpose) => ({
        id: channels[purpose].discord ?? '',
        name: purpose,
      })),
    },
    users,
    heartbeatIntervalMs: 1000,
  });
  await registerCommandData({
    api: fake.apiUrl,
    token: TOKEN,
    applicationId: APP,
    guildId: GUILD,
    data: buildCommandData(commands),
  });
  queue = new MemoryJobQueue();
  worker = {
    ctx: h.ctx,
    platforms: { discord: new DiscordPlatform({ api: fake.apiUrl, token: TOKEN }) },
    queue,
    logger,
    defaultLocale: 'en',
  };
  bot = await startDiscordBot({
    config: { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl, DEFAULT_LOCALE: 'en' },
    ctx: h.ctx,
    registry: createRegistry(commands),
    queue,
    logger,
    kick: () => {},
  });
}, 30_000);

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  await h?.close();
});

describe('Assessor Desk in a Discord server (local fake, real discord.js client)', () => {
  it('registers one command per group in the guild', () => {
    expect(fake.state.commandsIn(GUILD).map((c) => c.body.name)).toEqual([
      'assess',
      'mentor',
      'curriculum',
      'jury',
      'evaluation',
    ]);
  });

  it('offer accepted, wizard with one validation error corrected, report submitted, mentor summary in DM', async () => {
    // A coordinator requests the evaluation; the engine offers it to an assessor by DM.
    const colin = await discordId('colin');
    const requested = await fake.interact(colin, {
      kind: 'command',
      name: 'evaluation',
      subcommand: 'request',
      options: { student: 'stu-emma', project: 'web-2-api' },
    });
    expect(requested.type).toBe(4);
    expect(requested.data?.flags).toBe(64);
    const evaluation = (await h.store.evaluations.list({ student: 'stu-emma' }))[0];
    if (!evaluation?.assessor) throw new Error('expected an offer');
    const assessor: Person = await h.person(evaluation.assessor);
    const user = assessor.platforms.discord ?? '';
    await deliverNotifications();
    const offer = fake.state.dmsTo(user).at(-1);
    expect(textOf(offer)).toContain(evaluation.id);
    expect(buttonIds(offer)).toEqual([`offer.accept:${evaluation.id}`, `offer.decline:${evaluation.id}`]);

    // Accept: the DM is replaced by the closed offer, without buttons.
    const accepted = await fake.interact(user, {
      kind: 'button',
      messageId: offer?.id ?? '',
      customId: `offer.accept:${evaluation.id}`,
    });
    expect(accepted.type).toBe(7);
    expect(fake.state.messages.get(offer?.id ?? '')?.components).toEqual([]);
    expect((await h.store.evaluations.get(evaluation.id))?.status).toBe('accepted');
    // Then, as a follow-up only the assessor sees, the button that opens the report.
    await until(() => accepted.interaction.followupIds.length > 0);
    const note = answerMessage(accepted.interaction);
    expect(buttonIds(note)).toEqual([`report.continue:${evaluation.id}`]);

    // The wizard: a modal per step, "Continue" between steps; the jury justification is too thin at first.
    // Each text starts with its field's marker, for the outbound scan at the end.
    const report = markedReport(1, validReport(['routes', 'validation', 'tests']));
    let justification = 'Fine work.';
    const answers = (id: string): string | string[] | undefined => {
      if (id.endsWith('.verdict')) return 'met';
      if (id.endsWith('.comment')) return undefined;
      if (id === 'readinessDoubt') return [];
      if (id === 'juryJustification') return justification;
      const value = report[id as keyof typeof report];
      return typeof value === 'string' && value !== '' ? value : undefined;
    };
    let source = note;
    let button = `report.continue:${evaluation.id}`;
    let sawError = false;
    let done = '';
    for (let round = 0; round < 12 && !done; round += 1) {
      const opened = await fake.interact(user, {
        kind: 'button',
        messageId: source?.id ?? '',
        customId: button,
      });
      expect(opened.type).toBe(9);
      const components = (opened.data?.components ?? []) as {
        type: number;
        component?: Record<string, unknown>;
      }[];
      expect(components.filter((c) => c.type === 18).length).toBeLessThanOrEqual(5);
      const typed = components.find((c) => c.component?.custom_id === 'juryJustification')?.component;
      if (sawError && typed) {
        // Reopened at the faulty step with what was typed.
        expect(typed.value).toBe('Fine work.');
        justification = report.juryJustification;
      }
      const submitted = await fake.interact(user, { kind: 'modal', values: fillOpenModal(user, answers) });
      expect(submitted.type).toBe(7);
      source = answerMessage(submitted.interaction);
      const text = textOf(source);
      if (text.includes('need a change')) {
        expect(text).toContain('Justification for the jury');
        sawError = true;
      }
      if (text.includes('submitted')) done = text;
      button = buttonIds(source)[0] ?? '';
    }
    expect(sawError).toBe(true);
    expect(done).toContain(`Report ${evaluation.id} submitted`);
    expect((await h.store.reports.latest(evaluation.id))?.content.juryJustification).toBe(
      report.juryJustification,
    );

    // The mentor (mia, on Discord) gets the summary by DM; never the jury justification.
    await deliverNotifications();
    const summary = fake.state.dmsTo(await discordId('mia')).at(-1);
    const read = textOf(summary);
    expect(read).toContain('Student emma');
    expect(read).toContain(report.mentorNote);
    expect(read).not.toContain(report.juryJustification);
  });

  it('showed no field of the report to a reader it is not meant for', async () => {
    const scan = await scanDeliveries(h.store, discordFakeDeliveries(fake.state));
    expect(scan.leaks).toEqual([]);
    expect(scan.seen.mentorNote).toBeGreaterThan(0);
  });

  it('records a mentor whose DMs are closed (50007) once and tells the coordinators, without retrying', async () => {
    const bruno = await h.person('bruno');
    fake.state.setDmsClosed(bruno.platforms.discord ?? '', true);
    const { evaluation } = await requestEvaluation(h.ctx, {
      student: 'stu-felix',
      project: 'web-1-portfolio',
      actor: { type: 'api' },
    });
    const assessor = await h.person(evaluation.assessor ?? '');
    await acceptOffer(h.ctx, { evaluation: evaluation.id, person: assessor });
    const submitted = await submitReport(h.ctx, {
      evaluation: evaluation.id,
      person: assessor,
      content: validReport(['semantic-html', 'responsive']),
    });
    expect(submitted.ok).toBe(true);
    const coordinators = (await h.store.org.getChannels()).coordinators.discord ?? '';
    const before = fake.state.messagesIn(coordinators).length;
    await deliverNotifications();
    expect(fake.state.refusedDms.filter((r) => r.userId === bruno.platforms.discord)).toHaveLength(1);
    expect(await h.store.people.unreachablePlatforms('bruno')).toContain('discord');
    const told = fake.state
      .messagesIn(coordinators)
      .slice(before)
      .map((m) => textOf(m));
    expect(told.some((text) => text.includes('Bruno'))).toBe(true);
    // Nothing is retried: running the jobs again sends nothing new.
    await deliverNotifications();
    expect(fake.state.refusedDms.filter((r) => r.userId === bruno.platforms.discord)).toHaveLength(1);
  });

  it.skipIf(!hasInteractionFixtures)(
    'answers a slash command built from Discord’s published example',
    async () => {
      const user = await discordId('alice');
      const payload = chatInput(user, 'assess', 'queue');
      const record: InteractionRecord = {
        id: String(payload.id),
        token: String(payload.token),
        type: 2,
        userId: user,
        channelId: String(payload.channel_id),
        guildId: GUILD,
        createdAt: new Date(),
        payload: { ...payload, channel_id: fake.state.guildChannels()[0]?.id, guild_id: GUILD },
        response: null,
        sourceMessageId: null,
        originalMessageId: null,
        followupIds: [],
        choices: null,
      };
      fake.state.addInteraction(record);
      fake.gateway.dispatch('INTERACTION_CREATE', record.payload);
      const answered = await fake.state.waitForResponse(record, 3000);
      expect(answered?.response?.type).toBe(4);
      expect(answered?.response?.data?.flags).toBe(64);
      expect(textOf(answered?.response?.data)).toContain('Your queue');
    },
  );
});

describe('every command on Discord: the right role answers, a wrong role is refused', () => {
  const HOLDER = {
    assessor: 'alice',
    mentor: 'mia',
    curriculum: 'cora',
    jury: 'jade',
    coordinator: 'colin',
    admin: 'ada',
  };
  const cases = commands.flatMap((spec) => {
    const allowed = rolesFor(spec.path);
    const right = (Object.keys(HOLDER) as (keyof typeof HOLDER)[]).find(
      (r) => allowed.includes(r) && r !== 'admin',
    );
    const wrong = (Object.keys(HOLDER) as (keyof typeof HOLDER)[]).find((r) => !allowed.includes(r));
    return [
      ...(right ? [{ path: spec.path, role: right, allowed: true }] : []),
      ...(wrong ? [{ path: spec.path, role: wrong, allowed: false }] : []),
    ];
  });

  it.each(cases)('/$path as $role', async ({ path, role, allowed }) => {
    const person = await h.person(HOLDER[role]);
    const spec = commands.find((c) => c.path === path);
    const sample: Record<string, string> = {
      evaluation: 'E-1001',
      student: 'stu-emma',
      project: 'web-1-portfolio',
      assessor: 'alice',
      when: '2026-12-24 14:30',
      outcome: 'approved',
    };
    const options = Object.fromEntries(
      (spec?.options ?? []).filter((o) => o.required).map((o) => [o.name, sample[o.name] ?? 'x']),
    );
    const [name = '', subcommand = ''] = path.split(' ');
    const answer = await fake.interact(person.platforms.discord ?? '', {
      kind: 'command',
      name,
      subcommand,
      options,
    });
    const check = authorize(person, path);
    expect(check.ok).toBe(allowed);
    if (check.ok) {
      expect([4, 5, 9]).toContain(answer.type);
      if (answer.type === 4) expect(textOf(answer.data)).not.toMatch(/is for the .* role/);
    } else {
      expect(answer.type).toBe(4);
      expect(answer.data?.flags).toBe(64);
      expect(textOf(answer.data)).toBe(describeDeskError(person.locale, check.error));
    }
  });
});
