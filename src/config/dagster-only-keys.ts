// Keys of Dagster's dagster.yaml whose feature Tidepool provides differently (or not at all). A file written
// for Dagster loads with them: each present key gives one warning saying what Tidepool does instead, and
// its value is not read (so an `{ env: VAR }` under it needs no variable). Keys Dagster does not have stay
// errors; so do the ones that would put data somewhere Tidepool cannot honour (storage-config.ts).
import type { IgnoredKeys } from './config-node.js';

/** Top-level sections. */
export const TOP_LEVEL_DAGSTER_ONLY: IgnoredKeys = {
  telemetry: 'Tidepool collects and sends no usage statistics, so there is nothing to turn on or off; ignored',
  nux: 'the Tidepool console has no new-user tour; ignored',
  local_artifact_storage: 'Tidepool writes no artifacts to local disk (runs, events and slots live in its database); ignored',
  scheduler: "schedules are always evaluated by Tidepool's daemon (`tidepool daemon`, or inside `tidepool serve`); ignored",
  run_launcher:
    'runs are executed by Tidepool workers (`tidepool worker`, or the one inside `tidepool serve`), not launched per run; ignored',
  instance_class: 'Tidepool has one instance implementation; ignored',
  python_logs: 'Tidepool writes its own log lines (set the level with LOG_LEVEL or --log-level); ignored',
  code_servers:
    'Tidepool loads definitions in its own process from --definitions or TIDEPOOL_DEFINITIONS; there are no code servers; ignored',
  secrets: 'Tidepool reads secrets only from the environment, with { env: VAR } values; ignored',
  auto_materialize: 'Tidepool has no asset auto-materialization; use schedules or sensors to launch runs; ignored',
};

const ONE_PASS_PER_REPLICA =
  "Tidepool's coordinator dequeues in one pass at a time per replica, and replicas take turns through the database; ignored";

/** Dagster's QueuedRunCoordinator config, under `run_coordinator.config` or the legacy `run_queue`. */
export const RUN_QUEUE_DAGSTER_ONLY: IgnoredKeys = {
  dequeue_interval_seconds:
    'Tidepool dequeues as soon as a run may start (a launch, a run ending, a limit raised, a slot freed), with a 2-second poll only as a fallback; ignored',
  dequeue_use_threads: ONE_PASS_PER_REPLICA,
  dequeue_num_workers: ONE_PASS_PER_REPLICA,
  max_user_code_failure_retries:
    "Tidepool's coordinator does not load user code when dequeuing; a worker that cannot load a run's job fails the run, saying why; ignored",
  user_code_failure_retry_delay: "Tidepool's coordinator does not load user code when dequeuing, so there is no retry to delay; ignored",
};

/** `run_monitoring` keys for Dagster features that Tidepool's monitor does differently. */
export const RUN_MONITORING_DAGSTER_ONLY: IgnoredKeys = {
  poll_interval_seconds: "Tidepool's monitor sweeps every half worker lease (worker_lease_seconds), and at least every 5 s; ignored",
  max_resume_run_attempts:
    'Tidepool does not resume runs of a crashed worker: they fail when its lease expires, and their slots are freed; ignored',
  cancellation_thread_poll_interval_seconds:
    'a Tidepool worker learns of a termination at once from a database notification, with its lease renewal as the fallback; ignored',
  max_runtime_seconds: 'Tidepool does not end runs for running long; terminate them (terminateRun) instead; ignored',
};

/** `sensors`, `schedules` and `backfills`: Dagster's thread pools for evaluating them. */
const NO_THREAD_POOL =
  "Tidepool's daemons evaluate these concurrently in one process, without a thread pool (to scale out, run more daemons); ignored";

export const DAEMON_THREADS_DAGSTER_ONLY: IgnoredKeys = { use_threads: NO_THREAD_POOL, num_workers: NO_THREAD_POOL };

export const BACKFILLS_DAGSTER_ONLY: IgnoredKeys = {
  ...DAEMON_THREADS_DAGSTER_ONLY,
  num_submit_workers: 'Tidepool submits a backfill in chunks of backfills.submit_chunk_size runs per transaction; ignored',
};

/** Dagster's `postgres` storage config beside its database address. */
export const POSTGRES_STORAGE_DAGSTER_ONLY: IgnoredKeys = {
  should_autocreate_tables:
    'Tidepool creates and migrates its own tables when `tidepool serve`, `daemon` or `worker` starts, or with `tidepool migrate`; ignored',
};

/** A SQLite storage: Tidepool's embedded database is PGlite, in its own folder. */
export const SQLITE_STORAGE_IGNORED =
  'Tidepool keeps embedded data in PGlite under TIDEPOOL_HOME (default ./.tidepool), not in SQLite; for a database server give a postgres storage or DATABASE_URL; ignored';
