/** The run's summary: the table printed at the end and the JSON written to `bench/results/`. */
import { cpus, totalmem } from 'node:os';
import type { BenchEntry } from './types.ts';

/** The machine the figures were measured on. */
export type MachineInfo = {
  cpus: number;
  model: string;
  totalMemoryMb: number;
  node: string;
  platform: string;
};

/** What `bench/results/latest.json` holds. */
export type BenchSummary = {
  date: string;
  quick: boolean;
  machine: MachineInfo;
  /** One per benchmark, each with the date it was measured (a `--only` run updates its own). */
  benchmarks: (BenchEntry & { date: string })[];
};

/** This machine's description. */
export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpus: list.length,
    model: list[0]?.model.trim() ?? 'unknown',
    totalMemoryMb: Math.round(totalmem() / 1024 / 1024),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

/** A number for the table: thousands separated, at most `digits` decimals, fewer for large values. */
export function formatNumber(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  const decimals = magnitude >= 1000 ? 0 : magnitude >= 100 ? Math.min(digits, 1) : digits;
  return value.toLocaleString('en-US', { maximumFractionDigits: decimals, minimumFractionDigits: 0 });
}

type Row = [string, string, string, string, string, string];

function rowsOf(entry: BenchEntry): Row[] {
  const r = entry.result;
  if (!r) return [[entry.name, 'error', '', '', entry.goal, 'no']];
  const rows: Row[] = [
    [
      entry.name,
      `${formatNumber(r.figure)} ${r.unit}`,
      `${formatNumber(r.comparison.figure)} ${r.unit} (${r.comparison.label})`,
      `${formatNumber(r.ratio)} ${r.ratioLabel}`,
      r.goal,
      r.met ? 'yes' : 'NO',
    ],
  ];
  for (const m of r.metrics) {
    rows.push([
      `  ${m.name}`,
      `${formatNumber(m.value)} ${m.unit}`,
      '',
      '',
      m.goal ?? '',
      m.met === undefined ? '' : m.met ? 'yes' : 'NO',
    ]);
  }
  if (entry.peakRssMb !== undefined) {
    rows.push(['  process peak RSS', `${formatNumber(entry.peakRssMb, 0)} MB`, '', '', '', '']);
  }
  return rows;
}

/** The table of every benchmark (headline row, then its metrics), then each one's notes. */
export function renderTable(entries: readonly BenchEntry[]): string {
  const header: Row = ['benchmark', 'figure', 'comparison', 'ratio', 'goal', 'met'];
  const rows = [header, ...entries.flatMap(rowsOf)];
  const widths = header.map((_, i) => Math.max(...rows.map((row) => row[i]?.length ?? 0)));
  const line = (row: Row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join(' │ ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('─┼─');
  const out = [line(header), rule, ...rows.slice(1).map(line)];
  for (const entry of entries) {
    const notes = entry.error
      ? [entry.error.split('\n').slice(0, 6).join('\n    ')]
      : (entry.result?.notes ?? []);
    if (notes.length === 0) continue;
    out.push('', `${entry.name}:`);
    for (const note of notes) out.push(`  - ${note}`);
  }
  return out.join('\n');
}
