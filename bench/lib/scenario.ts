// What a benchmark scenario is and what it hands back. A scenario is a module exporting
// `{ name, run() }`, registered in the list in bench/run.ts; the runner adds the date and the machine.
import type { Stats } from './stats.js';

/** Milliseconds for latencies and durations; a rate (higher is better) for throughput scenarios. */
export type Unit = 'ms' | 'runs/s' | 'jobs/s' | 'req/s' | 'commits/s';

export interface Measurement {
  /** e.g. `launch-to-starting` or `dequeue-scaling/n=100000`. */
  name: string;
  unit: Unit;
  /**
   * Latency figures also report p50/p90; durations of a whole operation report median and p99; rates
   * (one sample per repetition, higher is better) report median and p99 too, and their tail is `min`.
   */
  kind: 'latency' | 'duration' | 'rate';
  stats: Stats;
  /** What this measurement is compared with, measured in the same run (null for a baseline itself). */
  baseline: { name: string; median: number } | null;
  /** stats.median / baseline.median. */
  ratio: number | null;
  /** The target, for context only: benchmarks never fail on a number. */
  goal?: { text: string; met: boolean };
}

export interface ScenarioResult {
  measurements: Measurement[];
  /** Facts that are not results but matter to reading them (setup cost, caveats, plan findings). */
  notes: string[];
  /** Structured extras for the JSON file (e.g. per-statement timings). */
  details?: Record<string, unknown>;
}

export interface Scenario {
  name: string;
  description: string;
  run(): Promise<ScenarioResult>;
}

export function measurement(
  name: string,
  kind: Measurement['kind'],
  stats: Stats,
  baseline?: { name: string; stats: Stats } | null,
  goal?: (stats: Stats, ratio: number | null) => { text: string; met: boolean },
): Measurement {
  const ratio = baseline ? stats.median / baseline.stats.median : null;
  return {
    name,
    unit: 'ms',
    kind,
    stats,
    baseline: baseline ? { name: baseline.name, median: baseline.stats.median } : null,
    ratio,
    ...(goal ? { goal: goal(stats, ratio) } : {}),
  };
}

/** A throughput measurement: one rate per repetition; the ratio is this median over the baseline's. */
export function rate(
  name: string,
  unit: Exclude<Unit, 'ms'>,
  stats: Stats,
  baseline?: { name: string; stats: Stats } | null,
  goal?: (stats: Stats, ratio: number | null) => { text: string; met: boolean },
): Measurement {
  return { ...measurement(name, 'rate', stats, baseline, goal), unit };
}
