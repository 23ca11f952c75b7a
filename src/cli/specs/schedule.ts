// `tidepool schedule list|start|stop|preview`: declarations (src/cli/command-spec.ts); the actions are in
// commands/schedule.ts.
import { command, CONFIG_OPTION, DEFINITIONS_OPTION, group, JSON_OPTION } from '../command-spec.js';

const COMMON = { ...DEFINITIONS_OPTION, ...CONFIG_OPTION, ...JSON_OPTION } as const;
const NAME = { name: 'name', description: 'the schedule' } as const;

export const scheduleListSpec = {
  name: 'list',
  description: "List the definitions' schedules with their status, last tick and next tick.",
  options: COMMON,
} as const;

export const scheduleStartSpec = {
  name: 'start',
  description: 'Start a schedule: it ticks from now on.',
  arguments: [NAME],
  options: COMMON,
} as const;

export const scheduleStopSpec = {
  name: 'stop',
  description: 'Stop a schedule.',
  arguments: [NAME],
  options: COMMON,
} as const;

export const schedulePreviewSpec = {
  name: 'preview',
  description: 'Show the next ticks of a schedule and evaluate it for the first (nothing is written).',
  arguments: [NAME],
  options: { ticks: { value: 'N', description: 'how many upcoming ticks to show (default: 5)' }, ...COMMON },
} as const;

const load = () => import('../commands/schedule.js');

export const scheduleCommands = group('schedule', 'The schedules of a code location.', [
  command(scheduleListSpec, () => load().then((m) => m.scheduleList)),
  command(scheduleStartSpec, () => load().then((m) => m.scheduleStart)),
  command(scheduleStopSpec, () => load().then((m) => m.scheduleStop)),
  command(schedulePreviewSpec, () => load().then((m) => m.schedulePreview)),
]);
