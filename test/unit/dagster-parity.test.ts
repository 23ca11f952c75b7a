// Schema parity with Dagster (issue 17): every type reachable from the run, queue, pool and instance roots has
// Dagster's shape. The rule that decides which types are compared, and the counts, are at the top of
// test/parity/dagster-shapes.ts; README "Dagster compatibility" says the same for users.
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/graphql/index.js';
import { compareSchema, referencedTypes } from '../parity/compare-schema.js';
import { DAGSTER_SHAPES } from '../parity/dagster-shapes.js';

/**
 * Differences that are known and owned by someone, each with its reason. The test fails for any difference
 * not listed here AND for any entry listed here that no longer differs (delete it when it is fixed).
 */
const KNOWN_GAPS: Readonly<Set<string>> = new Set<string>([]);

describe('Dagster schema parity', () => {
  it('the description is closed: every type a compared type names is described too', () => {
    const unnamed: string[] = [];
    for (const [name, shape] of Object.entries(DAGSTER_SHAPES)) {
      if (shape.boundary) continue;
      for (const ref of referencedTypes(shape)) if (!(ref in DAGSTER_SHAPES)) unnamed.push(`${name} → ${ref}`);
    }
    expect(unnamed).toEqual([]);
  });

  it("Tidepool's schema has Dagster's shape for every described type (except the listed known gaps)", () => {
    const { mismatches, counts } = compareSchema(schema, DAGSTER_SHAPES);
    // The figures README "Dagster compatibility" quotes.
    expect(counts).toEqual({ typesInFull: 217, partialRoots: 3, boundaryTypes: 6, fields: 900 });
    const unexpected = mismatches.filter((m) => !KNOWN_GAPS.has(m.id));
    const stale = [...KNOWN_GAPS].filter((id) => !mismatches.some((m) => m.id === id));
    const report = [
      ...unexpected.map((m) => `  ${m.id}: ${m.detail}`),
      ...stale.map((id) => `  ${id}: listed in KNOWN_GAPS but no longer differs: remove it`),
    ];
    expect(report, `${report.length} difference(s) from Dagster's schema:\n${report.join('\n')}`).toEqual([]);
  });
});
