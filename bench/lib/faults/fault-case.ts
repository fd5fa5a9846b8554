/**
 * One fault of DESIGN §8 replayed under load by the `faults` benchmark: the test suite holds the
 * short version, this the load version. A case drives the real product path, injects its fault,
 * and counts effects from what the product left behind (store rows, deliveries the fakes saw).
 */
import type { BenchContext } from '../types.ts';

/** What one fault case measured. */
export type FaultOutcome = {
  /** Short name shown in the table, e.g. `worker SIGKILL mid-dossier`. */
  name: string;
  /** The load in words, e.g. `300 dossiers, worker killed after 90 delivered`. */
  load: string;
  /** Effects the load should have, each exactly once (dossiers, reports, DMs, accepted offers). */
  expected: number;
  /** Distinct expected effects observed. */
  seen: number;
  /** Expected effects missing (`expected - seen`). */
  lost: number;
  /** Effects observed more than once, or effects that should not exist at all (a half-written row). */
  duplicated: number;
  /** Wall time of the case, fault included. */
  seconds: number;
  /** How it was measured, anything the reader needs to trust the counts. */
  notes: string[];
};

/** A fault case: `run` sets up, loads, injects, recovers and counts; it cleans up what it started. */
export type FaultCase = {
  name: string;
  run(context: BenchContext): Promise<FaultOutcome>;
};
