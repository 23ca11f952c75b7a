/**
 * Partitions definitions (Dagster's `StaticPartitionsDefinition`, `TimeWindowPartitionsDefinition`,
 * `DailyPartitionsDefinition`, `HourlyPartitionsDefinition`): the set of partition keys an asset or a job is
 * split into. Time-window keys depend on "now" (a window exists once it has ended), so every question takes
 * `now` from the caller: the engine passes `instance.clock.now()`, never the wall clock read here.
 *
 * Key formats are Dagster's: daily `2026-01-01`, hourly `2026-01-01-13:00` (`fmt` takes luxon tokens).
 */
import { CronExpressionParser } from 'cron-parser';
import { DateTime } from 'luxon';
import { DefinitionsError, PartitionRangeError } from './errors.js';
import { describe } from './names.js';

export type PartitionDefinitionType = 'STATIC' | 'TIME_WINDOW';

/** What every partitions definition answers; keys are always in partition order. */
export interface PartitionsDefinition {
  readonly type: PartitionDefinitionType;
  /** Dagster's human description, e.g. "Daily, starting 2026-01-01 UTC.". */
  readonly description: string;
  /** Equal for definitions that define the same keys (assets of one job must share one definition). */
  readonly signature: string;
  getPartitionKeys(now: Date): readonly string[];
  hasPartitionKey(key: string, now: Date): boolean;
  /** The keys from `start` to `end`, both included; either missing or `start` after `end` is a PartitionRangeError. */
  getPartitionKeysInRange(start: string, end: string, now: Date): readonly string[];
}

// Dagster warns on these in static keys; Tidepool refuses them, since the CLI and ranges use them as separators.
const RESERVED_KEY_CHARACTERS = /[,|[\]]/;

export class StaticPartitionsDefinition implements PartitionsDefinition {
  readonly type = 'STATIC';
  readonly description: string;
  readonly signature: string;
  private readonly keys: readonly string[];
  private readonly index: ReadonlyMap<string, number>;

  constructor(partitionKeys: readonly string[]) {
    if (!Array.isArray(partitionKeys)) {
      throw new DefinitionsError(`StaticPartitionsDefinition takes an array of partition keys (got ${describe(partitionKeys)}).`);
    }
    const index = new Map<string, number>();
    partitionKeys.forEach((key: unknown, position) => {
      if (typeof key !== 'string' || key.length === 0 || RESERVED_KEY_CHARACTERS.test(key)) {
        throw new DefinitionsError(
          `Partition key ${position} of a StaticPartitionsDefinition must be a non-empty string without ',', '|', '[' or ']' (got ${describe(key)}).`,
        );
      }
      if (index.has(key))
        throw new DefinitionsError(`The partition key ${JSON.stringify(key)} appears twice in a StaticPartitionsDefinition.`);
      index.set(key, position);
    });
    this.keys = Object.freeze([...partitionKeys]);
    this.index = index;
    this.description = `${this.keys.length} static partitions`;
    this.signature = `static:${JSON.stringify(this.keys)}`;
  }

  getPartitionKeys(): readonly string[] {
    return this.keys;
  }

  hasPartitionKey(key: string): boolean {
    return this.index.has(key);
  }

  getPartitionKeysInRange(start: string, end: string): readonly string[] {
    const [from, to] = rangeBounds(start, end, (key) => this.index.get(key));
    return this.keys.slice(from, to + 1);
  }
}

export interface TimeWindowPartitionsConfig {
  /** The first window starts at the first cron tick at or after this instant; a string is read with `fmt` (or as ISO). */
  startDate: string | Date;
  /** No window starts at or after this instant (default: windows keep coming). */
  endDate?: string | Date;
  /** IANA time zone the cron schedule and the keys are read in (default UTC). */
  timezone?: string;
  /** luxon format of the keys, e.g. `yyyy-MM-dd`. */
  fmt: string;
  /** Window boundaries: consecutive ticks of this cron schedule. */
  cronSchedule: string;
}

interface TimeWindow {
  key: string;
  endMs: number;
}

/**
 * Windows between consecutive ticks of a cron schedule, in a time zone. A window exists once it has ended
 * (Dagster's default end offset 0). When a DST fall-back repeats a local hour, the repeated tick would give
 * a key twice; the key's window then spans both hours, so keys stay unique.
 */
export class TimeWindowPartitionsDefinition implements PartitionsDefinition {
  readonly type = 'TIME_WINDOW';
  readonly description: string;
  readonly signature: string;
  readonly timezone: string;
  readonly fmt: string;
  readonly cronSchedule: string;
  private readonly startMs: number;
  private readonly endMs: number;
  // Windows computed so far, extended lazily as `now` advances: `ticks` is the cron iterator past the last
  // one, `openKey` the key of the window that started at its last tick (null before the first tick).
  private readonly windows: TimeWindow[] = [];
  private readonly index = new Map<string, number>();
  private readonly ticks: { next(): { getTime(): number } };
  private openKey: string | null = null;
  private exhausted = false;

  /** `cadence` names the schedule in the description ("Daily"); by default the cron schedule does. */
  constructor(config: TimeWindowPartitionsConfig, label = 'TimeWindowPartitionsDefinition', cadence?: string) {
    if (typeof config !== 'object' || config === null) {
      throw new DefinitionsError(`${label} takes a config object with a startDate (got ${describe(config)}).`);
    }
    this.timezone = config.timezone ?? 'UTC';
    if (!DateTime.local().setZone(this.timezone).isValid) {
      throw new DefinitionsError(
        `The timezone of a ${label} must be an IANA time zone such as "Europe/Paris" (got ${describe(config.timezone)}).`,
      );
    }
    if (typeof config.fmt !== 'string' || config.fmt.length === 0) {
      throw new DefinitionsError(`The fmt of a ${label} must be a luxon format string such as "yyyy-MM-dd" (got ${describe(config.fmt)}).`);
    }
    this.fmt = config.fmt;
    this.cronSchedule = config.cronSchedule;
    this.startMs = this.instant('startDate', config.startDate, label);
    this.endMs = config.endDate === undefined ? Infinity : this.instant('endDate', config.endDate, label);
    try {
      this.ticks = CronExpressionParser.parse(config.cronSchedule, { currentDate: new Date(this.startMs - 1), tz: this.timezone });
    } catch (error) {
      throw new DefinitionsError(`The cronSchedule of a ${label} is invalid: ${describe(config.cronSchedule)}.`, { cause: error });
    }
    const start = DateTime.fromMillis(this.startMs, { zone: this.timezone }).toFormat(this.fmt);
    this.description = `${cadence ?? `Every tick of "${this.cronSchedule}"`}, starting ${start} ${this.timezone}.`;
    this.signature = `time:${this.cronSchedule}|${this.fmt}|${this.timezone}|${this.startMs}|${this.endMs}`;
  }

  getPartitionKeys(now: Date): readonly string[] {
    return this.windows.slice(0, this.countAt(now)).map((window) => window.key);
  }

  hasPartitionKey(key: string, now: Date): boolean {
    const count = this.countAt(now);
    const position = this.index.get(key);
    return position !== undefined && position < count;
  }

  getPartitionKeysInRange(start: string, end: string, now: Date): readonly string[] {
    const count = this.countAt(now);
    const position = (key: string) => {
      const found = this.index.get(key);
      return found !== undefined && found < count ? found : undefined;
    };
    const [from, to] = rangeBounds(start, end, position);
    return this.windows.slice(from, to + 1).map((window) => window.key);
  }

  /** How many windows have ended by `now`; computes windows up to there first. */
  private countAt(now: Date): number {
    const nowMs = now.getTime();
    while (!this.exhausted && (this.windows.length === 0 || this.windows[this.windows.length - 1]!.endMs <= nowMs)) {
      this.extend();
    }
    // Windows end in increasing order: binary search for the first one still open.
    let low = 0;
    let high = this.windows.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.windows[mid]!.endMs <= nowMs) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Adds the next window, or marks the definition exhausted when the next window would start at its end date. */
  private extend(): void {
    for (;;) {
      const ms = this.ticks.next().getTime();
      const key = DateTime.fromMillis(ms, { zone: this.timezone }).toFormat(this.fmt);
      if (this.openKey === null) {
        // The first tick: the first window opens (unless the end date comes first).
        if (ms >= this.endMs) {
          this.exhausted = true;
          return;
        }
        this.openKey = key;
        continue;
      }
      // A repeated key (DST fall-back): the open window absorbs this tick.
      if (key === this.openKey) continue;
      this.index.set(this.openKey, this.windows.length);
      this.windows.push({ key: this.openKey, endMs: ms });
      if (ms >= this.endMs) this.exhausted = true;
      this.openKey = key;
      return;
    }
  }

  private instant(field: string, value: unknown, label: string): number {
    let parsed: DateTime | null = null;
    if (value instanceof Date) parsed = DateTime.fromJSDate(value, { zone: this.timezone });
    else if (typeof value === 'string') {
      parsed = DateTime.fromFormat(value, this.fmt, { zone: this.timezone });
      if (!parsed.isValid) parsed = DateTime.fromISO(value, { zone: this.timezone });
    }
    if (parsed === null || !parsed.isValid) {
      throw new DefinitionsError(
        `The ${field} of a ${label} must be a Date or a string in its key format "${this.fmt}" or ISO 8601 (got ${describe(value)}).`,
      );
    }
    return parsed.toMillis();
  }
}

export interface DailyPartitionsConfig {
  /** e.g. "2026-01-01". */
  startDate: string | Date;
  endDate?: string | Date;
  timezone?: string;
  /** Default `yyyy-MM-dd`. */
  fmt?: string;
}

/** One partition per day, starting at midnight in `timezone`; keys `yyyy-MM-dd`. */
export class DailyPartitionsDefinition extends TimeWindowPartitionsDefinition {
  constructor(config: DailyPartitionsConfig) {
    super(
      { ...checkConfig(config, 'DailyPartitionsDefinition'), fmt: config.fmt ?? 'yyyy-MM-dd', cronSchedule: '0 0 * * *' },
      'DailyPartitionsDefinition',
      'Daily',
    );
  }
}

export interface HourlyPartitionsConfig {
  /** e.g. "2026-01-01-00:00". */
  startDate: string | Date;
  endDate?: string | Date;
  timezone?: string;
  /** Default `yyyy-MM-dd-HH:mm`. */
  fmt?: string;
}

/** One partition per hour in `timezone`; keys `yyyy-MM-dd-HH:mm`. */
export class HourlyPartitionsDefinition extends TimeWindowPartitionsDefinition {
  constructor(config: HourlyPartitionsConfig) {
    super(
      { ...checkConfig(config, 'HourlyPartitionsDefinition'), fmt: config.fmt ?? 'yyyy-MM-dd-HH:mm', cronSchedule: '0 * * * *' },
      'HourlyPartitionsDefinition',
      'Hourly',
    );
  }
}

function checkConfig<T extends object>(config: T, label: string): T {
  if (typeof config !== 'object' || config === null) {
    throw new DefinitionsError(`${label} takes a config object with a startDate (got ${describe(config)}).`);
  }
  return config;
}

export function isPartitionsDefinition(value: unknown): value is PartitionsDefinition {
  return value instanceof StaticPartitionsDefinition || value instanceof TimeWindowPartitionsDefinition;
}

/** Positions of a range's ends; an unknown end or a reversed range is a PartitionRangeError naming the keys. */
function rangeBounds(start: string, end: string, positionOf: (key: string) => number | undefined): [number, number] {
  const from = positionOf(start);
  const to = positionOf(end);
  const unknown = [start, end].filter((key, i) => (i === 0 ? from : to) === undefined);
  if (unknown.length > 0) {
    throw new PartitionRangeError(
      `Partition key(s) ${unknown.map((key) => JSON.stringify(key)).join(', ')} are not in the partition set.`,
      unknown,
    );
  }
  if (from! > to!) {
    throw new PartitionRangeError(
      `The partition range ${JSON.stringify(start)} to ${JSON.stringify(end)} is reversed: its start comes after its end.`,
      [start, end],
    );
  }
  return [from!, to!];
}

/**
 * The one partitions definition shared by partitioned steps or assets (unpartitioned ones run with any
 * partition), null when none is partitioned, or 'conflict' when two differ (Dagster refuses those in one run).
 */
export function sharedPartitionsDef(defs: readonly (PartitionsDefinition | null)[]): PartitionsDefinition | null | 'conflict' {
  let shared: PartitionsDefinition | null = null;
  for (const def of defs) {
    if (def === null) continue;
    if (shared !== null && shared.signature !== def.signature) return 'conflict';
    shared ??= def;
  }
  return shared;
}
