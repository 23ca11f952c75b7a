import { stringify } from 'yaml';
import type { InstanceConfig, TagConcurrencyLimit } from './instance-config.js';
import { computeLogsSettingsToYaml } from './compute-logs-config.js';
import { runOutputsSettingsToYaml } from './run-outputs-config.js';
import { metricsSettingsToYaml } from './metrics-config.js';
import { runRetriesSettingsToYaml } from './run-retries-config.js';

/**
 * The effective config in dagster.yaml's keys, every default spelled out, for `instance.info` and
 * `tidepool instance info`: what is in force, not what the file happened to say. Parsing the result
 * gives back the same InstanceConfig.
 */
export function instanceConfigToYaml(config: InstanceConfig): string {
  const { runs, pools } = config.concurrency;
  const { blockOpConcurrencyLimitedRuns } = config.runQueue;
  const monitoring = config.runMonitoring;
  const api = config.api;
  return stringify({
    concurrency: {
      runs: {
        max_concurrent_runs: runs.maxConcurrentRuns,
        tag_concurrency_limits: runs.tagConcurrencyLimits.map(tagLimitToYaml),
      },
      pools: {
        ...(pools.defaultLimit === null ? {} : { default_limit: pools.defaultLimit }),
        granularity: pools.granularity,
        op_granularity_run_buffer: pools.opGranularityRunBuffer,
      },
    },
    run_coordinator: {
      class: config.runCoordinator.class,
      // Dagster's QueuedRunCoordinator config is the one home of this key that may sit beside
      // run_coordinator; the buffer is already shown as op_granularity_run_buffer.
      ...(config.runCoordinator.class === 'QueuedRunCoordinator'
        ? { config: { block_op_concurrency_limited_runs: { enabled: blockOpConcurrencyLimitedRuns.enabled } } }
        : {}),
    },
    run_monitoring: {
      enabled: monitoring.enabled,
      start_timeout_seconds: monitoring.startTimeoutSeconds,
      cancel_timeout_seconds: monitoring.cancelTimeoutSeconds,
      worker_lease_seconds: monitoring.workerLeaseSeconds,
    },
    run_worker: { shutdown_grace_seconds: config.runWorker.shutdownGraceSeconds, executor: config.runWorker.executor },
    api: {
      max_request_bytes: api.maxRequestBytes,
      max_run_config_bytes: api.maxRunConfigBytes,
      max_run_config_depth: api.maxRunConfigDepth,
      max_operation_cost: api.maxOperationCost,
      statement_timeout_seconds: api.statementTimeoutSeconds,
      database_connections: api.databaseConnections,
      heavy_reads: {
        min_cost: api.heavyReads.minCost,
        connections: api.heavyReads.connections,
        database_percent: api.heavyReads.databasePercent,
      },
      launch_rate: { per_second: api.launchRate.perSecond, burst: api.launchRate.burst },
      subscriptions: {
        max_connections: api.subscriptions.maxConnections,
        max_connections_per_client: api.subscriptions.maxConnectionsPerClient,
        max_operations: api.subscriptions.maxOperations,
        max_operations_per_client: api.subscriptions.maxOperationsPerClient,
        max_operations_per_connection: api.subscriptions.maxOperationsPerConnection,
      },
    },
    auth: { mode: config.auth.mode },
    server: {
      cors_origins: config.server.corsOrigins,
      // null (decided by mode and host) is spelled out as null, which reads back the same.
      graphiql: config.server.graphiql,
      introspection: config.server.introspection,
    },
    schedules: { max_catchup_runs: config.schedules.maxCatchupRuns, tick_lease_seconds: config.schedules.tickLeaseSeconds },
    sensors: { tick_lease_seconds: config.sensors.tickLeaseSeconds },
    backfills: { submit_chunk_size: config.backfills.submitChunkSize },
    retention: {
      schedule: { purge_after_days: { ...config.retention.schedule } },
      sensor: { purge_after_days: { ...config.retention.sensor } },
    },
    ...metricsSettingsToYaml(config),
    ...computeLogsSettingsToYaml(config),
    ...runOutputsSettingsToYaml(config),
    ...runRetriesSettingsToYaml(config),
  });
}

function tagLimitToYaml({ key, value, limit }: TagConcurrencyLimit): Record<string, unknown> {
  if (value === undefined) return { key, limit };
  return { key, value: typeof value === 'string' ? value : { applyLimitPerUniqueValue: true }, limit };
}
