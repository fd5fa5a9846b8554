import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  ensureRedis,
  RedisUnavailableError,
  redisAnswers,
  startRedisServer,
} from '../../src/adapters/redis/ensure-redis.ts';
import { createLogger } from '../../src/logger.ts';
import { freePort } from '../helpers/test-redis.ts';

const logger = createLogger('silent');

describe('ensureRedis', () => {
  it('uses REDIS_URL as given', async () => {
    const handle = await ensureRedis({ url: 'redis://redis.internal:6379', logger });
    expect(handle).toMatchObject({ url: 'redis://redis.internal:6379', started: false });
  });

  it('starts a redis-server when nothing answers, and stops it', async () => {
    const port = await freePort();
    const handle = await ensureRedis({ url: undefined, logger, port });
    try {
      expect(handle).toMatchObject({ url: `redis://127.0.0.1:${port}`, started: true });
      expect(await redisAnswers(port)).toBe(true);
      const again = await ensureRedis({ url: undefined, logger, port });
      expect(again.started).toBe(false);
    } finally {
      await handle.stop();
    }
    expect(await redisAnswers(port)).toBe(false);
  });

  it('says how to install Redis when there is no redis-server', async () => {
    const port = await freePort();
    const attempt = ensureRedis({ url: undefined, logger, port, command: 'redis-server-not-installed' });
    await expect(attempt).rejects.toBeInstanceOf(RedisUnavailableError);
    await expect(attempt).rejects.toThrow(/apt-get install redis-server.*brew install redis.*REDIS_URL/s);
  });

  it('reports a server that cannot start', async () => {
    const holder = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => holder.once('listening', resolve));
    const address = holder.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      await expect(startRedisServer({ port, startTimeoutMs: 3_000 })).rejects.toBeInstanceOf(
        RedisUnavailableError,
      );
    } finally {
      holder.close();
    }
  });
});
