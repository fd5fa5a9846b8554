/** Rate limiting on demand: the fake answers 429 with `Retry-After`, as Slack does, when a rule says so. */

/**
 * When to answer 429. With `perSecond` a token bucket (per method, or per method and channel) lets that many
 * calls through each second; with `everyN` every Nth matching call is refused; with neither, every matching
 * call is refused. `times` stops the rule after that many refusals.
 */
export type RateLimitRule = {
  /** The Web API method it applies to; every method when absent. */
  method?: string;
  /** Refuse every Nth matching call (1 = all of them). */
  everyN?: number;
  /** The `Retry-After` of `everyN` and always-on rules, in seconds; 1 when absent. */
  retryAfterSeconds?: number;
  /** Token bucket rate: calls allowed per second. `Retry-After` is then the wait until the next token. */
  perSecond?: number;
  /** Token bucket size (calls allowed at once); 1 when absent. */
  burst?: number;
  /** One bucket per `channel` argument, like chat.postMessage's "about 1 per second per channel". */
  perChannel?: boolean;
  /** Stop refusing after this many 429s. */
  times?: number;
};

/** The limiter's verdict for one call. */
export type RateLimitDecision = { limited: false } | { limited: true; retryAfterSeconds: number };

type Bucket = { tokens: number; updatedAt: number };

type ActiveRule = { rule: RateLimitRule; seen: number; refused: number; buckets: Map<string, Bucket> };

/** Holds the rules and decides call by call. */
export class RateLimiter {
  #rules: ActiveRule[] = [];
  #refusals = 0;

  /** Adds a rule; the returned function removes it. */
  add(rule: RateLimitRule): () => void {
    if (rule.everyN !== undefined && (!Number.isInteger(rule.everyN) || rule.everyN < 1)) {
      throw new Error('everyN must be a positive integer');
    }
    if (rule.perSecond !== undefined && !(rule.perSecond > 0)) throw new Error('perSecond must be positive');
    const active: ActiveRule = { rule, seen: 0, refused: 0, buckets: new Map() };
    this.#rules.push(active);
    return () => {
      this.#rules = this.#rules.filter((candidate) => candidate !== active);
    };
  }

  /** Removes every rule. */
  clear(): void {
    this.#rules = [];
  }

  /** How many calls were answered 429 so far. */
  get refusals(): number {
    return this.#refusals;
  }

  /** Decides one call of `method` (on `channel` when it has one) at time `now` (ms). */
  check(method: string, channel: string | undefined, now: number): RateLimitDecision {
    for (const active of this.#rules) {
      const { rule } = active;
      if (rule.method !== undefined && rule.method !== method) continue;
      if (rule.times !== undefined && active.refused >= rule.times) continue;
      const retryAfterSeconds = decide(active, channel, now);
      if (retryAfterSeconds !== undefined) {
        active.refused += 1;
        this.#refusals += 1;
        return { limited: true, retryAfterSeconds };
      }
    }
    return { limited: false };
  }
}

/** The Retry-After for a refused call, or undefined when the rule lets it through. */
function decide(active: ActiveRule, channel: string | undefined, now: number): number | undefined {
  const { rule } = active;
  if (rule.perSecond !== undefined) {
    const key = rule.perChannel === true ? (channel ?? '') : '';
    const burst = rule.burst ?? 1;
    const bucket = active.buckets.get(key) ?? { tokens: burst, updatedAt: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * rule.perSecond);
    bucket.updatedAt = now;
    active.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    // Retry-After is whole seconds; never 0, or a client would retry at once.
    return Math.max(1, Math.ceil((1 - bucket.tokens) / rule.perSecond));
  }
  active.seen += 1;
  const everyN = rule.everyN ?? 1;
  if (active.seen % everyN !== 0) return undefined;
  return rule.retryAfterSeconds ?? 1;
}
