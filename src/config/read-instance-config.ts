import { AUTOMATION_SECTIONS, readAutomationSettings } from './automation-config.js';
import type { ConfigNode, Mapping } from './config-node.js';
import {
  AUTH_MODES,
  DEFAULT_INSTANCE_CONFIG as DEFAULTS,
  POOL_GRANULARITIES,
  RUN_EXECUTORS,
  type ApiLimits,
  type InstanceConfig,
  type ServerSettings,
} from './instance-config.js';
import { COMPUTE_LOGS_SECTION, readComputeLogsSettings } from './compute-logs-config.js';
import { METRICS_SECTION, readMetricsSettings } from './metrics-config.js';
import { RUN_OUTPUTS_SECTION, readRunOutputsSettings } from './run-outputs-config.js';
import { RUN_RETRIES_SECTION, readRunRetriesSettings } from './run-retries-config.js';
import { readRunCoordinator } from './run-coordinator.js';
import { readRunMonitoring } from './run-monitoring.js';
import { readTagConcurrencyLimits } from './tag-limits.js';

/** The top-level sections of the InstanceConfig (read-config-document.ts adds the storage ones). */
export const INSTANCE_CONFIG_SECTIONS = [
  'concurrency',
  'run_queue',
  'run_coordinator',
  'run_monitoring',
  'api',
  'auth',
  'server',
  'run_worker',
  ...AUTOMATION_SECTIONS,
  METRICS_SECTION,
  COMPUTE_LOGS_SECTION,
  RUN_OUTPUTS_SECTION,
  RUN_RETRIES_SECTION,
];

/** Turns the top level of the parsed YAML document into a checked, defaulted InstanceConfig, or throws ConfigError. */
export function readInstanceConfig(top: Mapping): InstanceConfig {
  const concurrency = top.section('concurrency', ['runs', 'pools', 'default_op_concurrency_limit']);
  const runs = concurrency.section('runs', ['max_concurrent_runs', 'tag_concurrency_limits']);
  const pools = concurrency.section('pools', ['default_limit', 'granularity', 'op_granularity_run_buffer']);
  const coordinator = readRunCoordinator(top);
  const legacy = coordinator.legacyRunQueue;
  const blockOp = legacy?.section('block_op_concurrency_limited_runs', ['enabled', 'op_concurrency_slot_buffer']);

  const maxConcurrentRuns = oneHome(runs.get('max_concurrent_runs'), legacy?.get('max_concurrent_runs'));
  const tagLimits = oneHome(runs.get('tag_concurrency_limits'), legacy?.get('tag_concurrency_limits'));
  const runBuffer = oneHome(pools.get('op_granularity_run_buffer'), blockOp?.get('op_concurrency_slot_buffer'));
  // Dagster's older name for the pools' default limit.
  const defaultLimit = oneHome(pools.get('default_limit'), concurrency.get('default_op_concurrency_limit'));
  // One buffer under Dagster's old and new names; both typed fields carry it so readers of either agree.
  const buffer = runBuffer?.int(0) ?? DEFAULTS.concurrency.pools.opGranularityRunBuffer;

  return {
    concurrency: {
      runs: {
        maxConcurrentRuns: maxConcurrentRuns?.int(-1) ?? DEFAULTS.concurrency.runs.maxConcurrentRuns,
        tagConcurrencyLimits: tagLimits === undefined ? [] : readTagConcurrencyLimits(tagLimits),
      },
      pools: {
        // An explicit null is how the effective config (and a person) says "no default limit".
        defaultLimit: defaultLimit === undefined || defaultLimit.value === null ? null : defaultLimit.int(0, 1000),
        granularity: pools.get('granularity')?.oneOf(POOL_GRANULARITIES) ?? DEFAULTS.concurrency.pools.granularity,
        opGranularityRunBuffer: buffer,
      },
    },
    runQueue: {
      blockOpConcurrencyLimitedRuns: {
        enabled: blockOp?.get('enabled')?.bool() ?? DEFAULTS.runQueue.blockOpConcurrencyLimitedRuns.enabled,
        opConcurrencySlotBuffer: buffer,
      },
    },
    runCoordinator: { class: coordinator.class },
    runMonitoring: readRunMonitoring(top),
    runWorker: readRunWorker(top),
    api: readApiLimits(top),
    auth: { mode: top.section('auth', ['mode']).get('mode')?.oneOf(AUTH_MODES) ?? DEFAULTS.auth.mode },
    server: readServerSettings(top),
    ...readAutomationSettings(top),
    ...readMetricsSettings(top),
    ...readComputeLogsSettings(top),
    ...readRunOutputsSettings(top),
    ...readRunRetriesSettings(top),
  };
}

function readRunWorker(top: Mapping): InstanceConfig['runWorker'] {
  const section = top.section('run_worker', ['shutdown_grace_seconds', 'executor']);
  return {
    shutdownGraceSeconds: section.get('shutdown_grace_seconds')?.int(0) ?? DEFAULTS.runWorker.shutdownGraceSeconds,
    executor: section.get('executor')?.oneOf(RUN_EXECUTORS) ?? DEFAULTS.runWorker.executor,
  };
}

function readServerSettings(top: Mapping): ServerSettings {
  const server = top.section('server', ['cors_origins', 'graphiql', 'introspection']);
  const optionalBool = (key: string) => {
    const node = server.get(key);
    return node === undefined || node.value === null ? null : node.bool();
  };
  return {
    corsOrigins: server.get('cors_origins')?.list().map(readOrigin) ?? DEFAULTS.server.corsOrigins,
    graphiql: optionalBool('graphiql'),
    introspection: optionalBool('introspection'),
  };
}

/** An origin as browsers send it: scheme, host and port only (`https://ui.example.com`, `http://localhost:5173`). */
function readOrigin(node: ConfigNode): string {
  const text = node.nonEmptyString();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return node.fail('must be an origin such as https://ui.example.com');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== text) {
    return node.fail('must be an origin such as https://ui.example.com (scheme, host and port; no path or trailing slash)');
  }
  return text;
}

function readApiLimits(top: Mapping): ApiLimits {
  const defaults = DEFAULTS.api;
  const api = top.section('api', [
    'max_request_bytes',
    'max_run_config_bytes',
    'max_run_config_depth',
    'max_operation_cost',
    'statement_timeout_seconds',
    'database_connections',
    'heavy_reads',
    'launch_rate',
    'subscriptions',
  ]);
  const heavy = api.section('heavy_reads', ['min_cost', 'connections', 'database_percent']);
  const rate = api.section('launch_rate', ['per_second', 'burst']);
  const subscriptions = api.section('subscriptions', [
    'max_connections',
    'max_connections_per_client',
    'max_operations',
    'max_operations_per_client',
    'max_operations_per_connection',
  ]);
  const positive = (section: Mapping, key: string, fallback: number) => section.get(key)?.int(1) ?? fallback;
  return {
    maxRequestBytes: positive(api, 'max_request_bytes', defaults.maxRequestBytes),
    maxRunConfigBytes: positive(api, 'max_run_config_bytes', defaults.maxRunConfigBytes),
    maxRunConfigDepth: positive(api, 'max_run_config_depth', defaults.maxRunConfigDepth),
    maxOperationCost: positive(api, 'max_operation_cost', defaults.maxOperationCost),
    statementTimeoutSeconds: positive(api, 'statement_timeout_seconds', defaults.statementTimeoutSeconds),
    databaseConnections: positive(api, 'database_connections', defaults.databaseConnections),
    heavyReads: {
      minCost: positive(heavy, 'min_cost', defaults.heavyReads.minCost),
      connections: positive(heavy, 'connections', defaults.heavyReads.connections),
      databasePercent: heavy.get('database_percent')?.int(1, 100) ?? defaults.heavyReads.databasePercent,
    },
    launchRate: {
      perSecond: positive(rate, 'per_second', defaults.launchRate.perSecond),
      burst: positive(rate, 'burst', defaults.launchRate.burst),
    },
    subscriptions: {
      maxConnections: positive(subscriptions, 'max_connections', defaults.subscriptions.maxConnections),
      maxConnectionsPerClient: positive(subscriptions, 'max_connections_per_client', defaults.subscriptions.maxConnectionsPerClient),
      maxOperations: positive(subscriptions, 'max_operations', defaults.subscriptions.maxOperations),
      maxOperationsPerClient: positive(subscriptions, 'max_operations_per_client', defaults.subscriptions.maxOperationsPerClient),
      maxOperationsPerConnection: positive(
        subscriptions,
        'max_operations_per_connection',
        defaults.subscriptions.maxOperationsPerConnection,
      ),
    },
  };
}

/**
 * Dagster moved the run keys from `run_queue` to `concurrency`; both homes are accepted so existing
 * dagster.yaml files load, but one setting given twice has no single answer, so that is an error.
 */
function oneHome(current: ConfigNode | undefined, legacy: ConfigNode | undefined): ConfigNode | undefined {
  if (current !== undefined && legacy !== undefined) {
    legacy.fail(`conflicts with ${current.keyPath}; set it in one place only`);
  }
  return current ?? legacy;
}
