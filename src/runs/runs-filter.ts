// Dagster's RunsFilter, turned into one SQL condition over `runs`. Every field is checked here, at the
// boundary: a bad filter is an InvalidPipelineRunsFilterError whose message names the field, never a SQL
// error. As in Dagster, an absent, null or empty field does not filter (`statuses: []` = any status).
//
// Each condition is shaped for an index: job_name and status equality for (job_name, seq) and
// (status, seq), tag conditions as EXISTS probes of run_tags (key, value, run_id), time bounds for the
// created_at / updated_at indexes.
import { and, sql, type SQL } from 'drizzle-orm';
import { runs, runTags } from '../db/schema.js';
import { InvalidPipelineRunsFilterError } from './errors.js';
import { isRunId } from './run-record.js';
import { RUN_STATUSES, TAGS, type RunStatus } from './vocabulary.js';

export interface RunsFilter {
  /** A null item is refused (Dagster's input allows it: `[String]`). */
  runIds?: readonly (string | null | undefined)[] | null;
  pipelineName?: string | null;
  /** NEW: the same as pipelineName (Dagster's legacy name); giving both with different values is an error. */
  jobName?: string | null;
  /** Every tag must match (AND). */
  tags?: readonly { key: string; value: string }[] | null;
  /** Any of the statuses (OR). */
  statuses?: readonly string[] | null;
  /** Seconds since the epoch (floats), as in Dagster; all bounds are strict. */
  createdBefore?: number | null;
  createdAfter?: number | null;
  updatedBefore?: number | null;
  updatedAfter?: number | null;
  /** Runs of this job snapshot (runs.snapshot_id). */
  snapshotId?: string | null;
  /** Dagster's mode: every Tidepool run has the mode "default", so another mode matches no run. */
  mode?: string | null;
  /** Only runs no backfill launched (without the `dagster/backfill` tag): the runs feed's ROOTS view. Not in the GraphQL input. */
  excludeSubruns?: boolean | null;
}

/** At most this many run ids, and this many tags, in one filter. */
export const MAX_FILTER_ITEMS = 100;

// Years 1 to 9999: anything outside is a client bug, and Postgres would reject some of it as out of range.
const MIN_TIMESTAMP = -62135596800;
const MAX_TIMESTAMP = 253402300799;

/** The one mode of every run (Dagster's DEFAULT_MODE_NAME). */
const DEFAULT_MODE = 'default';

const TIME_BOUNDS = [
  ['createdBefore', runs.createdAt, '<'],
  ['createdAfter', runs.createdAt, '>'],
  ['updatedBefore', runs.updatedAt, '<'],
  ['updatedAfter', runs.updatedAt, '>'],
] as const;

/** The job name a filter selects (jobName or its legacy alias pipelineName), or null for any job. */
export function filterJobName(filter: RunsFilter): string | null {
  const jobName = filter.jobName || null;
  const pipelineName = filter.pipelineName || null;
  if (jobName !== null && pipelineName !== null && jobName !== pipelineName) {
    throw new InvalidPipelineRunsFilterError(
      `The runs filter names two different jobs: jobName ${JSON.stringify(jobName)} and pipelineName ` +
        `${JSON.stringify(pipelineName)} (pipelineName is the legacy name of jobName; give one of them).`,
    );
  }
  return jobName ?? pipelineName;
}

/** Validates the filter and returns its SQL condition over `runs` (`true` for an empty filter). */
export function runsFilterSql(filter: RunsFilter = {}): SQL {
  const conditions: SQL[] = [];

  const runIds = filter.runIds ?? [];
  if (runIds.length > MAX_FILTER_ITEMS) {
    throw new InvalidPipelineRunsFilterError(`The runs filter lists ${runIds.length} run ids; at most ${MAX_FILTER_ITEMS} are allowed.`);
  }
  for (const runId of runIds) {
    if (typeof runId !== 'string' || !isRunId(runId)) {
      throw new InvalidPipelineRunsFilterError(`The runs filter has a malformed run id ${JSON.stringify(runId)}: run ids are UUIDs.`);
    }
  }
  if (runIds.length > 0) conditions.push(sql`${runs.id} = any(${sql.param([...runIds])}::uuid[])`);

  const jobName = filterJobName(filter);
  if (jobName !== null) conditions.push(sql`${runs.jobName} = ${jobName}`);
  if (filter.snapshotId) conditions.push(sql`${runs.snapshotId} = ${filter.snapshotId}`);
  if (filter.mode && filter.mode !== DEFAULT_MODE) conditions.push(sql`false`);

  const statuses = filter.statuses ?? [];
  for (const status of statuses) {
    if (!(RUN_STATUSES as readonly string[]).includes(status)) {
      throw new InvalidPipelineRunsFilterError(
        `The runs filter has an unknown status ${JSON.stringify(status)}; statuses are ${RUN_STATUSES.join(', ')}.`,
      );
    }
  }
  if (statuses.length === 1) conditions.push(sql`${runs.status} = ${statuses[0] as RunStatus}`);
  else if (statuses.length > 1) conditions.push(sql`${runs.status} = any(${sql.param([...new Set(statuses)])}::text[])`);

  const tags = filter.tags ?? [];
  if (tags.length > MAX_FILTER_ITEMS) {
    throw new InvalidPipelineRunsFilterError(`The runs filter lists ${tags.length} tags; at most ${MAX_FILTER_ITEMS} are allowed.`);
  }
  for (const tag of tags) {
    if (typeof tag?.key !== 'string' || tag.key === '') {
      throw new InvalidPipelineRunsFilterError('The runs filter has a tag with an empty key; every tag needs a key.');
    }
    if (typeof tag.value !== 'string') {
      throw new InvalidPipelineRunsFilterError(`The runs filter's tag ${JSON.stringify(tag.key)} has no string value.`);
    }
    conditions.push(
      sql`exists (select 1 from ${runTags} where ${runTags.runId} = ${runs.id} and ${runTags.key} = ${tag.key} and ${runTags.value} = ${tag.value})`,
    );
  }

  if (filter.excludeSubruns === true) {
    conditions.push(sql`not exists (select 1 from ${runTags} where ${runTags.runId} = ${runs.id} and ${runTags.key} = ${TAGS.backfill})`);
  }

  for (const [field, column, operator] of TIME_BOUNDS) {
    const value = filter[field];
    if (value === null || value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < MIN_TIMESTAMP || value > MAX_TIMESTAMP) {
      throw new InvalidPipelineRunsFilterError(
        `The runs filter's ${field} must be a finite number of seconds since the epoch (got ${String(value)}).`,
      );
    }
    conditions.push(sql`${column} ${sql.raw(operator)} to_timestamp(${value}::double precision)`);
  }

  return and(...conditions) ?? sql`true`;
}
