// `tidepool schedule list|start|stop|preview`: the schedules of a code location from the command line.
// start and stop are audited with the CLI actor; preview evaluates the schedule for its next tick and
// writes nothing (src/automation/preview.ts).
import { CLI_ACTOR } from '../../audit/actor.js';
import { readInstigatorStates, setInstigatorStatus, type InstigatorState } from '../../automation/instigator-state.js';
import { dryRunSchedule, nextTickAt, type DryRunEvaluation } from '../../automation/preview.js';
import { readLatestTicks, type Tick } from '../../automation/ticks.js';
import { nextCronTicks, type ScheduleDef } from '../../definitions/index.js';
import { UsageError } from '../args.js';
import type { Invocation } from '../command-spec.js';
import { formatTime } from '../format-time.js';
import { describeEvaluation, describeLastTick, inZone } from '../instigator-output.js';
import { printResult } from '../output.js';
import type { scheduleListSpec, schedulePreviewSpec, scheduleStartSpec } from '../specs/schedule.js';
import { named, withLocation } from '../with-location.js';

const DEFAULT_PREVIEW_TICKS = 5;
const MAX_PREVIEW_TICKS = 100;

interface ScheduleRow {
  name: string;
  status: InstigatorState['status'];
  cronSchedule: string;
  executionTimezone: string | null;
  lastTick: Tick | undefined;
  nextTick: Date | null;
}

function describeRow(row: ScheduleRow): string {
  const cron = `${row.cronSchedule} (${row.executionTimezone ?? 'UTC'})`;
  const next = row.nextTick === null ? '-' : inZone(row.nextTick, row.executionTimezone);
  return `${row.name}  ${row.status}  ${cron}  last: ${describeLastTick(row.lastTick)}  next: ${next}`;
}

export async function scheduleList({ options: values }: Invocation<typeof scheduleListSpec>): Promise<void> {
  await withLocation(values, async (instance, location) => {
    const schedules = [...location.definitions.schedules].sort((a, b) => (a.name < b.name ? -1 : 1));
    const states = await readInstigatorStates(instance.database.db, schedules);
    const ticks = await readLatestTicks(
      instance.database.db,
      schedules.map((def) => def.name),
    );
    const now = instance.clock.now();
    const rows: ScheduleRow[] = schedules.map((def, index) => ({
      name: def.name,
      status: states[index]!.status,
      cronSchedule: def.cronSchedule,
      executionTimezone: def.executionTimezone,
      lastTick: ticks.get(def.name),
      nextTick: nextTickAt(def, states[index]!, now),
    }));
    printResult(values.json === true, rows, () =>
      rows.length === 0 ? 'The definitions have no schedules.' : rows.map(describeRow).join('\n'),
    );
  });
}

// start and stop are declared alike (specs/schedule.ts).
type StatusInvocation = Invocation<typeof scheduleStartSpec>;

async function setStatus({ options: values, args }: StatusInvocation, status: 'RUNNING' | 'STOPPED'): Promise<void> {
  const { name } = args;
  await withLocation(values, async (instance, location) => {
    const def = named(location.definitions.schedules, 'schedule', name);
    const state = await setInstigatorStatus(instance.database.db, def, status, instance.clock.now(), CLI_ACTOR);
    printResult(values.json === true, { name, status: state.status }, () =>
      status === 'RUNNING' ? `Started schedule ${name}: it ticks from now on.` : `Stopped schedule ${name}.`,
    );
  });
}

export const scheduleStart = (invocation: StatusInvocation) => setStatus(invocation, 'RUNNING');
export const scheduleStop = (invocation: StatusInvocation) => setStatus(invocation, 'STOPPED');

function previewText(def: ScheduleDef, ticks: Date[], evaluation: DryRunEvaluation): string {
  return [
    `Next ticks of ${def.name} (${def.cronSchedule}, ${def.executionTimezone ?? 'UTC'}):`,
    ...ticks.map((tick) => `  ${inZone(tick, def.executionTimezone)}  (${formatTime(tick)})`),
    `Evaluated for ${inZone(ticks[0]!, def.executionTimezone)} (nothing was written):`,
    ...describeEvaluation(evaluation).map((line) => `  ${line}`),
  ].join('\n');
}

export async function schedulePreview({ options: values, args }: Invocation<typeof schedulePreviewSpec>): Promise<void> {
  const { name } = args;
  const ticksText = values.ticks ?? String(DEFAULT_PREVIEW_TICKS);
  const count = /^\d+$/.test(ticksText) ? Number(ticksText) : NaN;
  if (!(count >= 1 && count <= MAX_PREVIEW_TICKS)) {
    throw new UsageError(`--ticks must be a whole number from 1 to ${MAX_PREVIEW_TICKS} (got '${ticksText}').`);
  }
  await withLocation(values, async (instance, location) => {
    const def = named(location.definitions.schedules, 'schedule', name);
    const ticks = nextCronTicks(def.cronSchedule, def.executionTimezone, instance.clock.now(), count);
    const evaluation = await dryRunSchedule(instance.database.db, def, ticks[0]!);
    printResult(values.json === true, { name, ticks, evaluation }, () => previewText(def, ticks, evaluation));
  });
}
