// The subscribers of the fanout benchmark, run as child processes of their own so that reading 10,000
// messages per change never shares the server's event loop (nor the writer's, which takes the commit
// time). Two kinds, started with their share of the subscribers:
//   fanout-clients.ts graphql-ws <ws URL> <count>  — graphql-ws clients, each subscribed to runStatusChanged
//   fanout-clients.ts ws <ws URL> <count>          — plain `ws` sockets of the baseline's broadcast server
// Every arrival is stamped with the system's monotonic clock (clock.ts `monotonicNow`), which the parent
// shares, and the child reports a key's arrivals once all of its subscribers have it. IPC protocol:
// child → parent: { type: 'connected', count } once all are open (and subscribed), then
// { type: 'arrived', key, times, bytes } per complete key; parent → child: 'stop'.
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { RunStatusChangedDocument } from '../../test/generated/graphql.js';
import { monotonicNow } from '../lib/clock.js';

export type ClientsMode = 'graphql-ws' | 'ws';
export type ClientsReply =
  | { type: 'connected'; count: number }
  | { type: 'arrived'; key: string; times: number[]; bytes: number }
  | { type: 'failed'; message: string };

/** Connections opened at once; the next batch waits for these to be open. */
const CONNECT_BATCH = 250;

const send = (reply: ClientsReply) => process.send!(reply);

class Arrivals {
  private readonly times = new Map<string, number[]>();
  constructor(private readonly expected: number) {}

  record(key: string, at: number, bytes: number): void {
    let list = this.times.get(key);
    if (!list) this.times.set(key, (list = []));
    list.push(at);
    if (list.length === this.expected) {
      this.times.delete(key);
      send({ type: 'arrived', key, times: list, bytes });
    }
  }
}

async function graphqlWsClients(url: string, count: number, arrivals: Arrivals): Promise<() => Promise<void>> {
  const query = print(RunStatusChangedDocument);
  const clients: Client[] = [];
  for (let i = 0; i < count; i += CONNECT_BATCH) {
    const batch = Array.from({ length: Math.min(CONNECT_BATCH, count - i) }, async () => {
      let connected!: () => void;
      const open = new Promise<void>((resolve) => (connected = resolve));
      const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, on: { connected: () => connected() } });
      clients.push(client);
      client.subscribe(
        { query },
        {
          next: (result) => {
            const at = monotonicNow();
            const change = (result.data as { runStatusChanged?: { cursor: string } } | undefined)?.runStatusChanged;
            if (change) arrivals.record(change.cursor, at, JSON.stringify({ id: '1', type: 'next', payload: result }).length);
          },
          error: (error) => send({ type: 'failed', message: `a subscriber failed: ${JSON.stringify(error)}` }),
          complete: () => undefined,
        },
      );
      await open;
    });
    await Promise.all(batch);
  }
  return async () => {
    await Promise.all(clients.map(async (client) => client.dispose()));
  };
}

async function wsClients(url: string, count: number, arrivals: Arrivals): Promise<() => Promise<void>> {
  const sockets: WebSocket[] = [];
  for (let i = 0; i < count; i += CONNECT_BATCH) {
    const batch = Array.from({ length: Math.min(CONNECT_BATCH, count - i) }, () => {
      const socket = new WebSocket(url);
      // ws hands over Buffers (its default binaryType); RawData's type also admits ArrayBuffer and Buffer[].
      socket.on('message', (data) => {
        const at = monotonicNow();
        const text = (data as Buffer).toString();
        arrivals.record(String((JSON.parse(text) as { seq: number }).seq), at, text.length);
      });
      sockets.push(socket);
      return new Promise<void>((resolve, reject) => socket.once('open', () => resolve()).once('error', reject));
    });
    await Promise.all(batch);
  }
  return () => {
    for (const socket of sockets) socket.terminate();
    return Promise.resolve();
  };
}

const [mode, url, countText] = process.argv.slice(2) as [ClientsMode, string, string];
const count = Number(countText);
const arrivals = new Arrivals(count);
try {
  const close = await (mode === 'graphql-ws' ? graphqlWsClients : wsClients)(url, count, arrivals);
  process.on('message', (request: 'stop') => {
    if (request === 'stop') void close().then(() => process.exit(0));
  });
  send({ type: 'connected', count });
} catch (error) {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
