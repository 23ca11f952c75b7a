// A run worker: takes STARTING runs, executes them, and ends them SUCCESS, FAILURE or CANCELED.
// Wake-ups: a hint when a run enters STARTING (milliseconds), with a slow poll as the fallback.
// Cancellation: a hint when one of its runs enters CANCELING (or is ended by someone else), with the
// lease renewal as the fallback check. Leases: renewed every third of the lease; a worker that dies
// stops renewing and the monitor fails its runs. Writes: every run's events and ending go through the
// worker's one RunJournal (group commit, see run-journal.ts).
import { randomUUID } from 'node:crypto';
import { getJobForRun } from './job-for-run.js';
import { claimStartingRuns } from './claim-runs.js';
import { executeRun, type RunOutcome, type StepGate } from './execute-run.js';
import { RunJournal } from './run-journal.js';
import { registerWorker, renewLeases, unregisterWorker } from './worker-registry.js';
import type { InstanceApi, LoadedDefinitions } from '../definitions/index.js';
import type { Instance } from '../instance/instance.js';
import { describeError } from '../db/errors.js';
import type { Notifier } from '../db/notifier.js';
import type { RunRecord } from '../runs/run-record.js';
import { transitionRun, type Transition } from '../runs/transition.js';
import { LEASED_STATUSES } from '../runs/vocabulary.js';

export interface RunWorkerOptions {
  id?: string;
  /** Runs this worker executes at once. */
  maxConcurrentRuns?: number;
  /** Fallback poll for STARTING runs, in case a hint was lost. */
  pollIntervalMs?: number;
  gate?: StepGate;
}

interface HeldRun {
  controller: AbortController;
  done: Promise<void>;
}

export class RunWorker {
  readonly id: string;
  private readonly maxConcurrentRuns: number;
  private readonly pollIntervalMs: number;
  private readonly leaseSeconds: number;
  private readonly held = new Map<string, HeldRun>();
  private readonly journal: RunJournal;
  private readonly timers: NodeJS.Timeout[] = [];
  private unsubscribe: (() => void) | null = null;
  private claiming: Promise<void> | null = null;
  private claimAgain = false;
  private stopped = false;

  constructor(
    private readonly instance: Instance,
    private readonly location: LoadedDefinitions | null,
    private readonly notifier: Notifier,
    private readonly instanceApi: InstanceApi,
    private readonly options: RunWorkerOptions = {},
  ) {
    this.id = options.id ?? `worker-${randomUUID().slice(0, 8)}`;
    this.maxConcurrentRuns = options.maxConcurrentRuns ?? 64;
    this.pollIntervalMs = options.pollIntervalMs ?? 2_000;
    this.leaseSeconds = instance.config.runMonitoring.workerLeaseSeconds;
    this.journal = new RunJournal(instance.database.db);
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
    this.timers.push(setInterval(() => this.wake(), this.pollIntervalMs));
    this.timers.push(setInterval(() => void this.heartbeat(), (this.leaseSeconds * 1000) / 3));
    this.wake();
  }

  /** Stops taking runs; runs still executing are aborted and end FAILURE, saying why. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    for (const timer of this.timers) clearInterval(timer);
    await this.claiming;
    for (const run of this.held.values()) run.controller.abort(new Error(`Worker ${this.id} is shutting down.`));
    await Promise.all([...this.held.values()].map((run) => run.done));
    await this.journal.drain();
    await unregisterWorker(this.instance.database.db, this.id).catch(() => undefined);
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
      .catch((error) => console.error(`[tidepool] worker ${this.id} could not claim runs:`, error))
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
    const done = this.runToEnd(run, controller.signal)
      .catch((error) => this.failAfterError(run.id, error))
      .finally(() => {
        this.held.delete(run.id);
        this.journal.forget(run.id);
        this.wake();
      });
    this.held.set(run.id, { controller, done });
  }

  private abort(runId: string, status: string): void {
    this.held.get(runId)?.controller.abort(new Error(`Run ${runId} is ${status}.`));
  }

  private async runToEnd(run: RunRecord, signal: AbortSignal): Promise<void> {
    const runId = run.id;
    const job = getJobForRun(this.location, run);
    if (!job.ok) {
      this.journal.write(runId, { eventType: 'ENGINE_EVENT', level: 'ERROR', message: job.reason });
      await this.journal.end(runId, [{ from: LEASED_STATUSES, to: 'FAILURE', message: `Run failed: ${job.reason}` }]);
      return;
    }
    const outcome = await executeRun(
      { runId, job: job.job, tags: run.tags, runConfig: run.runConfig },
      { events: { write: (event) => this.journal.write(runId, event) }, signal, instanceApi: this.instanceApi, gate: this.options.gate },
    );
    await this.journal.end(runId, this.endingsFor(outcome, job.job.name));
  }

  /** The transitions that end a run with this outcome, in the order they are tried (see RunJournal.end). */
  private endingsFor(outcome: RunOutcome, jobName: string): Transition[] {
    if (outcome === 'CANCELED' && this.stopped) {
      return [
        {
          from: LEASED_STATUSES,
          to: 'FAILURE',
          level: 'ERROR',
          message: `Run failed: worker ${this.id} shut down while it was executing.`,
        },
      ];
    }
    if (outcome === 'CANCELED') return [{ from: LEASED_STATUSES, to: 'CANCELED', message: 'Run was canceled; its steps stopped.' }];
    return [
      {
        from: ['STARTED'],
        to: outcome,
        level: outcome === 'FAILURE' ? 'ERROR' : 'INFO',
        message: outcome === 'SUCCESS' ? `Finished run of ${jobName}: every step succeeded.` : `Run of ${jobName} failed: a step failed.`,
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
    console.error(`[tidepool] worker ${this.id} failed to finish run ${runId}:`, error);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.instance.database.db.transaction((tx) =>
          transitionRun(tx, runId, {
            from: LEASED_STATUSES,
            to: 'FAILURE',
            level: 'ERROR',
            message: `Run failed: worker ${this.id} could not record its progress (${reason}).`,
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
      console.error(`[tidepool] worker ${this.id} could not renew its leases:`, error);
    }
  }
}
