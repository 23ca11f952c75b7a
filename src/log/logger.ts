// The process's logger (pino). Each line is one JSON object on stdout: `level` (its name), `time` (ISO
// 8601), `pid`, `hostname`, `msg`, and the fields of the child logger that wrote it: `runId`, `stepKey`,
// `workerId`, `daemon`, `requestId`, `operationName`. On a terminal the same lines are printed
// human-readable by pino-pretty, unless JSON is asked for (LOG_FORMAT=json).
//
// One root per process, replaced by `configureLogging` when a long-running command (serve, daemon,
// worker) starts, from its --log-level and LOG_LEVEL / LOG_FORMAT settings. Components take their child
// loggers when they are constructed, after that, so they carry the configured level and format. Until
// something configures it — a short CLI command, whose stdout is its output (a table, JSON for a script);
// Tidepool embedded in another program; tests — the root writes warnings and errors only, to stderr, as
// Tidepool's console.warn and console.error did before it had a logger.
//
// Cost: lines go through an asynchronous SonicBoom on fd 1 (flushed synchronously if the process exits),
// and the engine logs per run and per failure, never per event at info, so a busy worker writes a few
// lines per run.
import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger } from 'pino';
import { errorFields } from './error-fields.js';
import type { LogFormat, LogLevel } from './levels.js';
import { CENSOR, REDACTED_PATHS } from './redact.js';

export type { Logger };

export interface LogOptions {
  level: LogLevel;
  /** `json` or `pretty`; null or absent: pretty when the destination is a terminal, JSON otherwise. */
  format?: LogFormat | null;
  /** Where the lines go: stdout (the default), stderr, or a stream (tests). */
  destination?: 'stdout' | 'stderr' | DestinationStream;
}

const UNCONFIGURED: LogOptions = { level: 'warn', destination: 'stderr' };

let root: Logger | null = null;

/** The process's root logger; take a child of it (`logger().child({ workerId })`) for a component. */
export function logger(): Logger {
  return (root ??= createLogger(UNCONFIGURED));
}

/** Replaces the process's root logger; call before the components that log are constructed. */
export function configureLogging(options: LogOptions): Logger {
  root = createLogger(options);
  return root;
}

export function createLogger(options: LogOptions): Logger {
  const target = options.destination ?? 'stdout';
  const fd = target === 'stderr' ? 2 : 1;
  const format = options.format ?? ((fd === 1 ? process.stdout : process.stderr).isTTY ? 'pretty' : 'json');
  const destination =
    typeof target === 'object' ? target : format === 'pretty' ? prettyStream(fd) : pino.destination({ dest: fd, sync: false });
  return pino(
    {
      level: options.level,
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: CENSOR },
      serializers: { err: errorFields },
    },
    destination,
  );
}

/**
 * pino-pretty, loaded only when a terminal asks for it (it is the larger part of logging's start-up cost).
 * Synchronous, so a line is on the screen before whatever the person does next.
 */
function prettyStream(fd: 1 | 2): DestinationStream {
  const require = createRequire(import.meta.url);
  const pretty = require('pino-pretty') as typeof import('pino-pretty');
  return pretty({ destination: fd, sync: true, colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
}
