// Where a benchmark's database time goes, seen from the client: while a profile is active, every query
// of every pg.Client in this process (Tidepool's pools, the peers' pools) is timed from the call to its
// result and summed per statement (its text, whitespace collapsed, cut at 100 characters). Round trips
// overlap, so the sums say which statements dominate and how often they run, not a share of wall time.
// Only for a diagnostic pass: the wrapping adds a little to every query.
import pg from 'pg';
import { now } from './clock.js';

export interface StatementTotal {
  statement: string;
  calls: number;
  totalMs: number;
  meanMs: number;
}

type AnyQuery = (...args: unknown[]) => unknown;

export async function profileStatements<T>(fn: () => Promise<T>): Promise<{ value: T; statements: StatementTotal[] }> {
  const totals = new Map<string, { calls: number; totalMs: number }>();
  const record = (text: string, startedAt: number) => {
    const key = labelOf(text);
    const total = totals.get(key) ?? { calls: 0, totalMs: 0 };
    total.calls++;
    total.totalMs += now() - startedAt;
    totals.set(key, total);
  };
  const prototype = pg.Client.prototype as unknown as { query: AnyQuery };
  const original = prototype.query;
  prototype.query = function (this: unknown, ...args: unknown[]) {
    const [config] = args;
    const text = typeof config === 'string' ? config : (config as { text?: unknown } | null)?.text;
    // Submittables (cursors, the pool's internal queries without text) pass through untimed.
    if (typeof text !== 'string' || typeof (config as { submit?: unknown }).submit === 'function') return original.apply(this, args);
    const startedAt = now();
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = (...result: unknown[]) => {
        record(text, startedAt);
        return (last as AnyQuery)(...result);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<unknown>).then(
        () => record(text, startedAt),
        () => record(text, startedAt),
      );
    }
    return result;
  };
  try {
    const value = await fn();
    const statements = [...totals.entries()]
      .map(([statement, total]) => ({
        statement,
        calls: total.calls,
        totalMs: round(total.totalMs),
        meanMs: round(total.totalMs / total.calls),
      }))
      .sort((a, b) => b.totalMs - a.totalMs);
    return { value, statements };
  } finally {
    prototype.query = original;
  }
}

function labelOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 100 ? `${flat.slice(0, 97)}...` : flat;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
