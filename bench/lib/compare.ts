// Two results files side by side (`npm run bench -- --compare FILE`): per measurement the earlier and the new
// median, the change, the ratio to its same-run baseline before and after (the ratio is the steadier figure
// on a shared machine: both sides of it moved with the load), and goals that became met or unmet. Names on
// one side only are listed, so a renamed or dropped measurement is not silently lost.
import { formatFigure, type MeasurementRecord, type ResultsFile, type ScenarioRecord } from './results.js';

export interface MeasurementChange {
  scenario: string;
  measurement: string;
  unit: string;
  before: number;
  after: number;
  /** after / before - 1; null when before is 0. */
  change: number | null;
  /** Whether the change is an improvement: a lower time, a higher rate; null when unchanged or unknown. */
  better: boolean | null;
  ratioBefore: number | null;
  ratioAfter: number | null;
  /** The goal's verdict before → after; null when neither side has a goal. */
  goal: { before: boolean | null; after: boolean | null; text: string } | null;
}

export interface Comparison {
  changes: MeasurementChange[];
  /** "scenario" or "scenario/measurement", present (and not failed) on one side only. */
  onlyBefore: string[];
  onlyAfter: string[];
  /** Scenarios that failed on a side, so their measurements are not compared. */
  failed: { scenario: string; side: 'before' | 'after' }[];
}

/** Compares the scenarios `include` admits (all by default), in the order of `after`, then `before`'s others. */
export function compareResults(before: ResultsFile, after: ResultsFile, include: (scenario: string) => boolean = () => true): Comparison {
  const earlier = new Map(before.scenarios.filter((s) => include(s.name)).map((s) => [s.name, s]));
  const later = new Map(after.scenarios.filter((s) => include(s.name)).map((s) => [s.name, s]));
  const comparison: Comparison = { changes: [], onlyBefore: [], onlyAfter: [], failed: [] };
  for (const name of new Set([...later.keys(), ...earlier.keys()])) {
    const old = earlier.get(name);
    const now = later.get(name);
    if (!old || !now) {
      (old ? comparison.onlyBefore : comparison.onlyAfter).push(name);
      continue;
    }
    if (old.error !== undefined || now.error !== undefined) {
      if (old.error !== undefined) comparison.failed.push({ scenario: name, side: 'before' });
      if (now.error !== undefined) comparison.failed.push({ scenario: name, side: 'after' });
      continue;
    }
    compareScenario(old, now, comparison);
  }
  return comparison;
}

function compareScenario(old: ScenarioRecord, now: ScenarioRecord, into: Comparison): void {
  const earlier = new Map(old.measurements.map((m) => [m.name, m]));
  const later = new Set(now.measurements.map((m) => m.name));
  for (const m of now.measurements) {
    const previous = earlier.get(m.name);
    if (previous) into.changes.push(change(now.name, previous, m));
    else into.onlyAfter.push(`${now.name}/${m.name}`);
  }
  for (const m of old.measurements) if (!later.has(m.name)) into.onlyBefore.push(`${old.name}/${m.name}`);
}

function change(scenario: string, before: MeasurementRecord, after: MeasurementRecord): MeasurementChange {
  const ratio = before.median === 0 ? null : after.median / before.median - 1;
  const lowerIsBetter = after.unit === 'ms';
  return {
    scenario,
    measurement: after.name,
    unit: after.unit,
    before: before.median,
    after: after.median,
    change: ratio,
    better: ratio === null || ratio === 0 ? null : ratio < 0 === lowerIsBetter,
    ratioBefore: before.ratio,
    ratioAfter: after.ratio,
    goal:
      before.goal || after.goal
        ? { before: before.goal?.met ?? null, after: after.goal?.met ?? null, text: (after.goal ?? before.goal)!.text }
        : null,
  };
}

/** The comparison as lines of text: a table, then the goals that moved, then what one side lacks. */
export function formatComparison(comparison: Comparison, labels: { before: string; after: string }): string[] {
  const header = ['scenario / measurement', 'unit', 'before', 'after', 'change', 'ratio before → after', 'goal'];
  const rows: string[][] = [];
  comparison.changes.forEach((c, i) => {
    if (comparison.changes[i - 1]?.scenario !== c.scenario) rows.push([c.scenario, '', '', '', '', '', '']);
    rows.push([
      `  ${c.measurement}`,
      c.unit,
      formatFigure(c.before),
      formatFigure(c.after),
      c.change === null
        ? '-'
        : `${c.change >= 0 ? '+' : ''}${(c.change * 100).toFixed(1)}%${c.better === null ? '' : c.better ? ' better' : ' worse'}`,
      c.ratioBefore === null && c.ratioAfter === null ? '-' : `${ratio(c.ratioBefore)} → ${ratio(c.ratioAfter)}`,
      goalText(c.goal),
    ]);
  });
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i >= 2 && i <= 4 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const lines = [`before: ${labels.before}`, `after:  ${labels.after}`, '', line(header), line(widths.map((w) => '-'.repeat(w)))];
  lines.push(...rows.map(line));
  const moved = comparison.changes.filter((c) => c.goal && c.goal.before !== c.goal.after);
  if (moved.length > 0) {
    lines.push('', 'goals that moved:');
    for (const c of moved) lines.push(`  ${c.measurement}: ${goalText(c.goal)} (${c.goal!.text})`);
  }
  for (const f of comparison.failed)
    lines.push(`${f.scenario} failed ${f.side === 'before' ? 'in the earlier file' : 'in the new results'}: not compared`);
  if (comparison.onlyBefore.length > 0) lines.push(`only before: ${comparison.onlyBefore.join(', ')}`);
  if (comparison.onlyAfter.length > 0) lines.push(`only after: ${comparison.onlyAfter.join(', ')}`);
  return lines;
}

function goalText(goal: MeasurementChange['goal']): string {
  if (!goal) return '';
  const verdict = (met: boolean | null) => (met === null ? 'none' : met ? 'met' : 'NOT met');
  if (goal.before === goal.after) return verdict(goal.after);
  if (goal.after === true && goal.before === false) return 'now met';
  if (goal.after === false && goal.before === true) return 'NO LONGER met';
  return `${verdict(goal.before)} → ${verdict(goal.after)}`;
}

function ratio(value: number | null): string {
  return value === null ? '-' : `${value.toFixed(2)}x`;
}
