/**
 * The local workspace's state file on its own, with both fakes: where it lives, what comes back
 * after a restart (ids, DMs, messages, files, homes), what is dropped when the organisation changed
 * (and logged), the bounds on files' bytes, and a broken file, which never stops the start.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type DiscordFake,
  type StoredAttachment,
  startDiscordFake,
} from '../../src/sandbox/discord-fake/index.ts';
import { type LocalState, openLocalState } from '../../src/sandbox/local-state.ts';
import {
  createSlackWorkspace,
  type SlackFakeServer,
  type SlackWorkspace,
  startSlackFake,
} from '../../src/sandbox/slack-fake/index.ts';
import { SAVED_FILE_MAX_BYTES, STATE_FILE_NAME, workspaceStatePath } from '../../src/sandbox/state-file.ts';
import { capturedLogger } from '../helpers/http-client.ts';
import { waitFor } from '../helpers/test-redis.ts';

/** Slack ids: Ana stays in the organisation, Ben and #old leave it. */
const [ANA, BEN, JURY, OLD_CHANNEL] = ['U0ANA0001', 'U0BEN0001', 'C0JURY001', 'C0OLD0001'] as const;
/** Discord ids: Ada stays, Bob and #jury leave. */
const [ADA, BOB, JURY_DISCORD] = [
  '1400000000000000001',
  '1400000000000000002',
  '1300000000000000002',
] as const;

type World = { slack: SlackFakeServer; ws: SlackWorkspace; discord: DiscordFake; close(): Promise<void> };

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'desk-state-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Both fakes peopled as local mode does, with the saved state put back; `everyone` adds Ben, Bob and #old. */
async function startWorld(state: LocalState, everyone: boolean): Promise<World> {
  const ws = createSlackWorkspace({
    users: [{ id: ANA, name: 'ana' }, ...(everyone ? [{ id: BEN, name: 'ben' }] : [])],
  });
  ws.addChannel({ id: JURY, name: 'jury' });
  if (everyone) ws.addChannel({ id: OLD_CHANNEL, name: 'old' });
  const slack = await startSlackFake({ workspace: ws });
  const { guildId, applicationId, generalChannelId } = state.discordIds;
  const discord = await startDiscordFake({
    botToken: 'state-test-token',
    applicationId,
    guild: {
      id: guildId,
      name: 'School',
      channels: [
        { id: generalChannelId, name: 'general' },
        ...(everyone ? [{ id: JURY_DISCORD, name: 'jury' }] : []),
      ],
    },
    users: [{ id: ADA, username: 'ada' }, ...(everyone ? [{ id: BOB, username: 'bob' }] : [])],
  });
  const saver = state.attach(ws, discord);
  const world = {
    slack,
    ws,
    discord,
    close: async () => {
      await Promise.allSettled([slack.close(), discord.close()]);
      await saver.close();
    },
  };
  cleanups.push(() => world.close());
  return world;
}

/** Shares a file of `size` bytes in a conversation, as files.getUploadURLExternal and its sequel do. */
function share(ws: SlackWorkspace, channel: string, name: string, size: number): string {
  const { file, uploadUrl } = ws.files.start(name, size);
  ws.files.receive(uploadUrl.split('/').at(-1) ?? '', Buffer.alloc(size, 7));
  ws.files.complete([{ id: file.id }], { channel });
  return file.id;
}

/** An attachment as the fake stores an upload. */
function storedAttachment(id: string, filename: string, data: Buffer): StoredAttachment {
  const url = `http://127.0.0.1:1/attachments/0/${id}/${filename}`;
  return { id, filename, contentType: 'text/csv', size: data.length, url, description: null, data };
}

function content(text: string) {
  return { text, blocks: [], attachments: [] };
}

describe('the local workspace state file', () => {
  it('lives next to a SQLite database, else in ./data/', () => {
    expect(workspaceStatePath('sqlite:/srv/desk/desk.db')).toBe(`/srv/desk/${STATE_FILE_NAME}`);
    expect(workspaceStatePath('sqlite:./data/assessor-desk.db')).toBe(`data/${STATE_FILE_NAME}`);
    expect(workspaceStatePath('sqlite::memory:')).toBeNull();
    expect(workspaceStatePath('postgres://desk@db/desk')).toBe(`data/${STATE_FILE_NAME}`);
  });

  it('brings back what is still in the organisation, drops and logs the rest, and bounds files', async () => {
    const path = join(tempDir(), STATE_FILE_NAME);
    const first = capturedLogger();
    const before = await startWorld(await openLocalState(path, first.logger), true);
    const { ws, discord } = before;
    const anaDm = ws.openDm(ANA).channel;
    const offer = ws.postMessage(anaDm.id, content('An offer'), 'api');
    ws.updateMessage(offer, content('An offer, answered'));
    ws.postMessage(ws.openDm(BEN).channel.id, content('For Ben'), 'api');
    ws.postMessage(JURY, content('To the jury'), 'api');
    ws.postMessage(OLD_CHANNEL, content('In a channel that goes away'), 'api');
    ws.postEphemeral(anaDm.id, ANA, content('Only Ana sees this'), 'command_ack');
    const small = share(ws, anaDm.id, 'dossier.pdf', 1000);
    const big = share(ws, anaDm.id, 'huge.pdf', SAVED_FILE_MAX_BYTES + 1);
    ws.views.publish(ANA, { type: 'home', blocks: [] });
    ws.views.publish(BEN, { type: 'home', blocks: [] });
    const adaDm = discord.state.dmChannelFor(ADA);
    const sent = discord.state.createMessage({
      channelId: adaDm.id,
      authorId: discord.state.bot.id,
      content: 'An offer on Discord',
      attachments: [storedAttachment('1500000000000000001', 'report.csv', Buffer.from('a,b'))],
    });
    discord.state.editMessage(sent, { content: 'An offer on Discord, answered' });
    const huge = storedAttachment('1500000000000000002', 'huge.csv', Buffer.alloc(SAVED_FILE_MAX_BYTES + 1));
    discord.state.createMessage({ channelId: adaDm.id, authorId: discord.state.bot.id, attachments: [huge] });
    discord.state.createMessage({
      channelId: discord.state.dmChannelFor(BOB).id,
      authorId: discord.state.bot.id,
      content: 'For Bob',
    });
    discord.state.createMessage({
      channelId: JURY_DISCORD,
      authorId: discord.state.bot.id,
      content: 'Jury news',
    });
    const { counter } = ws.sequence();
    await before.close();

    // Ben, Bob and the two jury-like channels have left the organisation.
    const second = capturedLogger();
    const state = await openLocalState(path, second.logger);
    expect(state.discordIds.guildId).toBe(discord.state.guild.id);
    expect(state.discordIds.applicationId).toBe(discord.state.applicationId);
    const after = await startWorld(state, false);
    expect(after.ws.dm(ANA)?.id).toBe(anaDm.id);
    expect(after.ws.messages(anaDm.id).map((m) => [m.ts, m.text, m.edits.length])).toEqual(
      ws.messages(anaDm.id).map((m) => [m.ts, m.text, m.edits.length]),
    );
    expect(after.ws.message(anaDm.id, offer.ts)?.botId).toBe(ws.bot.botId);
    expect(after.ws.messages(JURY).map((m) => m.text)).toEqual(['To the jury']);
    expect(after.ws.ephemerals(ANA).map((m) => m.text)).toEqual(['Only Ana sees this']);
    expect(after.ws.dm(BEN)).toBeUndefined();
    expect(after.ws.channel(OLD_CHANNEL)).toBeUndefined();
    expect(after.ws.views.home(ANA)?.id).toBe(ws.views.home(ANA)?.id);
    expect(after.ws.views.home(BEN)).toBeUndefined();
    // Ids and ts drawn after the restart never repeat earlier ones.
    expect(after.ws.openDm(ANA).created).toBe(false);
    expect(after.ws.sequence().counter).toBeGreaterThanOrEqual(counter);
    expect(after.ws.nextTs() > offer.ts).toBe(true);
    // Files: small ones keep their bytes (served at today's URL), big ones their name and size only.
    const smallFile = after.ws.files.get(small);
    expect(smallFile?.url.startsWith(after.slack.url)).toBe(true);
    const download = await fetch(smallFile?.url ?? '');
    expect(download.status).toBe(200);
    expect((await download.arrayBuffer()).byteLength).toBe(1000);
    expect(after.ws.files.get(big)).toMatchObject({ name: 'huge.pdf', length: SAVED_FILE_MAX_BYTES + 1 });
    expect((await fetch(after.ws.files.get(big)?.url ?? '')).status).toBe(404);

    const restored = after.discord.state;
    expect(restored.dmChannelFor(ADA).id).toBe(adaDm.id);
    const message = restored.messages.get(sent.id);
    expect(message).toMatchObject({ content: 'An offer on Discord, answered', channelId: adaDm.id });
    expect(message?.createdAt).toBeInstanceOf(Date);
    expect(message?.edits).toHaveLength(1);
    const attachment = message?.attachments[0];
    expect(attachment?.url.startsWith(after.discord.url)).toBe(true);
    expect(await (await fetch(attachment?.url ?? '')).text()).toBe('a,b');
    expect(restored.messagesIn(JURY_DISCORD)).toEqual([]);
    expect(restored.messagesIn(adaDm.id).map((m) => m.id)).toEqual([sent.id, expect.any(String)]);
    expect([...restored.messages.values()].map((m) => m.content)).toEqual([
      'An offer on Discord, answered',
      '',
    ]);
    const hugeUrl = restored.messagesIn(adaDm.id)[1]?.attachments[0]?.url ?? '';
    expect((await fetch(hugeUrl)).status).toBe(404);

    // Bytes dropped once stay dropped: a later restart does not serve an empty file instead.
    await after.close();
    const third = await startWorld(await openLocalState(path, capturedLogger().logger), false);
    expect((await fetch(third.ws.files.get(big)?.url ?? '')).status).toBe(404);
    const hugeAgain = third.discord.state.messagesIn(adaDm.id)[1]?.attachments[0];
    expect(hugeAgain?.size).toBe(SAVED_FILE_MAX_BYTES + 1);
    expect((await fetch(hugeAgain?.url ?? '')).status).toBe(404);
    expect((await fetch(third.ws.files.get(small)?.url ?? '')).status).toBe(200);

    const warning = second.lines.find((line) => line.includes('no longer matches the organisation'));
    expect(warning).toContain(OLD_CHANNEL);
    expect(warning).toContain('person no longer in the organisation');
    expect(warning).toContain(JURY_DISCORD);
  });

  it('saves shortly after a change, without waiting for the close', async () => {
    const path = join(tempDir(), STATE_FILE_NAME);
    const { logger } = capturedLogger();
    const world = await startWorld(await openLocalState(path, logger), true);
    world.ws.postMessage(world.ws.openDm(ANA).channel.id, content('Saved soon'), 'api');
    await waitFor(() => existsSync(path) && readFileSync(path, 'utf8').includes('Saved soon'), 3000, 50);
  });

  it('sets an unreadable file aside and starts empty', async () => {
    const dir = tempDir();
    const path = join(dir, STATE_FILE_NAME);
    writeFileSync(path, '{"version": 1, "sections": {"slack": {"counter": "many"}');
    const { logger, lines } = capturedLogger();
    const state = await openLocalState(path, logger);
    expect(lines.some((line) => line.includes('could not be read in full'))).toBe(true);
    expect(readFileSync(`${path}.unreadable`, 'utf8')).toContain('"many"');
    const world = await startWorld(state, true);
    expect(world.ws.channels().filter((c) => c.kind === 'im')).toEqual([]);
    world.ws.postMessage(JURY, content('A fresh start'), 'api');
    await world.close();
    const again = await startWorld(await openLocalState(path, capturedLogger().logger), true);
    expect(again.ws.messages(JURY).map((m) => m.text)).toEqual(['A fresh start']);
    expect(again.discord.state.guild.id).toBe(state.discordIds.guildId);
  });

  it('starts empty for the part of a file that does not parse, and keeps the rest', async () => {
    const path = join(tempDir(), STATE_FILE_NAME);
    const world = await startWorld(await openLocalState(path, capturedLogger().logger), true);
    world.ws.postMessage(JURY, content('Kept'), 'api');
    await world.close();
    const file = JSON.parse(readFileSync(path, 'utf8'));
    file.sections.discord.guildId = 'not a snowflake';
    writeFileSync(path, JSON.stringify(file));
    const { logger, lines } = capturedLogger();
    const again = await startWorld(await openLocalState(path, logger), true);
    expect(again.ws.messages(JURY).map((m) => m.text)).toEqual(['Kept']);
    expect(again.discord.state.guild.id).not.toBe('not a snowflake');
    expect(lines.some((line) => line.includes('Discord section: guildId'))).toBe(true);
  });
});
