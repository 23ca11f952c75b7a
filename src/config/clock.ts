// The clock that schedules, sensors and time-window partitions read. Production uses the system clock; tests
// inject one (a manual clock in-process, or TIDEPOOL_CLOCK for several processes that must agree on the
// simulated time), so no test waits for wall-clock minutes.
import { SettingsError } from './errors.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that reads `start` at the real instant `anchorMs` and runs `speed` times faster from there. */
export function acceleratedClock(start: Date, anchorMs: number, speed: number): Clock {
  return { now: () => new Date(start.getTime() + (Date.now() - anchorMs) * speed) };
}

const CLOCK_SETTING = /^(?<start>\d{4}-\d\d-\d\dT[^@]+)@(?<anchor>\d+)x(?<speed>\d+(?:\.\d+)?)$/;

/**
 * `<simulated ISO instant>@<real epoch ms>x<speed>`: e.g. `2026-03-08T00:00:00Z@1764748800000x60` reads
 * 00:00 on 8 March at that real millisecond and advances a simulated minute per real second. Every process
 * given the same value agrees on the time.
 */
export function parseClockSetting(value: string, source: string): Clock {
  const match = CLOCK_SETTING.exec(value);
  const start = match ? new Date(match.groups!.start!) : null;
  const speed = match ? Number(match.groups!.speed) : NaN;
  if (!match || start === null || Number.isNaN(start.getTime()) || !(speed > 0)) {
    throw new SettingsError(
      source,
      `must be '<ISO instant>@<epoch ms>x<speed>', e.g. '2026-03-08T00:00:00Z@1764748800000x60' (got '${value}')`,
    );
  }
  return acceleratedClock(start, Number(match.groups!.anchor), speed);
}
