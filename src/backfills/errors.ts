// Expected failures of backfill operations; each maps to a GraphQL error type of the same name where
// Dagster has one (src/graphql/errors.ts), else to a PythonError naming the class.

export class BackfillNotFoundError extends Error {
  override readonly name = 'BackfillNotFoundError';
  constructor(readonly backfillId: string) {
    super(`Backfill ${backfillId} could not be found.`);
  }
}

export class PartitionSetNotFoundError extends Error {
  override readonly name = 'PartitionSetNotFoundError';
  constructor(
    readonly partitionSetName: string,
    message = `Partition set ${partitionSetName} could not be found.`,
  ) {
    super(message);
  }
}

/** The backfill is not in a status the operation applies to (cancel an ended one, resume a running one). */
export class BackfillStatusError extends Error {
  override readonly name = 'BackfillStatusError';
  constructor(
    readonly backfillId: string,
    message: string,
  ) {
    super(message);
  }
}

/** A launch names both or neither of two alternatives (Dagster's ConflictingExecutionParamsError). */
export class ConflictingExecutionParamsError extends Error {
  override readonly name = 'ConflictingExecutionParamsError';
}
