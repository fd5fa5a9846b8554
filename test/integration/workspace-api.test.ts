/**
 * The local workspace's API, on the whole product started as `npm start` without credentials: the
 * people of the demo organisation, the commands, commands typed as a person on Slack and on
 * Discord (through the real Bolt app and discord.js client), what each person sees, and the live
 * stream of changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogEntry, Suggestion } from '../../src/sandbox/workspace/command-catalog.ts';
import type { DeskUser } from '../../src/sandbox/workspace/directory.ts';
import type { DiscordPaneState, DiscordResult } from '../../src/sandbox/workspace/discord-side.ts';
import type { SlackCommandResult, SlackPaneState } from '../../src/sandbox/workspace/slack-side.ts';
import { type LocalWorkspace, requestEvaluation, startLocalWorkspace } from '../helpers/local-workspace.ts';
import { waitFor } from '../helpers/test-redis.ts';

let ws: LocalWorkspace;

beforeAll(async () => {
  ws = await startLocalWorkspace();
}, 60_000);

afterAll(async () => {
  await ws?.stop();
});

/** Everything a person reads in a Discord reply. */
function discordText(result: DiscordResult): string {
  const embeds = (result.reply?.embeds ?? []) as { title?: string; description?: string }[];
  return [result.reply?.content ?? '', ...embeds.flatMap((e) => [e.title ?? '', e.description ?? ''])].join(
    '\n',
  );
}

describe('the local workspace API', () => {
  it('lists the demo people with their roles and accounts, students included', async () => {
    const { status, data } = await ws.api<DeskUser[]>('/people');
    expect(status).toBe(200);
    const priya = data.find((p) => p.id === 'priya-raman');
    expect(priya).toMatchObject({ name: 'Priya Raman', roles: ['assessor'], slack: 'U073W55ZV' });
    expect(priya?.discord).toBeUndefined();
    expect(data.find((p) => p.id === 'omar-haddad')?.roles).toEqual(['jury']);
    expect(data.find((p) => p.id === 'chloe-martin')).toMatchObject({ roles: ['student'], locale: 'fr' });
    // Without an account on either platform, a student cannot be chosen.
    expect(data.some((p) => p.id === 'leo-berg')).toBe(false);
  });

  it('serves the command registry with usages, options and roles', async () => {
    const { data } = await ws.api<CatalogEntry[]>('/commands');
    const decline = data.find((c) => c.path === 'assess decline');
    expect(decline?.usage).toBe('/assess decline <evaluation> [reason]');
    expect(decline?.options.map((o) => o.name)).toEqual(['evaluation', 'reason']);
    expect(data.find((c) => c.path === 'jury dossier')?.roles).toContain('jury');
    expect(data.map((c) => c.path)).toContain('curriculum digest');
  });

  it('suggests ids for options, mentors seeing only their own students', async () => {
    const projects = await ws.api<Suggestion[]>('/suggest?person=priya-raman&kind=project&q=web-j');
    expect(projects.data[0]?.value).toBe('web-javascript');
    const students = await ws.api<Suggestion[]>('/suggest?person=julien-petit&kind=student&q=');
    expect(students.data.map((s) => s.value)).toContain('mateo-garcia');
    expect(students.data.map((s) => s.value)).not.toContain('emma-wilson');
    expect((await ws.api('/suggest?person=priya-raman&kind=nonsense')).status).toBe(400);
  });

  it('types a Slack command as a person and returns the ephemeral reply from the app', async () => {
    const { status, data } = await ws.api<SlackCommandResult>('/slack/command', {
      person: 'priya-raman',
      text: '/assess queue',
    });
    expect(status).toBe(200);
    expect(data.status).toBe(200);
    expect(data.reply?.ephemeral).toBe(true);
    expect(data.reply?.text).toContain('Your queue');
    const state = await ws.api<SlackPaneState>('/slack/state?person=priya-raman');
    const dm = state.data.channels.find((c) => c.kind === 'im');
    expect(dm?.messages.at(-1)?.text).toContain('Your queue');
  });

  it('types a Discord command as a person: an interaction to the bot, answered only to them', async () => {
    const { status, data } = await ws.api<DiscordResult>('/discord/command', {
      person: 'chen-wei',
      text: '/assess queue',
    });
    expect(status).toBe(200);
    expect(data.type).toBe(4);
    expect(data.reply?.ephemeral).toBe(true);
    expect(discordText(data)).toContain('Your queue');
  });

  it('shows the refusal of a command outside the role, in the person’s language', async () => {
    const slack = await ws.api<SlackCommandResult>('/slack/command', {
      person: 'priya-raman',
      text: '/jury dossier emma-wilson',
    });
    expect(slack.data.reply?.text).toMatch(/jury/i);
    expect(slack.data.reply?.text).not.toContain('Your queue');
    const discord = await ws.api<DiscordResult>('/discord/command', {
      person: 'julien-petit',
      text: '/jury status emma-wilson',
    });
    expect(discord.data.reply?.ephemeral).toBe(true);
  });

  it('refuses what the clients would refuse: an unknown command, missing options, an unknown person', async () => {
    const unknown = await ws.api<{ error: string }>('/slack/command', {
      person: 'priya-raman',
      text: '/nope',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.data.error).toContain('/nope is not a valid command');
    const missing = await ws.api<{ error: string }>('/discord/command', {
      person: 'chen-wei',
      text: '/assess accept',
    });
    expect(missing.status).toBe(400);
    expect(missing.data.error).toContain('/assess accept <evaluation>');
    expect((await ws.api('/slack/state?person=nobody')).status).toBe(404);
    expect((await ws.api('/slack/state?person=chen-wei')).status).toBe(409);
  });

  it('shows each person the channels their role reads', async () => {
    const jury = await ws.api<SlackPaneState>('/slack/state?person=omar-haddad');
    expect(jury.data.channels.map((c) => c.name)).toEqual(['Assessor Desk', 'jury']);
    const coordinator = await ws.api<DiscordPaneState>('/discord/state?person=claire-dubois');
    expect(coordinator.data.channels.map((c) => c.name)).toEqual([
      'general',
      'coordinators',
      'curriculum',
      'jury',
      'Assessor Desk',
    ]);
  });

  it('streams the changes of both fakes as server-sent events', async () => {
    const controller = new AbortController();
    const response = await fetch(`${ws.url}/workspace/api/events`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body?.getReader();
    if (!reader) throw new Error('no stream');
    let received = '';
    const reading = (async () => {
      const decoder = new TextDecoder();
      for (;;) {
        const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
        if (chunk.done) return;
        received += decoder.decode(chunk.value);
      }
    })();
    try {
      const offer = await requestEvaluation(ws, 'samuel-okoro', 'web-javascript');
      expect(offer.status).toBe('offered');
      const assessor = (await ws.api<DeskUser[]>('/people')).data.find((p) => p.id === offer.assessor);
      // The offer reaches the assessor's DMs through the outbox, the notify job and the platforms.
      if (assessor?.slack)
        await waitFor(() => received.includes('"platform":"slack","kind":"message-posted"'), 15_000);
      if (assessor?.discord)
        await waitFor(() => received.includes('"platform":"discord","kind":"message-created"'), 15_000);
      expect(received).toMatch(/^event: change\ndata: \{"platform":"(slack|discord)"/m);
    } finally {
      controller.abort();
      await reading;
    }
  });

  it('serves the page at /', async () => {
    const response = await fetch(`${ws.url}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<script type="module" src="app.js"></script>');
    expect((await fetch(`${ws.url}/app.js`)).headers.get('content-type')).toContain('javascript');
  });
});

describe('with platform credentials', () => {
  it('serves no workspace: neither the page nor its API', async () => {
    const real = await startLocalWorkspace({
      SLACK_BOT_TOKEN: 'xoxb-real-workspace-token',
      SLACK_SIGNING_SECRET: 'a-real-signing-secret',
    });
    try {
      expect((await fetch(`${real.url}/`)).status).toBe(404);
      expect((await real.api('/people')).status).toBe(404);
      expect((await fetch(`${real.url}/healthz`)).status).toBe(200);
    } finally {
      await real.stop();
    }
  });
});
