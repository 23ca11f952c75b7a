// The range a pool limit may take (SPEC §4). 0 is allowed and means nothing in the pool runs.
export const MIN_CONCURRENCY_LIMIT_VALUE = 0;
export const MAX_CONCURRENCY_LIMIT_VALUE = 1000;
