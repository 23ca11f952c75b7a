// The tables Tidepool's migrations create, for the tests that check where they end up.

/** The tables of the version before the own schema (test/fixtures/previous-version), in name order. */
export const PREVIOUS_VERSION_TABLES = [
  'api_tokens',
  'audit_log',
  'backfill_partitions',
  'backfills',
  'concurrency_claims',
  'concurrency_limits',
  'daemon_heartbeats',
  'instigator_run_keys',
  'instigator_states',
  'instigator_ticks',
  'run_events',
  'run_tags',
  'runs',
  'workers',
];

/** Every table of the current migrations, in name order (drizzle's history table not included). */
export const TIDEPOOL_TABLES = [
  ...PREVIOUS_VERSION_TABLES,
  'captured_log_chunks',
  'code_locations',
  'job_snapshots',
  'run_count_deltas',
  'run_counts',
  'run_retries',
  'step_outputs',
].sort();
