// Replaying what executed against the limits, modelled here independently of src/queue and src/pools.
//
// From the recorded step executions: each execution lies inside its step's slot hold and its run's
// in-progress span (the op body starts after the slot was granted and the run was STARTED, and ends
// before the slot is released and the run ends), so the executions open at any instant belong to runs
// in progress together and hold slots together. An execution with no recorded end (its process was
// SIGKILLed mid-step) is taken to last until its run ended: the run stayed STARTED, holding its slot,
// until the monitor failed it. An execution that outlived its run (a worker still running a step after
// the monitor had failed the run) is cut at the run's end: from then on Tidepool no longer counts it,
// and the cut is reported as a "zombie tail".
import type { TagConcurrencyLimit } from '../../src/config/index.js';

export interface Execution {
  runId: string;
  stepKey: string;
  pool: string | null;
  pid: number;
  /** Microseconds since the epoch (Postgres clock_timestamp()). */
  start: number;
  end: number | null;
  outcome: string | null;
}

export interface RunInfo {
  id: string;
  status: string;
  tags: Readonly<Record<string, string>>;
  /** Microseconds since the epoch, null while the run is not finished. */
  endTime: number | null;
}

export interface Span {
  runId: string;
  pool: string | null;
  start: number;
  end: number;
}

export interface Spans {
  spans: Span[];
  /** Executions cut at their run's end (they ran on after it). */
  zombieTails: { runId: string; stepKey: string; overrunMs: number }[];
  /** Executions without a recorded end. */
  openEnded: Execution[];
}

export function toSpans(executions: readonly Execution[], runs: ReadonlyMap<string, RunInfo>): Spans {
  const zombieTails: Spans['zombieTails'] = [];
  const openEnded: Execution[] = [];
  const spans = executions.map((execution) => {
    const runEnd = runs.get(execution.runId)?.endTime ?? Infinity;
    if (execution.end === null) openEnded.push(execution);
    const recordedEnd = execution.end ?? Infinity;
    if (recordedEnd > runEnd) {
      if (execution.end !== null)
        zombieTails.push({ runId: execution.runId, stepKey: execution.stepKey, overrunMs: (recordedEnd - runEnd) / 1000 });
    }
    return { runId: execution.runId, pool: execution.pool, start: execution.start, end: Math.min(recordedEnd, runEnd) };
  });
  return { spans, zombieTails, openEnded };
}

/** For each span's start, the spans open at that instant (a span ending at t is closed at t). */
export function openSets(spans: readonly Span[]): Span[][] {
  return spans.map((at) => spans.filter((other) => other.start <= at.start && at.start < other.end));
}

/** Which count of `rule` a run with these tags adds to (null: the rule does not count it). */
export function countOf(rule: TagConcurrencyLimit, tags: Readonly<Record<string, string>>): string | null {
  const value = tags[rule.key];
  if (value === undefined) return null;
  if (rule.value === undefined) return '*';
  if (typeof rule.value === 'string') return value === rule.value ? value : null;
  return value;
}

export function describeRule(rule: TagConcurrencyLimit): string {
  if (rule.value === undefined) return `tag ${rule.key} (any value)`;
  return typeof rule.value === 'string' ? `tag ${rule.key}=${rule.value}` : `tag ${rule.key} (per unique value)`;
}

export interface RunParallelism {
  total: number;
  perRule: number[];
}

/** The most runs in progress together, overall and per tag rule (per count for per-value rules). */
export function runParallelism(
  sets: Iterable<readonly string[]>,
  tagsOf: (runId: string) => Readonly<Record<string, string>>,
  rules: readonly TagConcurrencyLimit[],
): RunParallelism {
  const seen: RunParallelism = { total: 0, perRule: rules.map(() => 0) };
  for (const set of sets) {
    const runIds = [...new Set(set)];
    seen.total = Math.max(seen.total, runIds.length);
    rules.forEach((rule, i) => {
      const counts = new Map<string, number>();
      for (const runId of runIds) {
        const key = countOf(rule, tagsOf(runId));
        if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      seen.perRule[i] = Math.max(seen.perRule[i]!, 0, ...counts.values());
    });
  }
  return seen;
}

/** The most executions of each pool open together. */
export function poolParallelism(sets: Iterable<readonly Span[]>, pools: readonly string[]): Map<string, number> {
  const seen = new Map(pools.map((pool) => [pool, 0]));
  for (const set of sets) {
    for (const pool of pools) {
      const inPool = set.filter((span) => span.pool === pool).length;
      seen.set(pool, Math.max(seen.get(pool)!, inPool));
    }
  }
  return seen;
}

/**
 * The same run-level figure from the event log, without clocks (see test/integration/queue-concurrency
 * for why this is sound): for each RUN_STARTING event s, the runs whose RUN_STARTING id is ≤ s and whose
 * terminal event id is > s (or which have none). It over-approximates, so it can only be higher than
 * what was really concurrent.
 */
export function eventLogSets(spans: readonly { runId: string; from: number; to: number }[]): string[][] {
  return spans.map((at) => spans.filter((other) => other.from <= at.from && at.from < other.to).map((other) => other.runId));
}
