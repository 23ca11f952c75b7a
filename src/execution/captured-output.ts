// Whose output is this? Steps of many runs share a worker process (and, under the per-run process executor,
// a child process runs the same code), so a write to process.stdout cannot be attributed by the stream:
// it is attributed by async context instead. A step's compute runs inside `runWithStepOutput(sink, ...)`
// (an AsyncLocalStorage store); everything it starts — awaited callbacks, timers, promise chains — carries
// the store, so a `console.log` three awaits deep still lands in its own step's logs while another run's
// step prints at the same moment.
//
// `installOutputCapture()` patches process.stdout.write and process.stderr.write once per process. A write:
//  - outside any step context goes to the real stream, unchanged;
//  - inside a step whose sink accepts it is handed to the sink, and also written to the real stream when
//    the sink echoes (compute_logs.echo, like Dagster's tee to the terminal);
//  - inside a step whose capture has ended (a timer the step left behind) goes to the real stream.
// The console's methods are patched too, to the same rule: Node's console writes through process.stdout, but
// a host may have replaced the global console with one that does not (a test runner's, forwarding lines to
// its parent), and a step's console.log must land in its logs either way.
// It cannot recurse: while a sink is handling a write, writes it makes itself go to the real stream. The
// engine's own log lines never pass here: pino writes to file descriptors 1 and 2 through SonicBoom, not
// through process.stdout.write (src/log/logger.ts).
import { AsyncLocalStorage } from 'node:async_hooks';
import { formatWithOptions } from 'node:util';

export type OutputStream = 'stdout' | 'stderr';

/** Where one step's output goes while it runs (step-log-capture.ts). */
export interface StepOutputSink {
  /** Takes one write; false when the capture has ended (the write then goes to the real stream). Never throws. */
  write(stream: OutputStream, chunk: string | Uint8Array, encoding?: BufferEncoding): boolean;
  /** Whether captured writes also go to the process's real stream. */
  readonly echo: boolean;
}

const store = new AsyncLocalStorage<StepOutputSink>();
let installed = false;
/** True while a sink handles a write: its own writes (if any) go straight to the real stream. */
let handling = false;

/** Runs `compute` (and all it starts) with its output going to `sink`. */
export function runWithStepOutput<T>(sink: StepOutputSink, compute: () => T): T {
  return store.run(sink, compute);
}

/** Runs `work` outside any step's capture: engine work started from inside a step (flush timers) must not inherit it. */
export function outsideStepOutput<T>(work: () => T): T {
  return store.exit(work);
}

/** Whether process.stdout/process.stderr writes are attributed to steps in this process. */
export function isOutputCaptureInstalled(): boolean {
  return installed;
}

/** Patches process.stdout.write and process.stderr.write, once per process (later calls do nothing). */
export function installOutputCapture(): void {
  if (installed) return;
  installed = true;
  patch(process.stdout, 'stdout');
  patch(process.stderr, 'stderr');
  patchConsole();
}

type WriteCallback = (error?: Error | null) => void;

function patch(stream: NodeJS.WriteStream, name: OutputStream): void {
  const realWrite = stream.write;
  const patched = function (this: NodeJS.WriteStream, chunk: string | Uint8Array, ...rest: unknown[]): boolean {
    const sink = handling ? undefined : store.getStore();
    if (sink === undefined) return (realWrite as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    const encoding = typeof rest[0] === 'string' ? (rest[0] as BufferEncoding) : undefined;
    let accepted: boolean;
    handling = true;
    try {
      accepted = sink.write(name, chunk, encoding);
    } finally {
      handling = false;
    }
    if (!accepted || sink.echo) return (realWrite as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    // Not echoed: the write is done once captured; a callback still hears so, asynchronously as a stream would say it.
    const callback = rest.find((arg): arg is WriteCallback => typeof arg === 'function');
    if (callback) process.nextTick(callback, null);
    return true;
  };
  stream.write = patched;
}

const CONSOLE_STREAMS = { log: 'stdout', info: 'stdout', debug: 'stdout', warn: 'stderr', error: 'stderr' } as const;

/* eslint-disable no-console -- this is where the console's methods are wrapped, not a use of them */
function patchConsole(): void {
  for (const [method, name] of Object.entries(CONSOLE_STREAMS) as [keyof typeof CONSOLE_STREAMS, OutputStream][]) {
    const original = console[method];
    console[method] = function (this: Console, ...args: unknown[]): void {
      const sink = handling ? undefined : store.getStore();
      if (sink === undefined) return original.apply(this, args);
      let accepted: boolean;
      handling = true;
      try {
        accepted = sink.write(name, `${formatWithOptions({ colors: false }, ...args)}\n`);
      } finally {
        handling = false;
      }
      if (!accepted || sink.echo) {
        // To the real console; its own write to process.stdout, if it makes one, passes through uncaptured.
        handling = true;
        try {
          original.apply(this, args);
        } finally {
          handling = false;
        }
      }
    };
  }
}
/* eslint-enable no-console */
