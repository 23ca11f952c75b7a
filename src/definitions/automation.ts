/**
 * Schedules and sensors. Their functions decide whether to launch a run; `evaluate` builds their context
 * and normalises what they return (see run-request.ts), so the daemon that runs them never has to know the
 * many shapes users may return.
 */
import { checkCron, CronSyntaxError } from './cron.js';
import { DefinitionsError } from './errors.js';
import type { JobDef } from './job.js';
import { isJobDef } from './job.js';
import { checkDescription, checkName, describe } from './names.js';
import { RunRequest, normalise } from './run-request.js';
import type { EvaluationReturn, TickResult } from './run-request.js';
import type { InstanceApi, StepLogger } from './types.js';

export { RunRequest, SkipReason } from './run-request.js';
export type { EvaluationReturn, RunRequestInit, TickResult } from './run-request.js';

export type DefaultStatus = 'RUNNING' | 'STOPPED';

export interface ScheduleEvaluationContext {
  scheduleName: string;
  /** The tick being evaluated, when the caller knows it. */
  scheduledExecutionTime: Date | null;
  instance: InstanceApi;
  log: StepLogger;
}

export interface SensorEvaluationContext {
  sensorName: string;
  /** The cursor the previous tick stored, or null. */
  cursor: string | null;
  lastTickTime: Date | null;
  /** Stores a cursor for the next tick (Dagster's `context.update_cursor`). */
  updateCursor(cursor: string | null): void;
  instance: InstanceApi;
  log: StepLogger;
}

export interface EvaluationInput {
  instance: InstanceApi;
  log?: StepLogger;
}

export interface ScheduleConfig {
  /** Defaults to `<job name>_schedule`. */
  name?: string;
  job: JobDef;
  cronSchedule: string;
  /** IANA time zone of the cron schedule; null = UTC. */
  executionTimezone?: string;
  description?: string;
  defaultStatus?: DefaultStatus;
}

export interface ScheduleDef {
  readonly kind: 'schedule';
  readonly name: string;
  readonly job: JobDef;
  readonly jobName: string;
  readonly cronSchedule: string;
  readonly executionTimezone: string | null;
  readonly description: string | null;
  readonly defaultStatus: DefaultStatus;
  evaluate(input: EvaluationInput & { scheduledExecutionTime?: Date | null }): Promise<TickResult>;
}

export interface SensorConfig {
  name: string;
  job: JobDef;
  /** Least time between two evaluations; Dagster's default is 30 seconds. */
  minimumIntervalSeconds?: number;
  description?: string;
  defaultStatus?: DefaultStatus;
}

export interface SensorDef {
  readonly kind: 'sensor';
  readonly name: string;
  readonly job: JobDef;
  readonly jobName: string;
  readonly minimumIntervalSeconds: number;
  readonly description: string | null;
  readonly defaultStatus: DefaultStatus;
  evaluate(
    input: EvaluationInput & { cursor?: string | null; lastTickTime?: Date | null },
  ): Promise<TickResult & { cursor: string | null }>;
}

const SILENT_LOG: StepLogger = { debug() {}, info() {}, warning() {}, error() {} };

/** Defines a cron schedule for a job. Without a function, every tick requests one run. */
export function schedule(
  config: ScheduleConfig,
  fn?: (context: ScheduleEvaluationContext) => EvaluationReturn | Promise<EvaluationReturn>,
): ScheduleDef {
  if (typeof config !== 'object' || config === null) {
    throw new DefinitionsError(`Every schedule needs a config object (got ${describe(config)}).`);
  }
  const target = checkTarget('schedule', config.name ?? null, config.job);
  const name = checkName('schedule', config.name ?? `${target.name}_schedule`);
  const label = `schedule ${JSON.stringify(name)}`;
  try {
    checkCron(config.cronSchedule);
  } catch (error) {
    if (!(error instanceof CronSyntaxError)) throw error;
    throw new DefinitionsError(`The ${label} has an invalid cron schedule ${JSON.stringify(config.cronSchedule)}: ${error.message}`, {
      definition: name,
    });
  }
  const executionTimezone = checkTimezone(label, name, config.executionTimezone);
  const evaluateFn = fn ?? (() => new RunRequest());
  if (typeof evaluateFn !== 'function') {
    throw new DefinitionsError(`The ${label} needs a function (got ${describe(fn)}).`, { definition: name });
  }
  return Object.freeze({
    kind: 'schedule',
    name,
    job: target,
    jobName: target.name,
    cronSchedule: config.cronSchedule,
    executionTimezone,
    description: checkDescription(label, name, config.description),
    defaultStatus: checkDefaultStatus(label, name, config.defaultStatus),
    async evaluate(input: EvaluationInput & { scheduledExecutionTime?: Date | null }): Promise<TickResult> {
      const context: ScheduleEvaluationContext = {
        scheduleName: name,
        scheduledExecutionTime: input.scheduledExecutionTime ?? null,
        instance: input.instance,
        log: input.log ?? SILENT_LOG,
      };
      return normalise(label, name, { 'dagster/schedule_name': name }, await evaluateFn(context));
    },
  });
}

/** Defines a sensor: a function polled every `minimumIntervalSeconds` that may request runs of a job. */
export function sensor(
  config: SensorConfig,
  fn: (context: SensorEvaluationContext) => EvaluationReturn | Promise<EvaluationReturn>,
): SensorDef {
  if (typeof config !== 'object' || config === null) {
    throw new DefinitionsError(`Every sensor needs a config object (got ${describe(config)}).`);
  }
  const name = checkName('sensor', config.name);
  const label = `sensor ${JSON.stringify(name)}`;
  const target = checkTarget('sensor', name, config.job);
  const interval = config.minimumIntervalSeconds ?? 30;
  if (typeof interval !== 'number' || !Number.isInteger(interval) || interval < 1) {
    throw new DefinitionsError(`The minimumIntervalSeconds of ${label} must be a positive integer (got ${describe(interval)}).`, {
      definition: name,
    });
  }
  if (typeof fn !== 'function') {
    throw new DefinitionsError(`The ${label} needs a function (got ${describe(fn)}).`, { definition: name });
  }
  return Object.freeze({
    kind: 'sensor',
    name,
    job: target,
    jobName: target.name,
    minimumIntervalSeconds: interval,
    description: checkDescription(label, name, config.description),
    defaultStatus: checkDefaultStatus(label, name, config.defaultStatus),
    async evaluate(input: EvaluationInput & { cursor?: string | null; lastTickTime?: Date | null }) {
      let cursor = input.cursor ?? null;
      const context: SensorEvaluationContext = {
        sensorName: name,
        cursor,
        lastTickTime: input.lastTickTime ?? null,
        updateCursor(next: string | null) {
          if (next !== null && typeof next !== 'string') {
            throw new DefinitionsError(`The cursor of ${label} must be a string or null.`, { definition: name });
          }
          cursor = next;
        },
        instance: input.instance,
        log: input.log ?? SILENT_LOG,
      };
      const result = await normalise(label, name, { 'dagster/sensor_name': name }, await fn(context));
      return { ...result, cursor };
    },
  });
}

export function isScheduleDef(value: unknown): value is ScheduleDef {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'schedule';
}

export function isSensorDef(value: unknown): value is SensorDef {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'sensor';
}

function checkTarget(kind: 'schedule' | 'sensor', name: string | null, target: unknown): JobDef {
  if (!isJobDef(target)) {
    const who = name === null ? `A ${kind}` : `The ${kind} ${JSON.stringify(name)}`;
    throw new DefinitionsError(`${who} must target a job made by job(...) or defineAssetJob(...) (got ${describe(target)}).`, {
      definition: name,
    });
  }
  return target;
}

function checkTimezone(label: string, name: string, timezone: unknown): string | null {
  if (timezone === undefined || timezone === null) return null;
  if (typeof timezone === 'string') {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: timezone });
      return timezone;
    } catch {
      // fall through to the error below
    }
  }
  throw new DefinitionsError(
    `The executionTimezone of ${label} must be an IANA time zone such as "Europe/Paris" (got ${describe(timezone)}).`,
    { definition: name },
  );
}

function checkDefaultStatus(label: string, name: string, status: unknown): DefaultStatus {
  if (status === undefined) return 'STOPPED';
  if (status === 'RUNNING' || status === 'STOPPED') return status;
  throw new DefinitionsError(`The defaultStatus of ${label} must be "RUNNING" or "STOPPED" (got ${describe(status)}).`, {
    definition: name,
  });
}
