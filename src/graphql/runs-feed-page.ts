// The runs feed (Dagster's runsFeedOrError / runsFeedCountOrError): runs and backfills merged newest first.
// Runs are read only through src/runs (listRuns, countRuns) and backfills only through src/backfills
// (listFeedBackfills, countFeedBackfills); this file merges the two streams and owns the cursor.
//
// The cursor is the position in EACH stream, never an offset, so a page is stable while runs and backfills
// are created: a stream is either 'after' an entry it showed, 'at' an entry it read but did not show yet
// (the other stream's entries were newer), or 'end' (nothing more, ever: anything created later is newer
// than the page already shown). New entries are always newer than the positions, so they never shift a
// page. Each stream is walked in its owner's order (runs by seq, backfills by (created_at, id)) and the two
// are merged by creation time, so no entry is skipped or repeated even where creation times tie.
import type { BackfillRecord } from '../backfills/backfill-record.js';
import { countFeedBackfills, listFeedBackfills, type BackfillsFeedFilter } from '../backfills/feed-backfills.js';
import type { BulkActionStatus } from '../backfills/vocabulary.js';
import type { Instance } from '../instance/instance.js';
import { InvalidPipelineRunsFilterError } from '../runs/errors.js';
import { countRuns, listRuns, MAX_RUNS_LIMIT } from '../runs/queries.js';
import type { RunRecord } from '../runs/run-record.js';
import { filterJobName, runsFilterSql, type RunsFilter } from '../runs/runs-filter.js';
import { TAGS, type RunStatus } from '../runs/vocabulary.js';

export const RUNS_FEED_VIEWS = ['ROOTS', 'RUNS', 'BACKFILLS'] as const;
/** ROOTS: runs no backfill launched, and backfills. RUNS: every run. BACKFILLS: backfills only. */
export type RunsFeedView = (typeof RUNS_FEED_VIEWS)[number];

export type FeedEntry = RunRecord | BackfillRecord;

/** The API's connections (graphql reads through the domains, never the db folder). */
type Db = Instance['database']['api'];

export function isBackfill(entry: FeedEntry): entry is BackfillRecord {
  return 'partitionSetName' in entry;
}

/** Dagster's run status of a backfill (BulkActionStatus.to_dagster_run_status). */
export const BACKFILL_RUN_STATUS: Record<BulkActionStatus, RunStatus> = {
  REQUESTED: 'STARTED',
  COMPLETED: 'SUCCESS',
  FAILED: 'FAILURE',
  CANCELED: 'CANCELED',
  CANCELING: 'CANCELING',
};

/** Dagster's RUN_STATUS_TO_BULK_ACTION_STATUSES: a run status filter, applied to backfills. */
const BULK_STATUSES_OF: Partial<Record<RunStatus, BulkActionStatus[]>> = {
  SUCCESS: ['COMPLETED'],
  FAILURE: ['FAILED'],
  CANCELED: ['CANCELED'],
  CANCELING: ['CANCELING'],
  STARTED: ['REQUESTED'],
};

// ---------------------------------------------------------------------------------------------- the cursor

type StreamPosition = { after: string } | { at: string } | 'end' | null;

interface FeedCursor {
  runs: StreamPosition;
  backfills: StreamPosition;
}

const START: FeedCursor = { runs: null, backfills: null };

function encodePosition(position: StreamPosition): unknown {
  if (position === null || position === 'end') return position;
  return 'after' in position ? ['after', position.after] : ['at', position.at];
}

function decodePosition(value: unknown): StreamPosition {
  if (value === null || value === 'end') return value;
  if (Array.isArray(value) && value.length === 2 && typeof value[1] === 'string' && value[1] !== '') {
    if (value[0] === 'after') return { after: value[1] };
    if (value[0] === 'at') return { at: value[1] };
  }
  throw new Error('bad position');
}

export function encodeFeedCursor(cursor: FeedCursor): string {
  return Buffer.from(JSON.stringify({ r: encodePosition(cursor.runs), b: encodePosition(cursor.backfills) })).toString('base64url');
}

export function decodeFeedCursor(cursor: string | null | undefined): FeedCursor {
  if (cursor === null || cursor === undefined || cursor === '') return START;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null) throw new Error('not an object');
    const { r, b } = value as { r?: unknown; b?: unknown };
    return { runs: decodePosition(r ?? null), backfills: decodePosition(b ?? null) };
  } catch {
    throw new InvalidPipelineRunsFilterError(
      `The cursor ${JSON.stringify(cursor.slice(0, 100))} is not a runs feed cursor: pass the cursor of the previous page, or none.`,
    );
  }
}

// ---------------------------------------------------------------------------------------------- the filter

interface FeedPlan {
  runsFilter: RunsFilter | null;
  backfillsFilter: BackfillsFeedFilter | null;
}

/** Which streams a view reads and with which filters (Dagster's get_runs_feed_entries rules). */
function planFeed(view: RunsFeedView, filter: RunsFilter): FeedPlan {
  runsFilterSql(filter); // validates every field, whichever streams are read
  if (!(RUNS_FEED_VIEWS as readonly string[]).includes(view)) {
    throw new InvalidPipelineRunsFilterError(`Unknown runs feed view ${JSON.stringify(view)}; views are ${RUNS_FEED_VIEWS.join(', ')}.`);
  }
  const backfillTags = (filter.tags ?? []).filter((tag) => tag.key === TAGS.backfill);
  const otherTags = (filter.tags ?? []).filter((tag) => tag.key !== TAGS.backfill);

  // Runs: ROOTS hides the runs of backfills (so a dagster/backfill tag filter leaves none of them).
  let runsFilter: RunsFilter | null = null;
  if (view === 'RUNS') runsFilter = filter;
  if (view === 'ROOTS' && backfillTags.length === 0) runsFilter = { ...filter, excludeSubruns: true };

  // Backfills: not when the filter names things backfills do not have (run ids, update times), nor when no
  // asked status has a backfill equivalent.
  let backfillsFilter: BackfillsFeedFilter | null = null;
  const statuses = filter.statuses?.length
    ? [...new Set(filter.statuses.flatMap((status) => BULK_STATUSES_OF[status as RunStatus] ?? []))]
    : null;
  const applies =
    (view === 'ROOTS' || view === 'BACKFILLS') &&
    !(filter.runIds?.length || filter.updatedAfter != null || filter.updatedBefore != null) &&
    !(statuses !== null && statuses.length === 0);
  if (applies) {
    backfillsFilter = {
      statuses,
      jobName: filterJobName(filter),
      tags: otherTags,
      backfillIds: backfillTags.length > 0 ? backfillTags.map((tag) => tag.value) : null,
      createdBefore: filter.createdBefore,
      createdAfter: filter.createdAfter,
    };
  }
  return { runsFilter, backfillsFilter };
}

// ---------------------------------------------------------------------------------------------- pages

export interface FeedPage {
  results: FeedEntry[];
  cursor: string;
  hasMore: boolean;
}

function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RUNS_LIMIT) {
    throw new InvalidPipelineRunsFilterError(`The limit must be an integer from 1 to ${MAX_RUNS_LIMIT} (got ${limit}).`);
  }
}

/** `limit + 1` entries of a stream from its position (none once it ended or is not read). */
function readStream<T>(
  position: StreamPosition,
  read: (page: { cursor: string | null; inclusive: boolean }) => Promise<T[]>,
): Promise<T[]> {
  if (position === 'end') return Promise.resolve([]);
  if (position === null) return read({ cursor: null, inclusive: false });
  return 'after' in position ? read({ cursor: position.after, inclusive: false }) : read({ cursor: position.at, inclusive: true });
}

function nextPosition(shown: { id: string }[], read: { id: string }[]): StreamPosition {
  if (shown.length > 0) return { after: shown[shown.length - 1]!.id };
  if (read.length > 0) return { at: read[0]!.id };
  return 'end';
}

/** One page of the feed, newest first. */
export async function readRunsFeed(
  db: Db,
  options: { view: RunsFeedView; filter?: RunsFilter | null; cursor?: string | null; limit: number },
): Promise<FeedPage> {
  checkLimit(options.limit);
  const plan = planFeed(options.view, options.filter ?? {});
  const position = decodeFeedCursor(options.cursor);
  // limit + 1 of each stream tells whether more follow; pages of the largest size read MAX_RUNS_LIMIT and probe.
  const fetch = Math.min(options.limit + 1, MAX_RUNS_LIMIT);
  const [runs, backfills] = await Promise.all([
    plan.runsFilter === null
      ? Promise.resolve([] as RunRecord[])
      : readStream(position.runs, (page) => listRuns(db, plan.runsFilter!, { ...page, limit: fetch })),
    plan.backfillsFilter === null
      ? Promise.resolve([] as BackfillRecord[])
      : readStream(position.backfills, (page) => listFeedBackfills(db, plan.backfillsFilter!, { ...page, limit: fetch })),
  ]);

  // Merge the two newest-first streams, each kept in its own order; on equal creation times runs come first.
  const results: FeedEntry[] = [];
  let r = 0;
  let b = 0;
  while (results.length < options.limit && (r < runs.length || b < backfills.length)) {
    const run = runs[r];
    const backfill = backfills[b];
    if (run !== undefined && (backfill === undefined || run.createdAt.getTime() >= backfill.createdAt.getTime())) {
      results.push(run);
      r += 1;
    } else {
      results.push(backfill!);
      b += 1;
    }
  }
  const next: FeedCursor = {
    runs: plan.runsFilter === null ? position.runs : nextPosition(runs.slice(0, r), runs),
    backfills: plan.backfillsFilter === null ? position.backfills : nextPosition(backfills.slice(0, b), backfills),
  };
  let hasMore = runs.length + backfills.length > options.limit;
  if (!hasMore && fetch <= options.limit && (runs.length === fetch || backfills.length === fetch)) {
    // A stream filled a read of MAX_RUNS_LIMIT and all of it was shown: ask it for one more.
    const [moreRuns, moreBackfills] = await Promise.all([
      runs.length === fetch ? readStream(next.runs, (page) => listRuns(db, plan.runsFilter!, { ...page, limit: 1 })) : [],
      backfills.length === fetch
        ? readStream(next.backfills, (page) => listFeedBackfills(db, plan.backfillsFilter!, { ...page, limit: 1 }))
        : [],
    ]);
    hasMore = moreRuns.length + moreBackfills.length > 0;
  }
  return { results, cursor: encodeFeedCursor(next), hasMore };
}

/** How many entries the feed holds in all for the view and filter (what paging through it returns). */
export async function countRunsFeed(db: Db, options: { view: RunsFeedView; filter?: RunsFilter | null }): Promise<number> {
  const plan = planFeed(options.view, options.filter ?? {});
  const [runs, backfills] = await Promise.all([
    plan.runsFilter === null ? 0 : countRuns(db, plan.runsFilter),
    plan.backfillsFilter === null ? 0 : countFeedBackfills(db, plan.backfillsFilter),
  ]);
  return runs + backfills;
}
