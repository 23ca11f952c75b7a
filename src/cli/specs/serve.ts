// `tidepool serve`: declaration (src/cli/command-spec.ts); the action is commands/serve.ts.
import { command, CONFIG_OPTION, DEFINITIONS_OPTION, LOG_LEVEL_OPTION } from '../command-spec.js';

export const serveSpec = {
  name: 'serve',
  description: 'Serve the GraphQL API and the web console, with the coordinator, monitor and a worker in the same process.',
  options: {
    port: { value: 'N', description: 'TCP port to listen on; 0 picks a free one (default: $PORT, else 3000)' },
    host: { value: 'HOST', description: 'address to listen on (default: $HOST, else 127.0.0.1)' },
    ...CONFIG_OPTION,
    ...DEFINITIONS_OPTION,
    ...LOG_LEVEL_OPTION,
    daemon: { negated: true, description: 'serve the API only: no coordinator, monitor, worker, schedules, sensors or backfills' },
    readOnly: { description: 'refuse every mutation (launch, terminate, delete, limits)' },
    watch: { description: 'reload the code location when the definitions file changes (as reloadRepositoryLocation does)' },
  },
} as const;

export const serveCommand = command(serveSpec, () => import('../commands/serve.js').then((m) => m.serve));
