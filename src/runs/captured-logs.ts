// Captured step output (stdout, stderr) in `captured_log_chunks`: the table's only reader and writer.
//
// A step's output is addressed as Dagster addresses it: the log key [runId, "compute_logs", fileKey], the file
// key being the step key. Each stream of a key is a byte sequence stored as chunks, each at its byte offset
// (UTF-8 bytes of the text as stored); readers page by offset, so a cursor — Dagster's "<stdout offset>:<stderr
// offset>" — resumes exactly where the last read ended, on whatever replica reads next.
//
// Invariants:
//  - a stream's chunks never overlap: a writer owns (run, file key, stream) while its step runs, assigns
//    offsets in order, and the unique index (run_id, file_key, stream, byte_offset) refuses a duplicate;
//    a step attempt that writes to a key with chunks already (a retried step) continues after the last one;
//  - every insert sends a 'logs' hint (ids only) in its own statement, delivered on commit;
//  - a step's logs are complete once its STEP_SUCCESS / STEP_FAILURE is stored: the worker flushes them
//    before writing that event (src/execution/step-log-capture.ts), so `isCaptureComplete` may answer from
//    the event log.
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/database.js';
import { notifyHintSql } from '../db/notifier.js';

export const COMPUTE_LOGS_NAMESPACE = 'compute_logs';
export const LOG_STREAMS = ['stdout', 'stderr'] as const;
export type LogStream = (typeof LOG_STREAMS)[number];

/** Dagster's file extensions of the two streams (its download URLs end with them). */
export const STREAM_EXTENSIONS: Record<LogStream, string> = { stdout: 'out', stderr: 'err' };

export interface LogKey {
  runId: string;
  fileKey: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A log key or cursor that does not name a step's captured logs. */
export class InvalidLogKeyError extends Error {
  override readonly name = 'InvalidLogKeyError';
}

export function logKeyOf(runId: string, fileKey: string): string[] {
  return [runId, COMPUTE_LOGS_NAMESPACE, fileKey];
}

/** The run and file key a log key names; throws InvalidLogKeyError for any other shape. */
export function parseLogKey(logKey: readonly string[]): LogKey {
  const [runId, namespace, fileKey] = logKey;
  if (logKey.length !== 3 || namespace !== COMPUTE_LOGS_NAMESPACE || !runId || !UUID.test(runId) || !fileKey) {
    throw new InvalidLogKeyError(
      `logKey must be [runId, "${COMPUTE_LOGS_NAMESPACE}", fileKey] — a run's id, then the step key whose output it names; ` +
        `got ${JSON.stringify(logKey)}.`,
    );
  }
  return { runId: runId.toLowerCase(), fileKey };
}

/** Byte offsets into a key's two streams. */
export interface LogCursor {
  stdout: number;
  stderr: number;
}

export const START_OF_LOGS: LogCursor = { stdout: 0, stderr: 0 };

/** Dagster's cursor text: "<stdout offset>:<stderr offset>". */
export function formatLogCursor(cursor: LogCursor): string {
  return `${cursor.stdout}:${cursor.stderr}`;
}

/** Null or "" is the start; anything but two non-negative integers joined by ':' is an InvalidLogKeyError. */
export function parseLogCursor(text: string | null | undefined): LogCursor {
  if (!text) return START_OF_LOGS;
  const match = /^(\d{1,15}):(\d{1,15})$/.exec(text);
  if (!match) {
    throw new InvalidLogKeyError(
      `cursor must be "<stdout byte offset>:<stderr byte offset>" as a previous capturedLogs answer gave it; got ${JSON.stringify(text)}.`,
    );
  }
  return { stdout: Number(match[1]), stderr: Number(match[2]) };
}

// ---------------------------------------------------------------------------------------------- writing

export interface NewLogChunk extends LogKey {
  stream: LogStream;
  /** Byte offset within the stream, counted from `base` (see `fromStoredEnd`). */
  offset: number;
  /** Text without NUL characters (Postgres text cannot hold them; see `storableText`). */
  data: string;
  /** The chunk was cut at the cap, or is the note saying how much was dropped after it. */
  truncated: boolean;
  /**
   * The offset counts from the end of what the stream already holds (a retried step's next attempt), which
   * this statement looks up; false: from 0. The answer tells the writer the base it found.
   */
  fromStoredEnd: boolean;
}

/** Postgres text cannot hold NUL characters: stored as U+FFFD, and offsets count the stored bytes. */
export function storableText(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}

/**
 * Inserts the chunks and sends one 'logs' hint per (run, file key), in one statement. Returns, for each
 * stream some chunk of which had `fromStoredEnd`, the base offset it was placed after ("runId\0fileKey\0stream").
 */
export async function appendLogChunks(executor: Executor, chunks: readonly NewLogChunk[]): Promise<Map<string, number>> {
  if (chunks.length === 0) return new Map();
  const column = <T>(pick: (chunk: NewLogChunk) => T) => sql.param(chunks.map(pick));
  const rows = await queryRows<{ run_id: string; file_key: string; stream: string | null; base: string | null }>(
    executor,
    sql`with input as (
          select * from unnest(${column((c) => c.runId)}::uuid[], ${column((c) => c.fileKey)}::text[], ${column((c) => c.stream)}::text[],
                               ${column((c) => c.offset)}::bigint[], ${column((c) => c.data)}::text[], ${column((c) => c.truncated)}::boolean[],
                               ${column((c) => c.fromStoredEnd)}::boolean[])
            as t(run_id, file_key, stream, rel, data, truncated, from_end)
        ),
        based as (
          select i.*, case when i.from_end then coalesce(
                   (select max(c.byte_offset + octet_length(c.data)) from captured_log_chunks c
                     where c.run_id = i.run_id and c.file_key = i.file_key and c.stream = i.stream), 0) else 0 end as base
          from input i
        ),
        inserted as (
          insert into captured_log_chunks (run_id, file_key, stream, byte_offset, data, truncated)
          select run_id, file_key, stream, base + rel, data, truncated from based
          returning run_id, file_key
        )
        (select distinct b.run_id::text, b.file_key, b.stream, b.base::text from based b where b.from_end)
        union all
        (select h.run_id::text, h.file_key, null, ${notifyHintSql('logs', { runId: sql`h.run_id`, fileKey: sql`h.file_key` })}::text
           from (select distinct run_id, file_key from inserted) h)`,
  );
  const bases = new Map<string, number>();
  for (const row of rows) if (row.stream !== null) bases.set(streamId(row.run_id, row.file_key, row.stream), Number(row.base));
  return bases;
}

export function streamId(runId: string, fileKey: string, stream: string): string {
  return `${runId}\u0000${fileKey}\u0000${stream}`;
}

// ---------------------------------------------------------------------------------------------- reading

export interface CapturedLogData {
  logKey: string[];
  /** The text after the cursor, or null when there is none (as Dagster answers). */
  stdout: string | null;
  stderr: string | null;
  /** Where the next read resumes. */
  cursor: LogCursor;
}

/**
 * The logs of a key after `cursor`: at most `maxBytes` bytes of each stream (null: all), ending on a whole
 * UTF-8 character, with the cursor just after what was returned. A key nothing was captured for reads as
 * empty (null streams, the cursor unchanged), as in Dagster.
 */
export async function readCapturedLogs(
  executor: Executor,
  key: LogKey,
  cursor: LogCursor = START_OF_LOGS,
  maxBytes: number | null = null,
  /** Read this stream only (the other comes back empty, its cursor unchanged). */
  only: LogStream | null = null,
): Promise<CapturedLogData> {
  return (await readLogs(executor, key, cursor, maxBytes, only, false)).data;
}

/**
 * `readCapturedLogs` and `isCaptureComplete` in one statement, so in one snapshot: when it says complete, the
 * text it returns is everything up to the end (a step's logs commit before its end event's transaction
 * starts). What a live feed reads on each wake-up.
 */
export async function readCapturedLogsAndCompletion(
  executor: Executor,
  key: LogKey,
  cursor: LogCursor,
  maxBytes: number,
): Promise<{ data: CapturedLogData; complete: boolean }> {
  const { data, complete } = await readLogs(executor, key, cursor, maxBytes, null, true);
  return { data, complete: complete ?? true };
}

async function readLogs(
  executor: Executor,
  key: LogKey,
  cursor: LogCursor,
  maxBytes: number | null,
  only: LogStream | null,
  withCompletion: boolean,
): Promise<{ data: CapturedLogData; complete: boolean | null }> {
  // Chunks that end after the cursor and start before cursor + maxBytes, in order (the unique index's order).
  const limit = maxBytes === null ? null : Math.max(1, maxBytes);
  const range = (stream: LogStream) => {
    if (only !== null && only !== stream) return sql`false`;
    const from = cursor[stream];
    return sql`(stream = ${stream} and byte_offset + octet_length(data) > ${from}${limit === null ? sql`` : sql` and byte_offset < ${from + limit}`})`;
  };
  const all = await queryRows<{ stream: LogStream | null; byte_offset: string | null; data: string | null; complete: boolean | null }>(
    executor,
    // byte_offset stays a bigint until the sort (as text, "270" would sort before "63"); the completion row sorts first.
    sql`select stream, byte_offset, data, null::boolean as complete from captured_log_chunks
        where run_id = ${key.runId}::uuid and file_key = ${key.fileKey} and (${range('stdout')} or ${range('stderr')})
        ${withCompletion ? sql`union all select null, null, null, ${completionSql(key)}` : sql``}
        order by stream nulls first, byte_offset`,
  );
  const complete = withCompletion ? (all[0]?.complete ?? true) : null;
  const rows = all
    .filter((row) => row.stream !== null)
    .map((row) => ({ stream: row.stream!, start: String(row.byte_offset), data: row.data! }));
  const stdout = assemble(
    rows.filter((row) => row.stream === 'stdout'),
    cursor.stdout,
    limit,
  );
  const stderr = assemble(
    rows.filter((row) => row.stream === 'stderr'),
    cursor.stderr,
    limit,
  );
  const data = {
    logKey: logKeyOf(key.runId, key.fileKey),
    stdout: stdout.text === '' ? null : stdout.text,
    stderr: stderr.text === '' ? null : stderr.text,
    cursor: { stdout: stdout.next, stderr: stderr.next },
  };
  return { data, complete };
}

/** One stream's text from `from`, at most `limit` bytes ending on a character boundary, and the next offset. */
function assemble(rows: { start: string; data: string }[], from: number, limit: number | null): { text: string; next: number } {
  const parts: Buffer[] = [];
  let position = from;
  let taken = 0;
  for (const row of rows) {
    const start = Number(row.start);
    // A chunk lost to a failed write leaves a gap: continue at the next stored chunk.
    if (start > position) position = start;
    const bytes = Buffer.from(row.data, 'utf8').subarray(position - start);
    const room = limit === null ? bytes.length : limit - taken;
    if (room <= 0) break;
    const part = bytes.length <= room ? bytes : bytes.subarray(0, characterBoundary(bytes, room));
    parts.push(part);
    taken += part.length;
    position += part.length;
    if (part.length < bytes.length) break;
  }
  return { text: Buffer.concat(parts).toString('utf8'), next: position };
}

/** The largest cut ≤ `at` that does not split a UTF-8 character (at least one character, so a read always moves on). */
function characterBoundary(bytes: Buffer, at: number): number {
  let cut = at;
  while (cut > 0 && (bytes[cut]! & 0xc0) === 0x80) cut--;
  if (cut > 0) return cut;
  let end = 1;
  while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end++;
  return end;
}

/**
 * Whether the key's capture has ended, so nothing more will be written to it: its step ended (STEP_SUCCESS
 * or STEP_FAILURE is stored, which the worker writes only after the step's logs), or its run is over (a
 * step skipped or never reached captures nothing), or there is no such run.
 */
export async function isCaptureComplete(executor: Executor, key: LogKey): Promise<boolean> {
  const [row] = await queryRows<{ complete: boolean }>(executor, sql`select ${completionSql(key)} as complete`);
  return row?.complete ?? true;
}

function completionSql(key: LogKey) {
  return sql`(coalesce((select r.status in ('SUCCESS', 'FAILURE', 'CANCELED') from runs r where r.id = ${key.runId}::uuid), true)
          or exists (select 1 from run_events e
                     where e.run_id = ${key.runId}::uuid and e.step_key = ${key.fileKey}
                       and e.event_type in ('STEP_SUCCESS', 'STEP_FAILURE')))`;
}
