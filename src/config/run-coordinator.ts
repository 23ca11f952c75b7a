import type { Mapping } from './config-node.js';
import { RUN_QUEUE_DAGSTER_ONLY } from './dagster-only-keys.js';
import { RUN_COORDINATOR_CLASSES, type RunCoordinatorClass } from './instance-config.js';

/** The run keys Dagster accepted before `concurrency:` existed, under `run_queue` or the coordinator's `config`. */
const LEGACY_RUN_QUEUE_KEYS = ['max_concurrent_runs', 'tag_concurrency_limits', 'block_op_concurrency_limited_runs'];

/** Where Dagster's own dagster.yaml files put the class; any other module would name a coordinator Tidepool lacks. */
const DAGSTER_MODULES = ['dagster', 'dagster.core.run_coordinator', 'dagster._core.run_coordinator'];

export interface RunCoordinatorSection {
  class: RunCoordinatorClass;
  /** The legacy home of the run keys, if the file uses one. */
  legacyRunQueue: Mapping | undefined;
}

/**
 * Reads `run_coordinator` and `run_queue`. Both configure the same coordinator, and Dagster refuses the
 * pair, so Tidepool does too: with both present there would be two answers to "which limits apply".
 */
export function readRunCoordinator(top: Mapping): RunCoordinatorSection {
  const runQueue = top.get('run_queue');
  const coordinator = top.get('run_coordinator');
  if (runQueue !== undefined && coordinator !== undefined) {
    runQueue.fail('cannot be used together with run_coordinator; put the run limits under concurrency.runs instead');
  }
  if (runQueue !== undefined) {
    return { class: 'QueuedRunCoordinator', legacyRunQueue: runQueue.mapping(LEGACY_RUN_QUEUE_KEYS, RUN_QUEUE_DAGSTER_ONLY) };
  }
  if (coordinator === undefined) return { class: 'QueuedRunCoordinator', legacyRunQueue: undefined };

  const section = coordinator.mapping(['module', 'class', 'config']);
  section.get('module')?.oneOf(DAGSTER_MODULES);
  const coordinatorClass = section.required('class').oneOf(RUN_COORDINATOR_CLASSES);
  const config = section.get('config');
  if (coordinatorClass === 'DefaultRunCoordinator') {
    config?.fail('must be left out: DefaultRunCoordinator takes no config');
    return { class: coordinatorClass, legacyRunQueue: undefined };
  }
  return { class: coordinatorClass, legacyRunQueue: config?.mapping(LEGACY_RUN_QUEUE_KEYS, RUN_QUEUE_DAGSTER_ONLY) };
}
