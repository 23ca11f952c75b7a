// Run retries (Dagster's automatic re-execution): a failed run with retries left is re-executed FROM_FAILURE
// (or by its `dagster/retry_strategy` tag) in its run group, through the queue and its limits like any run.
// Owner of the `run_retries` table: one row per failed run, the decision taken about it.
//
// Invariant: each failed run is decided once, and a retried run has exactly one retry. The decision row is
// the first statement of the transaction that decides (its primary key is the failed run's id): a second
// daemon deciding the same run blocks on that key until the first commits, and then inserts nothing and
// stops. The retry run is created, and the failed run's tags set, in that same transaction, so a crash
// leaves either the decision and its run or neither (and the run is decided again).
//
// The rules are Dagster's (auto_run_reexecution.py, retries.py):
//  - max retries: the run's `dagster/max_retries` tag, else `run_retries.max_retries`; a tag that is not an
//    integer means no retry (an engine event says why);
//  - a run's group (its root and every run naming it `dagster/root_run_id`, manual re-executions included)
//    may hold at most 1 + max_retries runs; the retry's `dagster/retry_number` is the group's size;
//  - a run that failed because a step failed is retried only if `dagster/retry_on_asset_or_op_failure`
//    (tag, else `run_retries.retry_on_asset_or_op_failure`) is true; other failures (its worker died, it
//    could not start) always are;
//  - the failed run gets `dagster/will_retry` (true/false) and, when retried, `dagster/auto_retry_run_id`;
//    engine events on both runs link them. (Dagster sets will_retry when the run fails; here it is set by
//    the decision, a daemon tick later.)
//
// Which failed runs to look at: the RUN_FAILURE events after a cursor (the partial index on status-change
// events makes that a short index range), kept by each daemon in memory. A daemon starts from the failures
// of the last STARTUP_LOOKBACK_SECONDS (so a restart does not miss the runs that failed while it was down,
// and turning retries on does not retry the whole history), and moves the cursor past events only once
// they are SETTLE_SECONDS old: events commit out of id order, and an event not yet committed when the
// daemon read past its id must still be found on a later tick.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { queryRows } from '../db/database.js';
import { runRetries } from '../db/schema.js';
import type { LoadedDefinitions } from '../definitions/index.js';
import type { Instance } from '../instance/instance.js';
import { addRunTags } from '../runs/add-run-tags.js';
import { appendEvents } from '../runs/append-event.js';
import { getRun, type RunRecord } from '../runs/run-record.js';
import { RUN_FAILURE_REASON, TAGS } from '../runs/vocabulary.js';
import { insertPlannedRuns } from './launch.js';
import { planReexecution, REEXECUTION_STRATEGIES, type ReexecutionStrategy } from './reexecute.js';

/** Dagster's run-retry tags. */
export const RETRY_TAGS = {
  maxRetries: 'dagster/max_retries',
  retryOnAssetOrOpFailure: 'dagster/retry_on_asset_or_op_failure',
  retryStrategy: 'dagster/retry_strategy',
  retryNumber: 'dagster/retry_number',
  willRetry: 'dagster/will_retry',
  autoRetryRunId: 'dagster/auto_retry_run_id',
} as const;

/** What was decided about a failed run (`run_retries.outcome`). */
export type RetryOutcome =
  | 'RETRIED'
  /** Its max retries is 0. */
  | 'NO_RETRIES'
  /** Its group already holds 1 + max retries runs. */
  | 'MAX_RETRIES_REACHED'
  /** A step failed and retry_on_asset_or_op_failure is false. */
  | 'STEP_FAILURE_NOT_RETRIED'
  /** Its `dagster/max_retries` tag is not an integer. */
  | 'INVALID_MAX_RETRIES_TAG'
  /** The re-execution could not be planned (the job is gone, nothing to re-execute, …): the engine event says why. */
  | 'NOT_REEXECUTABLE';

export interface RetryDecision {
  failedRunId: string;
  outcome: RetryOutcome;
  retryRunId: string | null;
}

const DEFAULT_STRATEGY: ReexecutionStrategy = 'FROM_FAILURE';
export const STARTUP_LOOKBACK_SECONDS = 3600;
export const SETTLE_SECONDS = 60;
/** Status-change events read at most when placing or moving the cursor (bounds the scans). */
const CURSOR_SCAN = 100_000;

/** A failed run the daemon has not seen decided yet. */
export interface FailedRun {
  runId: string;
  /** The id of its RUN_FAILURE event. */
  eventId: number;
}

/** Where a daemon starts reading RUN_FAILURE events: before the status changes of the last STARTUP_LOOKBACK_SECONDS. */
export async function startingCursor(executor: Executor): Promise<number> {
  const [row] = await queryRows<{ cursor: string | null }>(
    executor,
    sql`select coalesce(
          (select min(id) - 1 from (
             select id, created_at from run_events where run_status is not null order by id desc limit ${CURSOR_SCAN}
           ) recent where created_at >= now() - make_interval(secs => ${STARTUP_LOOKBACK_SECONDS})),
          (select max(id) from run_events), 0) as cursor`,
  );
  return Number(row?.cursor ?? 0);
}

/** The cursor moved past the status changes older than SETTLE_SECONDS (never backwards). */
export async function settledCursor(executor: Executor, cursor: number): Promise<number> {
  const [row] = await queryRows<{ cursor: string | null }>(
    executor,
    sql`select max(id) as cursor from (
          select id, created_at from run_events where run_status is not null and id > ${cursor} order by id limit ${CURSOR_SCAN}
        ) next where created_at < now() - make_interval(secs => ${SETTLE_SECONDS})`,
  );
  return Math.max(cursor, Number(row?.cursor ?? cursor));
}

/** Failed runs with a RUN_FAILURE event after `cursor` and no decision yet, oldest failure first. */
export async function undecidedFailedRuns(executor: Executor, cursor: number, limit: number): Promise<FailedRun[]> {
  const rows = await queryRows<{ run_id: string; id: string }>(
    executor,
    sql`select e.run_id, e.id from run_events e
        join runs r on r.id = e.run_id and r.status = 'FAILURE'
        where e.run_status = 'FAILURE' and e.id > ${cursor}
          and not exists (select 1 from run_retries d where d.failed_run_id = e.run_id)
        order by e.id
        limit ${limit}`,
  );
  return rows.map((row) => ({ runId: row.run_id, eventId: Number(row.id) }));
}

/**
 * Decides about one failed run in one transaction: records the decision, and when it retries, creates the
 * retry run (QUEUED) and tags the failed run. Resolves null when another daemon decided it first.
 */
export async function decideRunRetry(
  instance: Instance,
  location: LoadedDefinitions | null,
  failed: FailedRun,
): Promise<RetryDecision | null> {
  return instance.database.db.transaction(async (tx) => {
    const claimed = await tx
      .insert(runRetries)
      .values({ failedRunId: failed.runId, outcome: 'DECIDING' })
      .onConflictDoNothing()
      .returning({ id: runRetries.failedRunId });
    if (claimed.length === 0) return null;
    const run = await getRun(tx, failed.runId);
    if (run === null || run.status !== 'FAILURE') {
      // Deleted or re-read in another status between the scan and the claim: nothing to retry.
      await recordOutcome(tx, failed.runId, 'NOT_REEXECUTABLE', null);
      return { failedRunId: failed.runId, outcome: 'NOT_REEXECUTABLE', retryRunId: null };
    }
    const verdict = await judge(tx, instance, run, failed.eventId);
    if (verdict.outcome !== 'RETRIED') return notRetried(tx, run, verdict.outcome, verdict.why);

    const strategyTag = run.tags[RETRY_TAGS.retryStrategy];
    const strategy = (REEXECUTION_STRATEGIES as readonly string[]).includes(strategyTag ?? '')
      ? (strategyTag as ReexecutionStrategy)
      : DEFAULT_STRATEGY;
    const planned = await planReexecution(instance, tx, location, {
      parentRunId: run.id,
      strategy,
      useParentRunTags: true,
      extraTags: [{ key: RETRY_TAGS.retryNumber, value: String(verdict.retryNumber) }],
    });
    if (!planned.ok) return notRetried(tx, run, 'NOT_REEXECUTABLE', `Could not retry the run: ${planned.error.message}`);
    const [retry] = await insertPlannedRuns(tx, instance, [planned.run]);
    await recordOutcome(tx, run.id, 'RETRIED', retry!.id);
    await addRunTags(tx, run.id, { [RETRY_TAGS.willRetry]: 'true', [RETRY_TAGS.autoRetryRunId]: retry!.id });
    await appendEvents(tx, [
      {
        runId: run.id,
        eventType: 'ENGINE_EVENT',
        message: `Retrying the run (retry ${verdict.retryNumber} of ${verdict.maxRetries}, ${strategy}): run ${retry!.id}.`,
        payload: { newRunId: retry!.id, retryNumber: verdict.retryNumber, strategy },
      },
      {
        runId: retry!.id,
        eventType: 'ENGINE_EVENT',
        message: `Launched as an automatic retry of run ${run.id}.`,
        payload: { failedRunId: run.id, retryNumber: verdict.retryNumber },
      },
    ]);
    return { failedRunId: run.id, outcome: 'RETRIED' as const, retryRunId: retry!.id };
  });
}

type Verdict =
  { outcome: 'RETRIED'; retryNumber: number; maxRetries: number } | { outcome: Exclude<RetryOutcome, 'RETRIED'>; why: string | null };

async function judge(tx: Executor, instance: Instance, run: RunRecord, failureEventId: number): Promise<Verdict> {
  const settings = instance.config.runRetries;
  const rawMax = run.tags[RETRY_TAGS.maxRetries];
  let maxRetries = settings.maxRetries;
  if (rawMax !== undefined) {
    if (!/^\s*\d+\s*$/.test(rawMax)) {
      return {
        outcome: 'INVALID_MAX_RETRIES_TAG',
        why: `Not retrying the run: its tag ${RETRY_TAGS.maxRetries} is ${JSON.stringify(rawMax)}, not a whole number.`,
      };
    }
    maxRetries = Number(rawMax);
  }
  if (maxRetries <= 0) return { outcome: 'NO_RETRIES', why: null };

  const onStepFailure = booleanTag(run.tags[RETRY_TAGS.retryOnAssetOrOpFailure], settings.retryOnAssetOrOpFailure);
  if (!onStepFailure && (await failureReason(tx, failureEventId)) === RUN_FAILURE_REASON.stepFailure) {
    return {
      outcome: 'STEP_FAILURE_NOT_RETRIED',
      why:
        'Not retrying run since it failed due to an asset or op failure and run retries are configured with ' +
        'retry_on_asset_or_op_failure set to false.',
    };
  }
  const groupSize = await runGroupSize(tx, run.tags[TAGS.rootRunId] ?? run.id);
  if (groupSize > maxRetries) return { outcome: 'MAX_RETRIES_REACHED', why: null };
  return { outcome: 'RETRIED', retryNumber: groupSize, maxRetries };
}

async function notRetried(
  tx: Executor,
  run: RunRecord,
  outcome: Exclude<RetryOutcome, 'RETRIED'>,
  why: string | null,
): Promise<RetryDecision> {
  await recordOutcome(tx, run.id, outcome, null);
  await addRunTags(tx, run.id, { [RETRY_TAGS.willRetry]: 'false' });
  if (why !== null)
    await appendEvents(tx, [
      { runId: run.id, eventType: 'ENGINE_EVENT', level: 'WARNING', message: why, payload: { retryOutcome: outcome } },
    ]);
  return { failedRunId: run.id, outcome, retryRunId: null };
}

async function recordOutcome(tx: Executor, failedRunId: string, outcome: RetryOutcome, retryRunId: string | null): Promise<void> {
  await tx.execute(sql`update run_retries set outcome = ${outcome}, retry_run_id = ${retryRunId} where failed_run_id = ${failedRunId}`);
}

/** Dagster's get_boolean_tag_value: "true"/"false" in any case; anything else (or no tag) is the default. */
function booleanTag(value: string | undefined, fallback: boolean): boolean {
  const text = value?.trim().toLowerCase();
  return text === 'true' ? true : text === 'false' ? false : fallback;
}

async function failureReason(tx: Executor, failureEventId: number): Promise<string | null> {
  const [row] = await queryRows<{ reason: string | null }>(
    tx,
    sql`select payload->>'failureReason' as reason from run_events where id = ${failureEventId}`,
  );
  return row?.reason ?? null;
}

/** The runs of a group: its root (if it still exists) and every run naming it as root. */
async function runGroupSize(tx: Executor, rootRunId: string): Promise<number> {
  const [row] = await queryRows<{ size: number }>(
    tx,
    sql`select ((select count(*) from run_tags where key = ${TAGS.rootRunId} and value = ${rootRunId})
              + (select count(*) from runs where id = ${rootRunId}))::int as size`,
  );
  return row?.size ?? 1;
}

/** The decision recorded about a failed run, or null when none was taken yet. */
export async function retryDecisionOf(executor: Executor, failedRunId: string): Promise<RetryDecision | null> {
  const [row] = await executor
    .select()
    .from(runRetries)
    .where(sql`${runRetries.failedRunId} = ${failedRunId}`);
  return row ? { failedRunId: row.failedRunId, outcome: row.outcome as RetryOutcome, retryRunId: row.retryRunId } : null;
}
