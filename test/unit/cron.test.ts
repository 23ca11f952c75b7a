// Cron ticks in time zones (cron-parser underneath): daylight-saving gaps and overlaps, catch-up windows.
import { describe, expect, it } from 'vitest';
import { cronProblem, cronTicksBetween, latestCronTicks, nextCronTicks } from '../../src/definitions/index.js';

const iso = (dates: Date[]) => dates.map((date) => date.toISOString());

describe('cron ticks', () => {
  it('runs a local time that a spring-forward gap skips at the same minute of the next hour, once', () => {
    // 02:30 does not exist in New York on 8 March 2026: it runs at 03:30 EDT (07:30Z).
    expect(iso(nextCronTicks('30 2 * * *', 'America/New_York', new Date('2026-03-07T12:00:00Z'), 3))).toEqual([
      '2026-03-08T07:30:00.000Z',
      '2026-03-09T06:30:00.000Z',
      '2026-03-10T06:30:00.000Z',
    ]);
  });

  it('runs a local time that a fall-back overlap repeats once, at its first occurrence', () => {
    expect(iso(nextCronTicks('30 1 * * *', 'America/New_York', new Date('2026-10-31T12:00:00Z'), 2))).toEqual([
      '2026-11-01T05:30:00.000Z', // 01:30 EDT; the second 01:30 (EST) has no tick
      '2026-11-02T06:30:00.000Z',
    ]);
  });

  it('keeps the newest ticks of a missed window, including one moved by a gap', () => {
    const after = new Date('2026-03-06T12:00:00Z');
    const until = new Date('2026-03-10T12:00:00Z');
    expect(iso(latestCronTicks('30 2 * * *', 'America/New_York', after, until, 10))).toEqual([
      '2026-03-07T07:30:00.000Z',
      '2026-03-08T07:30:00.000Z',
      '2026-03-09T06:30:00.000Z',
      '2026-03-10T06:30:00.000Z',
    ]);
    expect(iso(latestCronTicks('30 2 * * *', 'America/New_York', after, until, 2))).toEqual([
      '2026-03-09T06:30:00.000Z',
      '2026-03-10T06:30:00.000Z',
    ]);
    // A year of minutely ticks missed: only the newest few are computed and kept.
    expect(latestCronTicks('* * * * *', null, new Date('2025-01-01T00:00:00Z'), new Date('2026-01-01T00:00:30Z'), 3)).toHaveLength(3);
    expect(cronTicksBetween('*/15 * * * *', 'Asia/Kolkata', after, new Date('2026-03-06T13:00:00Z'), 100)).toHaveLength(4);
  });

  it('takes five fields or a macro, and says what is wrong otherwise', () => {
    expect(cronProblem('@hourly')).toBeNull();
    expect(cronProblem('* * * *')).toMatch(/5 fields/);
    expect(cronProblem('* * * * * *')).toMatch(/5 fields/);
    expect(cronProblem('61 * * * *')).toMatch(/61/);
  });
});
