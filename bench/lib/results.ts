// Reporting: a table on stdout and bench/results/latest.json. The JSON keeps, per scenario, the date and
// the machine it was measured on; a filtered run replaces only the scenarios it ran.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Machine } from './machine.js';
import type { Measurement, ScenarioResult } from './scenario.js';

export const RESULTS_FILE = fileURLToPath(new URL('../results/latest.json', import.meta.url));

export interface ScenarioRecord {
  name: string;
  date: string;
  durationMs: number;
  machine: Machine;
  measurements: MeasurementRecord[];
  notes: string[];
  details?: Record<string, unknown>;
  error?: string;
}

interface MeasurementRecord {
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

/** Writes the records, keeping earlier results of scenarios this run did not include. */
export async function writeResults(records: ScenarioRecord[]): Promise<void> {
  let previous: ScenarioRecord[] = [];
  if (existsSync(RESULTS_FILE)) {
    try {
      previous = (JSON.parse(await readFile(RESULTS_FILE, 'utf8')) as { scenarios?: ScenarioRecord[] }).scenarios ?? [];
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
        fmt(m.p50),
        fmt(m.p90),
        fmt(m.p99),
        fmt(m.median),
        m.baseline?.name ?? '-',
        fmt(m.baseline?.median),
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

function fmt(value: number | undefined): string {
  return value === undefined ? '-' : value.toFixed(value < 10 ? 3 : value < 100 ? 2 : 1);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
