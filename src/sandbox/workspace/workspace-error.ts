/** Refusals of the workspace API, answered as `{ "error": message }` with their HTTP status. */

/** A request the page should not have sent, or that the platform would refuse; `message` is shown as is. */
export class WorkspaceError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'WorkspaceError';
    this.status = status;
  }
}

/**
 * Follows events through `subscribe` until `pick` returns a value, for at most `timeoutMs`; resolves
 * with that value or undefined. `subscribe` returns the function that stops following.
 */
export function firstEvent<T>(
  subscribe: (listener: () => void) => () => void,
  pick: () => T | undefined,
  timeoutMs: number,
): Promise<T | undefined> {
  const now = pick();
  if (now !== undefined) return Promise.resolve(now);
  return new Promise((resolve) => {
    const finish = (value: T | undefined) => {
      clearTimeout(timer);
      stop();
      resolve(value);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    const stop = subscribe(() => {
      const value = pick();
      if (value !== undefined) finish(value);
    });
  });
}
