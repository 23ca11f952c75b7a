// subscriptions-fanout: 1,000 WebSocket subscribers to runStatusChanged on one Tidepool server; the delay
// from a status change's commit (taken when the writer's transaction returns) to its arrival at each
// subscriber, and the server's memory with the subscribers connected.
//
// The server runs in a child process (fanout-server.ts) so its RSS and heap are its own; the 1,000
// graphql-ws clients and the writer (its own Instance and pg pool) run here, and take every timestamp
// on this process's clock. One change at a time: the next commit waits until all 1,000 have the last.
//
// Baseline, measured in the same run right after (two servers at once would share the 2 cores): a bare
// `ws` server relaying a message of the same size from a publisher client to 1,000 plain `ws` clients,
// timed from the publisher's send to each arrival — the floor for any WebSocket fanout in Node.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { createRuns } from '../../src/runs/create-runs.js';
import { transitionRuns } from '../../src/runs/transition.js';
import type { RunStatus } from '../../src/runs/vocabulary.js';
import { RunStatusChangedDocument } from '../../test/generated/graphql.js';
import { now, sleep } from '../lib/clock.js';
import { createBenchDatabase } from '../lib/database.js';
import { measurement, type Scenario, type ScenarioResult } from '../lib/scenario.js';
import { summarize, type Stats } from '../lib/stats.js';
import type { ServerReply, ServerRequest } from './fanout-server.js';

const SUBSCRIBERS = 1_000;
const WARMUP = 10;
const SAMPLES = 100;
const CONNECT_BATCH = 100;
const SERVER_SCRIPT = fileURLToPath(new URL('./fanout-server.ts', import.meta.url));
const STEPS: [RunStatus, RunStatus][] = [
  ['QUEUED', 'STARTING'],
  ['STARTING', 'STARTED'],
  ['STARTED', 'SUCCESS'],
];

type Memory = Extract<ServerReply, { type: 'memory' }>;

class ServerChild {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(args: string[]): Promise<ServerChild> {
    const child = fork(SERVER_SCRIPT, args, {
      execArgv: ['--import', 'tsx', '--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = await new Promise<ServerReply>((resolve, reject) => {
      child.once('message', (reply: ServerReply) => resolve(reply));
      child.once('exit', (code) => reject(new Error(`The fanout server exited with ${code} before it was ready.`)));
    });
    if (ready.type !== 'ready') throw new Error(`Unexpected first message from the fanout server: ${JSON.stringify(ready)}`);
    return new ServerChild(child, ready.port);
  }

  request<T extends ServerReply['type']>(request: ServerRequest, type: T): Promise<Extract<ServerReply, { type: T }>> {
    return new Promise((resolve) => {
      const onMessage = (reply: ServerReply) => {
        if (reply.type !== type) return;
        this.child.off('message', onMessage);
        resolve(reply as Extract<ServerReply, { type: T }>);
      };
      this.child.on('message', onMessage);
      this.child.send(request);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send('stop');
    await exited;
  }
}

/** Arrival times per message key, and a waiter for "all N subscribers have it". */
class Arrivals {
  private readonly times = new Map<string, number[]>();
  private readonly waiters = new Map<string, () => void>();

  record(key: string, at: number): void {
    let list = this.times.get(key);
    if (!list) this.times.set(key, (list = []));
    list.push(at);
    if (list.length === SUBSCRIBERS) this.waiters.get(key)?.();
  }

  async all(key: string, timeoutMs = 60_000): Promise<number[]> {
    if ((this.times.get(key)?.length ?? 0) < SUBSCRIBERS) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`Only ${this.times.get(key)?.length ?? 0} of ${SUBSCRIBERS} subscribers got ${key}.`)),
          timeoutMs,
        );
        this.waiters.set(key, () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    this.waiters.delete(key);
    const list = this.times.get(key)!;
    this.times.delete(key);
    return list;
  }
}

async function waitUntil(probe: () => Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = now() + timeoutMs;
  while (!(await probe())) {
    if (now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await sleep(50);
  }
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const describeMemory = (m: Memory) => `RSS ${mb(m.rss)} MB, heap ${mb(m.heapUsed)} MB`;

interface Phase {
  delays: number[];
  /** Per change: the delay until the last of the 1,000 had it. */
  lastDelays: number[];
  idle: Memory;
  connected: Memory;
  messageBytes: number;
}

async function tidepoolPhase(databaseUrl: string, writerRuns: string[], writer: Parameters<typeof transitionRuns>[0]): Promise<Phase> {
  const server = await ServerChild.start(['tidepool', databaseUrl]);
  const clients: Client[] = [];
  try {
    const idle = await server.request('memory', 'memory');
    const arrivals = new Arrivals();
    let messageBytes = 0;
    const query = print(RunStatusChangedDocument);
    for (let i = 0; i < SUBSCRIBERS; i += CONNECT_BATCH) {
      const batch = Array.from({ length: Math.min(CONNECT_BATCH, SUBSCRIBERS - i) }, () => {
        const client = createClient({
          url: `ws://127.0.0.1:${server.port}/graphql`,
          webSocketImpl: WebSocket,
          retryAttempts: 0,
          lazy: false,
        });
        clients.push(client);
        client.subscribe(
          { query },
          {
            next: (result) => {
              const at = now();
              const change = (result.data as { runStatusChanged?: { cursor: string } } | undefined)?.runStatusChanged;
              if (!change) return;
              messageBytes ||= JSON.stringify({ id: '1', type: 'next', payload: result }).length;
              arrivals.record(change.cursor, at);
            },
            error: (error) => console.error('[bench] a subscriber failed:', error),
            complete: () => undefined,
          },
        );
        return client;
      });
      void batch;
      await waitUntil(async () => {
        const { stats } = await server.request('stats', 'stats');
        return (stats as { attachedStatusListeners: number }).attachedStatusListeners >= Math.min(i + CONNECT_BATCH, SUBSCRIBERS);
      }, 'the subscribers to attach');
    }
    const connected = await server.request('memory', 'memory');

    const delays: number[] = [];
    const lastDelays: number[] = [];
    let sample = 0;
    for (const step of STEPS) {
      for (const runId of writerRuns) {
        if (sample >= WARMUP + SAMPLES) break;
        const [moved] = await transitionRuns(writer, [runId], { from: [step[0]], to: step[1], message: `to ${step[1]}` });
        const committed = now();
        if (!moved) throw new Error(`Run ${runId} did not move to ${step[1]}.`);
        const times = await arrivals.all(String(moved.eventId));
        if (sample >= WARMUP) {
          for (const at of times) delays.push(at - committed);
          lastDelays.push(Math.max(...times) - committed);
        }
        sample++;
      }
    }
    return { delays, lastDelays, idle, connected, messageBytes };
  } finally {
    await Promise.all(clients.map(async (client) => client.dispose()));
    await server.stop();
  }
}

async function baselinePhase(messageBytes: number): Promise<Phase> {
  const server = await ServerChild.start(['ws']);
  const sockets: WebSocket[] = [];
  try {
    const idle = await server.request('memory', 'memory');
    const arrivals = new Arrivals();
    const open = (socket: WebSocket) => new Promise<void>((resolve, reject) => socket.once('open', () => resolve()).once('error', reject));
    for (let i = 0; i < SUBSCRIBERS; i += CONNECT_BATCH) {
      const batch = Array.from({ length: Math.min(CONNECT_BATCH, SUBSCRIBERS - i) }, () => {
        const socket = new WebSocket(`ws://127.0.0.1:${server.port}`);
        // ws hands over Buffers (its default binaryType); RawData's type also admits ArrayBuffer and Buffer[].
        socket.on('message', (data) => {
          const at = now();
          arrivals.record(String((JSON.parse((data as Buffer).toString()) as { seq: number }).seq), at);
        });
        sockets.push(socket);
        return open(socket);
      });
      await Promise.all(batch);
    }
    const publisher = new WebSocket(`ws://127.0.0.1:${server.port}`);
    sockets.push(publisher);
    await open(publisher);
    const connected = await server.request('memory', 'memory');

    const pad = 'x'.repeat(Math.max(0, messageBytes - 40));
    const delays: number[] = [];
    const lastDelays: number[] = [];
    for (let seq = 0; seq < WARMUP + SAMPLES; seq++) {
      const sent = now();
      publisher.send(JSON.stringify({ seq, pad }));
      const times = await arrivals.all(String(seq));
      if (seq >= WARMUP) {
        for (const at of times) delays.push(at - sent);
        lastDelays.push(Math.max(...times) - sent);
      }
    }
    return { delays, lastDelays, idle, connected, messageBytes: JSON.stringify({ seq: 0, pad }).length };
  } finally {
    for (const socket of sockets) socket.terminate();
    await server.stop();
  }
}

export const subscriptionsFanout: Scenario = {
  name: 'subscriptions-fanout',
  description: 'Status commit to delivery at 1,000 runStatusChanged subscribers; server memory (vs. a bare ws broadcast).',
  async run(): Promise<ScenarioResult> {
    const database = await createBenchDatabase();
    try {
      const writer = await database.openInstance('', 'bench:writer');
      const runs = Math.ceil((WARMUP + SAMPLES) / STEPS.length);
      const runIds = await createRuns(
        writer.database.db,
        Array.from({ length: runs }, () => ({
          jobName: 'fanout_job',
          repositoryName: '__repository__',
          locationName: 'bench',
          tags: {},
          runConfig: {},
          stepKeysToExecute: null,
          assetSelection: null,
          allPools: [],
          rootPools: [],
          hasUnconstrainedRootNodes: true,
          snapshot: null,
        })),
        'QUEUED',
      );
      const tidepool = await tidepoolPhase(database.url, runIds, writer.database.db);
      const baseline = await baselinePhase(tidepool.messageBytes);

      const baseStats: Stats = summarize(baseline.delays);
      const baseLast: Stats = summarize(baseline.lastDelays);
      const memory = (phase: Phase) => ({
        idle: phase.idle,
        connected: phase.connected,
        perSubscriberKB: Math.round(((phase.connected.rss - phase.idle.rss) / SUBSCRIBERS / 1024) * 10) / 10,
        perSubscriberHeapKB: Math.round(((phase.connected.heapUsed - phase.idle.heapUsed) / SUBSCRIBERS / 1024) * 10) / 10,
      });
      return {
        measurements: [
          measurement('subscriptions-fanout/commit-to-delivery', 'latency', summarize(tidepool.delays), {
            name: 'ws-broadcast/send-to-delivery',
            stats: baseStats,
          }),
          measurement('subscriptions-fanout/commit-to-last-of-1000', 'latency', summarize(tidepool.lastDelays), {
            name: 'ws-broadcast/send-to-last-of-1000',
            stats: baseLast,
          }),
          measurement('ws-broadcast/send-to-delivery', 'latency', baseStats),
          measurement('ws-broadcast/send-to-last-of-1000', 'latency', baseLast),
        ],
        notes: [
          `${SUBSCRIBERS} subscribers, ${SAMPLES} status changes one at a time (after ${WARMUP} warm-up), ${SAMPLES * SUBSCRIBERS} deliveries per side.`,
          `Tidepool server with ${SUBSCRIBERS} subscribers: ${describeMemory(tidepool.connected)} (idle: ${describeMemory(tidepool.idle)}; ` +
            `${memory(tidepool).perSubscriberKB} KB RSS, ${memory(tidepool).perSubscriberHeapKB} KB heap per subscriber).`,
          `ws baseline with ${SUBSCRIBERS} clients: ${describeMemory(baseline.connected)} (idle: ${describeMemory(baseline.idle)}; ` +
            `${memory(baseline).perSubscriberKB} KB RSS, ${memory(baseline).perSubscriberHeapKB} KB heap per client).`,
          `Message sizes: Tidepool ${tidepool.messageBytes} bytes (graphql-ws next), baseline ${baseline.messageBytes} bytes.`,
          'Clients and writer share this process (2 cores here): a delivery time includes the client-side parse of the 999 messages before it, on both sides.',
        ],
        details: { tidepoolMemory: memory(tidepool), baselineMemory: memory(baseline) },
      };
    } finally {
      await database.drop();
    }
  },
};
