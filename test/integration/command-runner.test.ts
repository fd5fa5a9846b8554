import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import {
  type CommandDeps,
  type CommandRequest,
  createRegistry,
  runCommand,
} from '../../src/app/commands/command-runner.ts';
import { parseDateTime, splitWords } from '../../src/app/commands/parse-options.ts';
import { requestEvaluation } from '../../src/app/request-evaluation.ts';
import { COMMAND_PATHS, COMMAND_ROLES } from '../../src/domain/authz.ts';
import { ROLES } from '../../src/domain/model.ts';
import { MemoryJobQueue } from '../fakes/memory-job-queue.ts';
import { createHarness, type Harness } from '../helpers/app-harness.ts';
import { buildOrganisation, buildPerson, organisationInput } from '../helpers/org-builder.ts';

let h: Harness;
let deps: CommandDeps;
const unexpected: unknown[] = [];
const registry = createRegistry(commands);

beforeEach(async () => {
  h = await createHarness();
  unexpected.length = 0;
  deps = {
    ctx: h.ctx,
    queue: new MemoryJobQueue(),
    defaultLocale: 'en',
    afterCommit: () => {},
    onUnexpected: (error) => unexpected.push(error),
  };
});
afterEach(async () => {
  await h.close();
});

/** Runs a Slack-style command (`/assess accept E-1001`) as the person with that Slack id. */
async function slack(userId: string, group: string, text: string): Promise<string> {
  const request: CommandRequest = {
    platform: 'slack',
    platformUserId: userId,
    group,
    input: { text },
    trigger: null,
  };
  const reply = await runCommand(registry, deps, request);
  if (reply.kind !== 'message') throw new Error('expected a message');
  return reply.message.text;
}

describe('the command runner', () => {
  it('tells an unknown user they are not registered, and audits it', async () => {
    expect(await slack('U404', 'assess', 'queue')).toMatch(/not registered/);
    expect((await h.store.audit.list({ action: 'command' }))[0]?.outcome).toBe('not_registered');
  });

  it('refuses a command outside the person’s roles, names the roles, and audits the refusal', async () => {
    // mia is a mentor only.
    const text = await slack('U01MIA', 'evaluation', 'list');
    expect(text).toContain('/evaluation list');
    expect(text).toContain('coordinator');
    const refusals = await h.store.audit.list({ action: 'command' });
    expect(refusals.map((a) => [a.actor, a.outcome])).toEqual([['mia', 'forbidden']]);
  });

  it('names a missing or malformed option and shows the usage', async () => {
    expect(await slack('U01ALICE', 'assess', 'accept')).toBe(
      'evaluation: required\nUsage: /assess accept <evaluation>',
    );
    expect(await slack('U01ALICE', 'assess', 'accept 1001')).toContain(
      'expected an evaluation id like E-1042',
    );
    expect(await slack('U01ALICE', 'assess', 'availability lots')).toContain(
      'capacity: expected a whole number',
    );
    expect(await slack('U01ALICE', 'assess', 'accept E-1 E-2')).toContain('Unexpected text: “E-2”');
  });

  it('answers in the person’s language', async () => {
    // bruno's locale is French.
    expect(await slack('U01BRUNO', 'assess', 'accept')).toBe(
      'evaluation : obligatoire\nUtilisation : /assess accept <evaluation>',
    );
  });

  it('runs a command and translates a refusal from the use case', async () => {
    const { evaluation } = await requestEvaluation(h.ctx, {
      student: 'stu-emma',
      project: 'web-1-portfolio',
      actor: { type: 'api' },
    });
    const holder = evaluation.assessor === 'alice' ? 'U01ALICE' : 'U01BRUNO';
    const other = holder === 'U01ALICE' ? 'U01DMITRI' : 'U01ALICE';
    expect(await slack(other, 'assess', `accept ${evaluation.id.toLowerCase()}`)).toMatch(
      /not assigned to you|ne vous est pas/,
    );
    expect(await slack(holder, 'assess', `accept ${evaluation.id}`)).toMatch(/E-1001/);
    expect((await h.store.evaluations.get(evaluation.id))?.status).toBe('accepted');
  });

  it('lists only the commands the person may use in help', async () => {
    const help = await slack('U01MIA', 'assess', 'help');
    expect(help).toContain('/mentor students');
    expect(help).not.toContain('/evaluation request');
    expect(await slack('U01MIA', 'assess', 'frobnicate')).toContain('Unknown command /assess frobnicate');
  });

  it('keeps quoted words together and reads local times in the organisation’s zone', () => {
    expect(splitWords('decline E-1 "family emergency" now')).toEqual([
      'decline',
      'E-1',
      'family emergency',
      'now',
    ]);
    // Europe/Paris is UTC+1 in December.
    expect(parseDateTime('2026-12-03 14:00', 'Europe/Paris')?.toISOString()).toBe('2026-12-03T13:00:00.000Z');
    expect(parseDateTime('2026-13-03 14:00', 'Europe/Paris')).toBeNull();
  });

  it('reports nothing unexpected on ordinary use', async () => {
    await slack('U01COLIN', 'evaluation', 'request stu-emma web-1-portfolio');
    await slack('U01COLIN', 'evaluation', 'list offered');
    expect(unexpected).toEqual([]);
  });
});

describe('every command × every role', () => {
  it('registers every command of the design', () => {
    expect([...registry.keys()].sort()).toEqual([...COMMAND_PATHS].sort());
  });

  it('answers the roles allowed and refuses, with an audit entry, the others', async () => {
    await h.close();
    // One person per role, on Slack, holding that role only.
    const people = ROLES.map((role) =>
      buildPerson(`only-${role}`, { roles: [role], platforms: { slack: `U9${role.toUpperCase()}` } }),
    );
    h = await createHarness(buildOrganisation({ people: [...organisationInput().people, ...people] }));
    deps = { ...deps, ctx: h.ctx };
    for (const path of COMMAND_PATHS) {
      const [group = '', name = ''] = path.split(' ');
      for (const role of ROLES) {
        const text = await slack(`U9${role.toUpperCase()}`, group, name);
        const allowed = (COMMAND_ROLES[path] as readonly string[]).includes(role);
        const refused =
          text.includes(`/${path}`) && /role/.test(text) && !/Usage/.test(text.split('\n')[0] ?? '');
        expect({ path, role, refused }).toEqual({ path, role, refused: !allowed });
      }
    }
    const refusals = await h.store.audit.list({ action: 'command' });
    const forbidden = refusals.filter((a) => a.outcome === 'forbidden').length;
    const expected = COMMAND_PATHS.flatMap((path) =>
      ROLES.filter((r) => !(COMMAND_ROLES[path] as readonly string[]).includes(r)),
    ).length;
    expect(forbidden).toBe(expected);
    expect(unexpected).toEqual([]);
  });
});
