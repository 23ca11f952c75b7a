// `tidepool serve`: the API server (GraphQL over HTTP, SSE and WebSocket, GraphiQL) in one process.
import { resolveSettings } from '../../config/index.js';
import { loadDefinitions } from '../../definitions/index.js';
import { openInstance } from '../../instance/instance.js';
import { buildServer } from '../../server/build-server.js';
import { parseCommandArgs } from '../args.js';

export const usage = 'tidepool serve [--port N] [--host H] [--config FILE] [--definitions FILE]';

export async function serve(argv: string[]): Promise<void> {
  const { values } = parseCommandArgs(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    config: { type: 'string' },
    definitions: { type: 'string' },
  });
  const settings = resolveSettings(values);
  // Definitions load before the database opens: broken user code must stop startup with nothing touched.
  const location = settings.definitionsFile ? await loadDefinitions(settings.definitionsFile) : null;
  const instance = await openInstance(settings, { migrate: true, applicationName: 'tidepool:serve' });
  const server = buildServer({ instance, location, port: settings.port, host: settings.host });
  const { url } = await server.start();
  console.log(`Tidepool is serving ${url} (GraphiQL in a browser) on ${describeStorage(instance.database.kind, instance.database.location)}.`);

  const shutdown = async (signal: string) => {
    console.log(`Received ${signal}, shutting down.`);
    await server.stop();
    await instance.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

function describeStorage(kind: 'postgres' | 'pglite', location: string): string {
  return kind === 'postgres' ? `Postgres at ${location}` : `embedded PGlite in ${location}`;
}
