import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { DiscordFake } from '../../src/sandbox/discord-fake/index.ts';
import { ADA, APP, fixture, GUILD, startTestFake, TOKEN, until } from '../helpers/discord-fake-setup.ts';

describe('gateway protocol with a raw WebSocket', () => {
  let fake: DiscordFake;
  beforeAll(async () => {
    fake = await startTestFake(45_000);
  });
  afterAll(() => fake.close());

  type Frame = { op: number; d: Record<string, unknown> | null | boolean; s?: number; t?: string };
  async function connect(url = `${fake.gatewayUrl}?v=10&encoding=json`) {
    const ws = new WebSocket(url);
    const frames: Frame[] = [];
    ws.on('message', (raw) => frames.push(JSON.parse(String(raw))));
    ws.on('error', () => {});
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    await once(ws, 'open');
    return { ws, frames, closed, send: (f: object) => ws.send(JSON.stringify(f)) };
  }

  it('says HELLO like the docs and closes with 4004 on a bad token', async () => {
    expect(() => fake.sendInteraction(ADA, { kind: 'command', name: 'assess' })).toThrow(
      /no bot is connected/,
    );
    const c = await connect();
    await until(() => c.frames.length === 1);
    const hello = fixture('discord-gateway-hello.json');
    expect(c.frames[0]).toEqual({ ...(hello ?? { op: 10 }), d: { heartbeat_interval: 45_000 } });
    c.send({ op: 2, d: { token: 'wrong', intents: 1, properties: {} } });
    expect(await c.closed).toBe(4004);
  });

  it('replays missed dispatches on RESUME and answers a bad RESUME with INVALID_SESSION', async () => {
    const first = await connect();
    first.send({ op: 2, d: { token: TOKEN, intents: 1, properties: {}, shard: [0, 1] } });
    await until(() => first.frames.some((f) => f.t === 'GUILD_CREATE'));
    const ready = first.frames.find((f) => f.t === 'READY');
    const d = ready?.d as { session_id: string; guilds: unknown[]; v: number; application: object };
    expect([ready?.s, d.v, d.guilds, d.application]).toEqual([
      1,
      10,
      [{ id: GUILD, unavailable: true }],
      { id: APP, flags: 0 },
    ]);
    first.send({ op: 1, d: 2 });
    await until(() => first.frames.some((f) => f.op === 11));
    first.ws.close(4000);
    await first.closed;

    fake.sendInteraction(ADA, { kind: 'command', name: 'assess', subcommand: 'queue' });
    const second = await connect();
    second.send({ op: 6, d: { token: TOKEN, session_id: d.session_id, seq: 2 } });
    await until(() => second.frames.some((f) => f.t === 'RESUMED'));
    const envelope = fixture('discord-gateway-dispatch-example.json');
    if (envelope)
      expect(Object.keys(second.frames.find((f) => f.op === 0) ?? {}).sort()).toEqual(
        Object.keys(envelope).sort(),
      );
    expect(second.frames.filter((f) => f.op === 0).map((f) => [f.s, f.t])).toEqual([
      [3, 'INTERACTION_CREATE'],
      [4, 'RESUMED'],
    ]);
    second.ws.close(1000);
    await second.closed;

    const third = await connect();
    third.send({ op: 6, d: { token: TOKEN, session_id: d.session_id, seq: 4 } });
    await until(() => third.frames.some((f) => f.op === 9));
    expect(third.frames.at(-1)).toEqual(
      fixture('discord-gateway-invalid-session.json') ?? { op: 9, d: false },
    );
    third.ws.close();
  });
});
