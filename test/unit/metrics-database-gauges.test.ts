// The database gauges' read policy (metrics/database-gauges.ts): at most one read per interval however many
// scrapes, concurrent scrapes share the read in flight, a failed read keeps the last values and is counted,
// and series of pools that are gone disappear. The reads here are plain functions returning states; what
// they read from Postgres is covered by test/e2e/metrics.test.ts.
import { describe, expect, it } from 'vitest';
import { DatabaseGauges, MAX_LIMIT_SERIES, type DatabaseState } from '../../src/metrics/database-gauges.js';
import { enableMetrics } from '../../src/metrics/instruments.js';
import { OperationNames } from '../../src/metrics/operation-names.js';
import { parseMetrics } from '../support/metrics.js';

const instruments = enableMetrics();

function state(pools: string[], queuedRuns = 0): DatabaseState {
  return {
    pools: pools.map((pool) => ({ pool, limit: 2, inUse: 1, waiting: 0 })),
    tagLimits: [],
    queuedRuns,
    oldestQueuedSeconds: null,
    unfinishedRuns: { QUEUED: queuedRuns },
    estimatedRuns: {},
  };
}

const scrape = async () => parseMetrics(await instruments.register.metrics());

describe('DatabaseGauges', () => {
  it('reads once per interval whatever the number of scrapes, and scrapes arriving together share one read', async () => {
    let reads = 0;
    const gauges = new DatabaseGauges(instruments, async () => state(['a'], ++reads), 1_000);
    await Promise.all([gauges.refresh(0), gauges.refresh(0), gauges.refresh(10)]);
    await gauges.refresh(999);
    expect(reads).toBe(1);
    expect((await scrape()).value('tidepool_queued_runs')).toBe(1);
    await gauges.refresh(1_000);
    expect(reads).toBe(2);
    expect((await scrape()).value('tidepool_queued_runs')).toBe(2);
  });

  it('keeps the last values when a read fails, counts the failure, and drops the series of pools that are gone', async () => {
    const states: (DatabaseState | Error)[] = [state(['a', 'b'], 3), new Error('database down'), state(['b'], 4)];
    const gauges = new DatabaseGauges(
      instruments,
      async () => {
        const next = states.shift()!;
        if (next instanceof Error) throw next;
        return next;
      },
      1_000,
    );
    await gauges.refresh(0);
    const failuresBefore = (await scrape()).value('tidepool_database_gauges_read_failures_total') ?? 0;
    await gauges.refresh(1_000);
    const afterFailure = await scrape();
    expect(afterFailure.value('tidepool_database_gauges_read_failures_total')).toBe(failuresBefore + 1);
    expect(afterFailure.value('tidepool_queued_runs')).toBe(3);
    expect(afterFailure.value('tidepool_pool_limit', { pool: 'a' })).toBe(2);
    await gauges.refresh(2_000);
    const after = await scrape();
    expect(after.value('tidepool_pool_limit', { pool: 'a' })).toBeUndefined();
    expect(after.value('tidepool_pool_slots_in_use', { pool: 'b' })).toBe(1);
  });

  it(`reports at most ${MAX_LIMIT_SERIES} pools, and how many there are`, async () => {
    const many = Array.from({ length: MAX_LIMIT_SERIES + 50 }, (_, i) => `pool-${String(i).padStart(4, '0')}`);
    await new DatabaseGauges(instruments, async () => state(many), 1_000).refresh(0);
    const metrics = await scrape();
    expect(metrics.series('tidepool_pool_slots_in_use')).toHaveLength(MAX_LIMIT_SERIES);
    expect(metrics.value('tidepool_pools')).toBe(MAX_LIMIT_SERIES + 50);
  });
});

describe('OperationNames', () => {
  it('keeps the first names, then collapses new ones, anonymous ones and ones that are not GraphQL names', () => {
    const names = new OperationNames(2);
    expect([names.label('A'), names.label('B'), names.label('C'), names.label('A')]).toEqual(['A', 'B', 'other', 'A']);
    expect([names.label(undefined), names.label(null), names.label('')]).toEqual(['anonymous', 'anonymous', 'anonymous']);
    expect(new OperationNames().label('not a name')).toBe('other');
  });
});
