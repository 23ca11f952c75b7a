// A worker's captured step output, on its way to `captured_log_chunks` (src/runs/captured-logs.ts).
//
// Each step the worker runs gets a StepCapture (the sink its compute writes through, captured-output.ts).
// Writes are buffered in memory and flushed in batches — all the worker's steps in one INSERT, which also
// sends the 'logs' hint live subscribers wait for — on the next turn after a quiet spell, else at most one
// flush per `flushIntervalMs`; at once when `flushBytes` are waiting; and when a step ends.
//
// Invariants:
//  - a step's logs are complete in storage when its STEP_SUCCESS / STEP_FAILURE is visible: execute-run.ts
//    awaits `finish()` (the step's last flush) before it queues that event, and the event's transaction
//    starts after the flush's has committed;
//  - each stream of a step keeps at most `maxBytesPerStep` bytes: the write that crosses the cap is cut
//    there (on a character boundary) and its chunk marked truncated; later writes are dropped and counted,
//    and one final note (marked truncated too) says how many bytes were dropped;
//  - flushes run one at a time, so a stream's chunks are stored in offset order;
//  - a flush that fails (database unreachable) is logged and its chunks are dropped, never retried into an
//    unbounded backlog: the step itself does not fail for its logs; readers skip the gap.
import { StringDecoder } from 'node:string_decoder';
import type { StepContext } from '../definitions/index.js';
import type { Db } from '../db/database.js';
import type { Logger } from '../log/index.js';
import type { NewEvent } from '../runs/append-event.js';
import {
  appendLogChunks,
  COMPUTE_LOGS_NAMESPACE,
  logKeyOf,
  storableText,
  streamId,
  type LogStream,
  type NewLogChunk,
} from '../runs/captured-logs.js';
import { installOutputCapture, outsideStepOutput, runWithStepOutput, type OutputStream, type StepOutputSink } from './captured-output.js';

export interface StepLogSettings {
  /** Bytes kept of each stream of each step (compute_logs.max_bytes_per_step). */
  maxBytesPerStep: number;
  /** Captured output also goes to the process's own stdout/stderr (compute_logs.echo). */
  echo: boolean;
  /** Longest a write waits in memory before its flush starts. */
  flushIntervalMs?: number;
  /** Bytes waiting (all steps) that start a flush at once. */
  flushBytes?: number;
}

/**
 * 20 ms: a lone line is flushed at once and a stream of lines within 20 ms plus a commit, so a live subscriber
 * sees it well under 100 ms (bench/captured-logs), while a step printing without pause costs its worker at most
 * ~50 notifying commits a second, never one per line.
 */
export const FLUSH_DEFAULTS = { flushIntervalMs: 20, flushBytes: 64 * 1024 } as const;

class StreamBuffer {
  /** Offset of the next chunk, from the stream's base. */
  nextOffset = 0;
  /** Bytes accepted (stored or waiting), from the base. */
  accepted = 0;
  /** Where this attempt's output starts in the stream: null until the first flush has looked it up. */
  base: number | null = null;
  pending: string[] = [];
  pendingTruncated = false;
  dropped = 0;
  readonly decoder = new StringDecoder('utf8');
}

/** The stdout and stderr of one step while it runs; its compute writes through it (a StepOutputSink). */
export class StepCapture implements StepOutputSink {
  readonly echo: boolean;
  readonly logKey: string[];
  private readonly streams: Record<LogStream, StreamBuffer> = { stdout: new StreamBuffer(), stderr: new StreamBuffer() };
  private ended = false;
  private finished: Promise<void> | null = null;

  constructor(
    private readonly writer: StepLogWriter,
    readonly runId: string,
    readonly fileKey: string,
  ) {
    this.echo = writer.settings.echo;
    this.logKey = logKeyOf(runId, fileKey);
  }

  /** The LOGS_CAPTURED event that announces the capture, as Dagster writes it (a run-level event naming its steps). */
  startedEvent(): Omit<NewEvent, 'runId'> {
    return {
      eventType: 'LOGS_CAPTURED',
      stepKey: null,
      message: `Started capturing logs in process (pid: ${process.pid}).`,
      payload: {
        fileKey: this.fileKey,
        stepKeys: [this.fileKey],
        logKey: this.logKey,
        pid: process.pid,
        externalUrl: null,
        externalStdoutUrl: null,
        externalStderrUrl: null,
      },
    };
  }

  write(stream: OutputStream, chunk: string | Uint8Array, encoding?: BufferEncoding): boolean {
    if (this.ended) return false;
    const buffer = this.streams[stream];
    const text =
      typeof chunk === 'string' && (encoding === undefined || encoding === 'utf8' || encoding === 'utf-8')
        ? buffer.decoder.end() + chunk
        : buffer.decoder.write(typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk);
    this.accept(stream, text);
    return true;
  }

  /** A `context.log` line: on stderr, as Dagster's console logger prints it (and echoed like any output). */
  logLine(level: string, jobName: string, message: string): void {
    if (this.ended) return;
    const line = `${new Date().toISOString()} - tidepool - ${level} - ${jobName} - ${this.runId} - ${this.fileKey} - ${message}\n`;
    this.accept('stderr', line);
    if (this.echo) outsideStepOutput(() => process.stderr.write(line));
  }

  /**
   * Ends the capture and stores what is left (with the note on dropped output); resolves when it is stored
   * (or its flush failed, which is logged). Later writes of the step's leftover timers go to the real stream.
   */
  finish(): Promise<void> {
    this.finished ??= this.end();
    return this.finished;
  }

  private async end(): Promise<void> {
    this.ended = true;
    for (const stream of ['stdout', 'stderr'] as const) {
      const buffer = this.streams[stream];
      this.accept(stream, buffer.decoder.end(), true);
      if (buffer.dropped > 0) {
        const cap = this.writer.settings.maxBytesPerStep;
        buffer.pending.push(
          `\n[tidepool: ${stream} of step "${this.fileKey}" was truncated at ${cap} bytes ` +
            `(compute_logs.max_bytes_per_step); ${buffer.dropped} further bytes were dropped]\n`,
        );
        buffer.pendingTruncated = true;
      }
    }
    await this.writer.flushEnded(this);
  }

  /** Takes text into the stream's buffer, within the cap. */
  private accept(stream: LogStream, text: string, ending = false): void {
    if (text === '' || (this.ended && !ending)) return;
    const buffer = this.streams[stream];
    const stored = storableText(text);
    const bytes = Buffer.byteLength(stored, 'utf8');
    const cap = this.writer.settings.maxBytesPerStep;
    const room = cap - ((buffer.base ?? 0) + buffer.accepted);
    if (room <= 0) {
      buffer.dropped += bytes;
      return;
    }
    let kept = stored;
    if (bytes > room) {
      kept = cutToBytes(stored, room);
      buffer.dropped += bytes - Buffer.byteLength(kept, 'utf8');
      buffer.pendingTruncated = true;
      // Whatever follows is dropped: the stream is full from here.
      buffer.accepted = cap - (buffer.base ?? 0);
    } else {
      buffer.accepted += bytes;
    }
    if (kept !== '') {
      buffer.pending.push(kept);
      this.writer.waiting(this, Buffer.byteLength(kept, 'utf8'));
    }
  }

  /** The chunks waiting, one per stream, with offsets assigned (called by the writer's flush). */
  takeChunks(): NewLogChunk[] {
    const chunks: NewLogChunk[] = [];
    for (const stream of ['stdout', 'stderr'] as const) {
      const buffer = this.streams[stream];
      if (buffer.pending.length === 0) continue;
      const data = buffer.pending.join('');
      buffer.pending = [];
      chunks.push({
        runId: this.runId,
        fileKey: this.fileKey,
        stream,
        offset: buffer.nextOffset,
        data,
        truncated: buffer.pendingTruncated,
        fromStoredEnd: buffer.base === null,
      });
      buffer.pendingTruncated = false;
      buffer.nextOffset += Buffer.byteLength(data, 'utf8');
    }
    return chunks;
  }

  /** The base the first flush found for a stream (the end of an earlier attempt's output, else 0). */
  setBase(stream: LogStream, base: number): void {
    this.streams[stream].base ??= base;
  }

  get hasPending(): boolean {
    return this.streams.stdout.pending.length > 0 || this.streams.stderr.pending.length > 0;
  }
}

/** The longest prefix of `text` of at most `maxBytes` UTF-8 bytes that ends on a whole character. */
function cutToBytes(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  let cut = maxBytes;
  while (cut > 0 && (bytes[cut]! & 0xc0) === 0x80) cut--;
  return bytes.subarray(0, cut).toString('utf8');
}

/**
 * Where a writer's batches go: `appendLogChunks` on the worker's database, or — in a process with no database
 * connection (the per-run process executor's child) — a call to the worker that does it there. Resolves with
 * the bases `appendLogChunks` returns (as entries, so that it crosses IPC).
 */
export type LogChunkStore = (chunks: NewLogChunk[]) => Promise<[string, number][]>;

/** The store that writes on `db`. */
export function databaseLogStore(db: Db): LogChunkStore {
  return async (chunks) => [...(await appendLogChunks(db, chunks))];
}

/**
 * The one call a process that executes steps makes (a worker, or the child of the per-run process executor):
 * installs the stdout/stderr capture (once per process) and returns the writer to pass as `logs` to executeRun.
 */
export function startStepLogCapture(target: Db | LogChunkStore, settings: StepLogSettings, log: Logger): StepLogWriter {
  installOutputCapture();
  return new StepLogWriter(typeof target === 'function' ? target : databaseLogStore(target), settings, log);
}

/** One per worker: the captures of the steps it runs, and their batched flushes. */
export class StepLogWriter {
  readonly settings: Required<StepLogSettings>;
  private readonly waitingCaptures = new Set<StepCapture>();
  private waitingBytes = 0;
  private timer: NodeJS.Timeout | null = null;
  /** performance.now() when the last flush started. */
  private lastFlushAt = -Infinity;
  private inFlight: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(
    /** Where batches go; the per-run process executor also stores its child's batches through it. */
    readonly store: LogChunkStore,
    settings: StepLogSettings,
    private readonly log: Logger,
  ) {
    this.settings = { ...FLUSH_DEFAULTS, ...settings };
  }

  /** Starts capturing a step's output under the file key (its step key). */
  open(runId: string, fileKey: string): StepCapture {
    return new StepCapture(this, runId, fileKey);
  }

  /** Stores everything waiting now. */
  drain(): Promise<void> {
    return this.flush();
  }

  /** Called by a capture that buffered `bytes`: flush at once past flushBytes, else within flushIntervalMs. */
  waiting(capture: StepCapture, bytes: number): void {
    this.waitingCaptures.add(capture);
    this.waitingBytes += bytes;
    if (this.waitingBytes >= this.settings.flushBytes) void this.flush();
    else if (this.timer === null) {
      // A write after a quiet spell is flushed on the next turn (with whatever else that turn writes); within
      // flushIntervalMs of the last flush it waits for the interval's end: at most one flush per interval.
      const delay = Math.max(0, this.lastFlushAt + this.settings.flushIntervalMs - performance.now());
      // Not in the step's async context: the timer is the worker's, whichever step's write armed it.
      this.timer = outsideStepOutput(() => setTimeout(() => void this.flush(), delay));
    }
  }

  /** A capture ended: its last chunks are stored by a flush that starts after this call. */
  async flushEnded(capture: StepCapture): Promise<void> {
    if (capture.hasPending) this.waitingCaptures.add(capture);
    else if (!this.waitingCaptures.has(capture) && this.inFlight === null) return;
    await this.flush();
  }

  /** Resolves when a flush that started after this call has ended (flushes run one at a time). */
  private flush(): Promise<void> {
    if (this.inFlight === null) {
      this.inFlight = outsideStepOutput(() => this.round()).finally(() => {
        this.inFlight = null;
      });
      return this.inFlight;
    }
    this.queued ??= this.inFlight.then(() => {
      this.queued = null;
      return this.flush();
    });
    return this.queued;
  }

  private async round(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.lastFlushAt = performance.now();
    const captures = [...this.waitingCaptures];
    this.waitingCaptures.clear();
    this.waitingBytes = 0;
    const chunks = captures.flatMap((capture) => capture.takeChunks());
    if (chunks.length === 0) return;
    try {
      const bases = new Map(await this.store(chunks));
      for (const capture of captures) {
        for (const stream of ['stdout', 'stderr'] as const) {
          const base = bases.get(streamId(capture.runId, capture.fileKey, stream));
          if (base !== undefined) capture.setBase(stream, base);
        }
      }
    } catch (error) {
      const bytes = chunks.reduce((sum, chunk) => sum + chunk.data.length, 0);
      this.log.warn(
        { err: error, chunks: chunks.length, characters: bytes, namespace: COMPUTE_LOGS_NAMESPACE },
        'could not store captured step output; it is dropped',
      );
    }
  }
}

/** Runs a step's compute with its output going to `capture` (as it is when there is none). */
export function captureStepOutput<T>(capture: StepCapture | null, compute: () => T): T {
  return capture === null ? compute() : runWithStepOutput(capture, compute);
}

/** The step's context with `context.log` lines also written to its captured stderr, as Dagster's console logger does. */
export function withCapturedLog(context: StepContext, capture: StepCapture | null): StepContext {
  if (capture === null) return context;
  const line = (level: string, log: (message: string) => void) => (message: string) => {
    log(message);
    capture.logLine(level, context.jobName, String(message));
  };
  const { log } = context;
  return {
    ...context,
    log: {
      debug: line('DEBUG', (message) => log.debug(message)),
      info: line('INFO', (message) => log.info(message)),
      warning: line('WARNING', (message) => log.warning(message)),
      error: line('ERROR', (message) => log.error(message)),
    },
  };
}
