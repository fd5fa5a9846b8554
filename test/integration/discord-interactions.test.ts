import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commands } from '../../commands/index.ts';
import { say } from '../../commands/support.ts';
import { createInteractionHandler } from '../../src/adapters/discord/interactions.ts';
import { renderMessage } from '../../src/adapters/discord/render.ts';
import { createRegistry } from '../../src/app/commands/command-runner.ts';
import { defineCommand } from '../../src/app/commands/command-spec.ts';
import { planNotification } from '../../src/app/notification-plan.ts';
import { requestEvaluation } from '../../src/app/request-evaluation.ts';
import { createLogger } from '../../src/logger.ts';
import { DiscordRestMock } from '../fakes/discord-rest-mock.ts';
import { MemoryJobQueue } from '../fakes/memory-job-queue.ts';
import { createHarness, type Harness, validReport } from '../helpers/app-harness.ts';
import {
  autocomplete,
  buttonClick,
  chatInput,
  discordOrganisation,
  fillModal,
  hasInteractionFixtures,
  InteractionDriver,
  modalSubmit,
} from '../helpers/discord-interactions.ts';

type Callback = { type: number; data: Record<string, unknown> };

/** What a person reads in a reply: its content and the text of its embeds. */
function readText(data: Record<string, unknown> | undefined): string {
  if (!data) return '';
  const embeds = (data.embeds ?? []) as {
    title?: string;
    description?: string;
    fields?: { name: string; value: string }[];
  }[];
  return [
    typeof data.content === 'string' ? data.content : '',
    ...embeds.flatMap((e) => [
      e.title ?? '',
      e.description ?? '',
      ...(e.fields ?? []).map((f) => `${f.name}: ${f.value}`),
    ]),
  ]
    .filter(Boolean)
    .join('\n');
}

/** Every button custom id of a reply. */
function buttons(data: Record<string, unknown> | undefined): string[] {
  const rows = (data?.components ?? []) as { components?: { custom_id?: string }[] }[];
  return rows.flatMap((r) => (r.components ?? []).map((c) => c.custom_id ?? ''));
}

let h: Harness;
let api: DiscordRestMock;
let driver: InteractionDriver;
let kicks = 0;

async function start(registry = createRegistry(commands)): Promise<void> {
  await driver?.close();
  driver = new InteractionDriver(
    api,
    createInteractionHandler({
      ctx: h.ctx,
      registry,
      queue: new MemoryJobQueue(),
      logger: createLogger('silent'),
      kick: () => {
        kicks += 1;
      },
      defaultLocale: 'en',
    }),
  );
}

beforeEach(async () => {
  h = await createHarness(discordOrganisation());
  api = new DiscordRestMock();
  kicks = 0;
  await start();
});
afterEach(async () => {
  await driver.close();
  await api.close();
  await h.close();
});

async function discordIdOf(personId: string): Promise<string> {
  return (await h.person(personId)).platforms.discord ?? '';
}

/** Dispatches and returns the bot's first response. */
async function send(payload: Record<string, unknown>): Promise<Callback> {
  await driver.dispatch(payload);
  const callback = driver.callback(payload);
  if (!callback) throw new Error(`no answer to interaction ${String(payload.id)}`);
  return callback;
}

/** A request for stu-emma on web-2-api (three criteria), offered by the engine. */
async function offered(student = 'stu-emma', project = 'web-2-api') {
  const { evaluation, offer } = await requestEvaluation(h.ctx, { student, project, actor: { type: 'api' } });
  if (!offer || !evaluation.assessor) throw new Error('expected an offer');
  const assessor = await h.person(evaluation.assessor);
  const [planned] = await planNotification(h.ctx, { type: 'offer', offer: offer.id });
  const view = planned?.build({ locale: assessor.locale, timeZone: 'Europe/Paris' });
  return {
    id: evaluation.id,
    offer,
    assessor,
    user: assessor.platforms.discord ?? '',
    components: view ? renderMessage(view).components : [],
  };
}

describe.skipIf(!hasInteractionFixtures)('Discord interactions (payloads from the official examples)', () => {
  it('answers a slash command ephemerally, through the registry', async () => {
    const reply = await send(chatInput(await discordIdOf('alice'), 'assess', 'queue'));
    expect(reply.type).toBe(4);
    expect(reply.data.flags).toBe(64);
    expect(readText(reply.data)).toContain('Your queue');
  });

  it('tells an unknown user they are not registered, and refuses a command outside the roles (audited)', async () => {
    const unknown = await send(chatInput('999999999999999999', 'assess', 'queue'));
    expect(readText(unknown.data)).toMatch(/not registered/);
    const refused = await send(chatInput(await discordIdOf('mia'), 'evaluation', 'list'));
    expect(refused.data.flags).toBe(64);
    expect(readText(refused.data)).toContain('/evaluation list');
    expect((await h.store.audit.list({ action: 'command' })).map((a) => a.outcome)).toEqual([
      'not_registered',
      'forbidden',
    ]);
  });

  it('defers a slow command and edits the deferred reply when the answer comes', async () => {
    const slow = defineCommand({
      path: 'assess queue',
      options: [],
      schema: z.object({}),
      async handle() {
        await new Promise((resolve) => setTimeout(resolve, 1700));
        return say('Here it is, late.');
      },
    });
    await start(createRegistry([slow]));
    const payload = chatInput(await discordIdOf('alice'), 'assess', 'queue');
    const reply = await send(payload);
    expect(reply).toEqual({ type: 5, data: { flags: 64 } });
    const [edit] = driver.webhooks(payload);
    expect(edit).toMatchObject({ method: 'PATCH', message: '@original' });
    expect(edit?.body.content).toBe('Here it is, late.');
  });

  it('runs a duplicated interaction (same id twice) once', async () => {
    const evaluation = await offered();
    const click = buttonClick(evaluation.user, `offer.accept:${evaluation.id}`, evaluation.components);
    await driver.dispatch(click);
    await driver.dispatch(click);
    expect(api.callbacks.filter((c) => c.interaction === click.id)).toHaveLength(1);
    expect(await h.store.audit.list({ action: 'offer.accept' })).toHaveLength(1);
  });

  it('accepts an offer: the DM loses its buttons, a second click changes nothing, the report can be opened', async () => {
    const evaluation = await offered();
    const click = buttonClick(evaluation.user, `offer.accept:${evaluation.id}`, evaluation.components);
    const reply = await send(click);
    expect(reply.type).toBe(7);
    expect(reply.data.components).toEqual([]);
    expect(readText(reply.data)).toMatch(/accepted/i);
    const [followUp] = driver.webhooks(click);
    expect(followUp?.body.flags).toBe(64);
    expect(buttons(followUp?.body)).toEqual([`report.continue:${evaluation.id}`]);
    expect((await h.store.evaluations.get(evaluation.id))?.status).toBe('accepted');
    expect(kicks).toBeGreaterThan(0);
    const again = await send(
      buttonClick(evaluation.user, `offer.accept:${evaluation.id}`, evaluation.components),
    );
    expect(again.type).toBe(7);
    expect(await h.store.audit.list({ action: 'offer.accept' })).toHaveLength(1);
  });

  it('declines an offer with a reason from a modal; a conflict of interest is remembered', async () => {
    const evaluation = await offered();
    const opened = await send(
      buttonClick(evaluation.user, `offer.decline:${evaluation.id}`, evaluation.components),
    );
    expect(opened.type).toBe(9);
    expect(opened.data.custom_id).toBe(`decline:${evaluation.id}`);
    const inputs = fillModal(opened.data, (id) =>
      id === 'reason' ? 'conflict_of_interest' : 'I coached this student.',
    );
    expect(inputs.map((i) => [i.id, i.type])).toEqual([
      ['reason', 3],
      ['note', 4],
    ]);
    const submit = modalSubmit(evaluation.user, `decline:${evaluation.id}`, inputs, true);
    const reply = await send(submit);
    expect(reply.type).toBe(7);
    expect(reply.data.components).toEqual([]);
    expect(readText(driver.webhooks(submit)[0]?.body)).toContain(`You declined ${evaluation.id}`);
    const offer = await h.store.offers.get(evaluation.offer.id);
    expect(offer).toMatchObject({ status: 'declined', declineReason: 'conflict_of_interest' });
    expect((await h.person(evaluation.assessor.id)).conflicts).toContain('stu-emma');
  });

  it('refuses the decline form to someone the offer was not made to', async () => {
    const evaluation = await offered();
    const other = evaluation.assessor.id === 'alice' ? 'chloe' : 'alice';
    const reply = await send(buttonClick(await discordIdOf(other), `offer.decline:${evaluation.id}`));
    expect(reply.type).toBe(4);
    expect(reply.data.flags).toBe(64);
    expect(readText(reply.data)).toContain(evaluation.id);
  });

  it('offers the person’s own evaluations, all of them to a coordinator, a mentor’s own students', async () => {
    const mine = await offered();
    const theirs = await offered('stu-gina', 'data-1-sql');
    const own = await send(autocomplete(mine.user, 'assess', 'report', 'evaluation', ''));
    expect(own.type).toBe(8);
    const ownIds = ((own.data.choices ?? []) as { value: string }[]).map((c) => c.value);
    expect(ownIds).toContain(mine.id);
    if (theirs.assessor.id !== mine.assessor.id) expect(ownIds).not.toContain(theirs.id);
    const all = await send(
      autocomplete(await discordIdOf('colin'), 'evaluation', 'cancel', 'evaluation', 'E-'),
    );
    expect(((all.data.choices ?? []) as { value: string }[]).map((c) => c.value).sort()).toEqual(
      [mine.id, theirs.id].sort(),
    );
    const students = await send(
      autocomplete(await discordIdOf('mia'), 'mentor', 'student', 'student', 'stu'),
    );
    expect(((students.data.choices ?? []) as { value: string }[]).map((c) => c.value).sort()).toEqual([
      'stu-emma',
      'stu-gina',
    ]);
    const none = await send(
      autocomplete(await discordIdOf('cora'), 'evaluation', 'cancel', 'evaluation', ''),
    );
    expect(none.data.choices).toEqual([]);
  });

  it('runs the report wizard: steps of five, a validation error named, the step reopened with the values kept', async () => {
    const evaluation = await offered();
    await send(buttonClick(evaluation.user, `offer.accept:${evaluation.id}`, evaluation.components));
    const report = validReport(['routes', 'validation', 'tests']);
    const answers = (id: string): string | string[] | null => {
      if (id.endsWith('.verdict')) return 'met';
      if (id.endsWith('.comment')) return '';
      if (id === 'readinessDoubt') return [];
      if (id === 'juryJustification') return 'Fine work.';
      const value = report[id as keyof typeof report];
      return typeof value === 'string' ? value : null;
    };
    let modal = await send(chatInput(evaluation.user, 'assess', 'report', { evaluation: evaluation.id }));
    const seen: string[] = [];
    let fixed = false;
    let fromMessage = false;
    for (let round = 0; round < 10; round += 1) {
      expect(modal.type).toBe(9);
      const customId = String(modal.data.custom_id);
      seen.push(customId);
      const labels = (modal.data.components as { type: number; label?: string }[]).filter(
        (c) => c.type === 18,
      );
      expect(labels.length).toBeGreaterThanOrEqual(1);
      expect(labels.length).toBeLessThanOrEqual(5);
      expect(String(modal.data.title).length).toBeLessThanOrEqual(45);
      for (const label of labels) expect(String(label.label).length).toBeLessThanOrEqual(45);
      const inputs = fillModal(modal.data, (id, component) =>
        fixed && id === 'juryJustification'
          ? report.juryJustification
          : (component.value as string) || answers(id),
      );
      const submit = modalSubmit(evaluation.user, customId, inputs, fromMessage);
      const reply = await send(submit);
      fromMessage = true;
      const text = readText(reply.data);
      if (text.includes('submitted')) break;
      const [next] = buttons(reply.data);
      expect(next).toMatch(new RegExp(`^report\\.continue:${evaluation.id}:\\d$`));
      if (text.includes('need a change')) {
        expect(text).toContain('Justification for the jury');
        fixed = true;
      }
      modal = await send(buttonClick(evaluation.user, next ?? '', []));
      if (fixed && seen.at(-1) === String(modal.data.custom_id)) {
        // Reopened: what was typed is still there.
        const justification = (
          modal.data.components as { component?: { custom_id: string; value?: string } }[]
        )
          .map((c) => c.component)
          .find((c) => c?.custom_id === 'juryJustification');
        expect(justification?.value).toBe('Fine work.');
      }
    }
    expect(fixed).toBe(true);
    expect(seen[0]).toBe(`report:${evaluation.id}:0`);
    const stored = await h.store.reports.latest(evaluation.id);
    expect(stored?.content.juryJustification).toBe(report.juryJustification);
    expect((await h.store.evaluations.get(evaluation.id))?.status).toBe('approved');
  });
});
