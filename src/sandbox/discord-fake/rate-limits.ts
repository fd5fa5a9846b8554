/**
 * Discord-style REST rate limits for the local fake: per-route buckets that count down in the
 * `X-RateLimit-*` headers of every answer, and 429s injected on demand, with the body
 * `{message, retry_after, global}` and the headers of Discord's rate-limit docs.
 */
import { createHash } from 'node:crypto';

/** A bucket: `limit` requests per `windowMs`, counted per route and major parameter. */
export type BucketConfig = { limit: number; windowMs: number };

/** A 429 injected on demand. */
export type RateLimitRule = {
  /** `METHOD /path/:param/...` (`{param}` works too); every route when absent. */
  route?: string;
  /** Answer every Nth matching request with 429 (until removed). */
  everyN?: number;
  /** Without `everyN`: how many of the next matching requests get a 429 (default 1). */
  times?: number;
  /** The `retry_after` to announce. */
  retryAfterMs: number;
  /** A global rate limit (`X-RateLimit-Global`, scope `global`). */
  global?: boolean;
  /** `user` (default) or `shared` (a resource limit that does not count against the bot). */
  scope?: 'user' | 'shared';
};

/** Handle on an injected rule: how many 429s it produced, and a way to remove it. */
export type RateLimitHandle = { readonly hits: number; remove(): void };

/** How to write `Retry-After`: rounded up to whole seconds like Discord, or exact. */
export type RetryAfterHeader = 'ceil' | 'exact';

/** Options of the limiter. */
export type RateLimitOptions = {
  defaultBucket?: BucketConfig;
  buckets?: Record<string, BucketConfig>;
  retryAfterHeader?: RetryAfterHeader;
};

/** The verdict for one request: headers to send, and the 429 body when limited. */
export type RateLimitVerdict = {
  headers: Record<string, string>;
  limited: { message: string; retry_after: number; global: boolean } | null;
};

type RuleState = RateLimitRule & { seen: number; fired: number; removed: boolean };

/** Turns `{param}` and `:param` into `:` so routes compare by shape. */
export function normalizeRoute(route: string): string {
  return route.replace(/\{[^}/]+\}|:[^/]+/g, ':');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** Buckets and injected 429s for the fake's REST routes. */
export class RateLimiter {
  readonly #rules: RuleState[] = [];
  readonly #buckets = new Map<string, BucketConfig>();
  readonly #state = new Map<string, { remaining: number; resetAt: number }>();
  #defaultBucket: BucketConfig;
  readonly #retryAfterHeader: RetryAfterHeader;
  /** Every 429 answered, oldest first. */
  readonly log: Array<{ route: string; at: number; retryAfterMs: number; global: boolean }> = [];

  constructor(options: RateLimitOptions = {}) {
    this.#defaultBucket = options.defaultBucket ?? { limit: 50, windowMs: 1000 };
    this.#retryAfterHeader = options.retryAfterHeader ?? 'ceil';
    for (const [route, config] of Object.entries(options.buckets ?? {})) this.setBucket(route, config);
  }

  /** Sets the bucket of one route (`METHOD /path/:param`), or of every route with `*`. */
  setBucket(route: string, config: BucketConfig): void {
    if (route === '*') this.#defaultBucket = config;
    else this.#buckets.set(normalizeRoute(route), config);
    this.#state.clear();
  }

  /** Injects 429s; see {@link RateLimitRule}. */
  addRule(rule: RateLimitRule): RateLimitHandle {
    const state: RuleState = { ...rule, seen: 0, fired: 0, removed: false };
    this.#rules.push(state);
    return {
      get hits() {
        return state.fired;
      },
      remove: () => {
        state.removed = true;
      },
    };
  }

  /** Removes every injected rule. */
  clearRules(): void {
    for (const rule of this.#rules) rule.removed = true;
    this.#rules.length = 0;
  }

  /** Counts one request to `route` (a served route key) for `major` (channel, guild or webhook). */
  check(route: string, major: string, now = Date.now()): RateLimitVerdict {
    const shape = normalizeRoute(route);
    const config = this.#buckets.get(shape) ?? this.#defaultBucket;
    const bucket = createHash('sha1').update(shape).digest('hex').slice(0, 16);
    const key = `${shape}|${major}`;
    let state = this.#state.get(key);
    if (!state || now >= state.resetAt) {
      state = { remaining: config.limit, resetAt: now + config.windowMs };
      this.#state.set(key, state);
    }
    const rule = this.#matchRule(shape);
    if (rule)
      return this.#limited(shape, bucket, config, rule.retryAfterMs, rule.global ?? false, rule.scope, now);
    if (state.remaining <= 0) {
      return this.#limited(shape, bucket, config, state.resetAt - now, false, 'user', now);
    }
    state.remaining -= 1;
    return {
      limited: null,
      headers: {
        'x-ratelimit-limit': String(config.limit),
        'x-ratelimit-remaining': String(state.remaining),
        'x-ratelimit-reset': seconds(state.resetAt),
        'x-ratelimit-reset-after': seconds(state.resetAt - now),
        'x-ratelimit-bucket': bucket,
      },
    };
  }

  #matchRule(shape: string): RuleState | null {
    for (const rule of this.#rules) {
      if (rule.removed) continue;
      if (rule.route !== undefined && normalizeRoute(rule.route) !== shape) continue;
      rule.seen += 1;
      const fire = rule.everyN ? rule.seen % rule.everyN === 0 : rule.fired < (rule.times ?? 1);
      if (fire) {
        rule.fired += 1;
        return rule;
      }
    }
    return null;
  }

  #limited(
    shape: string,
    bucket: string,
    config: BucketConfig,
    retryAfterMs: number,
    global: boolean,
    scope: 'user' | 'shared' | undefined,
    now: number,
  ): RateLimitVerdict {
    const wait = Math.max(0, retryAfterMs);
    this.log.push({ route: shape, at: now, retryAfterMs: wait, global });
    const retryAfter =
      this.#retryAfterHeader === 'ceil' ? String(Math.max(1, Math.ceil(wait / 1000))) : seconds(wait);
    const headers: Record<string, string> = {
      'retry-after': retryAfter,
      'x-ratelimit-scope': global ? 'global' : (scope ?? 'user'),
    };
    if (global) {
      headers['x-ratelimit-global'] = 'true';
    } else {
      Object.assign(headers, {
        'x-ratelimit-limit': String(config.limit),
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': seconds(now + wait),
        'x-ratelimit-reset-after': seconds(wait),
        'x-ratelimit-bucket': bucket,
      });
    }
    const message =
      scope === 'shared' ? 'The resource is being rate limited.' : 'You are being rate limited.';
    return { headers, limited: { message, retry_after: Number((wait / 1000).toFixed(3)), global } };
  }
}
