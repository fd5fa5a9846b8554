/** Snowflake ids and tokens for the local Discord fake. */
import { randomBytes } from 'node:crypto';

const DISCORD_EPOCH = 1_420_070_400_000n;
let increment = 0n;
let last = 0n;

/**
 * A new snowflake: milliseconds since Discord's epoch, then worker and increment bits, so ids sort
 * by creation time and have the 17-19 digits discord.js's rate-limit routing expects.
 */
export function snowflake(at: number = Date.now()): string {
  const ms = BigInt(at) - DISCORD_EPOCH;
  // Keep ids strictly increasing even within one millisecond.
  const value = (ms << 22n) | (1n << 17n) | (increment++ & 0xfffn);
  const next = value > last ? value : last + 1n;
  last = next;
  return next.toString();
}

/** The creation time encoded in a snowflake. */
export function snowflakeTime(id: string): Date {
  return new Date(Number((BigInt(id) >> 22n) + DISCORD_EPOCH));
}

/** An opaque token such as an interaction token. */
export function randomToken(prefix: string): string {
  return `${prefix}.${randomBytes(24).toString('base64url')}`;
}
