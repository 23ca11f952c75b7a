// `tidepool worker`: declaration (src/cli/command-spec.ts); the action is commands/worker.ts.
import { command, CONFIG_OPTION, DEFINITIONS_OPTION, LOG_LEVEL_OPTION } from '../command-spec.js';

export const workerSpec = {
  name: 'worker',
  description: 'Run a worker that executes the runs of the definitions; run any number, on any machines.',
  options: {
    ...CONFIG_OPTION,
    ...DEFINITIONS_OPTION,
    ...LOG_LEVEL_OPTION,
    maxRuns: { value: 'N', description: 'most runs this worker executes at once (default: the instance config)' },
    healthPort: { value: '[HOST:]PORT', description: 'serve /healthz and /readyz on this port, on every interface unless HOST is given' },
    metricsPort: { value: '[HOST:]PORT', description: 'serve Prometheus metrics at /metrics on this port (may be the health port)' },
  },
} as const;

export const workerCommand = command(workerSpec, () => import('../commands/worker.js').then((m) => m.worker));
