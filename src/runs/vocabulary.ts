// The run vocabulary, declared once and shared by the engine and the GraphQL schema (Dagster's names).

export const RUN_STATUSES = [
  'QUEUED',
  'NOT_STARTED',
  'MANAGED',
  'STARTING',
  'STARTED',
  'SUCCESS',
  'FAILURE',
  'CANCELING',
  'CANCELED',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** Runs that count against run limits (SPEC §3). QUEUED and NOT_STARTED do not. */
export const IN_PROGRESS_STATUSES = ['STARTING', 'STARTED', 'CANCELING'] as const satisfies readonly RunStatus[];
/** Runs that will never change again. */
export const TERMINAL_STATUSES = ['SUCCESS', 'FAILURE', 'CANCELED'] as const satisfies readonly RunStatus[];
/** Runs a worker executes, under a lease it renews: they end on that worker, or by the monitor when it dies. */
export const LEASED_STATUSES = ['STARTED', 'CANCELING'] as const satisfies readonly RunStatus[];
/** Runs nobody executes yet: terminating one cancels it at once (SPEC §5). */
export const NOT_YET_EXECUTING_STATUSES = ['QUEUED', 'NOT_STARTED', 'STARTING'] as const satisfies readonly RunStatus[];
/**
 * Runs a SAFE_TERMINATE may stop — `Run.canTerminate`, Dagster's CANCELABLE_RUN_STATUSES (QUEUED, STARTED)
 * plus the statuses Tidepool cancels before they execute. Not CANCELING: a run already being canceled
 * can only be forced (MARK_AS_CANCELED_IMMEDIATELY), as in Dagster; nor MANAGED (run outside Tidepool).
 */
export const CANCELABLE_STATUSES = [...NOT_YET_EXECUTING_STATUSES, 'STARTED'] as const satisfies readonly RunStatus[];

export function isTerminal(status: string): boolean {
  return (TERMINAL_STATUSES as readonly string[]).includes(status);
}

export function isCancelable(status: RunStatus): boolean {
  return (CANCELABLE_STATUSES as readonly RunStatus[]).includes(status);
}

export const EVENT_TYPES = [
  'RUN_ENQUEUED',
  'RUN_DEQUEUED',
  'RUN_STARTING',
  'RUN_START',
  'RUN_SUCCESS',
  'RUN_FAILURE',
  'RUN_CANCELING',
  'RUN_CANCELED',
  'STEP_START',
  'STEP_SUCCESS',
  'STEP_FAILURE',
  'STEP_SKIPPED',
  /** A step's inputs (STEP_INPUT; LOADED_INPUT when one is read from a stored output) and outputs (STEP_OUTPUT, then HANDLED_OUTPUT once stored): src/execution/step-events.ts. */
  'STEP_INPUT',
  'LOADED_INPUT',
  'STEP_OUTPUT',
  'HANDLED_OUTPUT',
  /** An asset step succeeded (with its metadata), was observed, or checked an expectation; the assets a run will materialize, at its start. */
  'ASSET_MATERIALIZATION',
  'ASSET_MATERIALIZATION_PLANNED',
  'ASSET_OBSERVATION',
  'STEP_EXPECTATION_RESULT',
  /** A step's code failed and it will run again (op retries, src/execution/step-retry.ts); then STEP_RESTARTED. */
  'STEP_UP_FOR_RETRY',
  'STEP_RESTARTED',
  'ENGINE_EVENT',
  'LOG_MESSAGE',
  /** A step's stdout/stderr capture started (Dagster's LogsCapturedEvent; src/execution/step-log-capture.ts). */
  'LOGS_CAPTURED',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * Why a run failed, as Dagster's RunFailureReason, in its RUN_FAILURE event's `payload.failureReason` where the
 * writer knows it (absent: another reason). Run retries read it (src/queue/run-retries.ts).
 */
export const RUN_FAILURE_REASON = { stepFailure: 'STEP_FAILURE' } as const;

/** The event that records a run entering each status. */
export const STATUS_EVENT: Partial<Record<RunStatus, EventType>> = {
  QUEUED: 'RUN_ENQUEUED',
  STARTING: 'RUN_STARTING',
  STARTED: 'RUN_START',
  SUCCESS: 'RUN_SUCCESS',
  FAILURE: 'RUN_FAILURE',
  CANCELING: 'RUN_CANCELING',
  CANCELED: 'RUN_CANCELED',
};

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Tags with a meaning to the engine. */
export const TAGS = {
  priority: 'dagster/priority',
  backfill: 'dagster/backfill',
  scheduleName: 'dagster/schedule_name',
  sensorName: 'dagster/sensor_name',
  partition: 'dagster/partition',
  /** The run key of a schedule's or sensor's RunRequest. */
  runKey: 'dagster/run_key',
  /** The tick instant (ISO 8601) of a schedule's run. */
  scheduledExecutionTime: 'dagster/scheduled_execution_time',
  /** Run groups (re-execution, src/queue/reexecute.ts): the run re-executed, and the first run of the group. */
  parentRunId: 'dagster/parent_run_id',
  rootRunId: 'dagster/root_run_id',
  /** A re-execution FROM_FAILURE / FROM_ASSET_FAILURE (Dagster's RESUME_RETRY_TAG, ASSET_RESUME_RETRY_TAG). */
  isResumeRetry: 'dagster/is_resume_retry',
  isAssetResumeRetry: 'dagster/is_asset_resume_retry',
  /**
   * A launch's idempotency key (also the HTTP header `Idempotency-Key` on a request of one launch): one run per
   * key, ever; a repeated launch answers the run the key made (src/queue/launch.ts, src/runs/create-runs.ts).
   */
  idempotencyKey: 'tidepool/idempotency_key',
  /** Hidden per-pool tags (`.dagster/pool/<pool>`), so runs can be filtered by the pools they use. */
  poolPrefix: '.dagster/pool/',
} as const;

/** The integer value of `dagster/priority`; anything that is not an integer counts as 0 (SPEC §3). */
export function priorityOf(tags: Record<string, string>): number {
  const raw = tags[TAGS.priority];
  if (raw === undefined || !/^\s*[+-]?\d+\s*$/.test(raw)) return 0;
  const value = Number(raw);
  return Number.isSafeInteger(value) && Math.abs(value) <= 2 ** 31 - 1 ? value : 0;
}
