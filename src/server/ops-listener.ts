// Operations endpoints (health checks, metrics) are plain GET routes outside GraphQL: probes and scrapers
// carry no token and speak no GraphQL. `tidepool serve` answers them on its API port (build-server.ts calls
// answerOpsRoute before anything else of the API); `tidepool daemon` and `tidepool worker`, which have no API,
// answer them on a port of their own (startOpsListener). One route table serves both, so an endpoint is
// written once and means the same wherever it is served.
//
// Routes answer only what an operator needs (statuses, counts, reasons): no run config, token or URL with a
// password, since anyone who reaches the port may read them.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Answers one operations request; it is called only for GET and HEAD. */
export type OpsRoute = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Paths (e.g. '/healthz', '/metrics') and their handlers. */
export type OpsRoutes = ReadonlyMap<string, OpsRoute>;

/** Answers the request if its path is one of `routes` and returns true; false leaves it to the caller. */
export function answerOpsRoute(routes: OpsRoutes, req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const route = routes.get(pathOf(req.url));
  if (!route) return false;
  Promise.resolve()
    .then(() => route(req, res))
    .catch(() => {
      // A route that throws has answered nothing useful; say so without its error (it may name internals).
      if (!res.headersSent) sendJson(res, 500, { status: 'error', message: 'The endpoint failed; see the server log.' });
      else res.destroy();
    });
  return true;
}

/** Sends `body` as JSON with `status`, uncached (a probe must never see a stale answer). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

function pathOf(url: string | undefined): string {
  const path = (url ?? '/').split('?')[0]!;
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

export interface OpsListener {
  /** e.g. http://0.0.0.0:9464 */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Serves `routes` on their own port (daemon and worker processes); any other path is 404. Requests are short,
 * so stopping closes every connection at once.
 */
export async function startOpsListener(options: { routes: OpsRoutes; port: number; host: string }): Promise<OpsListener> {
  const server: Server = createServer((req, res) => {
    if (answerOpsRoute(options.routes, req, res)) return;
    sendJson(res, 404, { status: 'error', message: `No such endpoint; this port serves ${[...options.routes.keys()].join(', ')}.` });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
