// The server side of the fanout benchmark, run as a child process (so its memory is the server's alone):
//   fanout-server.ts tidepool <DATABASE_URL>  — a Tidepool API server (hub fed by its own notifier)
//   fanout-server.ts ws                       — the baseline: a bare `ws` server that relays each message
//                                               a client sends to every other client
// It reports `{ type: 'ready', port }`, then answers IPC requests: 'memory' (after a full GC), 'stats'
// (the hub's), 'stop'.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { parseInstanceConfig, resolveSettings } from '../../src/config/index.js';
import { Notifier } from '../../src/db/notifier.js';
import { openInstance } from '../../src/instance/instance.js';
import { buildServer } from '../../src/server/build-server.js';
import { SubscriptionHub } from '../../src/subscriptions/hub.js';

export type ServerRequest = 'memory' | 'stats' | 'stop';
export type ServerReply =
  | { type: 'ready'; port: number }
  | { type: 'memory'; rss: number; heapUsed: number; heapTotal: number; external: number }
  | { type: 'stats'; stats: unknown };

const send = (reply: ServerReply) => process.send!(reply);

async function startTidepool(databaseUrl: string): Promise<{ port: number; stats: () => unknown; stop: () => Promise<void> }> {
  const home = await mkdtemp(join(tmpdir(), 'tidepool-bench-fanout-'));
  const settings = resolveSettings({}, { DATABASE_URL: databaseUrl, TIDEPOOL_HOME: home }, home);
  const instance = await openInstance(settings, {
    migrate: false,
    config: parseInstanceConfig('api: {subscriptions: {max_connections_per_client: 5000}}', null),
    applicationName: 'bench:fanout-server',
  });
  const notifier = new Notifier(instance.database);
  await notifier.start();
  const hub = new SubscriptionHub({ database: instance.database, notifier });
  const server = buildServer({ instance, location: null, port: 0, host: '127.0.0.1', hub });
  const { port } = await server.start();
  return {
    port,
    stats: () => hub.stats(),
    async stop() {
      await server.stop();
      await hub.close();
      await notifier.stop();
      await instance.close();
    },
  };
}

async function startBaseline(): Promise<{ port: number; stats: () => unknown; stop: () => Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  wss.on('connection', (socket: WebSocket) => {
    socket.on('message', (data, isBinary) => {
      for (const client of wss.clients) if (client !== socket) client.send(data, { binary: isBinary });
    });
  });
  const address = wss.address();
  return {
    port: address !== null && typeof address === 'object' ? address.port : 0,
    stats: () => ({ clients: wss.clients.size }),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}

const [mode, databaseUrl] = process.argv.slice(2);
const server = mode === 'tidepool' ? await startTidepool(databaseUrl!) : await startBaseline();
process.on('message', (request: ServerRequest) => {
  if (request === 'memory') {
    (globalThis as { gc?: () => void }).gc?.();
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    send({ type: 'memory', rss, heapUsed, heapTotal, external });
  } else if (request === 'stats') {
    send({ type: 'stats', stats: server.stats() });
  } else if (request === 'stop') {
    void server.stop().then(() => process.exit(0));
  }
});
send({ type: 'ready', port: server.port });
