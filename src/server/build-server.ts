// One HTTP server carries the whole API: yoga serves queries, mutations, SSE subscriptions and GraphiQL;
// graphql-ws serves WebSocket subscriptions on the same port and path. Both go through the same envelop
// pipeline (yoga.getEnveloped), so context, plugins and error masking are identical on both transports.
// Subscriptions on both are fed by one SubscriptionHub per process (passed in, or owned by the server).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGraphQLError, createYoga } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import type { GraphQLContext } from '../graphql/builder.js';
import { schema } from '../graphql/index.js';
import type { LoadedDefinitions } from '../definitions/index.js';
import type { Instance } from '../instance/instance.js';
import { SubscriptionHub } from '../subscriptions/hub.js';
import { useSharedSubscriptionExecution } from '../subscriptions/shared-execution.js';
import { useInputStrings } from './input-strings.js';
import { useOperationCost } from './operation-cost.js';
import { useQueryLimits } from './query-limits.js';
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
    plugins: [
      useSharedSubscriptionExecution(),
      useQueryLimits(),
      useInputStrings(),
      useOperationCost(options.instance.config.api.maxOperationCost),
      useCompiledExecution(),
    ],
    // Unexpected errors reach clients as "Unexpected error."; the detail goes to the server log.
    maskedErrors: {
      maskError(error, message) {
        // Deliberate GraphQL errors (validation, typed argument errors) reach the client as they are;
        // those about the request itself (a variable of the wrong type: no path, no code) get a code.
        if (error instanceof GraphQLError && (!error.originalError || error.originalError instanceof GraphQLError)) {
          if (error.extensions?.code === undefined && error.path === undefined) {
            return new GraphQLError(error.message, { ...error, extensions: { ...error.extensions, code: 'BAD_USER_INPUT' } });
          }
          return error;
        }
        console.error('[tidepool] unexpected error in a GraphQL operation:', error);
        return createGraphQLError(message);
      },
    },
    logging: false,
  });

  const httpServer: Server = createServer(yoga);
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
      // dispose() closes the WebSocketServer too; closing it again would throw.
      await wsHandle.dispose();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      if (!options.hub) await hub.close();
    },
  };
}
