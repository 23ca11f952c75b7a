// A run worker: takes STARTING runs, executes them, and ends them SUCCESS, FAILURE or CANCELED.
// Wake-ups: a hint when a run enters STARTING (milliseconds), with a slow poll as the fallback.
// Cancellation: a hint when one of its runs enters CANCELING (or is ended by someone else), with the
// lease renewal as the fallback check. Leases: renewed every third of the lease; a worker that dies
// stops renewing and the monitor fails its runs. Writes: every run's events and ending go through the
// worker's one RunJournal (group commit, see run-journal.ts).
// Stopping (SIGTERM): no more claims; the runs held get a grace period to finish, still renewed and still
// cancellable; then what is left is aborted and ends FAILURE with an engine event saying the worker shut
// down, so that no run keeps a lease or a pool slot once the worker is gone (see `stop`).
import { randomUUID } from 'node:crypto';
import { jobForRunIn } from './location-job.js';
import { claimStartingRuns } from './claim-runs.js';
import { executeRun, type RunOutcome, type StepGate } from './execute-run.js';
import { executeRunInChildProcess } from './process-executor.js';
import { startStepLogCapture, type StepLogWriter } from './step-log-capture.js';
import { RunJournal, type EndedRun } from './run-journal.js';
import { journalStepOutputs, type StepOutputHooks } from './step-output-hooks.js';
import { registerWorker, renewLeases, unregisterWorker } from './worker-registry.js';
import type { InstanceApi, LocationSource } from '../definitions/index.js';
import type { Instance } from '../instance/instance.js';
import { describeError } from '../db/errors.js';
import type { Notifier } from '../db/notifier.js';
import { errorInfo } from '../runs/error-info.js';
import type { RunRecord } from '../runs/run-record.js';
import { transitionRun, type Transition } from '../runs/transition.js';
import { LEASED_STATUSES, RUN_FAILURE_REASON } from '../runs/vocabulary.js';
import { logger, type Logger } from '../log/index.js';

export interface RunWorkerOptions {
  id?: string;
  /** Runs this worker executes at once. */
  maxConcurrentRuns?: number;
  /** Fallback poll for STARTING runs, in case a hint was lost. */
  pollIntervalMs?: number;
  gate?: StepGate;
  /** Bench-only (bench/outputs' baseline): false checks step outputs but stores none. Default true. */
  storeOutputs?: boolean;
}

interface HeldRun {
  controller: AbortController;
  done: Promise<void>;
  /** performance.now() when this worker took the run: its logged duration runs from there. */
  startedAt: number;
}

/** How long aborted runs get to end by themselves before a stopping worker ends them from outside. */
export const ABORTED_RUNS_WAIT_MS = 5_000;

/** The reason a run's signal aborts with when its worker shuts down before the run finished. */
class WorkerShutdown extends Error {
  override readonly name = 'WorkerShutdown';
}

export class RunWorker {
  readonly id: string;
  private readonly maxConcurrentRuns: number;
  private readonly pollIntervalMs: number;
  private readonly leaseSeconds: number;
  private readonly held = new Map<string, HeldRun>();
  private readonly journal: RunJournal;
  private readonly log: Logger;
  /** Its steps' captured stdout/stderr (step-log-capture.ts). */
  private readonly stepLogs: StepLogWriter;
  /** Its steps' outputs, stored through the journal (step-output-hooks.ts). */
  private readonly stepOutputs: StepOutputHooks;
  private pollTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private claiming: Promise<void> | null = null;
  private claimAgain = false;
  private stopped = false;

  constructor(
    private readonly instance: Instance,
    private readonly location: LocationSource | null,
    private readonly notifier: Notifier,
    private readonly instanceApi: InstanceApi,
    private readonly options: RunWorkerOptions = {},
  ) {
    this.id = options.id ?? `worker-${randomUUID().slice(0, 8)}`;
    this.maxConcurrentRuns = options.maxConcurrentRuns ?? 64;
    this.pollIntervalMs = options.pollIntervalMs ?? 2_000;
    this.leaseSeconds = instance.config.runMonitoring.workerLeaseSeconds;
    this.log = logger().child({ workerId: this.id });
    this.journal = new RunJournal(instance.database.db, (ended) => this.logEnd(ended));
    this.stepLogs = startStepLogCapture(instance.database.db, instance.config.computeLogs, this.log);
    this.stepOutputs = journalStepOutputs(instance.database.db, this.journal, {
      maxBytes: instance.config.runOutputs.maxBytes,
      store: options.storeOutputs,
    });
  }

  async start(): Promise<void> {
    const { db } = this.instance.database;
    await registerWorker(db, this.id);
    this.unsubscribe = this.notifier.subscribe(
      'event',
      (hint) => {
        if (hint.status === 'STARTING') this.wake();
        else if (hint.status && hint.status !== 'STARTED' && this.held.has(hint.runId)) this.abort(hint.runId, hint.status);
      },
      () => this.wake(),
    );
    this.pollTimer = setInterval(() => this.wake(), this.pollIntervalMs);
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), (this.leaseSeconds * 1000) / 3);
    this.wake();
  }

  /**
   * Stops taking runs at once, and lets the runs it executes finish within `graceMs` (0: none), renewing
   * their leases and honouring terminations meanwhile. Runs still executing then are aborted: their steps
   * see `context.signal` abort and each run ends FAILURE with an engine event saying why. A run whose
   * steps ignore the abort for ABORTED_RUNS_WAIT_MS is ended FAILURE from here all the same (its claims are
   * released in that transaction). Finally the worker's row is removed: nothing holds a lease or a slot.
   */
  async stop(graceMs = 0): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    await this.claiming;
    if (!(await this.heldRunsEndWithin(graceMs))) {
      const graceSeconds = Math.round(graceMs / 1000);
      for (const run of this.held.values()) {
        run.controller.abort(
          new WorkerShutdown(
            `Worker ${this.id} shut down and the run did not finish within its grace period of ${graceSeconds} s ` +
              '(run_worker.shutdown_grace_seconds).',
          ),
        );
      }
      if (!(await this.heldRunsEndWithin(ABORTED_RUNS_WAIT_MS))) await this.endAbandonedRuns();
    }
    this.unsubscribe?.();
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    await this.journal.drain();
    await unregisterWorker(this.instance.database.db, this.id).catch(() => undefined);
  }

  /** Whether every run held now has ended (its ending written) within `ms`. */
  private async heldRunsEndWithin(ms: number): Promise<boolean> {
    if (this.held.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const ended = Promise.all([...this.held.values()].map((run) => run.done)).then(() => true);
    const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    try {
      return await Promise.race([ended, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends the runs whose steps did not stop when aborted; their steps' code may still be running. */
  private async endAbandonedRuns(): Promise<void> {
    await Promise.all(
      [...this.held].map(async ([runId, run]) => {
        const reason = describeError(run.controller.signal.reason);
        const why = `${reason} Its steps did not stop within ${ABORTED_RUNS_WAIT_MS / 1000} s of being aborted.`;
        this.journal.write(runId, { eventType: 'ENGINE_EVENT', level: 'ERROR', message: why, payload: { workerShutdown: true } });
        await this.journal.end(runId, this.shutdownEndings(why)).catch((error: unknown) => this.failAfterError(runId, error));
      }),
    );
  }

  /** The number of runs executing now. */
  get load(): number {
    return this.held.size;
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.claiming) {
      this.claimAgain = true;
      return;
    }
    this.claiming = this.claimLoop()
      .catch((error: unknown) => this.log.error({ err: error }, 'could not claim runs'))
      .finally(() => {
        this.claiming = null;
        if (this.claimAgain) {
          this.claimAgain = false;
          this.wake();
        }
      });
  }

  private async claimLoop(): Promise<void> {
    while (!this.stopped) {
      const capacity = this.maxConcurrentRuns - this.held.size;
      const claimed = await claimStartingRuns(this.instance.database.db, { id: this.id, leaseSeconds: this.leaseSeconds }, capacity);
      for (const run of claimed) this.execute(run);
      if (claimed.length < capacity || claimed.length === 0) return;
    }
  }

  private execute(run: RunRecord): void {
    const controller = new AbortController();
    const startedAt = performance.now();
    this.log.info({ runId: run.id, jobName: run.jobName }, 'run started');
    const done = this.runToEnd(run, controller.signal)
      .catch((error) => this.failAfterError(run.id, error))
      .finally(() => {
        this.held.delete(run.id);
        this.journal.forget(run.id);
        this.wake();
      });
    this.held.set(run.id, { controller, done, startedAt });
  }

  /** One line per run this worker ended, once the ending is committed, with the time it held the run. */
  private logEnd(ended: EndedRun): void {
    const startedAt = this.held.get(ended.runId)?.startedAt;
    const durationMs = startedAt === undefined ? undefined : Math.round(performance.now() - startedAt);
    this.log.info({ runId: ended.runId, status: ended.toStatus, durationMs }, 'run ended');
  }

  private abort(runId: string, status: string): void {
    this.held.get(runId)?.controller.abort(new Error(`Run ${runId} is ${status}.`));
  }

  private async runToEnd(run: RunRecord, signal: AbortSignal): Promise<void> {
    const runId = run.id;
    const job = await jobForRunIn(this.location, run);
    if (!job.ok) {
      this.journal.write(runId, { eventType: 'ENGINE_EVENT', level: 'ERROR', message: job.reason });
      await this.journal.end(runId, [{ from: LEASED_STATUSES, to: 'FAILURE', message: `Run failed: ${job.reason}` }]);
      return;
    }
    // run_worker.executor: process executes the run in a child process of its own (process-executor.ts).
    const execute = this.instance.config.runWorker.executor === 'process' ? executeRunInChildProcess : executeRun;
    const outcome = await execute(
      { runId, job: job.job, tags: run.tags, runConfig: run.runConfig },
      {
        location: this.location,
        workerId: this.id,
        locationName: run.locationName,
        stepKeysToExecute: run.stepKeysToExecute,
        events: { write: (event) => this.journal.write(runId, event) },
        signal,
        instanceApi: this.instanceApi,
        gate: this.options.gate,
        log: this.log.child({ runId }),
        logs: this.stepLogs,
        outputs: this.stepOutputs,
      },
    );
    if (outcome === 'CANCELED' && signal.reason instanceof WorkerShutdown) {
      const why = signal.reason.message;
      this.journal.write(runId, { eventType: 'ENGINE_EVENT', level: 'ERROR', message: why, payload: { workerShutdown: true } });
      await this.journal.end(runId, this.shutdownEndings(why));
      return;
    }
    await this.journal.end(runId, this.endingsFor(outcome, job.job.name));
  }

  /** How a run its stopping worker could not finish ends: FAILURE, or CANCELED if it was being canceled. */
  private shutdownEndings(why: string): Transition[] {
    return [
      { from: ['STARTED'], to: 'FAILURE', level: 'ERROR', message: `Run failed: ${why}` },
      { from: ['CANCELING'], to: 'CANCELED', message: `Run was canceled: ${why}` },
    ];
  }

  /** The transitions that end a run with this outcome, in the order they are tried (see RunJournal.end). */
  private endingsFor(outcome: RunOutcome, jobName: string): Transition[] {
    if (outcome === 'CANCELED') return [{ from: LEASED_STATUSES, to: 'CANCELED', message: 'Run was canceled; its steps stopped.' }];
    return [
      {
        from: ['STARTED'],
        to: outcome,
        level: outcome === 'FAILURE' ? 'ERROR' : 'INFO',
        message: outcome === 'SUCCESS' ? `Finished run of ${jobName}: every step succeeded.` : `Run of ${jobName} failed: a step failed.`,
        // Why, as Dagster's RunFailureReason (run retries may skip step failures: src/queue/run-retries.ts).
        ...(outcome === 'FAILURE' ? { payload: { failureReason: RUN_FAILURE_REASON.stepFailure } } : {}),
      },
      // Termination raced the last step: the run is CANCELING, so finish the cancellation.
      { from: ['CANCELING'], to: 'CANCELED', message: 'Run was canceled.' },
    ];
  }

  /**
   * The worker could not record the run's events or outcome (a lost connection, a value Postgres
   * rejects). Ends the run FAILURE, retrying a few times; if even that fails, the run is no longer held,
   * its lease stops being renewed and the monitor fails it when the lease expires.
   */
  private async failAfterError(runId: string, error: unknown): Promise<void> {
    const reason = describeError(error);
    this.log.error({ runId, err: error }, 'could not record the progress of a run; ending it FAILURE');
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.instance.database.db.transaction((tx) =>
          transitionRun(tx, runId, {
            from: LEASED_STATUSES,
            to: 'FAILURE',
            level: 'ERROR',
            message: `Run failed: worker ${this.id} could not record its progress (${reason}).`,
            payload: { error: errorInfo(error) },
          }),
        );
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 200 * (attempt + 1)));
      }
    }
  }

  private async heartbeat(): Promise<void> {
    try {
      // Only the runs held before the renewal started: a run claimed while it was in flight is not in
      // its answer, and must not be mistaken for one taken away from this worker.
      const held = [...this.held.keys()];
      const statuses = await renewLeases(this.instance.database.db, this.id, this.leaseSeconds, held);
      // Fallback for lost hints: a held run that is gone or CANCELING must stop.
      for (const runId of held) {
        const status = statuses.get(runId);
        if (status !== 'STARTED') this.abort(runId, status ?? 'no longer held by this worker');
      }
    } catch (error) {
      this.log.error({ err: error }, 'could not renew the leases of its runs');
    }
  }
}
