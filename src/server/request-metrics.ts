// Durations of the API's HTTP requests by GraphQL operation (tidepool_graphql_request_duration_seconds), from
// yoga receiving the request to its response being ready; for an SSE subscription, to its stream starting.
// The operation is the one executed (its name, else the document's only operation); requests that execute
// nothing (refused, unparsable, invalid, the GraphiQL page) report operation and type 'unknown'. Names are
// bounded by metrics/operation-names.ts, so a client cannot create series at will. Operations over
// WebSocket have no request to time and are not reported here (their connections and subscriptions are).
import { getOperationAST, type ExecutionArgs } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Instruments } from '../metrics/instruments.js';
import { UNKNOWN } from '../metrics/operation-names.js';

interface Operation {
  name: string;
  type: string;
}

export function useRequestMetrics(instruments: Instruments): Plugin {
  const names = instruments.operationNames;
  const started = new WeakMap<Request, number>();
  const operations = new WeakMap<Request, Operation>();
  const noteOperation = (args: ExecutionArgs) => {
    const request = (args.contextValue as { request?: Request }).request;
    if (!request || !started.has(request)) return;
    const operation = getOperationAST(args.document, args.operationName);
    operations.set(
      request,
      operation ? { name: names.label(operation.name?.value), type: operation.operation } : { name: UNKNOWN, type: UNKNOWN },
    );
  };
  return {
    onRequest({ request }) {
      started.set(request, performance.now());
    },
    onExecute({ args }) {
      noteOperation(args);
    },
    onSubscribe({ args }) {
      noteOperation(args);
    },
    onResponse({ request }) {
      const start = started.get(request);
      if (start === undefined) return;
      const operation = operations.get(request) ?? { name: UNKNOWN, type: UNKNOWN };
      instruments.requestDuration.observe({ operation: operation.name, type: operation.type }, (performance.now() - start) / 1000);
    },
  };
}
