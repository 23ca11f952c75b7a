// The refusal of an operation the caller's role (or read-only mode) does not allow. Dagster's API answers
// it as the `UnauthorizedError` member of a mutation's result union.
import type { Requirement } from './permissions.js';

export class UnauthorizedError extends Error {
  override readonly name = 'UnauthorizedError';
  constructor(
    readonly requirement: Requirement,
    reason: string,
  ) {
    super(reason);
  }
}
