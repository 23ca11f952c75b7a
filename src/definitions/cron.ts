/**
 * Cron schedules: Dagster's five-field strings (minute hour day-of-month month day-of-week, with names,
 * lists, ranges and steps) and its `@hourly`-style macros, evaluated in an IANA time zone by cron-parser
 * (a maintained library, with luxon's time-zone rules). Across daylight-saving changes a local time that
 * does not exist runs at the same minute of the next hour that does (02:30 → 03:30 on spring-forward day)
 * and a local time that happens twice runs once, at its first occurrence — what Dagster users expect.
 */
import { CronExpressionParser } from 'cron-parser';

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

export class CronSyntaxError extends Error {
  override readonly name = 'CronSyntaxError';
}

/** The five fields of a cron string with its macro expanded; throws CronSyntaxError with a sentence. */
function expand(expression: unknown): string {
  if (typeof expression !== 'string') throw new CronSyntaxError('a cron schedule must be a string.');
  const trimmed = expression.trim();
  const expanded = MACROS[trimmed.toLowerCase()] ?? trimmed;
  if (expanded.startsWith('@')) {
    throw new CronSyntaxError(`unknown cron macro ${JSON.stringify(trimmed)} (known: ${Object.keys(MACROS).join(', ')}).`);
  }
  // cron-parser also takes 6-field (seconds) and shorter strings; Dagster's schedules have exactly five.
  const fields = expanded.split(/\s+/).filter((part) => part.length > 0);
  if (fields.length !== 5) {
    throw new CronSyntaxError(
      `a cron schedule has 5 fields (minute hour day-of-month month day-of-week), but ${JSON.stringify(expression)} has ${fields.length}.`,
    );
  }
  return fields.join(' ');
}

type CronIterator = ReturnType<typeof CronExpressionParser.parse>;

/**
 * Parsed expressions, by time zone and text: parsing costs most of a tick computation, and a scheduler
 * computes ticks for every schedule on every pass. Bounded by the schedules a process defines (plus the odd
 * validation), so it is cleared rather than evicted when it grows past any real deployment's size.
 */
const parsed = new Map<string, CronIterator>();
const MAX_PARSED = 10_000;

function iterate(expression: string, timezone: string | null, from: Date): CronIterator {
  const key = `${timezone ?? 'UTC'}\u0000${expression}`;
  let cron = parsed.get(key);
  if (cron === undefined) {
    try {
      cron = CronExpressionParser.parse(expand(expression), { currentDate: from, tz: timezone ?? 'UTC', strict: false });
    } catch (error) {
      if (error instanceof CronSyntaxError) throw error;
      throw new CronSyntaxError(`${(error as Error).message}.`);
    }
    if (parsed.size >= MAX_PARSED) parsed.clear();
    parsed.set(key, cron);
  }
  cron.reset(from);
  return cron;
}

/** Throws CronSyntaxError when `expression` is not a valid schedule. */
export function checkCron(expression: string): void {
  iterate(expression, null, new Date(0));
}

/** Why a cron string is invalid, or null when it is valid. */
export function cronProblem(expression: string): string | null {
  try {
    checkCron(expression);
    return null;
  } catch (error) {
    if (error instanceof CronSyntaxError) return error.message;
    throw error;
  }
}

/** Up to `limit` tick instants strictly after `after` and at or before `until`, earliest first. */
export function cronTicksBetween(expression: string, timezone: string | null, after: Date, until: Date, limit: number): Date[] {
  const ticks: Date[] = [];
  const cron = iterate(expression, timezone, after);
  while (ticks.length < limit) {
    const next = cron.next().toDate();
    if (next.getTime() > until.getTime()) break;
    ticks.push(next);
  }
  return ticks;
}

/** The next `count` tick instants strictly after `after`. */
export function nextCronTicks(expression: string, timezone: string | null, after: Date, count: number): Date[] {
  const cron = iterate(expression, timezone, after);
  return Array.from({ length: count }, () => cron.next().toDate());
}

/** The latest tick instant at or before `at`, or null when there is none. */
export function lastCronTickAtOrBefore(expression: string, timezone: string | null, at: Date): Date | null {
  const cron = iterate(expression, timezone, new Date(at.getTime() + 1));
  return cron.hasPrev() ? cron.prev().toDate() : null;
}

/**
 * The newest `limit` tick instants strictly after `after` and at or before `until`, earliest first: the
 * ticks a scheduler still launches after missing some (older ones beyond `limit` are dropped).
 *
 * Walking backwards from `until` would be quickest, but cron-parser's backward steps skip the tick moved
 * by a daylight-saving gap (02:30 → 03:30) that its forward steps give; so the backward walk only finds a
 * starting point at most `limit` + 1 ticks back, and the ticks are read forwards from there.
 */
export function latestCronTicks(expression: string, timezone: string | null, after: Date, until: Date, limit: number): Date[] {
  const backwards = iterate(expression, timezone, new Date(until.getTime() + 1));
  let start = after;
  for (let step = 0; step <= limit && backwards.hasPrev(); step++) {
    const previous = backwards.prev().toDate();
    if (previous.getTime() <= after.getTime()) break;
    start = new Date(previous.getTime() - 1);
  }
  const ticks = cronTicksBetween(
    expression,
    timezone,
    new Date(Math.max(start.getTime(), after.getTime())),
    until,
    Number.MAX_SAFE_INTEGER,
  );
  return ticks.slice(-limit);
}
