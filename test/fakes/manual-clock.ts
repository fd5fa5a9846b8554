import type { Clock } from '../../src/ports/clock.ts';

/** A clock the test moves by hand, so timings are tested without waiting. */
export class ManualClock implements Clock {
  private current: Date;

  constructor(start: Date | string = '2026-11-30T09:00:00.000Z') {
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  advanceHours(hours: number): void {
    this.current = new Date(this.current.getTime() + hours * 3_600_000);
  }

  set(to: Date | string): void {
    this.current = new Date(to);
  }
}
