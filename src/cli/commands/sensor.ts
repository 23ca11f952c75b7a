// `tidepool sensor list|start|stop|preview|cursor`: the sensors of a code location from the command line.
// start, stop and cursor changes are audited with the CLI actor; preview evaluates the sensor now and
// writes nothing (src/automation/preview.ts).
import { CLI_ACTOR } from '../../audit/actor.js';
import { readInstigatorStates, setInstigatorStatus, setSensorCursor, type InstigatorState } from '../../automation/instigator-state.js';
import { dryRunSensor, nextTickAt } from '../../automation/preview.js';
import { readLatestTicks, type Tick } from '../../automation/ticks.js';
import { parseCommandArgs, UsageError } from '../args.js';
import { formatTime } from '../format-time.js';
import { describeEvaluation, describeLastTick } from '../instigator-output.js';
import { printResult } from '../output.js';
import { named, withLocation } from '../with-location.js';

export const usage = {
  list: 'tidepool sensor list --definitions FILE [--config FILE] [--json]',
  start: 'tidepool sensor start NAME --definitions FILE [--config FILE] [--json]',
  stop: 'tidepool sensor stop NAME --definitions FILE [--config FILE] [--json]',
  preview: 'tidepool sensor preview NAME [--cursor CURSOR] --definitions FILE [--config FILE] [--json]',
  cursor: 'tidepool sensor cursor NAME [--set VALUE | --clear] --definitions FILE [--config FILE] [--json]',
};

const common = { definitions: { type: 'string' }, config: { type: 'string' }, json: { type: 'boolean' } } as const;

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

export async function sensorList(argv: string[]): Promise<void> {
  const { values } = parseCommandArgs(argv, common);
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

async function setStatus(argv: string[], status: 'RUNNING' | 'STOPPED'): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, common, 1);
  const name = positionals[0];
  if (!name) throw new UsageError('NAME is required: the sensor to start or stop.');
  await withLocation(values, async (instance, location) => {
    const def = named(location.definitions.sensors, 'sensor', name);
    const state = await setInstigatorStatus(instance.database.db, def, status, instance.clock.now(), CLI_ACTOR);
    printResult(values.json === true, { name, status: state.status }, () =>
      status === 'RUNNING' ? `Started sensor ${name}: it is evaluated every ${def.minimumIntervalSeconds} s.` : `Stopped sensor ${name}.`,
    );
  });
}

export const sensorStart = (argv: string[]) => setStatus(argv, 'RUNNING');
export const sensorStop = (argv: string[]) => setStatus(argv, 'STOPPED');

export async function sensorPreview(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, { ...common, cursor: { type: 'string' } }, 1);
  const name = positionals[0];
  if (!name) throw new UsageError('NAME is required: the sensor to preview.');
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

export async function sensorCursor(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, { ...common, set: { type: 'string' }, clear: { type: 'boolean' } }, 1);
  const name = positionals[0];
  if (!name) throw new UsageError('NAME is required: the sensor whose cursor to show or change.');
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
