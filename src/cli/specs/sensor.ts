// `tidepool sensor list|start|stop|preview|cursor`: declarations (src/cli/command-spec.ts); the actions are
// in commands/sensor.ts.
import { command, CONFIG_OPTION, DEFINITIONS_OPTION, group, JSON_OPTION } from '../command-spec.js';

const COMMON = { ...DEFINITIONS_OPTION, ...CONFIG_OPTION, ...JSON_OPTION } as const;
const NAME = { name: 'name', description: 'the sensor' } as const;

export const sensorListSpec = {
  name: 'list',
  description: "List the definitions' sensors with their status, interval, last tick, next tick and cursor.",
  options: COMMON,
} as const;

export const sensorStartSpec = {
  name: 'start',
  description: 'Start a sensor: it is evaluated at its interval from now on.',
  arguments: [NAME],
  options: COMMON,
} as const;

export const sensorStopSpec = {
  name: 'stop',
  description: 'Stop a sensor.',
  arguments: [NAME],
  options: COMMON,
} as const;

export const sensorPreviewSpec = {
  name: 'preview',
  description: 'Evaluate a sensor now and show what it would request (nothing is written).',
  arguments: [NAME],
  options: { cursor: { value: 'CURSOR', description: 'evaluate from this cursor (default: the stored one)' }, ...COMMON },
} as const;

export const sensorCursorSpec = {
  name: 'cursor',
  description: "Show a sensor's cursor, or change it with --set or --clear.",
  arguments: [NAME],
  options: {
    set: { value: 'VALUE', description: 'set the cursor to VALUE' },
    clear: { description: 'clear the cursor (the next evaluation starts from none)' },
    ...COMMON,
  },
} as const;

const load = () => import('../commands/sensor.js');

export const sensorCommands = group('sensor', 'The sensors of a code location.', [
  command(sensorListSpec, () => load().then((m) => m.sensorList)),
  command(sensorStartSpec, () => load().then((m) => m.sensorStart)),
  command(sensorStopSpec, () => load().then((m) => m.sensorStop)),
  command(sensorPreviewSpec, () => load().then((m) => m.sensorPreview)),
  command(sensorCursorSpec, () => load().then((m) => m.sensorCursor)),
]);
