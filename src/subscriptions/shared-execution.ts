// One execution per event for every subscriber of the same operation whose result is provably the same.
// GraphQL runs a subscription's selection once per event per subscriber; with ten thousand UIs watching the
// same feed that is ten thousand identical executions of one payload. The hub hands all subscribers of a
// status change the same payload object, so the result of executing (operation, variables) on it can be
// computed once and shared.
//
// When is it the same? A result depends on the payload, the operation, its variables and what the resolvers
// read from the context. Contexts differ between subscribers: the caller (its role decides
// Schedule.hasStartPermission, PartitionBackfill.hasCancelPermission… reachable from Run.pipeline), the
// client, the code location at subscribe time. So each execution records which context properties its
// resolvers read and their values, and another subscriber shares it only if its own context has the same
// values for every one of them (`sameValue`); otherwise it gets an execution of its own (recorded in turn, for
// the subscribers like it). Nothing is assumed about which fields read what: a resolver that starts reading
// a new per-user property stops the sharing of the results it takes part in by itself. The options name the
// properties that cannot make results differ: the per-payload ones (`contextForPayload` replaces them) and the
// inert ones (a logger). Payloads that are not shared objects (run logs, pool states) simply miss the cache.
//
// A shared execution serves every subscriber of it, so it runs in the async context the plugin was made
// in, not in that of the subscriber that reached the event first: an SSE request's context carries its
// signal (src/db/request-scope.ts), and that client leaving must not cancel a read the others wait for.
import { AsyncResource } from 'node:async_hooks';
import { createSourceEventStream, execute, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

type Context = Record<PropertyKey, unknown>;

/** One execution of an operation on a payload, and what its resolvers read of the context it ran in. */
interface Execution {
  result: Promise<ExecutionResult> | ExecutionResult;
  /** Settled: `reads` is complete. */
  done: boolean;
  reads: Map<PropertyKey, unknown>;
}

export interface SharedExecutionOptions<C> {
  /**
   * The context one payload is resolved in, made from the subscriber's: a subscription lives long, and
   * whatever its context caches must not outlive the payload it was read for.
   */
  contextForPayload?: (context: C) => C;
  /** Context properties whose value never changes a result: made afresh per payload, or inert (a logger). */
  ignoredContext?: readonly PropertyKey[];
}

export function useSharedSubscriptionExecution<C>(options: SharedExecutionOptions<C> = {}): Plugin {
  const contextFor = options.contextForPayload ?? ((context: C) => context);
  const ignored = new Set(options.ignoredContext ?? []);
  /** Per payload object, per operation document, per (operation name, variables): its executions. Entries die with the payload. */
  const shared = new WeakMap<object, WeakMap<DocumentNode, Map<string, Execution[]>>>();
  const scope = new AsyncResource('TidepoolSharedSubscriptionExecution');

  /** Executes on the payload in a context that records every property read (the reads end when the result settles). */
  const executeRecorded = (args: ExecutionArgs, payload: unknown): Execution => {
    const reads = new Map<PropertyKey, unknown>();
    const context = contextFor(args.contextValue as C) as Context;
    const recording = new Proxy(context, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (!ignored.has(property)) reads.set(property, value);
        return value;
      },
    });
    const execution: Execution = { result: execute({ ...args, contextValue: recording, rootValue: payload }), done: false, reads };
    if (execution.result instanceof Promise) void execution.result.finally(() => (execution.done = true)).catch(() => undefined);
    else execution.done = true;
    return execution;
  };

  const matches = (execution: Execution, context: Context) => {
    for (const [property, value] of execution.reads) if (!sameValue(value, context[property])) return false;
    return true;
  };

  const executeShared = async (args: ExecutionArgs, key: string, payload: unknown): Promise<ExecutionResult> => {
    if (typeof payload !== 'object' || payload === null) return executeRecorded(args, payload).result;
    let byDocument = shared.get(payload);
    if (!byDocument) shared.set(payload, (byDocument = new WeakMap()));
    let byKey = byDocument.get(args.document);
    if (!byKey) byDocument.set(args.document, (byKey = new Map()));
    let executions = byKey.get(key);
    if (!executions) byKey.set(key, (executions = []));
    const context = args.contextValue as Context;
    // The list may grow while an execution is awaited; every one is tried, in order.
    for (let i = 0; i < executions.length; i++) {
      const execution = executions[i]!;
      if (!execution.done) await execution.result;
      if (matches(execution, context)) return execution.result;
    }
    const execution = scope.runInAsyncScope(() => executeRecorded(args, payload));
    executions.push(execution);
    return execution.result;
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

/**
 * Whether two subscribers' values of a context property give the same results: the same value, or plain
 * objects with the same own properties holding the same primitives or dates (a Caller: each connection has
 * its own object, and in open mode every one is alike).
 */
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(b, key)) return false;
    const [x, y] = [a[key], b[key]];
    if (Object.is(x, y)) continue;
    if (x instanceof Date && y instanceof Date && x.getTime() === y.getTime()) continue;
    return false;
  }
  return true;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
