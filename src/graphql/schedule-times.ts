// A schedule's tick times as Dagster's Schedule fields list them (futureTicks, potentialTickTimestamps):
// from its cron string in its time zone, with no database behind them. Times are seconds since the epoch.
import { GraphQLError } from 'graphql';
import { cronTicksBetween, latestCronTicks, nextCronTicks, type ScheduleDef } from '../definitions/index.js';
import type { InstigatorSource } from './instigation.js';

export const FUTURE_TICKS_DEFAULT = 10;
export const FUTURE_TICKS_MAX = 100;

function count(value: number | null | undefined, argument: string): number {
  const n = value ?? FUTURE_TICKS_DEFAULT;
  if (!Number.isInteger(n) || n < 1 || n > FUTURE_TICKS_MAX) {
    throw new GraphQLError(`${argument} must be an integer from 1 to ${FUTURE_TICKS_MAX} (got ${n}).`, {
      extensions: { code: 'BAD_USER_INPUT', argument },
    });
  }
  return n;
}

// Dagster's tick iterators start at their timestamp when a tick falls exactly on it: search from a
// millisecond before.
const justBefore = (seconds: number): Date => new Date(seconds * 1000 - 1);

/** Up to `limit` ticks from `cursor` (default now), up to `until` when given; the cursor of the page after. */
export function futureTicks<S extends InstigatorSource<ScheduleDef>>(
  source: S,
  now: Date,
  args: { cursor?: number | null; limit?: number | null; until?: number | null },
): { results: (S & { timestamp: Date })[]; cursor: number } {
  const limit = count(args.limit, 'limit');
  const from = args.cursor ?? now.getTime() / 1000;
  const { cronSchedule, executionTimezone } = source.def;
  const times =
    args.until == null
      ? nextCronTicks(cronSchedule, executionTimezone, justBefore(from), limit)
      : cronTicksBetween(cronSchedule, executionTimezone, justBefore(from), new Date(args.until * 1000), limit);
  const last = times.at(-1);
  return {
    results: times.map((timestamp) => ({ ...source, timestamp })),
    cursor: last === undefined ? from : last.getTime() / 1000 + 1,
  };
}

/** `lowerLimit` ticks before `startTimestamp` (default now) and `upperLimit` from it, in time order. */
export function potentialTickTimestamps(
  def: ScheduleDef,
  now: Date,
  args: { startTimestamp?: number | null; upperLimit?: number | null; lowerLimit?: number | null },
): number[] {
  const start = args.startTimestamp ?? now.getTime() / 1000;
  const before = latestCronTicks(
    def.cronSchedule,
    def.executionTimezone,
    new Date(0),
    justBefore(start),
    count(args.lowerLimit, 'lowerLimit'),
  );
  const after = nextCronTicks(def.cronSchedule, def.executionTimezone, justBefore(start), count(args.upperLimit, 'upperLimit'));
  return [...before, ...after].map((time) => time.getTime() / 1000);
}
