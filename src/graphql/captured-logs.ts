// Captured step output, in Dagster's shapes: the `capturedLogs` and `capturedLogsMetadata` queries, the live
// `capturedLogs` subscription, `Run.capturedLogs(fileKey)`, and the fields of `LogsCapturedEvent`.
// A log key is Dagster's [runId, "compute_logs", fileKey] (the file key is the step key); a cursor is its
// "<stdout byte offset>:<stderr byte offset>". A key nothing was captured for reads as empty, as in Dagster;
// a key or cursor of another shape, or a limit below 1, is a GraphQL error coded BAD_USER_INPUT.
// Storage: src/runs/captured-logs.ts; the live feed: src/subscriptions/captured-log-feed.ts; the download
// URLs are served by src/server/captured-logs-route.ts.
import { GraphQLError } from 'graphql';
import type { EventRecord } from '../runs/read-events.js';
import {
  formatLogCursor,
  InvalidLogKeyError,
  parseLogCursor,
  parseLogKey,
  readCapturedLogs,
  STREAM_EXTENSIONS,
  type CapturedLogData,
  type LogKey,
  type LogStream,
} from '../runs/captured-logs.js';
import type { FeedTerminal } from '../subscriptions/bounded-feed.js';
import { capturedLogFeed } from '../subscriptions/captured-log-feed.js';
import { authorizedSubscription } from './authorize.js';
import { builder } from './builder.js';
import { eventObjectType } from './events.js';
import { RunRef } from './refs.js';
import { unlessTerminal } from './subscriptions.js';

/** Most bytes of each stream one query answer carries; the cursor continues from there. */
export const MAX_READ_BYTES = 16 * 1024 * 1024;

/** `action`'s value; an InvalidLogKeyError becomes a BAD_USER_INPUT GraphQL error naming the argument. */
function checked<T>(argument: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof InvalidLogKeyError) throw new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT', argument } });
    throw error;
  }
}

function checkLimit(limit: number | null | undefined): number {
  if (limit === null || limit === undefined) return MAX_READ_BYTES;
  if (limit < 1) {
    throw new GraphQLError(`limit must be a number of bytes of at least 1 (got ${limit}).`, {
      extensions: { code: 'BAD_USER_INPUT', argument: 'limit' },
    });
  }
  return Math.min(limit, MAX_READ_BYTES);
}

/** Dagster's download path: /logs/<each part of the key>/<out|err>. */
export function downloadPath(key: LogKey, stream: LogStream): string {
  return `/logs/${encodeURIComponent(key.runId)}/compute_logs/${encodeURIComponent(key.fileKey)}/${STREAM_EXTENSIONS[stream]}`;
}

export const CapturedLogsType = builder.objectRef<CapturedLogData>('CapturedLogs').implement({
  fields: (t) => ({
    logKey: t.exposeStringList('logKey'),
    stdout: t.exposeString('stdout', { nullable: true, description: 'The stdout text after the cursor; null when there is none.' }),
    stderr: t.exposeString('stderr', {
      nullable: true,
      description: 'The stderr text after the cursor (with context.log lines); null when there is none.',
    }),
    cursor: t.string({
      nullable: true,
      description: 'Where the next read resumes: "<stdout byte offset>:<stderr byte offset>".',
      resolve: (data) => formatLogCursor(data.cursor),
    }),
  }),
});

const CapturedLogsMetadataType = builder.objectRef<LogKey>('CapturedLogsMetadata').implement({
  fields: (t) => ({
    stdoutDownloadUrl: t.string({
      nullable: true,
      description: "The stream as text/plain from this server (a path on the server's origin, as in Dagster).",
      resolve: (key) => downloadPath(key, 'stdout'),
    }),
    stdoutLocation: t.string({
      nullable: true,
      description: "Where the stream is stored: rows of the table captured_log_chunks in Tidepool's database.",
      resolve: (key) => storedLocation(key, 'stdout'),
    }),
    stderrDownloadUrl: t.string({ nullable: true, resolve: (key) => downloadPath(key, 'stderr') }),
    stderrLocation: t.string({ nullable: true, resolve: (key) => storedLocation(key, 'stderr') }),
  }),
});

function storedLocation(key: LogKey, stream: LogStream): string {
  return `captured_log_chunks:${key.runId}/compute_logs/${key.fileKey}.${STREAM_EXTENSIONS[stream]}`;
}

builder.queryFields((t) => ({
  capturedLogs: t.field({
    type: CapturedLogsType,
    description:
      "A step's captured stdout and stderr after `cursor` (at most `limit` bytes of each, and at most 16 MiB), with the cursor to " +
      'continue from. logKey: [runId, "compute_logs", stepKey].',
    args: { logKey: t.arg.stringList({ required: true }), cursor: t.arg.string(), limit: t.arg.int() },
    resolve: (_root, { logKey, cursor, limit }, ctx) => {
      const key = checked('logKey', () => parseLogKey(logKey));
      const from = checked('cursor', () => parseLogCursor(cursor));
      return readCapturedLogs(ctx.instance.database.api, key, from, checkLimit(limit));
    },
  }),
  capturedLogsMetadata: t.field({
    type: CapturedLogsMetadataType,
    description: "Where a step's captured stdout and stderr can be downloaded (this server's /logs/... routes) and where they are stored.",
    args: { logKey: t.arg.stringList({ required: true }) },
    resolve: (_root, { logKey }) => checked('logKey', () => parseLogKey(logKey)),
  }),
}));

builder.objectFields(RunRef, (t) => ({
  capturedLogs: t.field({
    type: CapturedLogsType,
    description: "The run's captured stdout and stderr of one step (fileKey: the step key), from the start (at most 16 MiB of each).",
    args: { fileKey: t.arg.string({ required: true }) },
    resolve: (run, { fileKey }, ctx) =>
      readCapturedLogs(ctx.instance.database.api, { runId: run.id, fileKey }, { stdout: 0, stderr: 0 }, MAX_READ_BYTES),
  }),
}));

// ---------------------------------------------------------------------------------------------- LogsCapturedEvent

type Payload = {
  fileKey?: unknown;
  stepKeys?: unknown;
  pid?: unknown;
  externalUrl?: unknown;
  externalStdoutUrl?: unknown;
  externalStderrUrl?: unknown;
};
const payloadOf = (event: EventRecord) => event.payload as Payload;
const stringOrNull = (value: unknown) => (typeof value === 'string' ? value : null);

builder.objectFields(eventObjectType('LOGS_CAPTURED'), (t) => ({
  fileKey: t.string({ resolve: (event) => stringOrNull(payloadOf(event).fileKey) ?? '' }),
  stepKeys: t.stringList({
    nullable: true,
    resolve: (event) => {
      const keys = payloadOf(event).stepKeys;
      return Array.isArray(keys) ? keys.filter((key): key is string => typeof key === 'string') : null;
    },
  }),
  externalUrl: t.string({ nullable: true, resolve: (event) => stringOrNull(payloadOf(event).externalUrl) }),
  // As Dagster: a stream's own external URL, else the capture's.
  externalStdoutUrl: t.string({
    nullable: true,
    resolve: (event) => stringOrNull(payloadOf(event).externalStdoutUrl) ?? stringOrNull(payloadOf(event).externalUrl),
  }),
  externalStderrUrl: t.string({
    nullable: true,
    resolve: (event) => stringOrNull(payloadOf(event).externalStderrUrl) ?? stringOrNull(payloadOf(event).externalUrl),
  }),
  pid: t.int({ nullable: true, resolve: (event) => (typeof payloadOf(event).pid === 'number' ? (payloadOf(event).pid as number) : null) }),
  logKey: t.string({
    description: 'The file key, as Dagster\'s LogsCapturedEvent gives it (the full log key is [runId, "compute_logs", fileKey]).',
    resolve: (event) => stringOrNull(payloadOf(event).fileKey) ?? '',
  }),
}));

// ---------------------------------------------------------------------------------------------- subscription

builder.subscriptionFields((t) => ({
  capturedLogs: t.field({
    type: CapturedLogsType,
    description:
      "A step's captured stdout and stderr after `cursor`, then more as the step writes it (from whichever worker runs it); " +
      'ends once the step has ended and everything is sent. Without a cursor the first payload comes at once, even if empty.',
    args: { logKey: t.arg.stringList({ required: true }), cursor: t.arg.string() },
    subscribe: authorizedSubscription('read', (_root, { logKey, cursor }, ctx) => {
      const key = checked('logKey', () => parseLogKey(logKey));
      const from = checked('cursor', () => parseLogCursor(cursor));
      return capturedLogFeed(ctx.hub, ctx.instance.database.api, key, from, Boolean(cursor));
    }),
    resolve: (item: CapturedLogData | FeedTerminal) => unlessTerminal(item),
  }),
}));
