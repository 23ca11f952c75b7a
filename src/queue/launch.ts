// Launching: read every requested run's config (text is parsed off the main thread), plan every run,
// then create all the valid ones in one transaction. With the queued run coordinator runs enter QUEUED,
// in their queue bucket, and the coordinators are woken by the RUN_ENQUEUED hint; with
// DefaultRunCoordinator they skip the queue and go straight to STARTING.
//
// Idempotent launches: a run tagged `tidepool/idempotency_key` is created once per key, ever (until deleted).
// A repeat (a client retrying after a lost response, a second entry of one batch, a racing launch from another
// connection or process) answers the run the key made, whatever its status now; a repeat for another job is
// that entry's InvalidTagsError, and writes nothing for it. The unique index on runs.idempotency_key decides
// (createRunsOnce): the read of known keys first only lets a plain retry answer without writing.
import { sql } from 'drizzle-orm';
import type { Db, Executor } from '../db/database.js';
import type { LoadedDefinitions } from '../definitions/index.js';
import type { Instance } from '../instance/instance.js';
import { ensureDefaultLimitRows } from '../pools/pool-limits.js';
import { createRunsOnce, runIdsByIdempotencyKey, type NewRun } from '../runs/create-runs.js';
import { InvalidTagsError } from '../runs/errors.js';
import { getRuns, type RunRecord } from '../runs/run-record.js';
import { planRun, type ExecutionParams } from '../runs/plan-run.js';
import { readRunConfig } from '../runs/run-config-input.js';
import { TAGS } from '../runs/vocabulary.js';
import { bucketExpression } from './queue-buckets.js';
import { limitKeysOf } from './run-limits.js';

/** A launched run comes back as stored when its launch committed (so callers need not read it again). */
export type LaunchResult = { ok: true; runId: string; run: RunRecord } | { ok: false; error: Error };

export interface LaunchOptions {
  /** Who launches (the API's client), so that clients take turns at parsing run config text. */
  client?: string;
  /**
   * The handle the launch transaction runs on: the API passes its own (`database.api`, whose mutations take
   * the write lane), so that launches from clients never queue for the engine's connections.
   * Default: the engine's handle, for the CLI and the SDK.
   */
  database?: Db;
}

export type PlannedLaunch = { ok: true; run: NewRun } | { ok: false; error: Error };

/** Reads every request's config and plans its run; writes nothing. */
export async function planLaunches(
  instance: Instance,
  location: LoadedDefinitions,
  requests: ExecutionParams[],
  client = '',
): Promise<PlannedLaunch[]> {
  const readings = await Promise.all(requests.map((params) => readRunConfig(params.runConfigData, instance.config.api, client)));
  const now = instance.clock.now();
  return requests.map((params, index) => {
    try {
      return { ok: true as const, run: planRun(location, params, readings[index]!, now) };
    } catch (error) {
      return { ok: false as const, error: error as Error };
    }
  });
}

/**
 * Creates planned runs in the caller's transaction, as QUEUED in their queue bucket (or STARTING when the
 * queue is off), so that schedules, sensors and backfills commit their runs with their own bookkeeping.
 * A run whose idempotency key is taken comes back as the run holding it; a key taken by another job throws.
 */
export async function insertPlannedRuns(tx: Executor, instance: Instance, planned: NewRun[]): Promise<RunRecord[]> {
  const results = await insertPlannedLaunches(tx, instance, planned);
  return results.map((result) => {
    if (!result.ok) throw result.error;
    return result.run;
  });
}

/** insertPlannedRuns with an answer per run: a key taken by another job is that run's error. */
export async function insertPlannedLaunches(tx: Executor, instance: Instance, planned: NewRun[]): Promise<LaunchResult[]> {
  if (planned.length === 0) return [];
  const keys = planned.map((run) => run.tags[TAGS.idempotencyKey] ?? null);
  const distinctKeys = [...new Set(keys.filter((key) => key !== null))];
  // Repeats of committed launches answer without writing; the rest, one per key, are created or lose a race.
  const held = await runIdsByIdempotencyKey(tx, distinctKeys);
  const firstOfKey = new Map<string, number>();
  const toCreate: number[] = [];
  planned.forEach((_, index) => {
    const key = keys[index]!;
    if (key !== null && (held.has(key) || firstOfKey.has(key))) return;
    if (key !== null) firstOfKey.set(key, index);
    toCreate.push(index);
  });
  const queued = instance.config.runCoordinator.class === 'QueuedRunCoordinator';
  const ids = await createRunsOnce(
    tx,
    toCreate.map((index) => planned[index]!),
    queued ? 'QUEUED' : 'STARTING',
  );
  const created = ids.filter((id) => id !== null);
  // A key another launch committed after the read above: its insert waited for that launch, so it is visible now.
  const lost = toCreate.filter((_, at) => ids[at] === null).map((index) => keys[index]!);
  for (const [key, id] of await runIdsByIdempotencyKey(tx, lost)) held.set(key, id);
  if (created.length > 0) {
    // concurrency.pools.default_limit applies to pools first seen in a run.
    const createdRuns = toCreate.filter((_, at) => ids[at] !== null).map((index) => planned[index]!);
    await ensureDefaultLimitRows(tx, instance.config, [...new Set(createdRuns.flatMap((run) => run.allPools))]);
    if (queued) {
      const limitKeys = limitKeysOf(instance.config.concurrency.runs.tagConcurrencyLimits);
      await tx.execute(sql`update runs set queue_bucket = ${bucketExpression(limitKeys)} where id = any(${sql.param(created)}::uuid[])`);
    }
  }
  toCreate.forEach((index, at) => {
    if (ids[at] !== null && keys[index] !== null) held.set(keys[index]!, ids[at]!);
  });
  const records = new Map((await getRuns(tx, [...new Set([...created, ...held.values()])])).map((run) => [run.id, run]));
  const createdAt = new Map(toCreate.map((index, at) => [index, ids[at]]));
  return planned.map((run, index): LaunchResult => {
    const key = keys[index]!;
    const id = key === null ? createdAt.get(index)! : held.get(key);
    const record = id === undefined ? undefined : records.get(id);
    // The run holding the key was deleted between its launch's commit and this read: the caller may retry.
    if (record === undefined) throw new Error(`The run holding idempotency key ${JSON.stringify(key)} was deleted during this launch.`);
    if (key !== null && !sameJob(record, run)) {
      return {
        ok: false,
        error: new InvalidTagsError(
          `Idempotency key ${JSON.stringify(key)} (tag ${TAGS.idempotencyKey}) belongs to run ${record.id} of job ${JSON.stringify(record.jobName)}, not to a run of job ${JSON.stringify(run.jobName)}: use a new key.`,
          TAGS.idempotencyKey,
        ),
      };
    }
    return { ok: true, runId: record.id, run: record };
  });
}

function sameJob(record: RunRecord, run: NewRun): boolean {
  return record.jobName === run.jobName && record.repositoryName === run.repositoryName && record.locationName === run.locationName;
}

export async function launchRuns(
  instance: Instance,
  location: LoadedDefinitions,
  requests: ExecutionParams[],
  options: LaunchOptions = {},
): Promise<LaunchResult[]> {
  const planned = await planLaunches(instance, location, requests, options.client);
  const valid = planned.flatMap((p) => (p.ok ? [p.run] : []));
  // Nothing valid: answer with the errors without touching the database.
  const launched =
    valid.length === 0
      ? []
      : await (options.database ?? instance.database.db).transaction((tx) => insertPlannedLaunches(tx, instance, valid));
  let next = 0;
  return planned.map((p) => (p.ok ? launched[next++]! : { ok: false, error: p.error }));
}
