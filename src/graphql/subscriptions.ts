// Live subscriptions (over graphql-ws and SSE alike): pipelineRunLogs (Dagster's), NEW runStatusChanged
// and concurrencyKeyChanged.
// Every feed comes from the process's one hub (src/subscriptions): this file only maps arguments in and
// payloads out. Bad arguments are coded GraphQL errors at subscribe time (errors.ts); a feed that falls too
// far behind ends with one error payload naming the cursor to resume from (extensions.code
// SUBSCRIPTION_FELL_BEHIND).
import { authorizedSubscription } from './authorize.js';
import { GraphQLError } from 'graphql';
import { concurrencyKeyInfo, type ConcurrencyKeyInfo } from '../pools/pool-info.js';
import { checkConcurrencyKey } from '../pools/pool-limits.js';
import { parseEventCursor } from '../runs/read-events.js';
import { isTerminal, type FeedTerminal } from '../subscriptions/bounded-feed.js';
import { poolFeed } from '../subscriptions/pool-feed.js';
import { runLogFeed, type RunLogItem } from '../subscriptions/run-log-feed.js';
import { StatusChangeFilter, statusChangeFeed, type StatusChange } from '../subscriptions/status-feed.js';
import { builder, ErrorInterface } from './builder.js';
import { answered } from './errors.js';
import { DagsterRunEventUnion } from './events.js';
import { ConcurrencyKeyInfoType } from './pools.js';
import { RunRef } from './refs.js';
import { RunsFilterInput, runsFilterFromInput, RunStatusEnum } from './runs.js';

builder.subscriptionType({});

/** The value a feed ended with, as the error its last payload carries; any other value passes through. */
export function unlessTerminal<T>(value: T | FeedTerminal): T {
  if (!isTerminal(value)) return value;
  if (value.kind === 'fell-behind') {
    throw new GraphQLError(
      `This subscription fell behind: more than ${value.limit} events were waiting to be sent to it, so the server ` +
        `ended it to keep its memory bounded. Subscribe again with cursor "${value.cursor}" to receive every later event.`,
      { extensions: { code: 'SUBSCRIPTION_FELL_BEHIND', cursor: value.cursor } },
    );
  }
  throw new GraphQLError('This subscription ended because of an unexpected server error; subscribe again with the last cursor received.', {
    extensions: { code: 'SUBSCRIPTION_FAILED' },
  });
}

/** The cursor argument: null/"" = none, "HEAD" = only new events, else an event cursor. */
function parseCursor(cursor: string | null | undefined): number | 'HEAD' | null {
  return cursor === 'HEAD' ? 'HEAD' : parseEventCursor(cursor);
}

// ---------------------------------------------------------------------------------------------- pipelineRunLogs

type LogsPayload = Extract<RunLogItem, { kind: 'logs' }>;
type MissingRunPayload = Extract<RunLogItem, { kind: 'missing-run' }>;

const PipelineRunLogsSubscriptionSuccess = builder.objectRef<LogsPayload>('PipelineRunLogsSubscriptionSuccess').implement({
  fields: (t) => ({
    run: t.field({
      type: RunRef,
      description: 'The run as it is now (Dagster sends it as it was at subscribe time).',
      resolve: (p) => p.run,
    }),
    messages: t.field({ type: [DagsterRunEventUnion], resolve: (p) => p.messages }),
    hasMorePastEvents: t.exposeBoolean('hasMorePastEvents', { description: 'True while replayed chunks of stored events follow.' }),
    cursor: t.exposeString('cursor', { description: 'Resume after this payload by subscribing again with this cursor.' }),
  }),
});

const PipelineRunLogsSubscriptionFailure = builder.objectRef<MissingRunPayload>('PipelineRunLogsSubscriptionFailure').implement({
  description: 'The run of a pipelineRunLogs subscription does not exist. NEW: implements Error, as the other failures do.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    message: t.exposeString('message'),
    missingRunId: t.string({ nullable: true, resolve: (p) => p.runId }),
  }),
});

const PipelineRunLogsSubscriptionPayload = builder.unionType('PipelineRunLogsSubscriptionPayload', {
  types: [PipelineRunLogsSubscriptionSuccess, PipelineRunLogsSubscriptionFailure],
  resolveType: (item) => (item.kind === 'logs' ? 'PipelineRunLogsSubscriptionSuccess' : 'PipelineRunLogsSubscriptionFailure'),
});

// ---------------------------------------------------------------------------------------------- runStatusChanged

const RunStatusChangedPayload = builder.objectRef<StatusChange>('RunStatusChangedPayload').implement({
  description: 'NEW: one status change of a run.',
  fields: (t) => ({
    run: t.field({ type: RunRef, description: 'The run as it is now (it may have moved on since).', resolve: (p) => p.run }),
    fromStatus: t.field({ type: RunStatusEnum, nullable: true, resolve: (p) => p.fromStatus }),
    toStatus: t.field({ type: RunStatusEnum, resolve: (p) => p.toStatus }),
    event: t.field({ type: DagsterRunEventUnion, description: 'The event that recorded the change.', resolve: (p) => p.event }),
    cursor: t.exposeString('cursor', { description: 'Resume after this change by subscribing again with this cursor.' }),
  }),
});

// ---------------------------------------------------------------------------------------------- fields

builder.subscriptionFields((t) => ({
  pipelineRunLogs: t.field({
    type: PipelineRunLogsSubscriptionPayload,
    description:
      "The run's stored events after `cursor` in chunks (hasMorePastEvents until caught up), then new ones as they " +
      'happen. cursor "HEAD" = only new events. An unknown run is a PipelineRunLogsSubscriptionFailure.',
    args: { runId: t.arg.id({ required: true }), cursor: t.arg.string() },
    subscribe: authorizedSubscription('read', (_root, { runId, cursor }, ctx, info) =>
      runLogFeed(
        ctx.hub,
        String(runId),
        answered(info, () => parseCursor(cursor)),
      ),
    ),
    resolve: (item: RunLogItem | FeedTerminal) => unlessTerminal(item),
  }),
  runStatusChanged: t.field({
    type: RunStatusChangedPayload,
    description:
      'NEW: every status change of the runs the filter selects, in order, each once. Without a cursor: changes from now ' +
      'on; with the cursor of the last change received: every later change (resume after a disconnect). In this ' +
      'filter `statuses` matches the status entered and updatedBefore/updatedAfter the time of the change.',
    args: { filter: t.arg({ type: RunsFilterInput }), cursor: t.arg.string() },
    subscribe: authorizedSubscription('read', (_root, { filter, cursor }, ctx, info) => {
      const matcher = answered(info, () => new StatusChangeFilter(runsFilterFromInput(filter)));
      const from = answered(info, () => parseCursor(cursor));
      return statusChangeFeed(ctx.hub, matcher, from === 'HEAD' ? null : from);
    }),
    resolve: (item: StatusChange | FeedTerminal) => unlessTerminal(item),
  }),
  concurrencyKeyChanged: t.field({
    type: ConcurrencyKeyInfoType,
    description:
      "NEW: the pool's state now, then again whenever its claims, waiters or limit change. Bursts of changes are " +
      'coalesced (a slow client gets the latest state, never a backlog); the final state is always sent.',
    args: { concurrencyKey: t.arg.string({ required: true }) },
    subscribe: authorizedSubscription('read', (_root, { concurrencyKey }, ctx, info) => {
      const key = answered(info, () => checkConcurrencyKey(concurrencyKey));
      const { database, config } = ctx.instance;
      return poolFeed(ctx.hub, key, () => concurrencyKeyInfo(database.api, config, key));
    }),
    resolve: (item: ConcurrencyKeyInfo | FeedTerminal) => unlessTerminal(item),
  }),
}));
