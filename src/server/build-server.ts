// One HTTP server carries the whole API: yoga serves queries, mutations, SSE subscriptions and GraphiQL;
// graphql-ws serves WebSocket subscriptions on the same port and path. Both go through the same envelop
// pipeline (yoga.getEnveloped), so context, plugins and error masking are identical on both transports.
// Subscriptions on both are fed by one SubscriptionHub per process (passed in, or owned by the server).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createYoga } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import type { GraphQLContext } from '../graphql/builder.js';
import { withRequestSignal } from '../db/request-scope.js';
import { schema } from '../graphql/index.js';
import type { LoadedDefinitions } from '../definitions/index.js';
import type { Instance } from '../instance/instance.js';
import { SubscriptionHub } from '../subscriptions/hub.js';
import { useSharedSubscriptionExecution } from '../subscriptions/shared-execution.js';
import { useDatabaseLanes } from './database-lanes.js';
import { maskError } from './mask-error.js';
import { useInputStrings } from './input-strings.js';
import { useOperationCost } from './operation-cost.js';
import { useQueryLimits } from './query-limits.js';
import { useRequestBodyLimits } from './request-body.js';
import { useCompiledExecution } from './compiled-execution.js';

export interface ServerOptions {
  instance: Instance;
  location: LoadedDefinitions | null;
  port: number;
  host: string;
  /**
   * The process's subscription hub (fed by its notifier). Without one the server makes its own, which
   * opens its own LISTEN connection on the first subscription, and closes it on stop.
   */
  hub?: SubscriptionHub;
  /** Operations one WebSocket connection may have open at once (default 100); more are refused. */
  maxOperationsPerConnection?: number;
}

export const DEFAULT_MAX_OPERATIONS_PER_CONNECTION = 100;

export interface RunningServer {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:3000/graphql. */
  url: string;
  port: number;
}

export interface TidepoolServer {
  /** The hub feeding this server's subscriptions. */
  readonly hub: SubscriptionHub;
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

export function buildServer(options: ServerOptions): TidepoolServer {
  const hub = options.hub ?? new SubscriptionHub({ database: options.instance.database });
  const { api } = options.instance.config;
  const maxOperations = options.maxOperationsPerConnection ?? DEFAULT_MAX_OPERATIONS_PER_CONNECTION;
  const yoga = createYoga<{ req?: IncomingMessage }, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: { title: 'Tidepool', subscriptionsProtocol: 'WS' },
    context: ({ req }: { req?: IncomingMessage }): GraphQLContext => ({
      instance: options.instance,
      location: options.location,
      hub,
      client: clientOf(req),
    }),
    // Subscribers of the same operation share one execution per event (see shared-execution.ts).
    // Hostile operations (too deep, too many aliases or fields, too large) are refused before executing.
    // Queries and mutations run compiled (see compiled-execution.ts).
    // Bodies are read under a byte budget and checked to be UTF-8 first (request-body.ts); mutations run on
    // the API's write lane, after whichever execute function the plugins before chose (database-lanes.ts).
    plugins: [
      useRequestBodyLimits(api.maxRequestBytes),
      useSharedSubscriptionExecution(),
      useQueryLimits(),
      useInputStrings(),
      useOperationCost(api.maxOperationCost),
      useCompiledExecution(),
      useDatabaseLanes(),
    ],
    // Expected failures keep their code; unexpected ones reach clients as "Unexpected error." (mask-error.ts).
    maskedErrors: { maskError },
    logging: false,
  });

  // Each HTTP request's statements are cancelled when its client goes away before the response is
  // done, and every request still running is cancelled when the server stops (see src/db/api-pool.ts).
  const inFlight = new Set<AbortController>();
  const httpServer: Server = createServer((req, res) => {
    const controller = new AbortController();
    inFlight.add(controller);
    res.once('close', () => {
      inFlight.delete(controller);
      if (!res.writableFinished) controller.abort();
    });
    void withRequestSignal(controller.signal, () => yoga(req, res));
  });
  const wsServer = new WebSocketServer({ server: httpServer, path: yoga.graphqlEndpoint });
  const wsHandle = useServer(
    {
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args) as never,
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args) as never,
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
        const { schema: envelopedSchema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
        });
        const args: ExecutionArgs = {
          schema: envelopedSchema,
          operationName: params.operationName,
          document: parse(params.query),
          variableValues: params.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
        const errors = validate(args.schema, args.document);
        if (errors.length > 0) return errors;
        return args;
      },
    },
    wsServer,
  );

  return {
    hub,
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
      for (const controller of inFlight) controller.abort();
      // dispose() closes the WebSocketServer too; closing it again would throw.
      await wsHandle.dispose();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      if (!options.hub) await hub.close();
    },
  };
}
