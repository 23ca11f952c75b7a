/**
 * A code location as one process holds it: the definitions serving now, the generation they were loaded
 * for, and what the last reload attempt left (its error, its time). The server answers from `current`
 * (one snapshot per request), a worker resolves each run's job from it once (the run then holds its
 * JobSpec, so a reload never changes a run that started), and the daemons read it once per pass.
 *
 * Reloads come from a generation number stored in Postgres (`code_locations`, src/locations): a request
 * bumps it, and every process re-imports the file when it sees a generation newer than the one it tried
 * last. A file that no longer loads leaves `current` as it was and keeps the error (`loadError`) until a
 * later reload succeeds. Reloads run one at a time; a request arriving while one runs is folded into the
 * next attempt.
 *
 * What a reload retains: the file is imported again as a new module keyed by a hash of its contents
 * (load.ts `fresh`), and ES modules are never unloaded, so each DISTINCT content the file has had stays
 * in memory (its module and what it allocated). Reloading unchanged content imports nothing: the token is
 * the same, the module is the one imported before. Modules the file imports are not evaluated again.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { loadDefinitions, type LoadedDefinitions } from './load.js';

/** A load failure as Dagster's PythonError shows it: message, class, stack frames and the cause chain. */
export interface LoadError {
  message: string;
  className: string | null;
  stack: string[];
  cause: LoadError | null;
}

export interface ReloadOutcome {
  /** The generation this process has now tried (the one asked for, or a later one folded in). */
  generation: number;
  /** True when the definitions serving now were loaded for that generation. */
  loaded: boolean;
  /** Why the last attempt failed; null when it succeeded. */
  error: LoadError | null;
}

const MAX_CAUSES = 10;
const MAX_FRAMES = 50;

export function loadErrorOf(error: unknown, depth = 0): LoadError {
  if (!(error instanceof Error)) return { message: String(error), className: null, stack: [], cause: null };
  const lines = (error.stack ?? '').split('\n');
  const first = lines.findIndex((line) => /^\s+at /.test(line));
  const cause = (error as { cause?: unknown }).cause;
  return {
    message: error.message,
    className: error.name || 'Error',
    stack: first < 0 ? [] : lines.slice(first, first + MAX_FRAMES).map((line) => line.trimEnd()),
    cause: cause !== undefined && cause !== null && cause !== error && depth < MAX_CAUSES ? loadErrorOf(cause, depth + 1) : null,
  };
}

/**
 * How long a reload waits for the file to finish evaluating. A module whose top-level await never settles
 * would otherwise hold every reload, and every run waiting for one, for ever; it fails the reload instead
 * (its pending evaluation is left behind).
 */
export const LOAD_TIMEOUT_MS = 60_000;

async function withinLoadTimeout<T>(loading: Promise<T>, file: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${file} did not finish loading within ${LOAD_TIMEOUT_MS / 1000} s.`)), LOAD_TIMEOUT_MS);
  });
  try {
    return await Promise.race([loading, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function contentToken(file: string): Promise<string> {
  const contents = await readFile(file);
  return createHash('sha256').update(contents).digest('hex').slice(0, 16);
}

export class CodeLocation {
  private loaded: LoadedDefinitions;
  private loadedGeneration = 0;
  private attempted = 0;
  private target = 0;
  private lastError: LoadError | null = null;
  private lastToken: string | null = null;
  private updated = new Date();
  private running: Promise<ReloadOutcome> | null = null;
  private refresher: (() => Promise<void>) | null = null;

  private constructor(
    loaded: LoadedDefinitions,
    /** False for definitions given as an object (a test's, an embedding program's): there is no file to re-import. */
    readonly reloadable: boolean,
  ) {
    this.loaded = loaded;
  }

  /** Imports `file` (load.ts) into a location that can reload. */
  static async load(file: string): Promise<CodeLocation> {
    const location = new CodeLocation(await loadDefinitions(file), true);
    location.lastToken = await contentToken(location.loaded.file).catch(() => null);
    return location;
  }

  /** Definitions given as an object: they serve as they are, and a reload request is not supported. */
  static fixed(loaded: LoadedDefinitions): CodeLocation {
    return new CodeLocation(loaded, false);
  }

  /** The definitions serving now. Read it once per request, run or pass: a reload may replace it. */
  get current(): LoadedDefinitions {
    return this.loaded;
  }

  get name(): string {
    return this.loaded.locationName;
  }

  /** The definitions file (absolute); a per-run process loads it (with `generation`) to run what this process would. */
  get file(): string {
    return this.loaded.file;
  }

  /** The generation of the code serving now (0: as the process started, before any reload). */
  get generation(): number {
    return this.loadedGeneration;
  }

  /** The last generation this process tried to load. */
  get attemptedGeneration(): number {
    return this.attempted;
  }

  /** The last attempt's error (the serving definitions are then the previous ones), else null. */
  get loadError(): LoadError | null {
    return this.lastError;
  }

  /** When the serving definitions, or the last attempt's error, last changed. */
  get updatedAt(): Date {
    return this.updated;
  }

  /** True while a reload is importing. */
  get loading(): boolean {
    return this.running !== null;
  }

  /**
   * The generation this process starts from (read from Postgres when it starts following reloads), so that
   * only requests made after it reload. Never moves backwards.
   */
  setBaseline(generation: number): void {
    if (generation > this.target) {
      this.target = this.attempted = this.loadedGeneration = generation;
    }
  }

  /** Who checks Postgres for a generation this process has not heard of (src/locations/follow-location.ts). */
  setRefresher(refresh: (() => Promise<void>) | null): void {
    this.refresher = refresh;
  }

  /** Checks for a reload this process missed (a lost hint) and applies it; nothing when none follows it. */
  async refresh(): Promise<void> {
    await this.refresher?.();
    await this.settled();
  }

  /** Resolves once no reload is running. */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  /**
   * Re-imports the file for `generation` unless this process already tried it (or a later one). The
   * import starts synchronously, so a caller that then awaits `settled()` sees its result.
   */
  reload(generation: number): Promise<ReloadOutcome> {
    if (!this.reloadable) return Promise.resolve(this.outcome());
    if (generation > this.target) this.target = generation;
    if (this.running) return this.running;
    if (this.attempted >= this.target) return Promise.resolve(this.outcome());
    const run = this.drain().finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }

  private async drain(): Promise<ReloadOutcome> {
    while (this.attempted < this.target) {
      const generation = this.target;
      await this.attempt(generation);
    }
    return this.outcome();
  }

  private async attempt(generation: number): Promise<void> {
    this.attempted = generation;
    let token: string;
    try {
      token = await contentToken(this.loaded.file);
      // Unchanged content: the module imported for it is the one serving (or the one that failed before).
      if (token === this.lastToken && this.lastError === null) {
        this.loadedGeneration = generation;
        return;
      }
      const next = await withinLoadTimeout(loadDefinitions(this.loaded.file, { fresh: token }), this.loaded.file);
      if (next.locationName !== this.loaded.locationName) throw new Error(`The code location's name changed to ${next.locationName}.`);
      this.loaded = next;
      this.loadedGeneration = generation;
      this.lastError = null;
      this.lastToken = token;
    } catch (error) {
      this.lastError = loadErrorOf(error);
    }
    this.updated = new Date();
  }

  private outcome(): ReloadOutcome {
    return {
      generation: this.attempted,
      loaded: this.lastError === null && this.loadedGeneration === this.attempted,
      error: this.lastError,
    };
  }
}

/** What the engine is given to serve or execute: definitions loaded once, or a location that reloads. */
export type LocationSource = LoadedDefinitions | CodeLocation;

/** The definitions serving now. */
export function definitionsOf(source: LocationSource | null): LoadedDefinitions | null {
  return source instanceof CodeLocation ? source.current : source;
}

/** A holder for `source` (a fixed one for plain definitions). */
export function codeLocationOf(source: LocationSource | null): CodeLocation | null {
  if (source === null) return null;
  return source instanceof CodeLocation ? source : CodeLocation.fixed(source);
}
