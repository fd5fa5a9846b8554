/**
 * Every command of DESIGN §3 on Discord, for every role: a person holding the role gets an answer
 * when the role allows the command, and the ephemeral refusal (audited) when it does not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { createInteractionHandler } from '../../src/adapters/discord/interactions.ts';
import { createRegistry, describeDeskError } from '../../src/app/commands/command-runner.ts';
import { requestEvaluation } from '../../src/app/request-evaluation.ts';
import { authorize } from '../../src/domain/authz.ts';
import { t } from '../../src/domain/catalog/index.ts';
import { type Person, ROLES, type Role } from '../../src/domain/model.ts';
import { createLogger } from '../../src/logger.ts';
import { DiscordRestMock } from '../fakes/discord-rest-mock.ts';
import { MemoryJobQueue } from '../fakes/memory-job-queue.ts';
import { createHarness, type Harness } from '../helpers/app-harness.ts';
import {
  chatInput,
  discordOrganisation,
  hasInteractionFixtures,
  InteractionDriver,
  type OptionInput,
} from '../helpers/discord-interactions.ts';

/** Who holds each role in the test organisation (ada is admin and coordinator). */
const HOLDER: Record<Role, string> = {
  assessor: 'alice',
  mentor: 'mia',
  curriculum: 'cora',
  jury: 'jade',
  coordinator: 'colin',
  admin: 'ada',
};

let h: Harness;
let api: DiscordRestMock;
let driver: InteractionDriver;
let evaluation = '';

beforeAll(async () => {
  h = await createHarness(discordOrganisation());
  api = new DiscordRestMock();
  driver = new InteractionDriver(
    api,
    createInteractionHandler({
      ctx: h.ctx,
      registry: createRegistry(commands),
      queue: new MemoryJobQueue(),
      logger: createLogger('silent'),
      kick: () => {},
      defaultLocale: 'en',
    }),
  );
  evaluation = (
    await requestEvaluation(h.ctx, {
      student: 'stu-emma',
      project: 'web-1-portfolio',
      actor: { type: 'api' },
    })
  ).evaluation.id;
});
afterAll(async () => {
  await driver.close();
  await api.close();
  await h.close();
});

/** Plausible values for the required options, so allowed commands run their handler. */
function requiredOptions(path: string): OptionInput {
  const spec = commands.find((c) => c.path === path);
  const values: Record<string, string> = {
    evaluation,
    student: 'stu-emma',
    project: 'web-1-portfolio',
    assessor: 'alice',
    when: '2026-12-24 14:30',
    outcome: 'approved',
  };
  const options: OptionInput = {};
  for (const option of spec?.options ?? []) {
    const value = values[option.name];
    if (option.required && value !== undefined) options[option.name] = value;
  }
  return options;
}

function readText(data: Record<string, unknown> | undefined): string {
  const embeds = (data?.embeds ?? []) as { title?: string; description?: string }[];
  return [
    typeof data?.content === 'string' ? data.content : '',
    ...embeds.flatMap((e) => [e.title ?? '', e.description ?? '']),
  ]
    .filter(Boolean)
    .join('\n');
}

/** Any refusal ("The command … is for the … role(s); you have …"), whatever the command and roles. */
function refusalPattern(locale: Person['locale']): RegExp {
  const parts = t(locale, 'error.forbidden').split(/\{\w+\}/);
  return new RegExp(parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*'));
}

const table = commands.flatMap((spec) => ROLES.map((role) => ({ path: spec.path, role })));

describe.skipIf(!hasInteractionFixtures)('every command × every role on Discord', () => {
  it('covers every command of the registry for the six roles', () => {
    expect(table).toHaveLength(commands.length * ROLES.length);
    expect(commands.length).toBeGreaterThanOrEqual(18);
  });

  it.each(table)('/$path as $role', async ({ path, role }) => {
    const person: Person = await h.person(HOLDER[role]);
    const [group = '', subcommand = ''] = path.split(' ');
    const payload = chatInput(person.platforms.discord ?? '', group, subcommand, requiredOptions(path));
    await driver.dispatch(payload);
    const reply = driver.callback(payload);
    expect(reply, 'the bot answered').toBeDefined();
    const allowed = authorize(person, path as Parameters<typeof authorize>[1]);
    const text = reply?.type === 5 ? readText(driver.webhooks(payload)[0]?.body) : readText(reply?.data);
    if (allowed.ok) {
      // An answer of the command itself (a reply, a form, or a deferred reply), never a refusal.
      expect([4, 5, 9]).toContain(reply?.type);
      if (reply?.type !== 9) {
        expect(text).not.toBe('');
        expect(text).not.toContain(t(person.locale, 'command.failed'));
        expect(text).not.toMatch(refusalPattern(person.locale));
      }
    } else {
      expect(reply?.type).toBe(4);
      expect(reply?.data.flags).toBe(64);
      expect(text).toBe(describeDeskError(person.locale, allowed.error));
      const refusals = await h.store.audit.list({ actor: person.id, action: 'command' });
      expect(refusals.some((a) => a.outcome === 'forbidden' && a.detail.path === path)).toBe(true);
    }
  });
});
