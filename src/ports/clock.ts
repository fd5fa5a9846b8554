/** The time source. Production uses the system clock; tests move a controllable one. */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
