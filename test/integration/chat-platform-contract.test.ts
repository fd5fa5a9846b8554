/**
 * The `ChatPlatform` contract (test/contract/chat-platform.contract.ts) against each
 * implementation: the in-memory fake, the Slack adapter against the local Slack fake, and the
 * Discord adapter both against the local Discord fake and against a small Discord API behind
 * undici's MockAgent.
 */
import { createDiscordRest, DiscordPlatform } from '../../src/adapters/discord/discord-platform.ts';
import { SlackPlatform } from '../../src/adapters/slack/slack-platform.ts';
import { startDiscordFake } from '../../src/sandbox/discord-fake/index.ts';
import {
  createSlackWorkspace,
  type SlackFakeMessage,
  startSlackFake,
} from '../../src/sandbox/slack-fake/index.ts';
import {
  type ChatPlatformBackend,
  chatPlatformContract,
  type Delivered,
} from '../contract/chat-platform.contract.ts';
import { DiscordRestMock, fixture, type StoredMessage } from '../fakes/discord-rest-mock.ts';
import { MemoryChatPlatform, type RecordedMessage } from '../fakes/memory-chat-platform.ts';

chatPlatformContract('in-memory fake', async () => {
  const platform = new MemoryChatPlatform('discord', ['C-general']);
  const delivered = (m: RecordedMessage): Delivered => ({
    id: m.ref.id,
    text: (m.edits.at(-1) ?? m.message).text,
    files: m.file ? [m.file.filename] : [],
  });
  return {
    platform,
    user: 'U-emma',
    channel: 'C-general',
    unknownChannel: 'C-nowhere',
    makeUnreachable: (user) => {
      platform.unreachableUsers.add(user);
    },
    rateLimitNext: () => {
      platform.rateLimitAfter = 0;
    },
    delivered: async (to) =>
      ('user' in to ? platform.dmsTo(to.user) : platform.postsIn(to.channel)).map(delivered),
    close: async () => {},
  } satisfies ChatPlatformBackend;
});

/** What Discord shows of a message: its content and every text of its embeds. */
function discordText(body: Record<string, unknown>): string {
  type Embed = {
    title?: string;
    description?: string;
    fields?: { name: string; value: string }[];
    footer?: { text: string };
  };
  const embeds = (body.embeds ?? []) as Embed[];
  return [
    typeof body.content === 'string' ? body.content : '',
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

chatPlatformContract('Discord adapter (REST behind MockAgent)', async () => {
  const api = new DiscordRestMock(['300000000000000001']);
  const platform = new DiscordPlatform({
    rest: createDiscordRest({ api: api.api, token: 'test' }).setAgent(api.agent),
  });
  const delivered = (m: StoredMessage): Delivered => ({
    id: m.id,
    text: discordText(m.edits.at(-1) ?? m.body),
    files: m.files.map((f) => f.name),
  });
  return {
    platform,
    user: '100000000000000001',
    channel: '300000000000000001',
    unknownChannel: '399999999999999999',
    makeUnreachable: (user) => {
      api.unreachableUsers.add(user);
    },
    rateLimitNext: () => {
      api.rateLimitNext = {
        body: fixture('discord-rate-limit-429-user.body.json') ?? {
          message: 'You are being rate limited.',
          retry_after: 1.5,
          global: false,
        },
        headers: { 'Retry-After': '2', 'X-RateLimit-Scope': 'user' },
      };
    },
    delivered: async (to) => {
      const channel = 'user' in to ? api.dmChannelOf(to.user) : to.channel;
      return channel ? api.messagesIn(channel).map(delivered) : [];
    },
    close: () => api.close(),
  } satisfies ChatPlatformBackend;
});

chatPlatformContract('Discord adapter (local Discord fake)', async () => {
  const user = '100000000000000001';
  const channel = '300000000000000001';
  const fake = await startDiscordFake({
    botToken: 'contract-token',
    applicationId: '290926444748734465',
    guild: {
      id: '290926798626357999',
      name: 'Test School',
      channels: [{ id: channel, name: 'coordinators' }],
    },
    users: [{ id: user, username: 'alice' }],
  });
  const platform = new DiscordPlatform({ api: fake.apiUrl, token: 'contract-token' });
  return {
    platform,
    user,
    channel,
    unknownChannel: '399999999999999999',
    makeUnreachable: (id) => fake.state.setDmsClosed(id, true),
    rateLimitNext: () => {
      fake.rateLimit({ route: 'POST /channels/:id/messages', times: 1, retryAfterMs: 1500 });
    },
    delivered: async (to) => {
      const messages = 'user' in to ? fake.state.dmsTo(to.user) : fake.state.messagesIn(to.channel);
      return messages.map((m) => ({
        id: m.id,
        text: discordText({ content: m.content, embeds: m.embeds }),
        files: m.attachments.map((a) => a.filename),
      }));
    },
    close: () => fake.close(),
  } satisfies ChatPlatformBackend;
});

chatPlatformContract('Slack adapter (local Slack fake)', async () => {
  const workspace = createSlackWorkspace({
    users: [{ id: 'U0EMMA001', name: 'emma' }],
    channels: [{ id: 'C0COORD01', name: 'coordinators' }],
    team: { id: 'T0SCHOOL1', name: 'Online School' },
    botToken: 'xoxb-contract',
    signingSecret: 'contract-secret',
  });
  const fake = await startSlackFake({ workspace });
  const platform = new SlackPlatform({ token: 'xoxb-contract', apiUrl: fake.apiUrl });
  const delivered = (m: SlackFakeMessage): Delivered => ({
    id: m.ts,
    text: [m.text, JSON.stringify(m.blocks ?? [])].join('\n'),
    files: m.files.map((id) => workspace.files.get(id)?.name ?? id),
  });
  return {
    platform,
    user: 'U0EMMA001',
    channel: 'C0COORD01',
    unknownChannel: 'C0NOWHERE',
    makeUnreachable: (user) => workspace.deactivateUser(user),
    rateLimitNext: () => {
      workspace.rateLimit({ everyN: 1, times: 1, retryAfterSeconds: 2 });
    },
    delivered: async (to) =>
      ('user' in to ? workspace.dmMessages(to.user) : workspace.messages(to.channel))
        .filter((m) => !m.deleted)
        .map(delivered),
    close: () => fake.close(),
  } satisfies ChatPlatformBackend;
});
