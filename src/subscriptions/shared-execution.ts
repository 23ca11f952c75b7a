// One execution per event for every subscriber of the same operation. GraphQL runs a subscription's
// selection once per event per subscriber; with a thousand UIs watching the same feed that is a thousand
// identical executions of one payload. The hub hands all subscribers of a status change the same payload
// object, so the result of executing (operation, variables) on it can be computed once and shared.
//
// Sound because a payload's result depends only on the payload, the operation, its variables and the
// instance — every context of this server is the same ({ instance, location, hub }) but for its client,
// which no resolver reads, and its loader, made afresh for each payload (`contextForPayload`). If
// per-client authorization ever arrives, its identity must join the key.
// Payloads that are not shared (run logs, pool states) simply miss the cache.
//
// A shared execution serves every subscriber of it, so it runs in the async context the plugin was made
// in, not in that of the subscriber that reached the event first: an SSE request's context carries its
// signal (src/db/request-scope.ts), and that client leaving must not cancel a read the others wait for.
import { AsyncResource } from 'node:async_hooks';
import { createSourceEventStream, execute, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

type Results = Map<string, Promise<ExecutionResult> | ExecutionResult>;

export interface SharedExecutionOptions<Context> {
  /**
   * The context one payload is resolved in, made from the subscriber's: a subscription lives long, and
   * whatever its context caches must not outlive the payload it was read for.
   */
  contextForPayload?: (context: Context) => Context;
}

export function useSharedSubscriptionExecution<Context>(options: SharedExecutionOptions<Context> = {}): Plugin {
  const contextFor = options.contextForPayload ?? ((context: Context) => context);
  /** Per payload object, per operation: the result. Entries die with the payload (WeakMap). */
  const shared = new WeakMap<object, WeakMap<DocumentNode, Results>>();
  const scope = new AsyncResource('TidepoolSharedSubscriptionExecution');

  const executeOnce = (args: ExecutionArgs, payload: unknown) =>
    execute({ ...args, contextValue: contextFor(args.contextValue as Context), rootValue: payload });

  const executeShared = (args: ExecutionArgs, key: string, payload: unknown) => {
    if (typeof payload !== 'object' || payload === null) return executeOnce(args, payload);
    let byDocument = shared.get(payload);
    if (!byDocument) shared.set(payload, (byDocument = new WeakMap()));
    let results = byDocument.get(args.document);
    if (!results) byDocument.set(args.document, (results = new Map()));
    let result = results.get(key);
    if (!result) results.set(key, (result = scope.runInAsyncScope(() => executeOnce(args, payload))));
    return result;
  };

  const subscribe = async (args: ExecutionArgs) => {
    const stream = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in stream)) return stream;
    const key = `${args.operationName ?? ''}\u0000${JSON.stringify(args.variableValues ?? {})}`;
    const source = stream[Symbol.asyncIterator]();
    const mapped: AsyncIterableIterator<ExecutionResult> = {
      [Symbol.asyncIterator]: () => mapped,
      async next() {
        const next = await source.next();
        if (next.done) return { done: true, value: undefined };
        return { done: false, value: await executeShared(args, key, next.value) };
      },
      async return() {
        await source.return?.();
        return { done: true, value: undefined };
      },
      async throw(error: unknown) {
        await source.return?.();
        throw error;
      },
    };
    return mapped;
  };

  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(subscribe as never);
    },
  };
}
