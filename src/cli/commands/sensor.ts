// `tidepool sensor list|start|stop|preview|cursor`: the sensors of a code location from the command line.
// start, stop and cursor changes are audited with the CLI actor; preview evaluates the sensor now and
// writes nothing (src/automation/preview.ts).
import { CLI_ACTOR } from '../../audit/actor.js';
import { readInstigatorStates, setInstigatorStatus, setSensorCursor, type InstigatorState } from '../../automation/instigator-state.js';
import { dryRunSensor, nextTickAt } from '../../automation/preview.js';
import { readLatestTicks, type Tick } from '../../automation/ticks.js';
import { UsageError } from '../args.js';
import type { Invocation } from '../command-spec.js';
import { formatTime } from '../format-time.js';
import { describeEvaluation, describeLastTick } from '../instigator-output.js';
import { printResult } from '../output.js';
import type { sensorCursorSpec, sensorListSpec, sensorPreviewSpec, sensorStartSpec } from '../specs/sensor.js';
import { named, withLocation } from '../with-location.js';

interface SensorRow {
  name: string;
  status: InstigatorState['status'];
  minimumIntervalSeconds: number;
  cursor: string | null;
  lastTick: Tick | undefined;
  nextTick: Date | null;
}

function describeRow(row: SensorRow): string {
  const next = row.nextTick === null ? '-' : formatTime(row.nextTick);
  return `${row.name}  ${row.status}  every ${row.minimumIntervalSeconds} s  last: ${describeLastTick(row.lastTick)}  next: ${next}  cursor: ${row.cursor ?? '-'}`;
}

export async function sensorList({ options: values }: Invocation<typeof sensorListSpec>): Promise<void> {
  await withLocation(values, async (instance, location) => {
    const sensors = [...location.definitions.sensors].sort((a, b) => (a.name < b.name ? -1 : 1));
    const states = await readInstigatorStates(instance.database.db, sensors);
    const ticks = await readLatestTicks(
      instance.database.db,
      sensors.map((def) => def.name),
    );
    const now = instance.clock.now();
    const rows: SensorRow[] = sensors.map((def, index) => ({
      name: def.name,
      status: states[index]!.status,
      minimumIntervalSeconds: def.minimumIntervalSeconds,
      cursor: states[index]!.cursor,
      lastTick: ticks.get(def.name),
      nextTick: nextTickAt(def, states[index]!, now),
    }));
    printResult(values.json === true, rows, () =>
      rows.length === 0 ? 'The definitions have no sensors.' : rows.map(describeRow).join('\n'),
    );
  });
}

// start and stop are declared alike (specs/sensor.ts).
type StatusInvocation = Invocation<typeof sensorStartSpec>;

async function setStatus({ options: values, args }: StatusInvocation, status: 'RUNNING' | 'STOPPED'): Promise<void> {
  const { name } = args;
  await withLocation(values, async (instance, location) => {
    const def = named(location.definitions.sensors, 'sensor', name);
    const state = await setInstigatorStatus(instance.database.db, def, status, instance.clock.now(), CLI_ACTOR);
    printResult(values.json === true, { name, status: state.status }, () =>
      status === 'RUNNING' ? `Started sensor ${name}: it is evaluated every ${def.minimumIntervalSeconds} s.` : `Stopped sensor ${name}.`,
    );
  });
}

export const sensorStart = (invocation: StatusInvocation) => setStatus(invocation, 'RUNNING');
export const sensorStop = (invocation: StatusInvocation) => setStatus(invocation, 'STOPPED');

export async function sensorPreview({ options: values, args }: Invocation<typeof sensorPreviewSpec>): Promise<void> {
  const { name } = args;
  await withLocation(values, async (instance, location) => {
    const def = named(location.definitions.sensors, 'sensor', name);
    const [state] = await readInstigatorStates(instance.database.db, [def]);
    // From the cursor given, else from the stored one, as its next tick would start.
    const cursor = values.cursor ?? state!.cursor;
    const evaluation = await dryRunSensor(instance.database.db, def, cursor, state!.lastTickAt);
    printResult(values.json === true, { name, cursor, evaluation }, () =>
      [
        `Evaluated ${name} from cursor ${cursor ?? '(none)'} (nothing was written):`,
        ...describeEvaluation(evaluation).map((line) => `  ${line}`),
        `  Its cursor would become ${evaluation.cursor ?? '(none)'}.`,
      ].join('\n'),
    );
  });
}

export async function sensorCursor({ options: values, args }: Invocation<typeof sensorCursorSpec>): Promise<void> {
  const { name } = args;
  if (values.set !== undefined && values.clear) throw new UsageError('Give either --set VALUE or --clear, not both.');
  await withLocation(values, async (instance, location) => {
    const def = named(location.definitions.sensors, 'sensor', name);
    const change = values.clear ? null : values.set;
    const state =
      change === undefined
        ? (await readInstigatorStates(instance.database.db, [def]))[0]!
        : await setSensorCursor(instance.database.db, def, change, CLI_ACTOR);
    const shown = state.cursor ?? '(none)';
    printResult(values.json === true, { name, cursor: state.cursor }, () =>
      change === undefined ? `The cursor of ${name} is ${shown}.` : `Set the cursor of ${name} to ${shown}.`,
    );
  });
}
