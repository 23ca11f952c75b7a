// Caps on what live subscriptions may hold, over real sockets: connections per process and per client
// (refused with close 1013 over WebSocket, HTTP 503/429 over SSE), subscriptions per connection, client
// and process (typed errors), SSE streams counted with WebSocket connections, the WebSocket message and
// connection_init payload limits — and every count back to zero once the clients have gone.
// Clients are told apart by remote address: the tests connect from 127.0.0.1, 127.0.0.2 and 127.0.0.3.
import { request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withRequest } from '../../src/db/request-scope.js';
import { SubscriptionHub } from '../../src/subscriptions/hub.js';
import { RunStatusChangedDocument } from '../generated/graphql.js';
import { createTestInstance, startTestServer, type TestInstance, type TestServer } from '../support/instance.js';
import { waitFor } from '../support/wait.js';
import { subscribeWs } from '../support/ws-client.js';

const A = '127.0.0.1';
const B = '127.0.0.2';
const C = '127.0.0.3';
const query = print(RunStatusChangedDocument);
/** A subscription that stays open and quiet: no run has this id. */
const quiet = () => ({ filter: { runIds: [randomUUID()] } });

interface Setup {
  test: TestInstance;
  server: TestServer;
  open: { close(): void }[];
}

function serverWith(configYaml: string): Setup {
  const setup = { open: [] } as unknown as Setup;
  beforeAll(async () => {
    setup.test = await createTestInstance({ configYaml });
    setup.server = await startTestServer(setup.test.instance);
  });
  afterAll(async () => {
    for (const item of setup.open) item.close();
    await setup.server?.server.stop();
    await setup.test?.cleanup();
  });
  return setup;
}

const stats = (setup: Setup) => setup.server.server.connections.stats();

/** Waits until nothing is open: the server's counts and the hub's listeners are all back to zero. */
async function allReleased(setup: Setup): Promise<void> {
  await waitFor(() => stats(setup).connections === 0 && stats(setup).subscriptions === 0 && setup.server.hub.stats().subscriptions === 0, {
    what: 'every connection and subscription to be released',
  });
  expect(stats(setup)).toEqual({ connections: 0, subscriptions: 0, subscriptionBytes: 0, clients: 0 });
  expect(setup.server.hub.stats()).toMatchObject({
    subscriptions: 0,
    attachedStatusListeners: 0,
    attachedRunListeners: 0,
    poolWatchers: 0,
  });
}

type Closed = { code: number; reason: string };

/** A graphql-transport-ws socket from `from`, through connection_init: 'acked', or how it was closed. */
async function connect(
  setup: Setup,
  from: string,
  payload?: unknown,
): Promise<{ socket: WebSocket; outcome: 'acked' | Closed; closed: Promise<Closed> }> {
  const socket = new WebSocket(setup.server.wsUrl, 'graphql-transport-ws', { localAddress: from });
  socket.on('error', () => undefined);
  setup.open.push({ close: () => socket.terminate() });
  const closed = new Promise<Closed>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  const acked = new Promise<'acked'>((resolve) => {
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', ...(payload === undefined ? {} : { payload }) })));
    socket.on('message', (data) => {
      if ((JSON.parse((data as Buffer).toString()) as { type: string }).type === 'connection_ack') resolve('acked');
    });
  });
  return { socket, outcome: await Promise.race([acked, closed]), closed };
}

/** A graphql-ws client whose sockets come from `from`. */
function clientFrom(setup: Setup, from: string): Client {
  class FromAddress extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { localAddress: from });
    }
  }
  const client = createClient({ url: setup.server.wsUrl, webSocketImpl: FromAddress, retryAttempts: 0, lazy: true });
  setup.open.push({ close: () => void client.dispose() });
  return client;
}

interface SseStream {
  status: Promise<number>;
  results: { errors?: { message: string; extensions?: Record<string, unknown> }[] }[];
  close(): void;
}

/** A subscription over SSE (POST with accept: text/event-stream) from `from`. */
function sseFrom(setup: Setup, from: string, variables: unknown): SseStream {
  const results: SseStream['results'] = [];
  const body = JSON.stringify({ query, variables });
  const req = request(setup.server.url, {
    method: 'POST',
    localAddress: from,
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'content-length': Buffer.byteLength(body) },
  });
  const status = new Promise<number>((resolve, reject) => {
    req.once('error', reject);
    req.once('response', (res) => {
      resolve(res.statusCode ?? 0);
      let buffer = '';
      res.setEncoding('utf8');
      res.on('error', () => undefined);
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const data = buffer
            .slice(0, end)
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trim())
            .join('\n');
          buffer = buffer.slice(end + 2);
          if (data) results.push(JSON.parse(data) as SseStream['results'][number]);
        }
      });
    });
  });
  req.end(body);
  const stream = { status, results, close: () => req.destroy() };
  setup.open.push(stream);
  return stream;
}

describe('connections per process and per client', () => {
  const setup = serverWith('api: {subscriptions: {max_connections: 4, max_connections_per_client: 2}}');

  it('refuses the connection over either cap with 1013 and a reason naming it, and admits again once one closes', async () => {
    const a1 = await connect(setup, A);
    const a2 = await connect(setup, A);
    expect([a1.outcome, a2.outcome]).toEqual(['acked', 'acked']);
    expect((await connect(setup, A)).outcome).toEqual({
      code: 1013,
      reason: 'Too many connections from this client: at most 2 (api.subscriptions.max_connections_per_client)',
    });

    const b1 = await connect(setup, B);
    const b2 = await connect(setup, B);
    expect([b1.outcome, b2.outcome]).toEqual(['acked', 'acked']);
    expect((await connect(setup, C)).outcome).toEqual({
      code: 1013,
      reason: 'Too many connections: the server allows 4 (api.subscriptions.max_connections)',
    });
    expect(stats(setup)).toMatchObject({ connections: 4, clients: 2 });

    // An SSE subscription is a connection too: the server is full, so it is refused with 503.
    const sse = sseFrom(setup, C, quiet());
    expect(await sse.status).toBe(503);
    await waitFor(() => sse.results.length > 0, { what: 'the SSE refusal' });
    expect(sse.results[0]!.errors?.[0]).toMatchObject({
      message:
        'The server already has 4 subscription connections open, the most it allows (api.subscriptions.max_connections); try again later.',
      extensions: { code: 'TOO_MANY_CONNECTIONS', limit: 4, setting: 'api.subscriptions.max_connections' },
    });
    expect(sse.results[0]!.errors?.[0]?.extensions).not.toHaveProperty('http');

    a1.socket.close();
    await waitFor(() => stats(setup).connections === 3, { what: 'the closed connection to be released' });
    const c1 = await connect(setup, C);
    expect(c1.outcome).toBe('acked');

    for (const socket of [a2, b1, b2, c1]) socket.socket.close();
    await allReleased(setup);
  });
});

describe('subscriptions per connection, per client and per process', () => {
  const setup = serverWith(
    'api: {subscriptions: {max_connections: 20, max_connections_per_client: 10, max_operations: 6, max_operations_per_client: 4, max_operations_per_connection: 3}}',
  );

  it('refuses each cap with its typed error, counts SSE with WebSocket, and releases everything on disconnect', async () => {
    const live = (n: number, what: string) =>
      waitFor(() => stats(setup).subscriptions === n && setup.server.hub.stats().attachedStatusListeners === n, { what });

    // Client A: three on one connection, the fourth refused by that connection's own cap.
    const a1 = clientFrom(setup, A);
    const onA1 = [1, 2, 3].map(() => subscribeWs(a1, RunStatusChangedDocument, quiet()));
    await live(3, "A's first three subscriptions");
    const overConnection = subscribeWs(a1, RunStatusChangedDocument, quiet());
    await overConnection.until((c) => c.failure, 'the refusal on a full connection');
    expect(JSON.stringify(overConnection.failure)).toContain('TOO_MANY_OPERATIONS');

    // A fourth on another connection is within A's allowance; a fifth is not, on any transport.
    const a2 = clientFrom(setup, A);
    subscribeWs(a2, RunStatusChangedDocument, quiet());
    await live(4, "A's fourth subscription");
    const overClient = subscribeWs(a2, RunStatusChangedDocument, quiet());
    await overClient.until((c) => c.completed, "A's fifth subscription to be refused");
    expect(overClient.errors).toEqual([
      {
        message:
          'This client already has 4 subscriptions open, the most one client may have (api.subscriptions.max_operations_per_client); complete one of them first.',
        extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', limit: 4, setting: 'api.subscriptions.max_operations_per_client' },
      },
    ]);
    const overClientSse = sseFrom(setup, A, quiet());
    expect(await overClientSse.status).toBe(429);
    await waitFor(() => overClientSse.results.length > 0, { what: 'the SSE refusal' });
    expect(overClientSse.results[0]!.errors?.[0]?.extensions).toMatchObject({
      code: 'TOO_MANY_SUBSCRIPTIONS',
      setting: 'api.subscriptions.max_operations_per_client',
    });

    // B fills the server: one over SSE, one over WebSocket. Then C is refused, whatever its transport.
    const bSse = sseFrom(setup, B, quiet());
    expect(await bSse.status).toBe(200);
    await live(5, "B's SSE subscription");
    subscribeWs(clientFrom(setup, B), RunStatusChangedDocument, quiet());
    await live(6, "B's WebSocket subscription");
    const overProcess = subscribeWs(clientFrom(setup, C), RunStatusChangedDocument, quiet());
    await overProcess.until((c) => c.completed, "C's subscription to be refused");
    expect(overProcess.errors[0]).toMatchObject({
      message: 'The server already has 6 subscriptions open, the most it allows (api.subscriptions.max_operations); try again later.',
      extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', limit: 6 },
    });
    expect(await sseFrom(setup, C, quiet()).status).toBe(503);
    // Connections: A's two WebSockets, B's WebSocket and SSE stream. C's (lazy) client closed its socket
    // when its only subscription was refused; refused SSE streams never held a place.
    await waitFor(() => stats(setup).connections === 4, { what: "C's idle socket to close" });
    expect(stats(setup)).toMatchObject({ subscriptions: 6, clients: 2 });

    // Completing one makes room for another.
    onA1[0]!.dispose();
    await live(5, 'the completed subscription to be released');
    subscribeWs(clientFrom(setup, C), RunStatusChangedDocument, quiet());
    await live(6, "C's subscription, now admitted");

    // Everyone leaves: sockets closed, SSE requests aborted.
    for (const item of setup.open) item.close();
    await allReleased(setup);
  });
});

describe('SSE streams per client', () => {
  const setup = serverWith('api: {subscriptions: {max_connections_per_client: 2}}');

  it('counts each stream as a connection: the third is refused with 429, and a WebSocket with 1013', async () => {
    const first = sseFrom(setup, A, quiet());
    const second = sseFrom(setup, A, quiet());
    expect([await first.status, await second.status]).toEqual([200, 200]);
    await waitFor(() => stats(setup).connections === 2, { what: 'both streams to be counted' });

    const third = sseFrom(setup, A, quiet());
    expect(await third.status).toBe(429);
    await waitFor(() => third.results.length > 0, { what: 'the refusal' });
    expect(third.results[0]!.errors?.[0]?.extensions).toMatchObject({
      code: 'TOO_MANY_CONNECTIONS',
      setting: 'api.subscriptions.max_connections_per_client',
    });
    expect((await connect(setup, A)).outcome).toMatchObject({ code: 1013 });

    // A stream ends when its client goes away, and its place is free again.
    first.close();
    await waitFor(() => stats(setup).connections === 1, { what: 'the aborted stream to be released' });
    expect((await connect(setup, A)).outcome).toBe('acked');

    for (const item of setup.open) item.close();
    await allReleased(setup);
  });
});

describe('message and connection_init sizes', () => {
  const setup = serverWith('api: {max_request_bytes: 65536}');

  it('closes a socket sending a message over max_request_bytes with 1009', async () => {
    const { socket, outcome, closed } = await connect(setup, A);
    expect(outcome).toBe('acked');
    socket.send(
      JSON.stringify({ id: '1', type: 'subscribe', payload: { query: `${query}\n# ${'x'.repeat(70_000)}`, variables: quiet() } }),
    );
    expect((await closed).code).toBe(1009);
    await allReleased(setup);
  });

  it('refuses a connection_init payload over 16 KiB with 4400, and accepts a smaller one', async () => {
    const big = await connect(setup, A, { token: 'x'.repeat(20_000) });
    expect(big.outcome).toEqual({ code: 4400, reason: 'Connection init payload of 20012 bytes; at most 16384 are allowed' });
    const small = await connect(setup, A, { token: 'x'.repeat(8_000) });
    expect(small.outcome).toBe('acked');
    small.socket.close();
    await allReleased(setup);
  });
});

describe("the hub's shared reads", () => {
  const setup = serverWith('');

  it('do not belong to the request that woke them: a departed SSE client cannot cancel them', async () => {
    // An SSE subscription joins the hub inside its request's scope, whose signal aborts when the client
    // leaves. Were the hub's probe run in that scope, it would be refused, and `ready` never resolve.
    const hub = new SubscriptionHub({ database: setup.test.instance.database });
    const departed = new AbortController();
    departed.abort();
    const leave = withRequest({ signal: departed.signal }, () => hub.join());
    await hub.ready(new AbortController().signal);
    expect(hub.position).toBeGreaterThanOrEqual(0);
    leave();
    await hub.close();
  });
});
