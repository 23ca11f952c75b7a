// The bench runner's --compare (bench/lib/compare.ts): per measurement the earlier and new median, the change
// and whether it is better for its unit, the ratios, goals that moved, and names on one side only.
import { describe, expect, it } from 'vitest';
import { compareResults, formatComparison } from '../../bench/lib/compare.js';
import type { MeasurementRecord, ResultsFile, ScenarioRecord } from '../../bench/lib/results.js';

const machine = { cpu: 'test cpu', cores: 2, memoryBytes: 2 ** 30, os: 'linux', node: 'v20', postgres: 'PostgreSQL 15' };

function measurement(name: string, unit: string, median: number, extra: Partial<MeasurementRecord> = {}): MeasurementRecord {
  return { name, unit, samples: 10, median, p99: median, min: median, max: median, baseline: null, ratio: null, ...extra };
}

function scenario(name: string, measurements: MeasurementRecord[], error?: string): ScenarioRecord {
  return { name, date: '2026-12-03T00:00:00.000Z', durationMs: 1, machine, measurements, notes: [], ...(error ? { error } : {}) };
}

function results(...scenarios: ScenarioRecord[]): ResultsFile {
  return { updatedAt: '2026-12-03T00:00:00.000Z', scenarios };
}

describe('compareResults', () => {
  it('gives the change of each median, better for lower times and for higher rates', () => {
    const before = results(scenario('a', [measurement('a/latency', 'ms', 10), measurement('a/rate', 'runs/s', 100)]));
    const after = results(scenario('a', [measurement('a/latency', 'ms', 12), measurement('a/rate', 'runs/s', 150)]));
    const { changes } = compareResults(before, after);
    expect(changes.map((c) => [c.measurement, c.before, c.after, Number(c.change!.toFixed(3)), c.better])).toEqual([
      ['a/latency', 10, 12, 0.2, false],
      ['a/rate', 100, 150, 0.5, true],
    ]);
  });

  it('carries the ratio to the baseline and the goal on both sides', () => {
    const goal = (met: boolean) => ({ text: 'p50 < 11 ms', met });
    const baseline = { name: 'base', median: 5 };
    const before = results(scenario('a', [measurement('m', 'ms', 12, { baseline, ratio: 2.4, goal: goal(false) })]));
    const after = results(scenario('a', [measurement('m', 'ms', 10, { baseline, ratio: 2, goal: goal(true) })]));
    const [c] = compareResults(before, after).changes;
    expect(c).toMatchObject({ ratioBefore: 2.4, ratioAfter: 2, better: true, goal: { before: false, after: true, text: 'p50 < 11 ms' } });
    const text = formatComparison(compareResults(before, after), { before: 'old.json', after: 'new.json' }).join('\n');
    expect(text).toContain('2.40x → 2.00x');
    expect(text).toContain('goals that moved:');
    expect(text).toContain('m: now met (p50 < 11 ms)');
  });

  it('lists scenarios and measurements present on one side only, and failed scenarios', () => {
    const before = results(
      scenario('kept', [measurement('kept/old', 'ms', 1), measurement('kept/both', 'ms', 1)]),
      scenario('dropped', [measurement('dropped/m', 'ms', 1)]),
      scenario('broke', [measurement('broke/m', 'ms', 1)]),
    );
    const after = results(
      scenario('kept', [measurement('kept/both', 'ms', 1), measurement('kept/new', 'ms', 1)]),
      scenario('added', [measurement('added/m', 'ms', 1)]),
      scenario('broke', [], 'Error: boom'),
    );
    const comparison = compareResults(before, after);
    expect(comparison.changes.map((c) => c.measurement)).toEqual(['kept/both']);
    expect(comparison.changes[0]!.better).toBeNull();
    expect(comparison.onlyBefore.sort()).toEqual(['dropped', 'kept/kept/old']);
    expect(comparison.onlyAfter.sort()).toEqual(['added', 'kept/kept/new']);
    expect(comparison.failed).toEqual([{ scenario: 'broke', side: 'after' }]);
  });

  it('compares only the scenarios it is told to include', () => {
    const before = results(scenario('ran', [measurement('ran/m', 'ms', 2)]), scenario('not-run', [measurement('n', 'ms', 2)]));
    const after = results(scenario('ran', [measurement('ran/m', 'ms', 1)]));
    const comparison = compareResults(before, after, (name) => name === 'ran');
    expect(comparison.changes.map((c) => c.measurement)).toEqual(['ran/m']);
    expect(comparison.onlyBefore).toEqual([]);
  });
});
