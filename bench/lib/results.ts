// Reporting: a table on stdout and bench/results/latest.json. The JSON keeps, per scenario, the date and
// the machine it was measured on; a filtered run replaces only the scenarios it ran.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScenarioDiagnostics } from './diagnostics.js';
import type { Machine } from './machine.js';
import type { Measurement, ScenarioResult } from './scenario.js';

export const RESULTS_DIR = fileURLToPath(new URL('../results', import.meta.url));
export const RESULTS_FILE = join(RESULTS_DIR, 'latest.json');

export interface ResultsFile {
  updatedAt: string;
  scenarios: ScenarioRecord[];
}

export interface ScenarioRecord {
  name: string;
  date: string;
  durationMs: number;
  machine: Machine;
  measurements: MeasurementRecord[];
  notes: string[];
  details?: Record<string, unknown>;
  error?: string;
  /** Where the time went, from a second, profiled pass (bench/lib/diagnostics.ts); absent with --no-profile. */
  diagnostics?: DiagnosticsRecord;
}

export interface DiagnosticsRecord extends Partial<ScenarioDiagnostics> {
  /** The profiled pass's own medians: against the figures', what the instruments cost. */
  measurements: { name: string; median: number }[];
  error?: string;
}

export interface MeasurementRecord {
  name: string;
  unit: string;
  samples: number;
  median: number;
  p50?: number;
  p90?: number;
  p99: number;
  min: number;
  max: number;
  baseline: { name: string; median: number } | null;
  ratio: number | null;
  goal?: { text: string; met: boolean };
}

export function toRecord(
  name: string,
  date: Date,
  durationMs: number,
  machine: Machine,
  result: ScenarioResult | { error: Error },
): ScenarioRecord {
  const base = { name, date: date.toISOString(), durationMs: round(durationMs), machine };
  if ('error' in result) return { ...base, measurements: [], notes: [], error: result.error.stack ?? String(result.error) };
  return {
    ...base,
    measurements: result.measurements.map(toMeasurementRecord),
    notes: result.notes,
    ...(result.details ? { details: result.details } : {}),
  };
}

/** A result's medians, rounded as in the records. */
export function mediansOf(result: ScenarioResult): { name: string; median: number }[] {
  return result.measurements.map((m) => ({ name: m.name, median: round(m.stats.median) }));
}

function toMeasurementRecord(m: Measurement): MeasurementRecord {
  const { stats } = m;
  return {
    name: m.name,
    unit: m.unit,
    samples: stats.samples,
    median: round(stats.median),
    ...(m.kind === 'latency' ? { p50: round(stats.p50), p90: round(stats.p90) } : {}),
    p99: round(stats.p99),
    min: round(stats.min),
    max: round(stats.max),
    baseline: m.baseline ? { name: m.baseline.name, median: round(m.baseline.median) } : null,
    ratio: m.ratio === null ? null : round(m.ratio),
    ...(m.goal ? { goal: m.goal } : {}),
  };
}

export async function readResults(file: string): Promise<ResultsFile> {
  const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<ResultsFile>;
  if (!Array.isArray(parsed.scenarios)) throw new Error(`${file} is not a results file of npm run bench (no "scenarios" list).`);
  return { updatedAt: parsed.updatedAt ?? '', scenarios: parsed.scenarios };
}

/** Writes the records, keeping earlier results of scenarios this run did not include. */
export async function writeResults(records: ScenarioRecord[]): Promise<void> {
  let previous: ScenarioRecord[] = [];
  if (existsSync(RESULTS_FILE)) {
    try {
      previous = (await readResults(RESULTS_FILE)).scenarios;
    } catch {
      previous = []; // An unreadable old file is replaced, not fatal.
    }
  }
  const ran = new Set(records.map((record) => record.name));
  const scenarios = [...previous.filter((record) => !ran.has(record.name)), ...records];
  await mkdir(dirname(RESULTS_FILE), { recursive: true });
  await writeFile(RESULTS_FILE, `${JSON.stringify({ updatedAt: new Date().toISOString(), scenarios }, null, 2)}\n`);
}

export function printTable(records: ScenarioRecord[], machine: Machine): void {
  const header = ['measurement', 'unit', 'n', 'p50', 'p90', 'p99', 'median', 'baseline', 'base median', 'ratio', 'goal'];
  const rows: string[][] = [];
  for (const record of records) {
    if (record.error) {
      rows.push([record.name, '', '', '', '', '', 'FAILED', '', '', '', '']);
      continue;
    }
    for (const m of record.measurements) {
      rows.push([
        m.name,
        m.unit,
        String(m.samples),
        formatFigure(m.p50),
        formatFigure(m.p90),
        formatFigure(m.p99),
        formatFigure(m.median),
        m.baseline?.name ?? '-',
        formatFigure(m.baseline?.median),
        m.ratio === null ? '-' : `${m.ratio.toFixed(2)}x`,
        m.goal ? `${m.goal.met ? 'met' : 'NOT met'}: ${m.goal.text}` : '',
      ]);
    }
  }
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 || i >= 7 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  console.log('');
  console.log(`${machine.cpu} (${machine.cores} cores), ${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB, node ${machine.node}`);
  console.log(machine.postgres);
  console.log('');
  console.log(line(header));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(row));
  for (const record of records) {
    if (record.error) console.log(`\n${record.name} failed:\n${record.error}`);
    else if (record.notes.length > 0) console.log(`\n${record.name}:\n${record.notes.map((note) => `  - ${note}`).join('\n')}`);
  }
  console.log('');
}

/** Per scenario, the profiled pass's cost and the head of each profile and of the wait sample. */
export function printDiagnostics(records: ScenarioRecord[]): void {
  const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
  for (const { name, measurements, diagnostics } of records) {
    if (!diagnostics) continue;
    console.log(`${name}, profiled pass:`);
    if (diagnostics.error !== undefined) {
      console.log(`  failed: ${diagnostics.error.split('\n')[0]}`);
      continue;
    }
    const figures = new Map(measurements.map((m) => [m.name, m.median]));
    const costs = diagnostics.measurements.flatMap((m) => {
      const figure = figures.get(m.name);
      return figure === undefined || figure === 0
        ? []
        : [`${m.name} ${formatFigure(m.median)} (${signed((m.median / figure - 1) * 100)}%)`];
    });
    if (costs.length > 0) console.log(`  medians profiled, against the figures: ${costs.join('; ')}`);
    const profiles = [
      ['bench process', diagnostics.process],
      [`children (${diagnostics.children?.profiles ?? 0})`, diagnostics.children],
    ] as const;
    for (const [label, summary] of profiles) {
      if (!summary) continue;
      const top = summary.top.slice(0, 3).map((f) => `${f.function} (${f.location || 'native'}) ${pct(f.busyShare)}`);
      console.log(`  ${label}: ${(summary.durationMs / 1000).toFixed(1)} s, idle ${pct(summary.idleShare)}; of busy: ${top.join(', ')}`);
    }
    if (diagnostics.waits) {
      const waits = diagnostics.waits.waits.slice(0, 4).map((w) => `${w.what} ${w.backends.toFixed(2)}`);
      console.log(`  backends per sample (${diagnostics.waits.samples} samples): ${waits.join(', ') || 'none seen'}`);
    } else if (diagnostics.waitsError !== undefined) console.log(`  wait sampler failed: ${diagnostics.waitsError}`);
  }
  console.log('');
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(1)}`;
}

/** A figure with 3 significant-ish digits, as the tables print them. */
export function formatFigure(value: number | undefined): string {
  return value === undefined ? '-' : value.toFixed(value < 10 ? 3 : value < 100 ? 2 : 1);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
