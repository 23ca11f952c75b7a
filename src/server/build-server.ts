// One HTTP server carries the whole API: yoga serves queries, mutations, SSE subscriptions and GraphiQL;
// graphql-ws serves WebSocket subscriptions on the same port and path. Both go through the same envelop
// pipeline (yoga.getEnveloped), so context, plugins and error masking are identical on both transports.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGraphQLError, createYoga } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import type { GraphQLContext } from '../graphql/builder.js';
import { schema } from '../graphql/index.js';
import type { LoadedDefinitions } from '../definitions/index.js';
import type { Instance } from '../instance/instance.js';

export interface ServerOptions {
  instance: Instance;
  location: LoadedDefinitions | null;
  port: number;
  host: string;
}

export interface RunningServer {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:3000/graphql. */
  url: string;
  port: number;
}

export interface TidepoolServer {
  start(): Promise<RunningServer>;
  stop(): Promise<void>;
}

type EnvelopedRoot = {
  execute: (args: ExecutionArgs) => unknown;
  subscribe: (args: ExecutionArgs) => unknown;
};

export function buildServer(options: ServerOptions): TidepoolServer {
  const yoga = createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: { title: 'Tidepool', subscriptionsProtocol: 'WS' },
    context: (): GraphQLContext => ({ instance: options.instance, location: options.location }),
    // Unexpected errors reach clients as "Unexpected error."; the detail goes to the server log.
    maskedErrors: {
      maskError(error, message) {
        // Deliberate GraphQL errors (validation, typed argument errors) reach the client as they are.
        if (error instanceof GraphQLError && (!error.originalError || error.originalError instanceof GraphQLError)) return error;
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
    },
  };
}
