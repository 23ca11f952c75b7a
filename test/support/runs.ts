// Runs made directly in storage (no definitions needed), for tests of queries, pools and subscriptions.
import type { NewRun } from '../../src/runs/create-runs.js';

/** A one-run NewRun of job `test_job` with no tags or pools; override what the test is about. */
export function newRun(overrides: Partial<NewRun> = {}): NewRun {
  return {
    jobName: 'test_job',
    repositoryName: '__repository__',
    locationName: 'test_location',
    tags: {},
    runConfig: {},
    stepKeysToExecute: null,
    assetSelection: null,
    allPools: [],
    rootPools: [],
    hasUnconstrainedRootNodes: true,
    snapshot: null,
    ...overrides,
  };
}
