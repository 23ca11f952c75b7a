/** The instance config as the rest of Tidepool sees it: typed, camelCase, every default filled in. */

export type RunCoordinatorClass = 'QueuedRunCoordinator' | 'DefaultRunCoordinator';
export const RUN_COORDINATOR_CLASSES: readonly RunCoordinatorClass[] = [
  'QueuedRunCoordinator',
  'DefaultRunCoordinator',
];

export type PoolGranularity = 'op' | 'run';
export const POOL_GRANULARITIES: readonly PoolGranularity[] = ['op', 'run'];

/**
 * A run-level limit on runs carrying tag `key`. Without `value` all values share one count; with a string
 * only that key=value pair counts; with `applyLimitPerUniqueValue` each distinct value gets its own count.
 */
export interface TagConcurrencyLimit {
  key: string;
  value?: string | { applyLimitPerUniqueValue: true };
  limit: number;
}

export interface InstanceConfig {
  concurrency: {
    /** maxConcurrentRuns: -1 = unlimited, 0 = nothing starts (queue paused). */
    runs: { maxConcurrentRuns: number; tagConcurrencyLimits: TagConcurrencyLimit[] };
    /** defaultLimit: null = pools without an explicit limit are unlimited. */
    pools: { defaultLimit: number | null; granularity: PoolGranularity; opGranularityRunBuffer: number };
  };
  runQueue: {
    /**
     * opConcurrencySlotBuffer is Dagster's older name for the same buffer as
     * `concurrency.pools.opGranularityRunBuffer`; the loader always sets both to the one configured value.
     */
    blockOpConcurrencyLimitedRuns: { enabled: boolean; opConcurrencySlotBuffer: number };
  };
  runCoordinator: { class: RunCoordinatorClass };
  runMonitoring: { startTimeoutSeconds: number; cancelTimeoutSeconds: number; workerLeaseSeconds: number };
}

/** Frozen so no caller can change the defaults every other caller relies on. */
export const DEFAULT_INSTANCE_CONFIG: InstanceConfig = deepFreeze({
  concurrency: {
    runs: { maxConcurrentRuns: 10, tagConcurrencyLimits: [] },
    pools: { defaultLimit: null, granularity: 'op', opGranularityRunBuffer: 0 },
  },
  runQueue: { blockOpConcurrencyLimitedRuns: { enabled: true, opConcurrencySlotBuffer: 0 } },
  runCoordinator: { class: 'QueuedRunCoordinator' },
  runMonitoring: { startTimeoutSeconds: 180, cancelTimeoutSeconds: 180, workerLeaseSeconds: 30 },
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
