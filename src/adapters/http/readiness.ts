/** Readiness probes for `GET /readyz`: each dependency answers within a deadline or counts as down. */

/** Which dependencies answered, and whether the process is on its way out (SIGTERM received). */
export type Readiness = { database: boolean; redis: boolean; draining?: boolean };

/** Resolves true when `check` resolves within `timeoutMs`, false when it rejects or takes longer. */
export async function probe(check: () => Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
    timer.unref();
  });
  try {
    // Through `then` so that a check that throws synchronously counts as down too.
    const answered = Promise.resolve()
      .then(check)
      .then(
        () => true,
        () => false,
      );
    return await Promise.race([answered, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Builds the `ready` function of the HTTP app from one ping per dependency (e.g. `store.ping()`
 * and the job queue's `ping()`), probed in parallel.
 */
export function readinessCheck(
  checks: { database: () => Promise<unknown>; redis: () => Promise<unknown> },
  timeoutMs = 2_000,
): () => Promise<Readiness> {
  return async () => {
    const [database, redis] = await Promise.all([
      probe(checks.database, timeoutMs),
      probe(checks.redis, timeoutMs),
    ]);
    return { database, redis };
  };
}
