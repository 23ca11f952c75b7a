/** The instance config as the rest of Tidepool sees it: typed, camelCase, every default filled in. */
import { DEFAULT_COMPUTE_LOGS_SETTINGS, type ComputeLogsSettings } from './compute-logs-config.js';
import { DEFAULT_RUN_OUTPUTS_SETTINGS, type RunOutputsSettings } from './run-outputs-config.js';
import { DEFAULT_METRICS_SETTINGS, type MetricsSettings } from './metrics-config.js';
import { DEFAULT_RUN_RETRIES_SETTINGS, type RunRetriesSettings } from './run-retries-config.js';

export type RunCoordinatorClass = 'QueuedRunCoordinator' | 'DefaultRunCoordinator';
export const RUN_COORDINATOR_CLASSES: readonly RunCoordinatorClass[] = ['QueuedRunCoordinator', 'DefaultRunCoordinator'];

/** open: anyone who reaches the port may do anything (local use); tokens: every request names an API token. */
export type AuthMode = 'open' | 'tokens';
export const AUTH_MODES: readonly AuthMode[] = ['open', 'tokens'];

export type PoolGranularity = 'op' | 'run';
export const POOL_GRANULARITIES: readonly PoolGranularity[] = ['op', 'run'];

/** How a worker executes a run: in its own process (in_process), or in a child process per run (process). */
export type RunExecutor = 'in_process' | 'process';
export const RUN_EXECUTORS: readonly RunExecutor[] = ['in_process', 'process'];

/**
 * A run-level limit on runs carrying tag `key`. Without `value` all values share one count; with a string
 * only that key=value pair counts; with `applyLimitPerUniqueValue` each distinct value gets its own count.
 */
export interface TagConcurrencyLimit {
  key: string;
  value?: string | { applyLimitPerUniqueValue: true };
  limit: number;
}

export interface InstanceConfig extends AutomationSettings, MetricsSettings, ComputeLogsSettings, RunOutputsSettings, RunRetriesSettings {
  concurrency: {
    /** maxConcurrentRuns: -1 = unlimited, 0 = nothing starts (queue paused). */
    runs: { maxConcurrentRuns: number; tagConcurrencyLimits: TagConcurrencyLimit[] };
    /** defaultLimit: null = pools without an explicit limit are unlimited. */
    pools: { defaultLimit: number | null; granularity: PoolGranularity; opGranularityRunBuffer: number };
  };
  runQueue: {
    /**
     * opConcurrencySlotBuffer is Dagster's older name for the same buffer as
     * `concurrency.pools.opGranularityRunBuffer`; the loader always sets both to the one configured value.
     */
    blockOpConcurrencyLimitedRuns: { enabled: boolean; opConcurrencySlotBuffer: number };
  };
  runCoordinator: { class: RunCoordinatorClass };
  /**
   * enabled: the monitor enforces the start and cancel timeouts (Dagster's `run_monitoring.enabled`; on by
   * default here, as in Dagster+). A worker's lease is enforced either way: it is how a Tidepool worker holds
   * a run, and without it a dead worker's runs would hold their slots for ever.
   */
  runMonitoring: { enabled: boolean; startTimeoutSeconds: number; cancelTimeoutSeconds: number; workerLeaseSeconds: number };
  /**
   * Tidepool's own section: how a run worker stops. On SIGTERM/SIGINT it takes no more runs and gives the
   * runs it executes `shutdownGraceSeconds` to finish; what is left then ends FAILURE, saying why.
   * `executor: process` executes each run in a child process of its own (src/execution/process-executor.ts).
   */
  runWorker: { shutdownGraceSeconds: number; executor: RunExecutor };
  /** What one request or client of the API may cost; bounds that keep a hostile client from hurting others. */
  api: ApiLimits;
  /** Who may call the API (src/auth). */
  auth: { mode: AuthMode };
  /** What browsers may do with the server (src/server/browser-safety.ts). */
  server: ServerSettings;
}

/** Days a tick of each status is kept; -1 keeps it forever. */
export interface TickRetention {
  success: number;
  skipped: number;
  failure: number;
}

/** Schedules, sensors and backfills (src/automation, src/backfills). */
export interface AutomationSettings {
  /**
   * maxCatchupRuns: ticks missed while no scheduler ran that are still launched, newest first (Dagster's
   * default 5); older ones are recorded as skipped. tickLeaseSeconds: how long a daemon owns a tick it is
   * evaluating before another may take it over (its evaluation bound too).
   */
  schedules: { maxCatchupRuns: number; tickLeaseSeconds: number };
  sensors: { tickLeaseSeconds: number };
  /** submitChunkSize: runs a backfill submits per transaction. */
  backfills: { submitChunkSize: number };
  retention: { schedule: TickRetention; sensor: TickRetention };
}

/** Tidepool's own section: the browser-facing policy of `tidepool serve`. */
export interface ServerSettings {
  /** Origins (scheme://host[:port]) besides the server's own that browsers may call it from (CORS). */
  corsOrigins: string[];
  /** Serve GraphiQL at /graphql; null = on in open mode on a loopback host, off otherwise. */
  graphiql: boolean | null;
  /** Answer introspection queries; null = as GraphiQL. */
  introspection: boolean | null;
}

/**
 * Tidepool's own section (Dagster has none): every bound the API server puts on a request or a client.
 * A "client" is a remote address until access control gives clients names.
 */
export interface ApiLimits {
  /** Largest HTTP request body or WebSocket message, in bytes. */
  maxRequestBytes: number;
  /** Largest run config (as given: YAML/JSON text, or the JSON of an object), in bytes. */
  maxRunConfigBytes: number;
  /** Deepest nesting of a run config (a scalar at the root is depth 0). */
  maxRunConfigDepth: number;
  /** Cost budget of one operation (see src/server/operation-cost.ts for what costs what). */
  maxOperationCost: number;
  /** Postgres statement timeout for the API's own reads and writes, in seconds. */
  statementTimeoutSeconds: number;
  /** Connections of the API's own Postgres pool for reads (the engine has its own). */
  databaseConnections: number;
  /**
   * Operations priced at `minCost` or more (a count over the whole history costs 500) read on their own
   * `connections`, which they may keep busy at most `databasePercent` of the time: a storm of counts slows
   * the counts, not the engine (src/db/time-share.ts).
   */
  heavyReads: { minCost: number; connections: number; databasePercent: number };
  /** Runs one client may launch per second, sustained, and in one burst. */
  launchRate: { perSecond: number; burst: number };
  /** Subscription transports (WebSocket connections and SSE streams) and the operations on them. */
  subscriptions: {
    maxConnections: number;
    maxConnectionsPerClient: number;
    maxOperations: number;
    maxOperationsPerClient: number;
    maxOperationsPerConnection: number;
  };
}

/** Frozen so no caller can change the defaults every other caller relies on. */
export const DEFAULT_INSTANCE_CONFIG: InstanceConfig = deepFreeze({
  concurrency: {
    runs: { maxConcurrentRuns: 10, tagConcurrencyLimits: [] },
    pools: { defaultLimit: null, granularity: 'op', opGranularityRunBuffer: 0 },
  },
  runQueue: { blockOpConcurrencyLimitedRuns: { enabled: true, opConcurrencySlotBuffer: 0 } },
  runCoordinator: { class: 'QueuedRunCoordinator' },
  runMonitoring: { enabled: true, startTimeoutSeconds: 180, cancelTimeoutSeconds: 180, workerLeaseSeconds: 30 },
  runWorker: { shutdownGraceSeconds: 30, executor: 'in_process' },
  api: {
    maxRequestBytes: 2 * 1024 * 1024,
    maxRunConfigBytes: 256 * 1024,
    maxRunConfigDepth: 32,
    maxOperationCost: 5_000,
    statementTimeoutSeconds: 10,
    databaseConnections: 8,
    heavyReads: { minCost: 500, connections: 1, databasePercent: 25 },
    launchRate: { perSecond: 100, burst: 500 },
    subscriptions: {
      maxConnections: 5_000,
      maxConnectionsPerClient: 500,
      maxOperations: 20_000,
      maxOperationsPerClient: 5_000,
      maxOperationsPerConnection: 100,
    },
  },
  auth: { mode: 'open' },
  server: { corsOrigins: [], graphiql: null, introspection: null },
  ...DEFAULT_METRICS_SETTINGS,
  ...DEFAULT_COMPUTE_LOGS_SETTINGS,
  ...DEFAULT_RUN_OUTPUTS_SETTINGS,
  ...DEFAULT_RUN_RETRIES_SETTINGS,
  schedules: { maxCatchupRuns: 5, tickLeaseSeconds: 60 },
  sensors: { tickLeaseSeconds: 60 },
  backfills: { submitChunkSize: 500 },
  // Dagster's defaults: schedule ticks 90 days; sensor ticks skipped 7, failed 30, successful kept.
  retention: { schedule: { success: 90, skipped: 90, failure: 90 }, sensor: { success: -1, skipped: 7, failure: 30 } },
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
