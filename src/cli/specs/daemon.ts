// `tidepool daemon`: declaration (src/cli/command-spec.ts); the action is commands/daemon.ts.
import { command, CONFIG_OPTION, DEFINITIONS_OPTION, LOG_LEVEL_OPTION } from '../command-spec.js';

export const daemonSpec = {
  name: 'daemon',
  description:
    'Run the queued-run coordinator and the run monitor (and, with definitions, schedules, sensors and backfills) without the API.',
  options: {
    ...CONFIG_OPTION,
    ...DEFINITIONS_OPTION,
    ...LOG_LEVEL_OPTION,
    healthPort: { value: '[HOST:]PORT', description: 'serve /healthz and /readyz on this port, on every interface unless HOST is given' },
    metricsPort: { value: '[HOST:]PORT', description: 'serve Prometheus metrics at /metrics on this port (may be the health port)' },
  },
} as const;

export const daemonCommand = command(daemonSpec, () => import('../commands/daemon.js').then((m) => m.daemon));
