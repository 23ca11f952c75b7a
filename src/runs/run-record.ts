// A stored run, as the engine and the API read it. Every read of whole runs goes through selectRuns: one
// column list and one hand-written mapping. The runs list reads up to 1,000 rows a request, and drizzle's
// generic row mapping (an entity check per column, timestamp text parsed into Dates) was a quarter of the
// API server's CPU for a runsOrError(limit: 50) request (profiled under bench/graphql), so timestamps are
// selected as epoch milliseconds and each record is built directly.
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/database.js';
import type { runs } from '../db/schema.js';
import type { RunStatus } from './vocabulary.js';

/**
 * Without `idempotency_key` (it mirrors the `tidepool/idempotency_key` tag, read from `tags`) and
 * `unclaimed_root_pools` (the dequeue's accounting, read only by pools/pool-usage.ts).
 */
export type RunRecord = Omit<typeof runs.$inferSelect, 'status' | 'idempotencyKey' | 'unclaimedRootPools'> & { status: RunStatus };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Run ids are UUIDs; anything else can name no run (and must not reach Postgres as a uuid cast). */
export function isRunId(value: string): boolean {
  return UUID.test(value);
}

interface RunRow {
  id: string;
  seq: string | number;
  job_name: string;
  repository_name: string;
  location_name: string;
  status: RunStatus;
  priority: number;
  tags: Record<string, string> | string;
  run_config: unknown;
  step_keys_to_execute: string[] | null | string;
  asset_selection: string[] | null | string;
  snapshot_id: string | null;
  all_pools: string[];
  root_pools: string[];
  has_unconstrained_root_nodes: boolean;
  queue_bucket: string | null;
  worker_id: string | null;
  lease_expires_ms: number | null;
  status_changed_ms: number;
  start_ms: number | null;
  end_ms: number | null;
  created_ms: number;
  updated_ms: number;
}

const epochMs = (column: string) => sql.raw(`(extract(epoch from ${column}) * 1000)::float8`);

const RUN_COLUMNS = sql`id, seq, job_name, repository_name, location_name, status, priority, tags, run_config,
  step_keys_to_execute, asset_selection, snapshot_id, all_pools, root_pools, has_unconstrained_root_nodes, queue_bucket, worker_id,
  ${epochMs('lease_expires_at')} as lease_expires_ms, ${epochMs('status_changed_at')} as status_changed_ms,
  ${epochMs('start_time')} as start_ms, ${epochMs('end_time')} as end_ms,
  ${epochMs('created_at')} as created_ms, ${epochMs('updated_at')} as updated_ms`;

/** Both drivers parse jsonb; a driver that hands back text gets it parsed here. */
function json<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

const date = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

function runFromRow(row: RunRow): RunRecord {
  return {
    id: row.id,
    seq: Number(row.seq),
    jobName: row.job_name,
    repositoryName: row.repository_name,
    locationName: row.location_name,
    status: row.status,
    priority: row.priority,
    tags: json(row.tags),
    runConfig: json(row.run_config),
    stepKeysToExecute: json(row.step_keys_to_execute),
    assetSelection: json(row.asset_selection),
    snapshotId: row.snapshot_id,
    allPools: row.all_pools,
    rootPools: row.root_pools,
    hasUnconstrainedRootNodes: row.has_unconstrained_root_nodes,
    queueBucket: row.queue_bucket,
    workerId: row.worker_id,
    leaseExpiresAt: date(row.lease_expires_ms),
    statusChangedAt: new Date(row.status_changed_ms),
    startTime: date(row.start_ms),
    endTime: date(row.end_ms),
    createdAt: new Date(row.created_ms),
    updatedAt: new Date(row.updated_ms),
  };
}

/** `select <every run column> from runs <rest>`: rest is the where / order by / limit / for clauses. */
export async function selectRuns(executor: Executor, rest: SQL): Promise<RunRecord[]> {
  const rows = await queryRows<RunRow>(executor, sql`select ${RUN_COLUMNS} from runs ${rest}`);
  return rows.map(runFromRow);
}

/** The runs with these ids, in the order given (ids of no run are left out). */
export async function getRuns(executor: Executor, runIds: readonly string[]): Promise<RunRecord[]> {
  if (runIds.length === 0) return [];
  const byId = new Map((await selectRuns(executor, sql`where id = any(${sql.param([...runIds])}::uuid[])`)).map((run) => [run.id, run]));
  return runIds.flatMap((id) => byId.get(id) ?? []);
}

export async function getRun(executor: Executor, runId: string): Promise<RunRecord | null> {
  if (!isRunId(runId)) return null;
  const [run] = await selectRuns(executor, sql`where id = ${runId}`);
  return run ?? null;
}

/** The job name of each of these runs, by run id (ids of no run are left out); one query for all of them. */
export async function jobNamesOf(executor: Executor, runIds: readonly string[]): Promise<Map<string, string>> {
  if (runIds.length === 0) return new Map();
  const rows = await queryRows<{ id: string; job_name: string }>(
    executor,
    sql`select id, job_name from runs where id = any(${sql.param([...runIds])}::uuid[])`,
  );
  return new Map(rows.map((row) => [row.id, row.job_name]));
}

/** Reads a run and locks its row until the transaction ends, so its status cannot change meanwhile. */
export async function lockRun(executor: Executor, runId: string): Promise<RunRecord | null> {
  if (!isRunId(runId)) return null;
  const [run] = await selectRuns(executor, sql`where id = ${runId} for update`);
  return run ?? null;
}
