// Dagster's runs feed: runsFeedOrError(view, filter, cursor, limit) and runsFeedCountOrError(view, filter),
// with the RunsFeedEntry interface that Run and PartitionBackfill implement. The merge of the two streams
// and the cursor are in runs-feed-page.ts.
import { builder } from './builder.js';
import { AssetKeyType } from './definitions.js';
import { answering, PythonError, successUnlessPythonError } from './errors.js';
import type { FieldCost } from './field-cost.js';
import { RunsFeedEntryRef } from './refs.js';
import { BACKFILL_RUN_STATUS, countRunsFeed, isBackfill, readRunsFeed, RUNS_FEED_VIEWS, type FeedPage } from './runs-feed-page.js';
import { PipelineTagType, RunsFilterInput, runsFilterFromInput, RunStatusEnum } from './runs.js';
import { MAX_RUNS_LIMIT } from '../runs/queries.js';

const seconds = (date: Date | null): number | null => (date ? date.getTime() / 1000 : null);

/** Dagster's AssetCheckhandle (sic). Tidepool has no asset checks: no run or backfill selects one. */
const AssetCheckHandleType = builder.objectRef<{ name: string; assetKey: { path: string[] } }>('AssetCheckhandle').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    assetKey: t.field({ type: AssetKeyType, resolve: (handle) => handle.assetKey }),
  }),
});

RunsFeedEntryRef.implement({
  description: 'A run or a backfill, as the runs feed lists them.',
  resolveType: (entry) => (isBackfill(entry) ? 'PartitionBackfill' : 'Run'),
  fields: (t) => ({
    id: t.id({ resolve: (entry) => entry.id }),
    runStatus: t.field({
      type: RunStatusEnum,
      nullable: true,
      description: "A backfill's status as a run status (REQUESTED is STARTED, COMPLETED is SUCCESS, FAILED is FAILURE).",
      resolve: (entry) => (isBackfill(entry) ? BACKFILL_RUN_STATUS[entry.status] : entry.status),
    }),
    creationTime: t.float({ description: 'Seconds since the epoch.', resolve: (entry) => seconds(entry.createdAt)! }),
    startTime: t.float({ nullable: true, resolve: (entry) => (isBackfill(entry) ? seconds(entry.createdAt) : seconds(entry.startTime)) }),
    endTime: t.float({ nullable: true, resolve: (entry) => (isBackfill(entry) ? seconds(entry.endedAt) : seconds(entry.endTime)) }),
    tags: t.field({ type: [PipelineTagType], resolve: (entry) => Object.entries(entry.tags).map(([key, value]) => ({ key, value })) }),
    jobName: t.string({
      nullable: true,
      description: "A job backfill's job; null for an asset backfill.",
      resolve: (entry) => (isBackfill(entry) && entry.assetSelection !== null ? null : entry.jobName),
    }),
    assetSelection: t.field({
      type: [AssetKeyType],
      nullable: true,
      resolve: (entry) => entry.assetSelection?.map((key) => ({ path: key.split('/') })) ?? null,
    }),
    assetCheckSelection: t.field({
      type: [AssetCheckHandleType],
      nullable: true,
      description: 'Always null: Tidepool has no asset checks.',
      resolve: () => null,
    }),
  }),
});

const RunsFeedViewEnum = builder.enumType('RunsFeedView', { values: RUNS_FEED_VIEWS });

const RunsFeedConnectionType = builder.objectRef<FeedPage>('RunsFeedConnection').implement({
  fields: (t) => ({
    results: t.field({ type: [RunsFeedEntryRef], resolve: (page) => page.results }),
    cursor: t.exposeString('cursor', { description: 'Where the next page starts: its position among the runs and among the backfills.' }),
    hasMore: t.exposeBoolean('hasMore'),
  }),
});

const RunsFeedCountType = builder.objectRef<{ count: number }>('RunsFeedCount').implement({
  fields: (t) => ({ count: t.exposeInt('count') }),
});

const RunsFeedConnectionOrError = builder.unionType('RunsFeedConnectionOrError', {
  types: [RunsFeedConnectionType, PythonError],
  resolveType: successUnlessPythonError('RunsFeedConnection'),
});

const RunsFeedCountOrError = builder.unionType('RunsFeedCountOrError', {
  types: [RunsFeedCountType, PythonError],
  resolveType: successUnlessPythonError('RunsFeedCount'),
});

builder.queryFields((t) => ({
  runsFeedOrError: t.field({
    type: RunsFeedConnectionOrError,
    description: 'Runs and backfills, newest first (ROOTS: backfills and the runs no backfill launched; RUNS: every run; BACKFILLS).',
    args: {
      view: t.arg({ type: RunsFeedViewEnum, required: true }),
      filter: t.arg({ type: RunsFilterInput }),
      cursor: t.arg.string({ description: 'The cursor of the previous page.' }),
      limit: t.arg.int({ required: true, description: `At most this many entries, 1 to ${MAX_RUNS_LIMIT}.` }),
    },
    // Two indexed reads of limit + 1 rows, plus one per entry shown.
    extensions: {
      cost: { weight: 2, page: { argument: 'limit', default: MAX_RUNS_LIMIT, max: MAX_RUNS_LIMIT, items: 'results' } } satisfies FieldCost,
    },
    resolve: answering((_root, { view, filter, cursor, limit }, ctx) =>
      readRunsFeed(ctx.instance.database.api, { view, filter: runsFilterFromInput(filter), cursor, limit }),
    ),
  }),
  runsFeedCountOrError: t.field({
    type: RunsFeedCountOrError,
    description: 'How many entries runsFeedOrError pages through for the view and filter.',
    args: { view: t.arg({ type: RunsFeedViewEnum, required: true }), filter: t.arg({ type: RunsFilterInput }) },
    // Counts every matching run, as Runs.count does.
    extensions: { cost: { weight: 500 } satisfies FieldCost },
    resolve: answering(async (_root, { view, filter }, ctx) => ({
      count: await countRunsFeed(ctx.instance.database.api, { view, filter: runsFilterFromInput(filter) }),
    })),
  }),
}));
