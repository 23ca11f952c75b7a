// GET /metrics: the process's metrics in Prometheus's text format, for `tidepool serve` on its API port and
// for `tidepool daemon` and `tidepool worker` on their operations port (ops-listener.ts). With metrics off in
// the instance config there is no route (404) and nothing is recorded (metrics/instruments.ts).
//
// A scrape costs no query of its own: the database gauges are read at most every DATABASE_GAUGES_INTERVAL_MS
// whatever the number of scrapers (metrics/database-gauges.ts), on the engine's connections, because the
// API's are for requests (and a daemon or worker process never opens them).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Instance } from '../instance/instance.js';
import { DatabaseGauges } from '../metrics/database-gauges.js';
import { recording } from '../metrics/instruments.js';
import { readQueueState } from '../queue/queue-state.js';
import type { OpsRoute, OpsRoutes } from './ops-listener.js';

/** The shortest time between two reads of the database gauges; scrapes in between see the last read. */
export const DATABASE_GAUGES_INTERVAL_MS = 2_000;

export const METRICS_PATH = '/metrics';

/** `/metrics` when the instance's config enables metrics; no route otherwise. */
export function metricsRoutes(instance: Instance): OpsRoutes {
  const instruments = instance.config.metrics.enabled ? recording() : null;
  if (!instruments) return new Map();
  const gauges = new DatabaseGauges(instruments, () => readQueueState(instance.database.db, instance.config), DATABASE_GAUGES_INTERVAL_MS);
  const route: OpsRoute = async (req: IncomingMessage, res: ServerResponse) => {
    await gauges.refresh();
    const text = await instruments.register.metrics();
    res.writeHead(200, {
      'content-type': instruments.register.contentType,
      'content-length': Buffer.byteLength(text),
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : text);
  };
  return new Map([[METRICS_PATH, route]]);
}
