/**
 * The contract between the definitions SDK and the rest of Tidepool: what a step function receives
 * (StepContext) and the flat, database-free plan the execution engine, the GraphQL layer and the launcher
 * work from (JobSpec / StepSpec / AssetNodeSpec).
 */
import type { PartitionsDefinition } from './partitions.js';
import type { LoggableEvent } from './step-results.js';
import type { RetryPolicySpec } from './retry-policy.js';

export interface StepLogger {
  debug(msg: string): void;
  info(msg: string): void;
  warning(msg: string): void;
  error(msg: string): void;
}

export interface RunRecordLike {
  runId: string;
  jobName: string;
  status: string;
  tags: Record<string, string>;
}

/**
 * What `instance.getRunRecords` filters by: the GraphQL API's RunsFilter (times in seconds since the epoch,
 * bounds strict), with tags also accepted as a `{ key: value }` record, and a limit. Newest runs first.
 */
export interface RunRecordsFilter {
  runIds?: readonly string[];
  jobName?: string;
  pipelineName?: string;
  statuses?: readonly string[];
  tags?: Readonly<Record<string, string>> | readonly { key: string; value: string }[];
  createdBefore?: number;
  createdAfter?: number;
  updatedBefore?: number;
  updatedAfter?: number;
  limit?: number;
}

/** The slice of the instance that user code (schedules, sensors, steps) may read. */
export interface InstanceApi {
  getRunRecords(filter?: RunRecordsFilter): Promise<RunRecordLike[]>;
}

/** What an asset or op function receives as its first argument. */
export interface StepContext {
  runId: string;
  jobName: string;
  stepKey: string;
  opName: string;
  assetKey: string | null;
  pool: string | null;
  log: StepLogger;
  /** Aborted when the run is terminated; long-running steps should honour it. */
  signal: AbortSignal;
  /** The run's tags. */
  tags: Readonly<Record<string, string>>;
  /** `runConfig.ops.<op>.config` for this step, or undefined. */
  opConfig: unknown;
  /** Adds metadata to the step's output (and to its asset's materialization): Dagster's `add_output_metadata`. */
  addOutputMetadata(metadata: Readonly<Record<string, unknown>>): void;
  /** Logs an AssetMaterialization, AssetObservation or ExpectationResult (Dagster's `log_event`). */
  logEvent(event: LoggableEvent): void;
  instance: InstanceApi;
  /** The partition this run materializes (its `dagster/partition` tag), or null for an unpartitioned run. */
  partitionKey: string | null;
  /** Which retry of the step this attempt is: 0 for the first attempt (Dagster's `context.retry_number`). */
  retryNumber: number;
}

export type StepCompute = (context: StepContext, ...inputs: unknown[]) => unknown;

export interface StepSpec {
  /** Unique within the job: the asset name, the op (alias) name, or `<graph_asset>.<op alias>`. */
  key: string;
  /** The node name (the op's alias inside its graph, or the asset name). */
  opName: string;
  /** The name of the op definition (differs from opName when the op was aliased, e.g. `my_op_2`). */
  opDefName: string;
  assetKey: string | null;
  pool: string | null;
  /** Retries when the step throws (its op's or asset's retryPolicy), or null. */
  retryPolicy: RetryPolicySpec | null;
  tags: Record<string, string>;
  description: string | null;
  /** Data inputs, in positional order: the step function receives `fromStep`'s return value. */
  inputs: { name: string; fromStep: string }[];
  /** Every step key this one waits for (data and ordering dependencies), deduplicated. */
  upstream: string[];
  compute: StepCompute;
  /** The partitions of the step's asset (null for ops and unpartitioned assets). */
  partitionsDef: PartitionsDefinition | null;
}

export interface JobSpec {
  name: string;
  description: string | null;
  tags: Record<string, string>;
  /** True for `__ASSET_JOB` and jobs made by `defineAssetJob` (and their subsets). */
  isAssetJob: boolean;
  /** In topological order: every step comes after all of its upstream steps. */
  steps: StepSpec[];
  /** The assets this job materializes (possibly partially, for a step subset of a graph asset). */
  assetKeys: string[];
  /** The partitions a run of the job picks one of (`dagster/partition`), or null when it is unpartitioned. */
  partitionsDef: PartitionsDefinition | null;
}

export interface AssetNodeSpec {
  assetKey: string;
  description: string | null;
  groupName: string;
  /** Sorted, unique pools used by the asset's steps. */
  pools: string[];
  /** Node handles of the asset's ops (`my_asset`, or `my_graph_asset.my_op` for graph assets). */
  opNames: string[];
  stepKeys: string[];
  /** Upstream asset keys. */
  dependencyKeys: string[];
  /** Downstream asset keys (the assets that list this one in their deps). */
  dependedByKeys: string[];
  /** Jobs that contain this asset, including `__ASSET_JOB`, sorted. */
  jobNames: string[];
  isGraphAsset: boolean;
  tags: Record<string, string>;
  partitionsDef: PartitionsDefinition | null;
}
