/**
 * The shape every benchmark in `bench/benchmarks/` follows, and what the runner records of it.
 * A benchmark file's default export is a {@link Benchmark}; the runner runs it in a child process
 * of its own (see `child.ts`), so one benchmark's heap and peak RSS never skew another's.
 */

/** What a benchmark is given, in the child process that runs it. */
export type BenchContext = {
  /** A shorter run (smaller sizes or fewer repeats), to check the harness rather than the figures. */
  quick: boolean;
  /** A directory private to this benchmark, shared by `prepare` and `run`, removed afterwards. */
  workDir: string;
  /** Progress for the person watching (stderr); not part of the results. */
  log(message: string): void;
};

/** One measure besides the headline figure (a load ratio, a violation count, a memory peak). */
export type BenchMetric = {
  name: string;
  value: number;
  unit: string;
  /** The goal in words, e.g. `≤ 1.05`; absent for a figure shown for information. */
  goal?: string;
  /** Whether `value` meets `goal`; absent when there is no goal. */
  met?: boolean;
};

/** What a benchmark's `run` returns. */
export type BenchResult = {
  /** The headline figure (e.g. decisions per second). */
  figure: number;
  unit: string;
  /** The same work done by the comparison (a baseline, a bare framework, a pure computation). */
  comparison: { figure: number; label: string };
  /** `figure / comparison.figure`, said in `ratioLabel`. */
  ratio: number;
  /** What the ratio means, e.g. `× naive` or `of a no-op flow`. */
  ratioLabel: string;
  /** The §7 goal in words. */
  goal: string;
  /** True when every goal of the benchmark (headline and metrics) is met. */
  met: boolean;
  /** Other measures, each with its own goal when it has one. */
  metrics: BenchMetric[];
  /** What limits the figure, how it was measured, anything a reader needs to trust it. */
  notes: string[];
};

/** A benchmark: one file in `bench/benchmarks/`, default export. */
export type Benchmark = {
  /** Short name used by `--only` and in the table. */
  name: string;
  /** The §7 goal in words. */
  goal: string;
  /**
   * Optional setup in a child process of its own (e.g. filling a database), so that its memory does
   * not count in the peak RSS of `run`. It may leave files in `workDir` for `run`.
   */
  prepare?(context: BenchContext): Promise<void>;
  run(context: BenchContext): Promise<BenchResult>;
};

/** What the runner keeps of one benchmark (one entry of `bench/results/latest.json`). */
export type BenchEntry = {
  name: string;
  goal: string;
  ok: boolean;
  /** Set when the benchmark crashed or timed out. */
  error?: string;
  result?: BenchResult;
  /** Peak resident set size of the child process that ran `run`, in MB. */
  peakRssMb?: number;
  /** Wall time of `prepare` and `run`, in seconds. */
  prepareSeconds?: number;
  runSeconds?: number;
};
