// What live subscriptions may hold, per process and per client (a remote address until access control
// names clients). Before these caps, 1,000 sockets × 100 subscriptions from one address took 2.5–3.1 GB
// (about 13 KB per subscription) and one status change fanned out to 100,000 frames.
//
// Invariant, kept by ConnectionLimits alone: at every moment
//   connections ≤ maxConnections, and each client's ≤ maxConnectionsPerClient;
//   subscriptions ≤ maxOperations, and each client's ≤ maxOperationsPerClient;
//   subscriptionBytes ≤ MAX_SUBSCRIPTION_BYTES (their documents, each distinct document counted once,
//   and their variables: a subscription keeps both until it ends).
// Every admission returns a lease, released exactly once however often it is called; when everything
// admitted has ended, every count is 0 and no client entry is left. A WebSocket connection takes a
// connection at upgrade and releases it on close; a subscription takes its slot when its event stream
// exists and releases it when the stream ends (completed, or returned on unsubscribe or disconnect). An
// SSE subscription is its own connection: it takes a connection and a subscription, both or neither.
//
// Operations per WebSocket connection (maxOperationsPerConnection) are graphql-ws's own count, checked
// where it subscribes (build-server.ts).
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ApiLimits } from '../config/instance-config.js';
import type { GraphQLContext } from '../graphql/builder.js';
import { estimateDocumentBytes } from './document-cache.js';

export type SubscriptionLimits = ApiLimits['subscriptions'];

/** Bytes the documents and variables of all live subscriptions may hold (estimated, see document-cache.ts). */
export const MAX_SUBSCRIPTION_BYTES = 256 * 1024 * 1024;

/**
 * Heap bytes a subscription's variables hold per character of their JSON: the parsed values (strings of
 * two-byte characters at worst, objects and arrays above their text) and what a feed builds from them
 * (a filter's set of run ids) — about three copies of the text.
 */
const BYTES_PER_VARIABLES_CHAR = 6;

/** Marks the context of an operation arriving over WebSocket (its connection is counted at upgrade). */
export const OVER_WEBSOCKET = Symbol('tidepool.overWebSocket');

/** Releases what an admission took; calling it again does nothing. */
export type Lease = () => void;

export interface Refusal {
  code: 'TOO_MANY_CONNECTIONS' | 'TOO_MANY_SUBSCRIPTIONS';
  /** Whose allowance is used up: the whole server's or this client's. */
  scope: 'process' | 'client';
  /** The config key of the limit (under api.subscriptions), or null for the byte budget. */
  setting: string | null;
  limit: number;
  /** A whole sentence for a GraphQL error. */
  message: string;
  /** The same within a WebSocket close reason's 123 bytes. */
  reason: string;
}

export function isRefusal(value: Lease | Refusal): value is Refusal {
  return typeof value !== 'function';
}

/** One kind of thing counted, in all and per client. */
class Tally {
  total = 0;
  readonly perClient = new Map<string, number>();

  constructor(
    readonly max: number,
    readonly maxPerClient: number,
  ) {}

  /** Which allowance taking one more would exceed, or null when there is room. */
  full(client: string): 'process' | 'client' | null {
    if (this.total >= this.max) return 'process';
    if ((this.perClient.get(client) ?? 0) >= this.maxPerClient) return 'client';
    return null;
  }

  take(client: string): void {
    this.total++;
    this.perClient.set(client, (this.perClient.get(client) ?? 0) + 1);
  }

  give(client: string): void {
    this.total--;
    const left = (this.perClient.get(client) ?? 1) - 1;
    if (left > 0) this.perClient.set(client, left);
    else this.perClient.delete(client);
  }
}

/** What a subscription keeps while it lives (counted against MAX_SUBSCRIPTION_BYTES). */
export interface SubscriptionHolding {
  /** Shared by every subscription of the same cached text: its bytes count once, for all of them. */
  document: object;
  documentBytes: number;
  variablesBytes: number;
}

export interface ConnectionStats {
  connections: number;
  subscriptions: number;
  subscriptionBytes: number;
  /** Clients with at least one connection or subscription. */
  clients: number;
}

export class ConnectionLimits {
  private readonly connections: Tally;
  private readonly subscriptions: Tally;
  private readonly documents = new Map<object, { bytes: number; holders: number }>();
  private subscriptionBytes = 0;

  constructor(
    readonly limits: SubscriptionLimits,
    private readonly maxSubscriptionBytes: number = MAX_SUBSCRIPTION_BYTES,
  ) {
    this.connections = new Tally(limits.maxConnections, limits.maxConnectionsPerClient);
    this.subscriptions = new Tally(limits.maxOperations, limits.maxOperationsPerClient);
  }

  /** A WebSocket connection from `client`. */
  openConnection(client: string): Lease | Refusal {
    const full = this.connections.full(client);
    if (full) return connectionRefusal(full, this.limits);
    this.connections.take(client);
    return once(() => this.connections.give(client));
  }

  /** A subscription from `client`; `stream` = it is an SSE stream, its own connection. */
  openSubscription(client: string, holding: SubscriptionHolding, stream: boolean): Lease | Refusal {
    const connectionFull = stream ? this.connections.full(client) : null;
    if (connectionFull) return connectionRefusal(connectionFull, this.limits);
    const full = this.subscriptions.full(client);
    if (full) return subscriptionRefusal(full, this.limits);
    const known = this.documents.get(holding.document);
    const adds = holding.variablesBytes + (known ? 0 : holding.documentBytes);
    if (this.subscriptionBytes + adds > this.maxSubscriptionBytes) return bytesRefusal(this.maxSubscriptionBytes);

    if (stream) this.connections.take(client);
    this.subscriptions.take(client);
    this.subscriptionBytes += adds;
    if (known) known.holders++;
    else this.documents.set(holding.document, { bytes: holding.documentBytes, holders: 1 });
    return once(() => {
      if (stream) this.connections.give(client);
      this.subscriptions.give(client);
      this.subscriptionBytes -= holding.variablesBytes;
      const entry = this.documents.get(holding.document)!;
      if (--entry.holders === 0) {
        this.documents.delete(holding.document);
        this.subscriptionBytes -= entry.bytes;
      }
    });
  }

  stats(): ConnectionStats {
    const clients = new Set([...this.connections.perClient.keys(), ...this.subscriptions.perClient.keys()]);
    return {
      connections: this.connections.total,
      subscriptions: this.subscriptions.total,
      subscriptionBytes: this.subscriptionBytes,
      clients: clients.size,
    };
  }
}

function once(release: () => void): Lease {
  let released = false;
  return () => {
    if (released) return;
    released = true;
    release();
  };
}

function connectionRefusal(scope: 'process' | 'client', limits: SubscriptionLimits): Refusal {
  if (scope === 'process') {
    const limit = limits.maxConnections;
    return {
      code: 'TOO_MANY_CONNECTIONS',
      scope,
      setting: 'max_connections',
      limit,
      message: `The server already has ${limit} subscription connections open, the most it allows (api.subscriptions.max_connections); try again later.`,
      reason: `Too many connections: the server allows ${limit} (api.subscriptions.max_connections)`,
    };
  }
  const limit = limits.maxConnectionsPerClient;
  return {
    code: 'TOO_MANY_CONNECTIONS',
    scope,
    setting: 'max_connections_per_client',
    limit,
    message:
      `This client already has ${limit} subscription connections open, the most one client may have ` +
      '(api.subscriptions.max_connections_per_client); close one of them first.',
    reason: `Too many connections from this client: at most ${limit} (api.subscriptions.max_connections_per_client)`,
  };
}

function subscriptionRefusal(scope: 'process' | 'client', limits: SubscriptionLimits): Refusal {
  if (scope === 'process') {
    const limit = limits.maxOperations;
    return {
      code: 'TOO_MANY_SUBSCRIPTIONS',
      scope,
      setting: 'max_operations',
      limit,
      message: `The server already has ${limit} subscriptions open, the most it allows (api.subscriptions.max_operations); try again later.`,
      reason: `Too many subscriptions: the server allows ${limit} (api.subscriptions.max_operations)`,
    };
  }
  const limit = limits.maxOperationsPerClient;
  return {
    code: 'TOO_MANY_SUBSCRIPTIONS',
    scope,
    setting: 'max_operations_per_client',
    limit,
    message:
      `This client already has ${limit} subscriptions open, the most one client may have ` +
      '(api.subscriptions.max_operations_per_client); complete one of them first.',
    reason: `Too many subscriptions from this client: at most ${limit} (api.subscriptions.max_operations_per_client)`,
  };
}

function bytesRefusal(limit: number): Refusal {
  const mib = Math.round(limit / 1024 / 1024);
  return {
    code: 'TOO_MANY_SUBSCRIPTIONS',
    scope: 'process',
    setting: null,
    limit,
    message:
      `The subscriptions open on this server already hold ${mib} MiB of operations and variables, the most it allows; ` +
      'subscribe with a smaller operation, or try again later.',
    reason: `Too many subscriptions: they hold ${mib} MiB, the most the server allows`,
  };
}

/**
 * The refusal as a GraphQL error. Over HTTP (SSE) it also sets the response status: 429 when the client's
 * own allowance is used up, 503 when the server's is (yoga removes `http` from what the client sees).
 */
export function refusalError(refusal: Refusal, overHttp: boolean): GraphQLError {
  const extensions: Record<string, unknown> = { code: refusal.code, limit: refusal.limit };
  if (refusal.setting) extensions.setting = `api.subscriptions.${refusal.setting}`;
  if (overHttp) extensions.http = { status: refusal.scope === 'client' ? 429 : 503 };
  return new GraphQLError(refusal.message, { extensions });
}

/**
 * The envelop plugin holding every subscription (SSE and WebSocket alike) to the caps above: a
 * subscription whose event stream exists takes its slot, or is refused with a TOO_MANY_CONNECTIONS or
 * TOO_MANY_SUBSCRIPTIONS error instead of its stream (which is returned unstarted: feeds start on their
 * first read); the slot is released when the stream ends, however it ends.
 */
export function useSubscriptionLimits(limits: ConnectionLimits): Plugin {
  return {
    onSubscribe({ args }) {
      return {
        onSubscribeResult({ result, setResult }) {
          if (!isAsyncIterable(result)) return;
          const context = args.contextValue as unknown as GraphQLContext & { [OVER_WEBSOCKET]?: true };
          const overWebSocket = context[OVER_WEBSOCKET] === true;
          const lease = limits.openSubscription(
            context.client,
            {
              document: args.document,
              documentBytes: estimateDocumentBytes(args.document),
              variablesBytes: BYTES_PER_VARIABLES_CHAR * JSON.stringify(args.variableValues ?? {}).length,
            },
            !overWebSocket,
          );
          if (isRefusal(lease)) {
            void result[Symbol.asyncIterator]().return?.();
            setResult({ errors: [refusalError(lease, !overWebSocket)] } satisfies ExecutionResult);
          } else {
            setResult(releasing(result, lease));
          }
        },
      };
    },
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** The stream, calling `release` once when it ends: done, returned, thrown into, or failed. */
function releasing<T>(source: AsyncIterable<T>, release: Lease): AsyncIterableIterator<T> {
  const iterator = source[Symbol.asyncIterator]();
  const wrapped: AsyncIterableIterator<T> = {
    [Symbol.asyncIterator]: () => wrapped,
    async next() {
      try {
        const result = await iterator.next();
        if (result.done) release();
        return result;
      } catch (error) {
        release();
        throw error;
      }
    },
    async return(value?: unknown) {
      release();
      return (await iterator.return?.(value)) ?? { done: true, value: undefined };
    },
    async throw(error?: unknown) {
      release();
      if (iterator.throw) return iterator.throw(error);
      throw error;
    },
  };
  return wrapped;
}
