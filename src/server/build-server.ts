// One HTTP server carries the whole API: yoga serves queries, mutations, SSE subscriptions and GraphiQL;
// graphql-ws serves WebSocket subscriptions on the same port and path. Both go through the same envelop
// pipeline (yoga.getEnveloped), so context, plugins and error masking are identical on both transports.
// Subscriptions on both are fed by one SubscriptionHub per process (passed in, or owned by the server).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createYoga } from 'graphql-yoga';
import { WebSocket, WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import type { GraphQLContext } from '../graphql/builder.js';
import { RequestLoader, withFreshLoader } from '../graphql/request-loader.js';
import { withRequest } from '../db/request-scope.js';
import { schema } from '../graphql/index.js';
import { codeLocationOf, type LocationSource } from '../definitions/index.js';
import type { Instance } from '../instance/instance.js';
import { SubscriptionHub } from '../subscriptions/hub.js';
import { useSharedSubscriptionExecution } from '../subscriptions/shared-execution.js';
import { Authenticator, FORBIDDEN_CLOSE, isRefusal as isAuthRefusal, type Refusal } from './authenticate.js';
import { answerRefusal, browserPolicy, browserRefusal, corsFor, refuseUpgrade, useBrowserSafety } from './browser-safety.js';
import { useDatabaseLanes } from './database-lanes.js';
import { CONSOLE_DIST, consoleAssets } from './console-assets.js';
import { cliRelayRoute, type CliRelay } from './cli-relay.js';
import { maskError } from './mask-error.js';
import { REQUEST_ID_HEADER, requestIdOf, requestLogger, useOperationLog } from './request-log.js';
import { scopedLogger, withLogger } from '../log/index.js';
import { recording } from '../metrics/instruments.js';
import { watchConnections } from '../metrics/process-gauges.js';
import { metricsRoutes } from './metrics-route.js';
import { capturedLogsRoute, isCapturedLogsRequest } from './captured-logs-route.js';
import { answerOpsRoute } from './ops-listener.js';
import { renderGraphiqlPage, useGraphiqlPolicy } from './graphiql-page.js';
import type { Health } from './health.js';
import { useRequestMetrics } from './request-metrics.js';
import { useInputStrings } from './input-strings.js';
import { useOperationCost } from './operation-cost.js';
import { useQueryLimits } from './query-limits.js';
import { useRequestBodyLimits } from './request-body.js';
import { useCompiledExecution } from './compiled-execution.js';
import { boundedParserCache } from './document-cache.js';
import { ConnectionLimits, isRefusal, OVER_WEBSOCKET, useSubscriptionLimits } from './connection-limits.js';

export interface ServerOptions {
  instance: Instance;
  /** Definitions to serve, or a code location that reloads (read once per request). */
  location: LocationSource | null;
  port: number;
  host: string;
  /**
   * The process's subscription hub (fed by its notifier). Without one the server makes its own, which
   * opens its own LISTEN connection on the first subscription, and closes it on stop.
   */
  hub?: SubscriptionHub;
  /** `tidepool serve --read-only` (Dagster's flag): every mutation refused, every permission reported false. */
  readOnly?: boolean;
  /** The built web console served at `/` (console-assets.ts); the package's console/dist by default. */
  consoleDir?: string;
  /** The process's health checks, answered at /healthz and /readyz (health.ts); none without. */
  health?: Health;
  /** Runs CLI commands typed beside a server that holds the embedded database (cli-relay.ts). */
  cliRelay?: CliRelay;
}

export interface RunningServer {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:3000/graphql. */
  url: string;
  port: number;
}

export interface TidepoolServer {
  /** The hub feeding this server's subscriptions. */
  readonly hub: SubscriptionHub;
  /** The connections and subscriptions open now, against their caps (connection-limits.ts). */
  readonly connections: ConnectionLimits;
  /** Whether GraphiQL is served at the endpoint (server.graphiql, or the default for the mode and host). */
  readonly graphiql: boolean;
  start(): Promise<RunningServer>;
  stop(): Promise<void>;
}

type EnvelopedRoot = {
  execute: (args: ExecutionArgs) => unknown;
  subscribe: (args: ExecutionArgs) => unknown;
};

/** The per-client key of a request: its remote address (a WebSocket's is the upgrade request's). */
export function clientOf(req: IncomingMessage | undefined): string {
  return req?.socket.remoteAddress ?? 'unknown';
}

/** A request's `Idempotency-Key` header (the first, when repeated), or null; graphql/launch.ts checks its value. */
function idempotencyKeyOf(req: IncomingMessage | undefined): string | null {
  const value = req?.headers['idempotency-key'];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** How long a stopping server lets its queries and mutations in flight finish before it cancels them. */
const STOP_DRAIN_MS = 5_000;
/** How long a stopping server waits for its cancelled requests to send their answers. */
const STOP_ANSWER_GRACE_MS = 2_000;
/** Requests answered by a stream (SSE subscriptions, incremental delivery): they end only when cut. */
const STREAMING_ACCEPT = /text\/event-stream|multipart\/mixed/;

/** The token lookup itself failed (the API's connections are all busy): retry, not "unauthenticated". */
const SERVICE_BUSY: Refusal = {
  refused: true,
  message: 'The server could not check the API token in time; retry shortly.',
  closeReason: 'Try again later: the API token could not be checked in time',
};

/** Largest connection_init payload (connectionParams, as JSON) a WebSocket connection may keep. */
export const MAX_CONNECTION_PARAMS_BYTES = 16 * 1024;

/**
 * ws answers a client's protocol violation (a message over maxPayload, a malformed frame) by closing with
 * its code (1009, 1002, 1007…) and then emits it as an 'error', which graphql-ws logs as an internal error
 * with a stack trace: any client could fill the log. Those are answered already and not emitted.
 */
class ServerWebSocket extends WebSocket {
  override emit(event: string | symbol, ...args: unknown[]): boolean {
    const code = (args[0] as { code?: unknown } | undefined)?.code;
    if (event === 'error' && typeof code === 'string' && code.startsWith('WS_ERR_')) return false;
    return super.emit(event, ...args);
  }
}

export function buildServer(options: ServerOptions): TidepoolServer {
  const hub = options.hub ?? new SubscriptionHub({ database: options.instance.database });
  const codeLocation = codeLocationOf(options.location);
  const { api } = options.instance.config;
  const maxOperations = api.subscriptions.maxOperationsPerConnection;
  const connections = new ConnectionLimits(api.subscriptions);
  const browser = browserPolicy(options.instance.config.server, options.instance.config.auth.mode, options.host);
  // Prometheus metrics (metrics-route.ts, request-metrics.ts), when the instance config enables them.
  const metrics = options.instance.config.metrics.enabled ? recording() : null;
  const opsRoutes = new Map([...metricsRoutes(options.instance), ...(options.health?.routes ?? [])]);
  // GraphiQL from the package with its own Content-Security-Policy (graphiql-page.ts), never from a CDN.
  const graphiqlOptions = { title: 'Tidepool', subscriptionsProtocol: 'WS' } as const;
  const yoga = createYoga<{ req?: IncomingMessage }, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: browser.graphiql && graphiqlOptions,
    renderGraphiQL: renderGraphiqlPage,
    cors: corsFor(browser),
    context: (initial: { req?: IncomingMessage; [OVER_WEBSOCKET]?: true }): GraphQLContext => ({
      instance: options.instance,
      location: codeLocation?.current ?? null,
      codeLocation,
      hub,
      client: clientOf(initial.req),
      loader: new RequestLoader(options.instance),
      caller: auth.callerOf(initial.req),
      log: scopedLogger(),
      idempotencyKey: initial[OVER_WEBSOCKET] === true ? null : idempotencyKeyOf(initial.req),
    }),
    // Subscribers of the same operation share one execution per event when their contexts agree on what it
    // read (see shared-execution.ts); the loader is made afresh per payload and the logger changes no result.
    // Hostile operations (too deep, too many aliases or fields, too large) are refused before executing.
    // Queries and mutations run compiled (see compiled-execution.ts).
    // Subscriptions, SSE and WebSocket alike, are held to the caps of connection-limits.ts.
    // Bodies are read under a byte budget and checked to be UTF-8 first (request-body.ts); mutations run on
    // the API's write lane, after whichever execute function the plugins before chose (database-lanes.ts).
    // Only JSON bodies carry operations over POST, so no cross-site form runs one (browser-safety.ts).
    plugins: [
      ...(metrics ? [useRequestMetrics(metrics)] : []),
      useBrowserSafety(browser),
      useOperationLog(),
      useGraphiqlPolicy(graphiqlOptions),
      useRequestBodyLimits(api.maxRequestBytes),
      useSharedSubscriptionExecution({ contextForPayload: withFreshLoader, ignoredContext: ['loader', 'log'] }),
      useQueryLimits(),
      useInputStrings(),
      useOperationCost(api.maxOperationCost),
      useCompiledExecution(),
      useDatabaseLanes(api.heavyReads.minCost),
      useSubscriptionLimits(connections),
    ],
    // Parsed documents and parse errors are cached within a byte budget; large documents never are.
    parserAndValidationCache: boundedParserCache(),
    // Expected failures keep their code; unexpected ones reach clients as "Unexpected error." (mask-error.ts).
    maskedErrors: { maskError },
    logging: false,
  });

  // Every GraphQL request is authenticated before yoga sees it (authenticate.ts); the GraphiQL page is not
  // a request of the API (it sends its own, with the header the user gives it).
  const auth = new Authenticator(options.instance, options.readOnly ?? false);
  // Captured step output as text (captured-logs-route.ts): authenticated like the API, on its connections.
  const capturedLogs = capturedLogsRoute(options.instance);
  const authenticated = async (req: IncomingMessage, res: ServerResponse) => {
    const logs = isCapturedLogsRequest(req);
    const isGraphiqlPage = !logs && req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');
    const outcome = isGraphiqlPage ? null : await auth.authenticateRequest(req).catch(() => SERVICE_BUSY);
    if (outcome !== null && isAuthRefusal(outcome)) {
      const status = outcome === SERVICE_BUSY ? 503 : 401;
      const code = outcome === SERVICE_BUSY ? 'SERVICE_BUSY' : 'UNAUTHENTICATED';
      answerRefusal(res, { status, code, message: outcome.message }, { 'www-authenticate': 'Bearer' });
      return;
    }
    if (logs) await capturedLogs(req, res);
    else await yoga(req, res);
  };

  // Each HTTP request's statements are cancelled when its client goes away before the response is
  // done, and every request still running is cancelled when the server stops (see src/db/api-pool.ts).
  // A streamed answer's socket is kept, to be cut when the server stops.
  const inFlight = new Map<AbortController, { stream: IncomingMessage['socket'] | null }>();
  let allAnswered: (() => void) | null = null;
  // A foreign page's request (by its Origin or, on loopback, its Host) is refused before anything else; then
  // a local CLI command's relay (cli-relay.ts, only when serving an embedded database), and the console's
  // files (any path but /graphql) answered from memory, without touching the API.
  const serveConsole = consoleAssets(options.consoleDir ?? CONSOLE_DIST);
  const relayRoute = options.cliRelay ? cliRelayRoute(options.cliRelay) : null;
  const httpServer: Server = createServer((req, res) => {
    const refusal = browserRefusal(browser, req);
    if (refusal) {
      answerRefusal(res, refusal);
      return;
    }
    if (answerOpsRoute(opsRoutes, req, res)) return;
    if (relayRoute?.(req, res)) return;
    if (!isCapturedLogsRequest(req) && serveConsole(req, res)) return;
    const controller = new AbortController();
    inFlight.set(controller, { stream: STREAMING_ACCEPT.test(req.headers.accept ?? '') ? req.socket : null });
    res.once('close', () => {
      inFlight.delete(controller);
      if (!res.writableFinished) controller.abort();
      if (inFlight.size === 0) allAnswered?.();
    });
    const requestId = requestIdOf(req);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    void withLogger(requestLogger(requestId), () =>
      withRequest({ signal: controller.signal, client: clientOf(req) }, () => authenticated(req, res)),
    );
  });
  // WebSocket messages are bounded like HTTP bodies. Upgrades are handled here rather than by `ws`, so a
  // connection over the caps is closed with 1013 (try again later) and a reason naming the limit before
  // graphql-ws ever sees it; an admitted one releases its place when it closes.
  const wsServer = new WebSocketServer({
    noServer: true,
    path: yoga.graphqlEndpoint,
    maxPayload: api.maxRequestBytes,
    WebSocket: ServerWebSocket,
  });
  httpServer.on('upgrade', (req, socket, head) => {
    const refusal = browserRefusal(browser, req);
    if (refusal) {
      refuseUpgrade(socket, refusal);
      return;
    }
    wsServer.handleUpgrade(req, socket, head, (ws) => {
      const lease = connections.openConnection(clientOf(req));
      if (isRefusal(lease)) return ws.close(1013, lease.reason);
      ws.once('close', lease);
      wsServer.emit('connection', ws, req);
    });
  });
  const wsHandle = useServer(
    {
      // connectionParams live as long as the connection: a large payload is refused, not kept.
      onConnect: async (ctx) => {
        const size = Buffer.byteLength(JSON.stringify(ctx.connectionParams ?? {}));
        if (size > MAX_CONNECTION_PARAMS_BYTES) {
          ctx.extra.socket.close(4400, `Connection init payload of ${size} bytes; at most ${MAX_CONNECTION_PARAMS_BYTES} are allowed`);
          return false;
        }
        const outcome = await auth
          .authenticateConnection(ctx.extra.request, ctx.extra.socket, ctx.connectionParams)
          .catch(() => SERVICE_BUSY);
        if (!isAuthRefusal(outcome)) return true;
        ctx.extra.socket.close(outcome === SERVICE_BUSY ? 1013 : FORBIDDEN_CLOSE, outcome.closeReason);
        return false;
      },
      // Each operation runs in its own log scope (request-log.ts), as an HTTP request does.
      execute: (args) =>
        withLogger((args.contextValue as GraphQLContext).log, () => (args.rootValue as EnvelopedRoot).execute(args)) as never,
      subscribe: (args) =>
        withLogger((args.contextValue as GraphQLContext).log, () => (args.rootValue as EnvelopedRoot).subscribe(args)) as never,
      onSubscribe: async (ctx, _id, params) => {
        // ctx.subscriptions already holds this operation: refuse it when that makes one too many.
        if (Object.keys(ctx.subscriptions).length > maxOperations) {
          return [
            new GraphQLError(
              `This WebSocket connection already has ${maxOperations} operations open, the most one connection may have; ` +
                'complete one of them or open another connection.',
              { extensions: { code: 'TOO_MANY_OPERATIONS' } },
            ),
          ];
        }
        const {
          schema: envelopedSchema,
          execute,
          subscribe,
          contextFactory,
          parse,
          validate,
        } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
          [OVER_WEBSOCKET]: true,
        });
        const args: ExecutionArgs = {
          schema: envelopedSchema,
          operationName: params.operationName,
          document: parse(params.query),
          variableValues: params.variables,
          contextValue: await withLogger(requestLogger(), () => contextFactory()),
          rootValue: { execute, subscribe },
        };
        const errors = validate(args.schema, args.document);
        if (errors.length > 0) return errors;
        return args;
      },
    },
    wsServer,
  );
  const unwatchConnections = watchConnections({
    webSockets: () => wsServer.clients.size,
    subscriptions: () => connections.stats().subscriptions,
  });

  return {
    hub,
    connections,
    graphiql: browser.graphiql,
    start: () =>
      new Promise<RunningServer>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(options.port, options.host, () => {
          httpServer.off('error', reject);
          const { port } = httpServer.address() as AddressInfo;
          const host = options.host.includes(':') ? `[${options.host}]` : options.host;
          resolve({ url: `http://${host}:${port}${yoga.graphqlEndpoint}`, port });
        });
      }),
    async stop() {
      auth.close();
      unwatchConnections();
      // No new connections (idle keep-alive ones close now). WebSockets close with 1001 (going away) and
      // SSE streams are cut, so their clients reconnect elsewhere; queries and mutations in flight get
      // STOP_DRAIN_MS to finish. Those still running then are cancelled and given a moment to answer
      // REQUEST_CANCELED (a cancelled statement ends at once) before every connection is dropped.
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      const answered = new Promise<void>((resolve) => {
        allAnswered = resolve;
        if (inFlight.size === 0) resolve();
      });
      for (const [controller, { stream }] of inFlight) {
        if (!stream) continue;
        controller.abort();
        stream.destroy();
      }
      // dispose() closes every WebSocket with 1001 and the WebSocketServer too; closing it again would throw.
      await wsHandle.dispose();
      if (!(await settlesWithin(answered, STOP_DRAIN_MS))) {
        for (const controller of inFlight.keys()) controller.abort();
        await settlesWithin(answered, STOP_ANSWER_GRACE_MS);
      }
      httpServer.closeAllConnections();
      await closed;
      if (!options.hub) await hub.close();
    },
  };
}

/** Whether `promise` settles within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}
