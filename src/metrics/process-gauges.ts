// Gauges of what this process holds in memory: its Postgres pools and its live connections. They are read
// when Prometheus scrapes (prom-client's collect), from objects that count them anyway, so keeping them costs
// nothing between scrapes. Owners register a source when they open it and remove it when they close it.
import { Gauge } from 'prom-client';
import type { Instruments } from './instruments.js';

/** What a pg Pool reports about itself (pg.Pool has these fields). */
export interface PgPoolLike {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
  readonly options: { max?: number };
}

/** What a server reports about its live connections (server/connection-limits.ts and the WebSocket server). */
export interface ConnectionSource {
  webSockets(): number;
  subscriptions(): number;
}

const pgPools = new Set<{ name: string; pool: PgPoolLike }>();
const connectionSources = new Set<ConnectionSource>();

/** Reports `pool` as `name` (engine, api-read, …) until the returned function is called. */
export function watchPgPool(name: string, pool: PgPoolLike): () => void {
  const entry = { name, pool };
  pgPools.add(entry);
  return () => void pgPools.delete(entry);
}

/** Reports a server's connections until the returned function is called. */
export function watchConnections(source: ConnectionSource): () => void {
  connectionSources.add(source);
  return () => void connectionSources.delete(source);
}

/** Sums one field of the pools by name: two instances in one process (tests, embedding) add up. */
function byPoolName(read: (pool: PgPoolLike) => number): Map<string, number> {
  const sums = new Map<string, number>();
  for (const { name, pool } of pgPools) sums.set(name, (sums.get(name) ?? 0) + read(pool));
  return sums;
}

function poolGauge(instruments: Instruments, name: string, help: string, read: (pool: PgPoolLike) => number): void {
  new Gauge({
    name,
    help,
    labelNames: ['pool'] as const,
    registers: [instruments.register],
    collect() {
      this.reset();
      for (const [pool, value] of byPoolName(read)) this.set({ pool }, value);
    },
  });
}

/** Registers the process gauges on the instruments' registry (once, from enableMetrics). */
export function registerProcessGauges(instruments: Instruments): void {
  poolGauge(
    instruments,
    'tidepool_postgres_pool_connections',
    'Connections a Postgres pool of this process has open (idle or in use).',
    (pool) => pool.totalCount,
  );
  poolGauge(
    instruments,
    'tidepool_postgres_pool_idle_connections',
    'Open connections of a Postgres pool that are idle.',
    (pool) => pool.idleCount,
  );
  poolGauge(
    instruments,
    'tidepool_postgres_pool_waiting_requests',
    'Callers waiting for a connection of a Postgres pool (all its connections are in use).',
    (pool) => pool.waitingCount,
  );
  poolGauge(
    instruments,
    'tidepool_postgres_pool_max_connections',
    'The most connections a Postgres pool may open.',
    (pool) => pool.options.max ?? 10,
  );
  const sum = (read: (source: ConnectionSource) => number) => [...connectionSources].reduce((total, source) => total + read(source), 0);
  new Gauge({
    name: 'tidepool_websocket_connections',
    help: 'WebSocket connections open to the API (graphql-ws).',
    registers: [instruments.register],
    collect() {
      this.set(sum((source) => source.webSockets()));
    },
  });
  new Gauge({
    name: 'tidepool_active_subscriptions',
    help: 'GraphQL subscriptions running, over WebSocket and SSE.',
    registers: [instruments.register],
    collect() {
      this.set(sum((source) => source.subscriptions()));
    },
  });
}
