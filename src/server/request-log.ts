// Every request the server answers has an id, and the logger it logs with carries it: an HTTP request's id
// is the client's X-Request-Id when it sends a plausible one (a proxy's or a tracer's id, so lines can be
// matched across services), else a fresh UUID, and it is sent back as the response's X-Request-Id; each
// WebSocket operation gets an id of its own. Once the operation's document is parsed its name is added
// to that logger, both as the GraphQL context's `log` and as the request's scope (src/log/log-scope.ts),
// where the error mask (mask-error.ts) finds it. No line is written per request: only what goes wrong
// is logged.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { getOperationAST, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GraphQLContext } from '../graphql/builder.js';
import { addScopeFields, logger, type Logger } from '../log/index.js';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Ids a client may choose: short, and nothing that could forge a log line or a field. */
const PLAUSIBLE_REQUEST_ID = /^[\w.:/+=-]{1,128}$/;

/** The id of an HTTP request: the client's X-Request-Id if plausible, else a new UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && PLAUSIBLE_REQUEST_ID.test(given) ? given : randomUUID();
}

/** The logger of one request (or WebSocket operation): the process's, with its id. */
export function requestLogger(requestId: string = randomUUID()): Logger {
  return logger().child({ requestId });
}

/** Adds the operation's name to the request's logger, as soon as the operation is about to run. */
export function useOperationLog(): Plugin<GraphQLContext> {
  const name = ({
    args,
    extendContext,
  }: {
    args: { document: DocumentNode; operationName?: string | null };
    extendContext: (extension: Partial<GraphQLContext>) => void;
  }) => {
    const operationName = getOperationAST(args.document, args.operationName)?.name?.value;
    if (operationName !== undefined) extendContext({ log: addScopeFields({ operationName }) });
  };
  return { onExecute: name, onSubscribe: name };
}
