/**
 * What schedule and sensor functions return, and its normalisation into one TickResult: a RunRequest, a
 * SkipReason, a list or (async) iterable of RunRequests, or nothing.
 */
import { DefinitionsError } from './errors.js';
import { checkTags, describe } from './names.js';

export interface RunRequestInit {
  /** Idempotency key: a scheduler launches at most one run per (schedule or sensor, runKey). */
  runKey?: string | null;
  tags?: Record<string, string>;
  runConfig?: unknown;
  /** The partition to run (a partitioned job's key); sets the run's `dagster/partition` tag. */
  partitionKey?: string | null;
}

/** Asks the scheduler to launch a run of the schedule's or sensor's job. */
export class RunRequest {
  readonly runKey: string | null;
  readonly tags: Readonly<Record<string, string>>;
  readonly runConfig: unknown;
  readonly partitionKey: string | null;

  constructor(init: RunRequestInit = {}) {
    if (init.runKey !== undefined && init.runKey !== null && typeof init.runKey !== 'string') {
      throw new DefinitionsError(`A RunRequest runKey must be a string (got ${describe(init.runKey)}).`);
    }
    if (init.partitionKey !== undefined && init.partitionKey !== null && typeof init.partitionKey !== 'string') {
      throw new DefinitionsError(`A RunRequest partitionKey must be a string (got ${describe(init.partitionKey)}).`);
    }
    this.runKey = init.runKey ?? null;
    this.partitionKey = init.partitionKey ?? null;
    this.tags = checkTags('a RunRequest', 'RunRequest', init.tags);
    this.runConfig = init.runConfig ?? {};
  }
}

/** Tells the scheduler not to launch anything this tick, and why. */
export class SkipReason {
  readonly message: string | null;

  constructor(message?: string) {
    this.message = message ?? null;
  }
}

export type EvaluationReturn =
  RunRequest | SkipReason | Iterable<RunRequest | SkipReason> | AsyncIterable<RunRequest | SkipReason> | null | undefined | void;

/** The normalised outcome of one tick: requests to launch, or none and (maybe) a reason. */
export interface TickResult {
  /** Each request carries the `dagster/schedule_name` or `dagster/sensor_name` tag. */
  runRequests: RunRequest[];
  skipMessage: string | null;
}

export async function normalise(
  label: string,
  name: string,
  originTags: Record<string, string>,
  returned: EvaluationReturn,
): Promise<TickResult> {
  const items: unknown[] = [];
  if (returned === undefined || returned === null) return { runRequests: [], skipMessage: null };
  if (returned instanceof RunRequest || returned instanceof SkipReason) items.push(returned);
  else if (typeof returned === 'object' && Symbol.asyncIterator in returned) {
    for await (const item of returned) items.push(item);
  } else if (typeof returned === 'object' && Symbol.iterator in returned) {
    for (const item of returned) items.push(item);
  } else {
    throw invalid(label, name, returned);
  }

  const runRequests: RunRequest[] = [];
  let skipMessage: string | null = null;
  let skipped = false;
  for (const item of items) {
    if (item instanceof RunRequest) {
      runRequests.push(new RunRequest({ ...item, tags: { ...item.tags, ...originTags } }));
    } else if (item instanceof SkipReason) {
      skipped = true;
      skipMessage = item.message;
    } else {
      throw invalid(label, name, item);
    }
  }
  if (skipped && runRequests.length > 0) {
    throw new DefinitionsError(`The ${label} returned both RunRequests and a SkipReason; return one or the other.`, {
      definition: name,
    });
  }
  return { runRequests, skipMessage };
}

function invalid(label: string, name: string, value: unknown): DefinitionsError {
  return new DefinitionsError(
    `The ${label} returned ${describe(value)}; it must return a RunRequest, a SkipReason, a list of ` + `RunRequests, or nothing.`,
    { definition: name },
  );
}
