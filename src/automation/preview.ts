// Dry runs of schedules and sensors: Dagster's scheduleDryRun / sensorDryRun and a future tick's
// evaluation, and `tidepool schedule|sensor preview`. The function is called as a tick would call it, and
// nothing is written: no tick, no run, no cursor, no run key. (The daemons' evaluations are evaluate-tick.ts.)
import type { Executor } from '../db/database.js';
import { nextCronTicks, type RunRequest, type ScheduleDef, type SensorDef } from '../definitions/index.js';
import { instanceApi } from '../runs/queries.js';
import { tickError } from './evaluate-tick.js';
import type { InstigatorDef } from './instigators.js';
import type { InstigatorState } from './instigator-state.js';
import type { TickError } from './ticks.js';

/** What one evaluation came to (Dagster's TickEvaluation). */
export interface DryRunEvaluation {
  runRequests: RunRequest[];
  skipReason: string | null;
  /** What the function threw; then there are no requests. */
  error: TickError | null;
  /** The cursor a sensor would store after this evaluation (null for schedules). */
  cursor: string | null;
}

/**
 * A dry run answers a person or an API request: a function that hangs becomes an error after this long
 * instead of holding them (the daemons bound their evaluations by the tick lease instead).
 */
const DRY_RUN_TIMEOUT_MS = 60_000;

class DryRunTimeout extends Error {
  override readonly name = 'DryRunTimeout';
}

async function bounded<T>(work: Promise<T>, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DryRunTimeout(`${label} took longer than ${DRY_RUN_TIMEOUT_MS / 1000} s and was abandoned.`)),
      DRY_RUN_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function failed(error: unknown, cursor: string | null): DryRunEvaluation {
  return { runRequests: [], skipReason: null, error: tickError(error), cursor };
}

/** Evaluates the schedule for the tick at `scheduledExecutionTime`, reading runs through `executor`. */
export async function dryRunSchedule(executor: Executor, def: ScheduleDef, scheduledExecutionTime: Date): Promise<DryRunEvaluation> {
  try {
    const result = await bounded(
      def.evaluate({ instance: instanceApi(executor), scheduledExecutionTime }),
      `The schedule ${JSON.stringify(def.name)}`,
    );
    return { runRequests: result.runRequests, skipReason: result.skipMessage, error: null, cursor: null };
  } catch (error) {
    return failed(error, null);
  }
}

/** Evaluates the sensor from `cursor` (a failed evaluation keeps it, as a failed tick does). */
export async function dryRunSensor(
  executor: Executor,
  def: SensorDef,
  cursor: string | null,
  lastTickTime: Date | null,
): Promise<DryRunEvaluation> {
  try {
    const result = await bounded(
      def.evaluate({ instance: instanceApi(executor), cursor, lastTickTime }),
      `The sensor ${JSON.stringify(def.name)}`,
    );
    return { runRequests: result.runRequests, skipReason: result.skipMessage, error: null, cursor: result.cursor };
  } catch (error) {
    return failed(error, cursor);
  }
}

/**
 * When the daemons will next tick the instigator, or null while it is stopped: a schedule's next cron
 * instant after `now`; a sensor `minimumIntervalSeconds` after its last tick, or at once when that has
 * passed (or it never ticked), as sensors.ts decides.
 */
export function nextTickAt(def: InstigatorDef, state: InstigatorState, now: Date): Date | null {
  if (state.status !== 'RUNNING') return null;
  if (def.kind === 'schedule') return nextCronTicks(def.cronSchedule, def.executionTimezone, now, 1)[0]!;
  const due = state.lastTickAt === null ? now.getTime() : state.lastTickAt.getTime() + def.minimumIntervalSeconds * 1000;
  return new Date(Math.max(due, now.getTime()));
}
