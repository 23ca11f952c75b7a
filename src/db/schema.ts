// The Tidepool storage schema. drizzle-kit generates the migrations under drizzle/ from this file;
// hand-written SQL (if any) lives beside them as custom migrations. Every table is in Tidepool's own
// Postgres schema (own-schema.ts).
//
// Invariants kept by the engine rather than by constraints are stated on the tables they concern.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { tidepoolSchema } from './own-schema.js';

// Exported so that drizzle-kit sees the schema and generates its CREATE SCHEMA.
export { tidepoolSchema };

/** Postgres `xid8`: the id of the transaction that wrote a row (run_events.tx_id). */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => 'xid8' });

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
};

/**
 * One row per run. `status` is only ever written together with the run_events row that records the
 * transition, in one transaction (src/runs is the only writer).
 */
export const runs = tidepoolSchema.table(
  'runs',
  {
    id: uuid('id').primaryKey(),
    /** Creation order: ties of created_at are common, seq never ties. Queue order and paging use it. */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity().notNull().unique(),
    jobName: text('job_name').notNull(),
    repositoryName: text('repository_name').notNull(),
    locationName: text('location_name').notNull(),
    status: text('status').notNull(),
    /** The integer value of the `dagster/priority` tag (0 when absent or not an integer). */
    priority: integer('priority').notNull().default(0),
    /**
     * The value of the `tidepool/idempotency_key` tag (null without one). Unique: one run per key, kept by
     * Postgres (the launch inserts `on conflict (idempotency_key) do nothing`, src/runs/create-runs.ts), so
     * racing launches of one key from any number of connections or processes create one run. Deleting the
     * run frees its key.
     */
    idempotencyKey: text('idempotency_key'),
    tags: jsonb('tags').$type<Record<string, string>>().notNull().default({}),
    runConfig: jsonb('run_config').$type<unknown>().notNull().default({}),
    /** null = every step of the job. */
    stepKeysToExecute: jsonb('step_keys_to_execute').$type<string[] | null>(),
    assetSelection: jsonb('asset_selection').$type<string[] | null>(),
    /**
     * The job's structure at launch (job_snapshots); null for runs created before snapshots were stored. No
     * foreign key: createRuns inserts the snapshot before its runs in the same transaction and snapshots are
     * never deleted, while the key's check share-locked the one snapshot row every concurrent launch of a job
     * shares (measured in bench/launch/launch-snapshot.ts).
     */
    snapshotId: text('snapshot_id'),
    allPools: text('all_pools')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    rootPools: text('root_pools')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /**
     * The root pools none of whose steps has asked for a slot yet: root_pools at launch, and a pool leaves it
     * in the transaction of the run's first claim there (pools/claim-slot.ts). The dequeue counts a STARTING
     * or STARTED run against these pools, so a run between its start and its root steps' requests still
     * counts (pools/pool-usage.ts).
     */
    unclaimedRootPools: text('unclaimed_root_pools')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    hasUnconstrainedRootNodes: boolean('has_unconstrained_root_nodes').notNull().default(true),
    /**
     * The run's queue bucket: tidepool_queue_bucket() of its limit-relevant tag values and its pools.
     * Runs of one bucket are blocked or admitted alike, so the dequeue skips a blocked bucket without
     * reading its runs (cost independent of the number of blocked runs).
     */
    queueBucket: text('queue_bucket'),
    /** The worker holding the run while it executes, and until when its lease is valid. */
    workerId: text('worker_id'),
    leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true, mode: 'date' }),
    statusChangedAt: timestamp('status_changed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    startTime: timestamp('start_time', { withTimezone: true, mode: 'date' }),
    endTime: timestamp('end_time', { withTimezone: true, mode: 'date' }),
    ...timestamps,
  },
  (t) => [
    index('runs_status_seq_idx').on(t.status, t.seq),
    index('runs_job_name_seq_idx').on(t.jobName, t.seq),
    index('runs_created_at_idx').on(t.createdAt),
    index('runs_updated_at_idx').on(t.updatedAt),
    // The dequeue reads exactly this: the distinct buckets of queued runs, then each admissible
    // bucket's runs in priority-then-creation order. `priority desc` sorts NULLS FIRST in Postgres, so
    // the index says so too (priority is never null): a mismatch would keep the planner from using it.
    index('runs_queued_bucket_order_idx')
      .on(t.queueBucket, t.priority.desc().nullsFirst(), t.seq)
      .where(sql`status = 'QUEUED'`),
    // No second index on (priority, seq) for queued runs: the planner would prefer it for a bucket's head
    // and filter its way through every blocked run (measured in bench/coordinator/dequeue-scaling.ts).
    // In-progress runs are counted against every run limit at each dequeue.
    index('runs_in_progress_idx')
      .on(t.status)
      .where(sql`status in ('STARTING', 'STARTED', 'CANCELING')`),
    // NULLs are distinct, so runs without a key never conflict; a plain unique index is the launch's arbiter.
    uniqueIndex('runs_idempotency_key_idx').on(t.idempotencyKey),
  ],
);

/** A run's tags as rows, for tag filters and tag-limit counting. Mirrors runs.tags exactly. */
export const runTags = tidepoolSchema.table(
  'run_tags',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    value: text('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.key] }), index('run_tags_key_value_idx').on(t.key, t.value, t.runId)],
);

/**
 * Exact run counts per bucket as of the last roll-up (see src/runs/run-count-counters.ts). Written only by
 * the roll-up (changes summed in from run_count_deltas, buckets dropped at zero) and by
 * tidepool_rebuild_run_counts(); the current count of a bucket is its row here plus its pending deltas.
 */
export const runCounts = tidepoolSchema.table(
  'run_counts',
  {
    /** '' with tag_value '' = every run of the bucket, whatever its tags; otherwise runs with this tag. */
    tagKey: text('tag_key').notNull(),
    tagValue: text('tag_value').notNull(),
    jobName: text('job_name').notNull(),
    status: text('status').notNull(),
    /** Not a backfill's run (no `dagster/backfill` tag): the runs feed's ROOTS view. */
    root: boolean('root').notNull(),
    runs: bigint('runs', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tagKey, t.tagValue, t.jobName, t.status, t.root] }),
    // The roll-up deletes the buckets it brought to zero (a run's intermediate statuses) through this.
    index('run_counts_empty_idx')
      .on(t.tagKey)
      .where(sql`runs = 0`),
  ],
);

/**
 * Changes to run_counts not yet rolled up, one row per change of a run (its job and tags, the status it left
 * and the one it entered; null for none: created or deleted), appended by the triggers on `runs` in the
 * transaction of every change and never updated (no row that every transition would lock). No index:
 * appends stay cheap, and readers scan what the roll-up has not yet moved, which it keeps small.
 */
export const runCountDeltas = tidepoolSchema.table('run_count_deltas', {
  jobName: text('job_name').notNull(),
  tags: jsonb('tags').$type<Record<string, string>>().notNull(),
  fromStatus: text('from_status'),
  toStatus: text('to_status'),
});

/**
 * The append-only event log. `id` is the global cursor. Concurrent writers commit out of id order, so
 * live readers only hand out ids that have settled (src/subscriptions/settled-events.ts: every id up to
 * the sequence's last value, once no transaction that held a write lock on this table then is still
 * running); that makes cursors gap-free for subscribers. `tx_id` records the writing transaction, for
 * diagnostics (how many transactions a run's events took); no reader relies on it.
 */
export const runEvents = tidepoolSchema.table(
  'run_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: uuid('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    eventType: text('event_type').notNull(),
    /** The status the run entered with this event; null when the event changed no status. */
    runStatus: text('run_status'),
    stepKey: text('step_key'),
    level: text('level').notNull().default('INFO'),
    message: text('message').notNull().default(''),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    txId: xid8('tx_id')
      .notNull()
      .default(sql`pg_current_xact_id()`),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('run_events_run_id_idx').on(t.runId, t.id),
    index('run_events_status_changes_idx')
      .on(t.id)
      .where(sql`run_status is not null`),
    // An asset's materializations and observations across runs, newest first (runs/asset-events.ts).
    index('run_events_asset_events_idx')
      .on(t.eventType, sql`(${t.payload} -> 'assetKey')`, t.id)
      .where(sql`event_type in ('ASSET_MATERIALIZATION', 'ASSET_OBSERVATION')`),
  ],
);

/** Pool limits. A row with using_default = true was created lazily from `concurrency.pools.default_limit`. */
export const concurrencyLimits = tidepoolSchema.table('concurrency_limits', {
  concurrencyKey: text('concurrency_key').primaryKey(),
  limit: integer('limit').notNull(),
  usingDefault: boolean('using_default').notNull().default(false),
  ...timestamps,
});

/**
 * Claims on pool slots. A row with claimed_at null is a waiting step; with claimed_at set it holds a slot.
 * Invariant (kept by the claim statement): per concurrency_key, claimed rows never exceed the limit when
 * the claim was made. No row outlives its run: terminal transitions delete them in the same transaction.
 */
export const concurrencyClaims = tidepoolSchema.table(
  'concurrency_claims',
  {
    seq: bigserial('seq', { mode: 'number' }).notNull().unique(),
    concurrencyKey: text('concurrency_key').notNull(),
    runId: uuid('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    stepKey: text('step_key').notNull(),
    priority: integer('priority').notNull().default(0),
    enqueuedAt: timestamp('enqueued_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    claimedAt: timestamp('claimed_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    primaryKey({ columns: [t.concurrencyKey, t.runId, t.stepKey] }),
    index('concurrency_claims_waiting_idx')
      .on(t.concurrencyKey, t.priority.desc().nullsFirst(), t.seq)
      .where(sql`claimed_at is null`),
    index('concurrency_claims_run_idx').on(t.runId),
  ],
);

/** Liveness of daemon loops (coordinator, monitor), one row per loop instance. */
export const daemonHeartbeats = tidepoolSchema.table(
  'daemon_heartbeats',
  {
    daemonType: text('daemon_type').notNull(),
    daemonId: text('daemon_id').notNull(),
    intervalSeconds: integer('interval_seconds').notNull(),
    lastHeartbeat: timestamp('last_heartbeat', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lastError: text('last_error'),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.daemonType, t.daemonId] })],
);

/** Run workers; a worker's runs carry its id and a lease it renews with each heartbeat. */
export const workers = tidepoolSchema.table('workers', {
  id: text('id').primaryKey(),
  hostname: text('hostname').notNull(),
  pid: integer('pid').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  lastHeartbeat: timestamp('last_heartbeat', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/**
 * API tokens (src/auth). Only a SHA-256 hash of the secret is stored; the secret is shown once, when the
 * token is created. A revoked token keeps its row (revoked_at set) so the audit log's names stay meaningful.
 */
export const apiTokens = tidepoolSchema.table('api_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  role: text('role').notNull(),
  secretHash: text('secret_hash').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
  revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
});

/**
 * Who changed what (src/audit). Invariant: a row is written in the same transaction as the change it
 * records, so a change and its entry commit or roll back together. `actor` is a token's name, or "open"
 * when access control is off.
 */
export const auditLog = tidepoolSchema.table(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    target: text('target').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [index('audit_log_target_idx').on(t.target, t.id)],
);

/**
 * Running/stopped state of schedules and sensors (src/automation), one row per instigator once it has been
 * started, stopped or ticked; without a row an instigator has its definition's default status. `cursor` is
 * a sensor's stored cursor; `last_tick_at` the scheduled time (schedules) or evaluation time (sensors) of
 * its last tick.
 */
export const instigatorStates = tidepoolSchema.table('instigator_states', {
  name: text('name').primaryKey(),
  instigatorType: text('instigator_type').notNull(),
  status: text('status').notNull(),
  cursor: text('cursor'),
  lastTickAt: timestamp('last_tick_at', { withTimezone: true, mode: 'date' }),
  ...timestamps,
});

/**
 * One row per tick of a schedule or sensor (src/automation). Invariant: (instigator_name, tick_key) is
 * unique — a schedule's key is its scheduled time, a sensor's the instant its evaluation fell due — so any
 * number of daemons evaluate each tick at most once at a time; a STARTED tick whose lease lapsed (its
 * daemon died) is taken over, and a tick's runs are created in the transaction that ends it.
 */
export const instigatorTicks = tidepoolSchema.table(
  'instigator_ticks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    instigatorName: text('instigator_name').notNull(),
    instigatorType: text('instigator_type').notNull(),
    tickKey: text('tick_key').notNull(),
    status: text('status').notNull(),
    /** The scheduled time (schedules) or the due time (sensors). */
    tickAt: timestamp('tick_at', { withTimezone: true, mode: 'date' }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    endedAt: timestamp('ended_at', { withTimezone: true, mode: 'date' }),
    claimedBy: text('claimed_by').notNull(),
    leaseUntil: timestamp('lease_until', { withTimezone: true, mode: 'date' }).notNull(),
    runIds: text('run_ids')
      .array()
      .notNull()
      .default(sql`'{}'`),
    runKeys: text('run_keys')
      .array()
      .notNull()
      .default(sql`'{}'`),
    skipReason: text('skip_reason'),
    error: text('error'),
    cursor: text('cursor'),
  },
  (t) => [
    uniqueIndex('instigator_ticks_key_idx').on(t.instigatorName, t.tickKey),
    index('instigator_ticks_history_idx').on(t.instigatorName, t.id),
    index('instigator_ticks_started_idx')
      .on(t.leaseUntil)
      .where(sql`status = 'STARTED'`),
  ],
);

/** Invariant: a (schedule or sensor, run key) launches at most one run, ever (src/automation). */
export const instigatorRunKeys = tidepoolSchema.table(
  'instigator_run_keys',
  {
    instigatorName: text('instigator_name').notNull(),
    runKey: text('run_key').notNull(),
    runId: uuid('run_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.instigatorName, t.runKey] })],
);

/**
 * Partition backfills (src/backfills). Runs are submitted progressively by the backfill daemon, a chunk per
 * transaction, so a large backfill never writes all its runs at once.
 */
export const backfills = tidepoolSchema.table('backfills', {
  id: text('id').primaryKey(),
  status: text('status').notNull(),
  jobName: text('job_name').notNull(),
  /** Asset keys of an asset backfill, or null for a job backfill. */
  assetSelection: text('asset_selection').array(),
  partitionSetName: text('partition_set_name').notNull(),
  tags: jsonb('tags').notNull().default({}),
  runConfig: jsonb('run_config').notNull().default({}),
  numPartitions: integer('num_partitions').notNull(),
  /** Dagster's optional title and description of a backfill, given at launch. */
  title: text('title'),
  description: text('description'),
  error: text('error'),
  endedAt: timestamp('ended_at', { withTimezone: true, mode: 'date' }),
  ...timestamps,
});

/**
 * A backfill's partitions in submission order (src/backfills). `run_id` is the partition's latest run, null
 * until submitted. Invariant: a partition has at most one unfinished run, set in the transaction that creates
 * the run.
 */
export const backfillPartitions = tidepoolSchema.table(
  'backfill_partitions',
  {
    backfillId: text('backfill_id')
      .notNull()
      .references(() => backfills.id, { onDelete: 'cascade' }),
    ordinal: integer('ordinal').notNull(),
    partitionKey: text('partition_key').notNull(),
    runId: uuid('run_id'),
  },
  (t) => [
    primaryKey({ columns: [t.backfillId, t.ordinal] }),
    uniqueIndex('backfill_partitions_key_idx').on(t.backfillId, t.partitionKey),
    index('backfill_partitions_pending_idx')
      .on(t.backfillId, t.ordinal)
      .where(sql`run_id is null`),
  ],
);

/**
 * A job's structure at launch (Dagster's pipeline snapshot), stored once per distinct structure:
 * `snapshot_id` is the hash of the canonical snapshot, so runs of an unchanged job share one row.
 */
export const jobSnapshots = tidepoolSchema.table('job_snapshots', {
  snapshotId: text('snapshot_id').primaryKey(),
  jobName: text('job_name').notNull(),
  snapshot: jsonb('snapshot').$type<unknown>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/**
 * Step outputs (Dagster's IO manager, kept in Postgres): one JSON value per (run, step, output), written
 * when the step succeeds, read by a re-execution for the steps it does not run again.
 */
export const stepOutputs = tidepoolSchema.table(
  'step_outputs',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    stepKey: text('step_key').notNull(),
    outputName: text('output_name').notNull().default('result'),
    /** The JSON value; null with `is_undefined` for a step that returned nothing. */
    value: jsonb('value').$type<unknown>(),
    isUndefined: boolean('is_undefined').notNull().default(false),
    sizeBytes: integer('size_bytes').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.stepKey, t.outputName] })],
);

/**
 * What steps wrote to stdout and stderr (and their `context.log` lines), in chunks per (run, file key,
 * stream). `byte_offset` is the chunk's first byte in its stream: cursors are offsets, so a reader on any
 * replica resumes exactly. Storage per file key is bounded; the chunk that crosses the bound is the last
 * and says so (`truncated`).
 */
export const capturedLogChunks = tidepoolSchema.table(
  'captured_log_chunks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: uuid('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    fileKey: text('file_key').notNull(),
    stream: text('stream').notNull(),
    byteOffset: bigint('byte_offset', { mode: 'number' }).notNull(),
    data: text('data').notNull(),
    truncated: boolean('truncated').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('captured_log_chunks_stream_offset_idx').on(t.runId, t.fileKey, t.stream, t.byteOffset)],
);

/**
 * The run-retry decision for each failed run, taken once: the primary key makes a second daemon's
 * decision for the same run fail, so a failed run is retried at most once (its retry may fail and be
 * retried in turn, up to the run group's max retries).
 */
export const runRetries = tidepoolSchema.table('run_retries', {
  failedRunId: uuid('failed_run_id')
    .primaryKey()
    .references(() => runs.id, { onDelete: 'cascade' }),
  /** The re-execution launched; null when the run was not retried (`outcome` says why). */
  retryRunId: uuid('retry_run_id'),
  outcome: text('outcome').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/**
 * One row per code location: a reload request bumps `generation`; every process serving or executing the
 * location re-imports its definitions when it sees a generation newer than the one it loaded.
 */
export const codeLocations = tidepoolSchema.table('code_locations', {
  name: text('name').primaryKey(),
  generation: bigint('generation', { mode: 'number' }).notNull().default(0),
  requestedAt: timestamp('requested_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
