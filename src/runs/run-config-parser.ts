// Parses run config text on a worker thread (run-config-worker.js), so that no input can block the event
// loop: the API, the coordinator and the worker of a `tidepool serve` share this process's main thread.
//
// One thread parses one text at a time. Clients take turns (round robin), so one client's stream of large
// configs delays another client's launch by at most one parse per waiting client, not by the whole stream.
// Each parse has a time budget, counted from when the thread starts it; past it, or past the thread's heap
// budget, the thread is terminated, that parse is refused, and a fresh thread takes the next text (a
// thread's start-up, 30–100 ms, is not counted). The thread is started on first use and does not keep the
// process alive while idle.
import { Worker } from 'node:worker_threads';
import type { RunConfigLimits } from './run-config-value.js';

/** What the worker answers: the run config as JSON text, or why it was refused. */
export type ParseOutcome = { ok: true; json: string } | { ok: false; message: string };

export interface RunConfigParserOptions {
  /** Longest one parse may take on the thread. */
  timeBudgetMs: number;
  /** The thread's heap (V8 old generation) budget. */
  maxHeapMb: number;
}

/**
 * yaml is slow on large input: 256 KiB (the default size limit) of a flow sequence of one-letter items
 * took 1.8–3.1 s and needed more than 64 MB of heap on a loaded 2-core machine; 256 KiB of `key: value`
 * lines took 0.4–0.8 s. The budgets leave room for such configs and stop anything slower.
 */
export const DEFAULT_PARSER_OPTIONS: RunConfigParserOptions = { timeBudgetMs: 5_000, maxHeapMb: 256 };

interface Job {
  id: number;
  text: string;
  limits: RunConfigLimits;
  resolve(outcome: ParseOutcome): void;
}

/** 'ready' once the thread has loaded, then one answer per parse. */
type WorkerMessage = 'ready' | ({ id: number } & ParseOutcome);

export class RunConfigParser {
  readonly #options: RunConfigParserOptions;
  /** Waiting parses by client; Map order is the turn order (a served client moves to the back). */
  readonly #waiting = new Map<string, Job[]>();
  #worker: Worker | null = null;
  #workerReady = false;
  #current: Job | null = null;
  #timer: NodeJS.Timeout | null = null;
  #nextId = 1;

  constructor(options: RunConfigParserOptions = DEFAULT_PARSER_OPTIONS) {
    this.#options = options;
  }

  /** Never rejects: every failure of the thread is an outcome naming the budget it broke. */
  parse(text: string, limits: RunConfigLimits, client: string): Promise<ParseOutcome> {
    return new Promise((resolve) => {
      const { maxRunConfigBytes, maxRunConfigDepth } = limits;
      const job = { id: this.#nextId++, text, limits: { maxRunConfigBytes, maxRunConfigDepth }, resolve };
      const queue = this.#waiting.get(client);
      if (queue) queue.push(job);
      else this.#waiting.set(client, [job]);
      this.#startNext();
    });
  }

  #startNext(): void {
    if (this.#current !== null) return;
    const job = this.#takeTurn();
    if (job === undefined) {
      this.#worker?.unref();
      return;
    }
    this.#current = job;
    if (this.#worker === null) this.#spawn();
    else if (this.#workerReady) this.#dispatch(this.#worker, job);
  }

  #dispatch(worker: Worker, job: Job): void {
    worker.ref();
    worker.postMessage({ id: job.id, text: job.text, limits: job.limits });
    this.#timer = setTimeout(() => {
      this.#discard(worker);
      this.#finish({ ok: false, message: `Run config parsing took longer than its budget of ${this.#options.timeBudgetMs} ms.` });
    }, this.#options.timeBudgetMs);
  }

  #takeTurn(): Job | undefined {
    for (const [client, queue] of this.#waiting) {
      const job = queue.shift()!;
      this.#waiting.delete(client);
      if (queue.length > 0) this.#waiting.set(client, queue);
      return job;
    }
    return undefined;
  }

  #spawn(): void {
    const worker = new Worker(new URL('./run-config-worker.js', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: this.#options.maxHeapMb },
    });
    worker.on('message', (message: WorkerMessage) => {
      if (worker !== this.#worker) return;
      if (message === 'ready') {
        this.#workerReady = true;
        if (this.#current) this.#dispatch(worker, this.#current);
      } else if (message.id === this.#current?.id) {
        const { id: _id, ...outcome } = message;
        this.#finish(outcome);
      }
    });
    // Without an 'error' listener a dying thread's error would be thrown on the main thread.
    worker.on('error', (error: Error & { code?: string }) => {
      if (worker !== this.#worker) return;
      this.#discard(worker);
      this.#finish({
        ok: false,
        message:
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `Run config parsing needed more than its memory budget of ${this.#options.maxHeapMb} MB.`
            : 'Run config could not be parsed: the parser stopped.',
      });
    });
    worker.on('exit', () => {
      if (worker !== this.#worker) return;
      this.#worker = null;
      if (this.#current) this.#finish({ ok: false, message: 'Run config could not be parsed: the parser stopped.' });
    });
    this.#worker = worker;
    this.#workerReady = false;
  }

  #discard(worker: Worker): void {
    if (this.#worker === worker) this.#worker = null;
    void worker.terminate();
  }

  #finish(outcome: ParseOutcome): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const job = this.#current;
    this.#current = null;
    job?.resolve(outcome);
    this.#startNext();
  }
}

/** The process's parser, shared by every launch. */
export const runConfigParser = new RunConfigParser();
