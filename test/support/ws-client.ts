// Subscription clients for tests: graphql-ws over a real WebSocket (the `ws` package) and GraphQL over
// SSE with fetch. Both collect what arrives into a Collected, which tests wait on (never sleep on).
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type ExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { waitFor } from './wait.js';

/** Everything one subscription received, in order. */
export class Collected<Result> {
  readonly results: ExecutionResult<Result>[] = [];
  /** Set when the server ended the operation with an `error` message (or the transport failed). */
  failure: unknown = null;
  completed = false;

  constructor(private readonly stop: () => void) {}

  /** The data of every result without errors, in order. */
  get data(): Result[] {
    return this.results.filter((result) => !result.errors?.length && result.data).map((result) => result.data as Result);
  }

  /** The GraphQL errors received, in order. */
  get errors(): { message: string; extensions?: Record<string, unknown> }[] {
    return this.results.flatMap(
      (result) => (result.errors ?? []) as unknown as { message: string; extensions?: Record<string, unknown> }[],
    );
  }

  /** Waits until `probe(this)` returns something truthy; fails with a description of what arrived. */
  until<T>(probe: (collected: this) => T | undefined | null | false, what: string, timeoutMs = 15_000): Promise<T> {
    return waitFor(
      () => {
        const value = probe(this);
        if (this.failure && !value) throw new Error(`The subscription failed while waiting for ${what}: ${JSON.stringify(this.failure)}`);
        return value ?? undefined; // null is "not yet" too
      },
      { timeoutMs, what: `${what} (have ${this.results.length} results${this.completed ? ', completed' : ''})` },
    );
  }

  /** Waits for at least n results with data. */
  atLeast(n: number, timeoutMs?: number): Promise<Result[]> {
    return this.until((c) => (c.data.length >= n ? c.data : undefined), `${n} results`, timeoutMs);
  }

  dispose(): void {
    this.stop();
  }
}

export interface WsClient {
  client: Client;
  /** The client's current socket (after it connected). */
  socket(): WebSocket | null;
  dispose(): Promise<void>;
}

/** A graphql-ws client on a real socket; no retries, so a dropped connection is visible to the test. */
export function openWsClient(wsUrl: string): WsClient {
  let current: WebSocket | null = null;
  const client = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    on: { connected: (socket) => (current = socket as WebSocket) },
  });
  return { client, socket: () => current, dispose: () => client.dispose() as Promise<void> };
}

export function subscribeWs<Result, Variables>(
  client: Client,
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
): Collected<Result> {
  let unsubscribe: () => void = () => {};
  const collected = new Collected<Result>(() => unsubscribe());
  unsubscribe = client.subscribe<Result>(
    { query: print(document), variables: variables as Record<string, unknown> },
    {
      next: (result) => void collected.results.push(result as ExecutionResult<Result>),
      error: (error) => (collected.failure = error instanceof Error ? error.message : error),
      complete: () => (collected.completed = true),
    },
  );
  return collected;
}

/** GraphQL over SSE (yoga's "distinct connections" mode): one POST with accept: text/event-stream. */
export function subscribeSse<Result, Variables>(
  url: string,
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
): Collected<Result> {
  const controller = new AbortController();
  const collected = new Collected<Result>(() => controller.abort());
  void (async () => {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ query: print(document), variables }),
        signal: controller.signal,
      });
      if (!response.ok || !response.body) throw new Error(`SSE request failed with HTTP ${response.status}`);
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of message.split('\n')) {
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
          }
          if (event === 'complete') collected.completed = true;
          else if (data.length > 0 && data.join('\n').trim() !== '')
            collected.results.push(JSON.parse(data.join('\n')) as ExecutionResult<Result>);
        }
      }
      collected.completed = true;
    } catch (error) {
      if (!controller.signal.aborted) collected.failure = (error as Error).message;
    }
  })();
  return collected;
}
