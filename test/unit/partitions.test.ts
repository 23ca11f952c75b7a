// Partition keys: static sets, daily and hourly windows (UTC and a DST time zone), ranges, end dates, and
// how partitions attach to assets and jobs (a job's assets share one definition).
import { describe, expect, it } from 'vitest';
import {
  ASSET_JOB_NAME,
  DailyPartitionsDefinition,
  Definitions,
  DefinitionsError,
  HourlyPartitionsDefinition,
  InvalidSubsetError,
  PartitionRangeError,
  StaticPartitionsDefinition,
  TimeWindowPartitionsDefinition,
  asset,
  defineAssetJob,
  job,
  op,
  selectJob,
} from '../../src/definitions/index.js';
import type { PartitionsDefinition } from '../../src/definitions/index.js';

const at = (iso: string) => new Date(iso);

describe('StaticPartitionsDefinition', () => {
  const regions: PartitionsDefinition = new StaticPartitionsDefinition(['eu', 'us', 'apac']);

  it('keeps its keys in order and answers membership', () => {
    expect(regions.getPartitionKeys(at('2026-01-01T00:00:00Z'))).toEqual(['eu', 'us', 'apac']);
    expect(regions.hasPartitionKey('us', at('2026-01-01T00:00:00Z'))).toBe(true);
    expect(regions.hasPartitionKey('mars', at('2026-01-01T00:00:00Z'))).toBe(false);
    expect(regions.type).toBe('STATIC');
  });

  it('gives a range by position, both ends included', () => {
    expect(regions.getPartitionKeysInRange('us', 'apac', new Date())).toEqual(['us', 'apac']);
    expect(() => regions.getPartitionKeysInRange('apac', 'eu', new Date())).toThrow(PartitionRangeError);
    expect(() => regions.getPartitionKeysInRange('eu', 'mars', new Date())).toThrow(/"mars"/);
  });

  it('refuses duplicate, empty and separator-bearing keys', () => {
    expect(() => new StaticPartitionsDefinition(['a', 'a'])).toThrow(DefinitionsError);
    expect(() => new StaticPartitionsDefinition([''])).toThrow(DefinitionsError);
    expect(() => new StaticPartitionsDefinition(['a,b'])).toThrow(/','/);
  });
});

describe('DailyPartitionsDefinition', () => {
  const daily = new DailyPartitionsDefinition({ startDate: '2026-01-01' });

  it('has a key per ended day up to now (Dagster format yyyy-MM-dd)', () => {
    expect(daily.getPartitionKeys(at('2026-01-04T12:00:00Z'))).toEqual(['2026-01-01', '2026-01-02', '2026-01-03']);
    expect(daily.getPartitionKeys(at('2025-12-31T00:00:00Z'))).toEqual([]);
    // Today's window has not ended: not a partition yet.
    expect(daily.hasPartitionKey('2026-01-04', at('2026-01-04T23:59:59Z'))).toBe(false);
    expect(daily.hasPartitionKey('2026-01-04', at('2026-01-05T00:00:00Z'))).toBe(true);
    expect(daily.description).toBe('Daily, starting 2026-01-01 UTC.');
  });

  it('answers for an earlier now after a later one (the keys are cached, not the answer)', () => {
    expect(daily.getPartitionKeys(at('2026-03-01T00:00:00Z'))).toHaveLength(59);
    expect(daily.getPartitionKeys(at('2026-01-03T00:00:00Z'))).toEqual(['2026-01-01', '2026-01-02']);
  });

  it('stops at its end date (exclusive)', () => {
    const bounded = new DailyPartitionsDefinition({ startDate: '2026-01-01', endDate: '2026-01-04' });
    expect(bounded.getPartitionKeys(at('2030-01-01T00:00:00Z'))).toEqual(['2026-01-01', '2026-01-02', '2026-01-03']);
  });

  it('reads days in its time zone', () => {
    const tokyo = new DailyPartitionsDefinition({ startDate: '2026-01-01', timezone: 'Asia/Tokyo' });
    // Midnight 2 January in Tokyo is 15:00 UTC on 1 January.
    expect(tokyo.getPartitionKeys(at('2026-01-01T15:00:00Z'))).toEqual(['2026-01-01']);
    expect(tokyo.getPartitionKeys(at('2026-01-01T14:59:59Z'))).toEqual([]);
  });

  it('gives ranges and refuses keys outside the set', () => {
    const now = at('2026-02-01T00:00:00Z');
    expect(daily.getPartitionKeysInRange('2026-01-30', '2026-01-31', now)).toEqual(['2026-01-30', '2026-01-31']);
    expect(() => daily.getPartitionKeysInRange('2025-12-31', '2026-01-02', now)).toThrow(PartitionRangeError);
    expect(() => daily.getPartitionKeysInRange('2026-01-02', '2026-02-01', now)).toThrow(/"2026-02-01"/);
  });

  it('refuses a bad start date or time zone', () => {
    expect(() => new DailyPartitionsDefinition({ startDate: 'yesterday' })).toThrow(DefinitionsError);
    expect(() => new DailyPartitionsDefinition({ startDate: '2026-01-01', timezone: 'Mars/Olympus' })).toThrow(/IANA/);
  });
});

describe('HourlyPartitionsDefinition', () => {
  it('has keys yyyy-MM-dd-HH:mm in UTC', () => {
    const hourly = new HourlyPartitionsDefinition({ startDate: '2026-01-01-00:00' });
    expect(hourly.getPartitionKeys(at('2026-01-01T03:30:00Z'))).toEqual(['2026-01-01-00:00', '2026-01-01-01:00', '2026-01-01-02:00']);
  });

  it('skips the hour a DST spring-forward removes (America/New_York, 8 March 2026)', () => {
    const hourly = new HourlyPartitionsDefinition({ startDate: '2026-03-08-00:00', timezone: 'America/New_York' });
    // 00:00 EST is 05:00 UTC; 03:00 EDT follows 01:00 EST.
    expect(hourly.getPartitionKeys(at('2026-03-08T09:00:00Z'))).toEqual([
      '2026-03-08-00:00',
      '2026-03-08-01:00',
      '2026-03-08-03:00',
      '2026-03-08-04:00',
    ]);
  });

  it('keeps keys unique when a DST fall-back repeats an hour (America/New_York, 1 November 2026)', () => {
    const hourly = new HourlyPartitionsDefinition({ startDate: '2026-11-01-00:00', timezone: 'America/New_York' });
    // 00:00 EDT is 04:00 UTC; 01:00 comes twice (05:00 and 06:00 UTC) and is one two-hour window.
    const keys = hourly.getPartitionKeys(at('2026-11-01T09:00:00Z'));
    expect(keys).toEqual(['2026-11-01-00:00', '2026-11-01-01:00', '2026-11-01-02:00', '2026-11-01-03:00']);
    expect(hourly.hasPartitionKey('2026-11-01-01:00', at('2026-11-01T06:59:59Z'))).toBe(false);
    expect(hourly.hasPartitionKey('2026-11-01-01:00', at('2026-11-01T07:00:00Z'))).toBe(true);
  });

  it('computes ten thousand keys', () => {
    const hourly = new HourlyPartitionsDefinition({ startDate: '2025-01-01-00:00' });
    const keys = hourly.getPartitionKeys(at('2026-02-21T16:00:00Z'));
    expect(keys).toHaveLength(10_000);
    expect(new Set(keys).size).toBe(10_000);
    expect(keys.at(-1)).toBe('2026-02-21-15:00');
  });
});

describe('TimeWindowPartitionsDefinition', () => {
  it('takes any cron schedule and key format', () => {
    const weekly = new TimeWindowPartitionsDefinition({ startDate: '2026-01-05', fmt: 'yyyy-MM-dd', cronSchedule: '0 0 * * 1' });
    expect(weekly.getPartitionKeys(at('2026-01-26T00:00:00Z'))).toEqual(['2026-01-05', '2026-01-12', '2026-01-19']);
  });
});

describe('partitions on assets and jobs', () => {
  const daily = new DailyPartitionsDefinition({ startDate: '2026-01-01' });

  it('an asset job takes its assets’ shared definition; unpartitioned assets join any', () => {
    const a = asset({ name: 'a', partitionsDef: daily }, () => {});
    const b = asset({ name: 'b', deps: [a], partitionsDef: new DailyPartitionsDefinition({ startDate: '2026-01-01' }) }, () => {});
    const c = asset({ name: 'c' }, () => {});
    const defs = new Definitions({ assets: [a, b, c], jobs: [defineAssetJob({ name: 'ab', selection: [a, b, c] })] });
    expect(defs.getJob('ab')!.partitionsDef?.signature).toBe(daily.signature);
    expect(defs.getAssetNode('a')!.partitionsDef).toBe(daily);
    expect(defs.getAssetNode('c')!.partitionsDef).toBeNull();
  });

  it('refuses an asset job whose assets have different definitions', () => {
    const a = asset({ name: 'a', partitionsDef: daily }, () => {});
    const b = asset({ name: 'b', partitionsDef: new StaticPartitionsDefinition(['x']) }, () => {});
    expect(() => new Definitions({ assets: [a, b], jobs: [defineAssetJob({ name: 'ab', selection: [a, b] })] })).toThrow(
      /different partitions definitions/,
    );
  });

  it('__ASSET_JOB may mix definitions; a subset of one definition is partitioned, a mixed subset is refused', () => {
    const a = asset({ name: 'a', partitionsDef: daily }, () => {});
    const b = asset({ name: 'b', partitionsDef: new StaticPartitionsDefinition(['x']) }, () => {});
    const defs = new Definitions({ assets: [a, b] });
    expect(defs.getJob(ASSET_JOB_NAME)!.partitionsDef).toBeNull();
    const location = { definitions: defs, locationName: 'mixed', file: 'mixed.ts' };
    const selectAssets = (keys: string[]) =>
      selectJob(location, { jobName: ASSET_JOB_NAME, assetSelection: keys.map((key) => ({ path: [key] })) }).job;
    expect(selectAssets(['b']).partitionsDef?.type).toBe('STATIC');
    expect(() => selectAssets(['a', 'b'])).toThrow(InvalidSubsetError);
  });

  it('an op job takes partitionsDef; a bad one is a DefinitionsError', () => {
    const step = op({ name: 'step' }, () => {});
    expect(job({ name: 'j', partitionsDef: daily }, () => step()).partitionsDef).toBe(daily);
    expect(() => job({ name: 'j', partitionsDef: ['a'] as never }, () => step())).toThrow(/partitionsDef/);
  });
});
