/** Redis helpers for the benchmarks that run BullMQ: a private queue prefix, and its removal. */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The Redis the benchmarks use. */
export const BENCH_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A queue prefix no one else uses, in a hash tag like production's (`{bench-3f9a…}`). */
export function benchPrefix(): string {
  return `{bench-${randomBytes(6).toString('hex')}}`;
}

/** Deletes every key under `prefix`. */
export async function deletePrefix(prefix: string, url: string = BENCH_REDIS_URL): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
