// `tidepool serve`: the API server (GraphQL over HTTP, SSE and WebSocket, GraphiQL) and, unless
// --no-daemon, the coordinator, the monitor and an in-process worker: the whole service in one process.
import { resolveSettings } from '../../config/index.js';
import { startBackground } from '../../daemon/background.js';
import { CodeLocation } from '../../definitions/index.js';
import { configureLogging } from '../../log/index.js';
import { watchLocation } from '../../locations/watch-location.js';
import { openInstance } from '../../instance/instance.js';
import { isLoopback } from '../../server/browser-safety.js';
import { buildServer } from '../../server/build-server.js';
import { localBaseUrl } from '../../server/cli-relay.js';
import { Health } from '../../server/health.js';
import { SubscriptionHub } from '../../subscriptions/hub.js';
import type { Invocation } from '../command-spec.js';
import { describeStorage, onShutdown } from '../process.js';
import { cliRelay } from '../relay-executor.js';
import type { serveSpec } from '../specs/serve.js';

export async function serve({ options: values }: Invocation<typeof serveSpec>): Promise<void> {
  const settings = resolveSettings(values);
  const log = configureLogging({ level: settings.logLevel, format: settings.logFormat });
  // Definitions load before the database opens: broken user code must stop startup with nothing touched.
  const location = settings.definitionsFile ? await CodeLocation.load(settings.definitionsFile) : null;
  const instance = await openInstance(settings, { migrate: true, applicationName: 'tidepool:serve' });
  const withDaemons = values.daemon;
  const background = await startBackground(instance, location, {
    coordinator: withDaemons,
    monitor: withDaemons,
    automation: withDaemons,
    backfills: withDaemons,
    runRetries: withDaemons,
    worker: withDaemons ? {} : false,
  });
  // One hub per process, fed by the process's one LISTEN connection.
  const hub = new SubscriptionHub({ database: instance.database, notifier: background.notifier });
  const readOnly = values.readOnly === true;
  // Readiness asks for the loops and the worker this process runs, on the API's connections (health.ts).
  const health = new Health({
    instance,
    db: instance.database.api,
    daemonTypes: background.daemonTypes,
    workerId: background.worker?.id ?? null,
  });
  // On the embedded database no other process may open it: CLI commands typed beside this server are relayed
  // here and run on its instance (relay-executor.ts).
  const relay = instance.database.dataDirLock ? cliRelay(instance, location) : undefined;
  const server = buildServer({ instance, location, port: settings.port, host: settings.host, hub, readOnly, health, cliRelay: relay });
  const workerGraceMs = background.worker ? instance.config.runWorker.shutdownGraceSeconds * 1000 : 0;
  // Stopping is wired before the server announces itself: a SIGTERM sent on seeing the announcement must
  // find the graceful shutdown in place, not the default action that kills the process mid-statement.
  // The API and the background parts stop together: requests drain while the worker's runs get their grace period.
  // --watch (npm start): a change to the definitions file reloads the location in every process serving it.
  const watcher = values.watch === true && location !== null ? watchLocation(instance.database.db, location) : null;
  onShutdown({
    health,
    workerGraceMs,
    stop: async () => {
      watcher?.stop();
      const backgroundStopped = background.stop(workerGraceMs);
      await server.stop();
      await hub.close();
      await backgroundStopped;
      await instance.close();
    },
  });
  if (instance.config.auth.mode === 'open' && !isLoopback(settings.host)) {
    log.warn(
      { host: settings.host },
      `auth.mode is open and the server listens on ${settings.host}: anyone who reaches it may launch, ` +
        'terminate and delete runs and change pool limits. Set auth: { mode: tokens } in the instance config.',
    );
  }
  const { url, port } = await server.start();
  if (relay) await instance.database.dataDirLock!.advertise({ url: localBaseUrl(settings.host, port), secret: relay.secret });
  log.info(
    { url },
    `Tidepool is serving ${url}${server.graphiql ? ' (GraphiQL in a browser)' : ''} on ${describeStorage(instance.database)}` +
      `${location ? `, code location "${location.name}"` : ''}` +
      `${withDaemons ? `, with coordinator, monitor, worker${location ? ', scheduler, sensors and backfills' : ''}` : ', API only'}${readOnly ? ', read-only' : ''}.`,
  );
  log.info({ url: new URL('/', url).href }, `The web console is at ${new URL('/', url).href}`);
}
