/**
 * A small cron parser: five fields (minute hour day-of-month month day-of-week) with `*`, lists, ranges,
 * steps and month/day names, plus the `@hourly`-style macros Dagster accepts. It validates schedules at
 * definition time and gives a future scheduler the sets it needs to compute ticks.
 */

export interface CronFields {
  minute: number[];
  hour: number[];
  dayOfMonth: number[];
  month: number[];
  /** 0 = Sunday … 6 = Saturday (7 is folded into 0). */
  dayOfWeek: number[];
  /** False when the day-of-month field is `*` (cron's rule for combining the two day fields). */
  dayOfMonthRestricted: boolean;
  dayOfWeekRestricted: boolean;
}

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface FieldRule {
  label: string;
  min: number;
  max: number;
  names?: string[];
  nameOffset?: number;
}

const FIELDS: FieldRule[] = [
  { label: 'minute', min: 0, max: 59 },
  { label: 'hour', min: 0, max: 23 },
  { label: 'day of month', min: 1, max: 31 },
  { label: 'month', min: 1, max: 12, names: MONTHS, nameOffset: 1 },
  { label: 'day of week', min: 0, max: 7, names: DAYS, nameOffset: 0 },
];

export class CronSyntaxError extends Error {
  override readonly name = 'CronSyntaxError';
}

/** Parses a cron string; throws CronSyntaxError with a sentence saying what is wrong. */
export function parseCron(expression: string): CronFields {
  if (typeof expression !== 'string') throw new CronSyntaxError('a cron schedule must be a string.');
  const trimmed = expression.trim();
  const expanded = MACROS[trimmed.toLowerCase()] ?? trimmed;
  if (expanded.startsWith('@')) {
    throw new CronSyntaxError(`unknown cron macro ${JSON.stringify(trimmed)} (known: ${Object.keys(MACROS).join(', ')}).`);
  }
  const parts = expanded.split(/\s+/).filter((part) => part.length > 0);
  if (parts.length !== 5) {
    throw new CronSyntaxError(
      `a cron schedule has 5 fields (minute hour day-of-month month day-of-week), but ` +
        `${JSON.stringify(expression)} has ${parts.length}.`,
    );
  }
  const sets = parts.map((part, index) => parseField(part, FIELDS[index]!));
  const dayOfWeek = [...new Set(sets[4]!.map((day) => day % 7))].sort((a, b) => a - b);
  return {
    minute: sets[0]!,
    hour: sets[1]!,
    dayOfMonth: sets[2]!,
    month: sets[3]!,
    dayOfWeek,
    dayOfMonthRestricted: parts[2] !== '*',
    dayOfWeekRestricted: parts[4] !== '*',
  };
}

/** Why a cron string is invalid, or null when it is valid. */
export function cronProblem(expression: string): string | null {
  try {
    parseCron(expression);
    return null;
  } catch (error) {
    if (error instanceof CronSyntaxError) return error.message;
    throw error;
  }
}

function parseField(text: string, rule: FieldRule): number[] {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    if (item.length === 0) throw new CronSyntaxError(`the ${rule.label} field ${JSON.stringify(text)} has an empty item.`);
    const [rangeText, stepText, extra] = item.split('/');
    if (extra !== undefined || rangeText === undefined || rangeText.length === 0) {
      throw new CronSyntaxError(`the ${rule.label} field has a malformed item ${JSON.stringify(item)}.`);
    }
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) < 1) {
        throw new CronSyntaxError(`the step in ${rule.label} item ${JSON.stringify(item)} must be a positive integer.`);
      }
      step = Number(stepText);
    }
    let low: number;
    let high: number;
    if (rangeText === '*') {
      low = rule.min;
      high = rule.max;
    } else {
      const [lowText, highText, more] = rangeText.split('-');
      if (more !== undefined) throw new CronSyntaxError(`the ${rule.label} item ${JSON.stringify(item)} is not a range.`);
      low = value(lowText ?? '', rule, item);
      // `a/n` means "from a to the end, every n" (as in Vixie cron and croniter).
      high = highText !== undefined ? value(highText, rule, item) : stepText !== undefined ? rule.max : low;
      if (low > high) {
        throw new CronSyntaxError(`the ${rule.label} range ${JSON.stringify(rangeText)} runs backwards.`);
      }
    }
    for (let v = low; v <= high; v += step) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}

function value(text: string, rule: FieldRule, item: string): number {
  let n: number;
  const nameIndex = rule.names?.indexOf(text.toLowerCase()) ?? -1;
  if (nameIndex >= 0) n = nameIndex + (rule.nameOffset ?? 0);
  else if (/^\d+$/.test(text)) n = Number(text);
  else throw new CronSyntaxError(`the ${rule.label} item ${JSON.stringify(item)} is not a number.`);
  if (n < rule.min || n > rule.max) {
    throw new CronSyntaxError(`the ${rule.label} value ${n} in ${JSON.stringify(item)} is out of range ${rule.min}-${rule.max}.`);
  }
  return n;
}
