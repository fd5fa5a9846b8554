/**
 * Redis connections. Workers need `maxRetriesPerRequest: null` (BullMQ blocks on Redis); producers
 * and probes fail fast with `enableOfflineQueue: false` so a request never hangs on a Redis outage.
 */
import { Redis, type RedisOptions } from 'ioredis';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export type RedisRole = 'worker' | 'producer' | 'probe';

export function redisOptions(role: RedisRole): RedisOptions {
  if (role === 'worker') return { maxRetriesPerRequest: null, enableReadyCheck: true };
  return {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2_000,
    // Keep reconnecting in the background: readiness turns green again when Redis returns.
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  };
}

export function createRedis(url: string, role: RedisRole): Redis {
  const redis = new Redis(url, { ...redisOptions(role), lazyConnect: false });
  // Errors surface through pings and commands; an unhandled 'error' event would crash the process.
  redis.on('error', () => {});
  return redis;
}

/** Resolves when Redis answers PING. */
export async function pingRedis(redis: Redis): Promise<void> {
  const answer = await redis.ping();
  if (answer !== 'PONG') throw new Error(`unexpected PING answer: ${answer}`);
}
