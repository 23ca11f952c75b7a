// The process executor (`run_worker.executor: process`, Dagster's DefaultRunLauncher isolation): the worker
// that claimed a run executes it in a child process of its own (run-process.ts), so a step that blocks the
// event loop, exhausts memory or exits the process takes down only its run, and what a step prints is its
// process's own. The worker keeps what needs the database and must outlive the child:
//  - the run's events: the child sends them here and they go through the worker's journal (group commit)
//    in the order they were sent;
//  - the step gate (pool slots): the child asks for a slot and gives it back through here, so a slot held
//    by a child that dies is released by the worker, and waits for a slot use the worker's notifier;
//  - the lease (the worker renews it; the child's event loop may be blocked) and termination: an abort of
//    the run's signal is sent to the child, which aborts its own; a child still running KILL_GRACE_MS
//    later is killed (SIGKILL);
//  - the end: if the child exits before saying how the run ended, the steps it was running fail and an
//    ENGINE_EVENT says how the process exited (code or signal); the run ends FAILURE (CANCELED when it was
//    being terminated), and the worker and its other runs carry on.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { errorInfo } from '../runs/error-info.js';
import type { ExecuteOptions, RunOutcome, RunToExecute } from './execute-run.js';
import { jobShape } from './job-shape.js';
import type { ChildCall, FromChild, ToChild } from './run-process-protocol.js';

/** How long a terminated run's process gets to stop its steps before it is killed. */
export const KILL_GRACE_MS = 3_000;

export interface ProcessExecuteOptions extends ExecuteOptions {
  /**
   * Where the run's code comes from (loaded definitions, or a code location that reloads and says which
   * generation serves): the child imports the same definitions file.
   */
  location: { readonly file: string; readonly generation?: number } | null;
  workerId: string;
  locationName: string;
  stepKeysToExecute: string[] | null;
}

/** Raised in the child's place when its process ended before the run did. */
class RunProcessExited extends Error {
  override readonly name = 'RunProcessExited';
}

function childEntry(): { file: string; execArgv: string[] } {
  // The package runs compiled JavaScript (dist/); a checkout runs the TypeScript sources through tsx.
  const compiled = fileURLToPath(new URL('./run-process.js', import.meta.url));
  if (existsSync(compiled)) return { file: compiled, execArgv: [] };
  return { file: fileURLToPath(new URL('./run-process.ts', import.meta.url)), execArgv: ['--import', 'tsx'] };
}

function definitionsOf(location: ProcessExecuteOptions['location']): { file: string; generation: number } | null {
  return location === null ? null : { file: location.file, generation: location.generation ?? 0 };
}

/** Executes the run in a child process; resolves with its outcome once the child said it or exited. */
export function executeRunInChildProcess(run: RunToExecute, options: ProcessExecuteOptions): Promise<RunOutcome> {
  return new ChildRun(run, options).outcome;
}

class ChildRun {
  readonly outcome: Promise<RunOutcome>;
  private resolve!: (outcome: RunOutcome) => void;
  private readonly child: ChildProcess;
  private readonly releases = new Map<number, () => Promise<void>>();
  private nextToken = 1;
  /** Steps started and not ended, as told by the run's events: they fail if the process dies. */
  private readonly running = new Set<string>();
  private fatal: { name: string; message: string; stack: string[] } | null = null;
  private ended = false;
  private killTimer: NodeJS.Timeout | null = null;
  private killedAfterGrace = false;

  constructor(
    private readonly run: RunToExecute,
    private readonly options: ProcessExecuteOptions,
  ) {
    this.outcome = new Promise((resolve) => (this.resolve = resolve));
    const entry = childEntry();
    this.child = fork(entry.file, [], {
      execArgv: entry.execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (message: FromChild) => void this.onMessage(message));
    this.child.on('error', (error) => this.options.log.error({ err: error }, 'the run process failed'));
    this.child.on('exit', (code, signal) => void this.onExit(code, signal));
    if (options.signal.aborted) this.abort();
    else options.signal.addEventListener('abort', () => this.abort(), { once: true });
  }

  private send(message: ToChild): void {
    if (this.child.connected) this.child.send(message, (error) => error && undefined);
  }

  private abort(): void {
    const reason = this.options.signal.reason as unknown;
    const error = reason instanceof Error ? reason : new Error(String(reason));
    this.send({ type: 'abort', reason: { name: error.name, message: error.message } });
    this.killTimer ??= setTimeout(() => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return;
      this.killedAfterGrace = true;
      this.child.kill('SIGKILL');
    }, KILL_GRACE_MS);
  }

  private async onMessage(message: FromChild): Promise<void> {
    switch (message.type) {
      case 'ready': {
        const definitions = definitionsOf(this.options.location);
        if (definitions === null) {
          this.refuse('this worker was started without definitions (--definitions).');
          return;
        }
        this.send({
          type: 'start',
          definitionsFile: definitions.file,
          generation: definitions.generation,
          jobShape: jobShape(this.run.job),
          run: {
            id: this.run.runId,
            jobName: this.run.job.name,
            locationName: this.options.locationName,
            stepKeysToExecute: this.options.stepKeysToExecute,
            tags: this.run.tags,
            runConfig: this.run.runConfig,
          },
          workerId: this.options.workerId,
          maxOutputBytes: this.options.outputs?.maxBytes ?? null,
          computeLogs: this.options.logs?.settings ?? null,
        });
        return;
      }
      case 'output':
        this.options.outputs?.writeSerialized(this.run.runId, message.output);
        return;
      case 'event':
        this.track(message.event.eventType, message.event.stepKey ?? null);
        this.options.events.write(message.event);
        return;
      case 'call':
        await this.answer(message.id, message);
        return;
      case 'done':
        this.finish(message.outcome);
        return;
      case 'refused':
        this.refuse(message.reason);
        return;
      case 'fatal':
        this.fatal = message.error;
        return;
    }
  }

  private track(eventType: string, stepKey: string | null): void {
    if (stepKey === null) return;
    if (eventType === 'STEP_START' || eventType === 'STEP_RESTARTED') this.running.add(stepKey);
    else if (eventType === 'STEP_SUCCESS' || eventType === 'STEP_FAILURE' || eventType === 'STEP_UP_FOR_RETRY')
      this.running.delete(stepKey);
  }

  private async answer(id: number, call: ChildCall): Promise<void> {
    try {
      this.send({ type: 'reply', id, ok: true, value: await this.perform(call) });
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      this.send({ type: 'reply', id, ok: false, error: { name: err.name, message: err.message } });
    }
  }

  private async perform(call: ChildCall): Promise<unknown> {
    switch (call.method) {
      case 'gate': {
        const step = this.run.job.steps.find((candidate) => candidate.key === call.stepKey);
        if (!step) throw new Error(`The run has no step ${call.stepKey}.`);
        const release = this.options.gate ? await this.options.gate(step, this.options.signal, this.run) : async () => {};
        if (this.ended) {
          // The child died while the slot was being granted: give it back at once.
          await release();
          return 0;
        }
        const token = this.nextToken++;
        this.releases.set(token, release);
        return token;
      }
      case 'release': {
        const release = this.releases.get(call.token);
        this.releases.delete(call.token);
        await release?.();
        return null;
      }
      case 'getRunRecords':
        return this.options.instanceApi.getRunRecords(call.filter);
      case 'loadInputs':
        return [...((await this.options.outputs?.loadInputs(this.run)) ?? [])];
      case 'storeLogChunks':
        return this.options.logs ? await this.options.logs.store(call.chunks) : [];
    }
  }

  private refuse(reason: string): void {
    this.options.events.write({ eventType: 'ENGINE_EVENT', level: 'ERROR', message: `The run's process could not execute it: ${reason}` });
    this.finish('FAILURE');
  }

  private finish(outcome: RunOutcome): void {
    if (this.ended) return;
    this.ended = true;
    if (this.killTimer) clearTimeout(this.killTimer);
    this.resolve(outcome);
    // The child exits by itself once it said so; one that lingers (a step's timer) is not waited for.
    const linger = setTimeout(() => this.child.kill('SIGKILL'), 2_000);
    linger.unref();
    this.child.once('exit', () => clearTimeout(linger));
    void this.releaseAll();
  }

  private async releaseAll(): Promise<void> {
    const releases = [...this.releases.values()];
    this.releases.clear();
    for (const release of releases)
      await release().catch((error: unknown) => this.options.log.error({ err: error }, 'could not release a slot'));
  }

  private async onExit(code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    if (this.killTimer) clearTimeout(this.killTimer);
    if (this.ended) return;
    const how = signal !== null ? `was killed by signal ${signal}` : `exited with code ${code}`;
    const why = this.killedAfterGrace
      ? ` after the run was terminated and its steps did not stop within ${KILL_GRACE_MS / 1000} s`
      : this.fatal
        ? `: ${this.fatal.name}: ${this.fatal.message}`
        : '';
    const message = `The run's process (pid ${this.child.pid}) ${how}${why} before the run finished.`;
    const error = new RunProcessExited(message);
    for (const stepKey of this.running) {
      this.options.events.write({
        eventType: 'STEP_FAILURE',
        stepKey,
        level: 'ERROR',
        message: `Execution of step "${stepKey}" failed: ${message}`,
        payload: { error: errorInfo(error), canceled: this.options.signal.aborted },
      });
    }
    this.options.events.write({
      eventType: 'ENGINE_EVENT',
      level: 'ERROR',
      message,
      payload: {
        pid: this.child.pid,
        exitCode: code,
        signal,
        error: this.fatal
          ? { message: this.fatal.message, className: this.fatal.name, stack: this.fatal.stack, cause: null, context: null }
          : errorInfo(error),
      },
    });
    this.ended = true;
    await this.releaseAll();
    this.resolve(this.options.signal.aborted ? 'CANCELED' : 'FAILURE');
  }
}
