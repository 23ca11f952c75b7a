// The process's logger (pino). Each line is one JSON object on stdout: `level` (its name), `time` (ISO
// 8601), `pid`, `hostname`, `msg`, and the fields of the child logger that wrote it: `runId`, `stepKey`,
// `workerId`, `daemon`, `requestId`, `operationName`. On a terminal the same lines are printed
// human-readable by pino-pretty, unless JSON is asked for (LOG_FORMAT=json).
//
// One root per process, replaced by `configureLogging` when a command starts (from its --log-level and
// LOG_LEVEL / LOG_FORMAT settings). Components take their child loggers when they are constructed, after
// that, so they carry the configured level and format. Until a command configures it — Tidepool embedded
// in another program's process, or tests — the root logs warnings and errors only, as Tidepool printed
// nothing else there before it had a logger.
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
  /** `json` or `pretty`; null or absent: pretty when stdout is a terminal, JSON otherwise. */
  format?: LogFormat | null;
  /** Where the lines go (tests); stdout by default. */
  destination?: DestinationStream;
}

/** Logs warnings and errors until a command configures the process's logging. */
const UNCONFIGURED: LogOptions = { level: 'warn' };

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
  const format = options.format ?? (process.stdout.isTTY ? 'pretty' : 'json');
  const destination = options.destination ?? (format === 'pretty' ? prettyStdout() : pino.destination({ dest: 1, sync: false }));
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
function prettyStdout(): DestinationStream {
  const require = createRequire(import.meta.url);
  const pretty = require('pino-pretty') as typeof import('pino-pretty');
  return pretty({ sync: true, colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
}
