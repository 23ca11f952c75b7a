// Expected failures of pool operations. Each maps to a GraphQL error type of the same name; the messages
// are whole sentences a person can act on.
import { MAX_CONCURRENCY_LIMIT_VALUE, MIN_CONCURRENCY_LIMIT_VALUE } from './limit-bounds.js';

export class InvalidPoolKeyError extends Error {
  override readonly name = 'InvalidPoolKeyError';
  constructor(
    readonly concurrencyKey: unknown,
    problem: string,
  ) {
    super(`The concurrency key is invalid: ${problem}`);
  }
}

export class InvalidConcurrencyLimitError extends Error {
  override readonly name = 'InvalidConcurrencyLimitError';
  readonly min = MIN_CONCURRENCY_LIMIT_VALUE;
  readonly max = MAX_CONCURRENCY_LIMIT_VALUE;
  constructor(readonly limit: unknown) {
    super(
      `A concurrency limit must be an integer from ${MIN_CONCURRENCY_LIMIT_VALUE} to ${MAX_CONCURRENCY_LIMIT_VALUE} ` +
        `(got ${describe(limit)}).`,
    );
  }
}

/** A step of a finished run asked for a slot: no slot may outlive its run (SPEC §4). */
export class RunFinishedError extends Error {
  override readonly name = 'RunFinishedError';
  constructor(
    readonly runId: string,
    readonly status: string,
    readonly stepKey: string,
    readonly concurrencyKey: string,
  ) {
    super(`Run ${runId} already finished (${status}), so its step "${stepKey}" cannot claim a slot of pool "${concurrencyKey}".`);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  return value === null ? 'null' : typeof value;
}
