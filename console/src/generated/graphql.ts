/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AssetCheckHandleInput = {
  assetKey: AssetKeyInput;
  name: string;
};

export type AssetKeyInput = {
  path: Array<string>;
};

export type BulkActionStatus =
  | 'CANCELED'
  | 'CANCELING'
  | 'COMPLETED'
  | 'FAILED'
  | 'REQUESTED';

export type DagsterEventType =
  | 'ALERT_FAILURE'
  | 'ALERT_START'
  | 'ALERT_SUCCESS'
  | 'ASSET_CHECK_EVALUATION'
  | 'ASSET_CHECK_EVALUATION_PLANNED'
  | 'ASSET_MATERIALIZATION'
  | 'ASSET_MATERIALIZATION_PLANNED'
  | 'ASSET_OBSERVATION'
  | 'ASSET_STORE_OPERATION'
  | 'ENGINE_EVENT'
  | 'HANDLED_OUTPUT'
  | 'HOOK_COMPLETED'
  | 'HOOK_ERRORED'
  | 'HOOK_SKIPPED'
  | 'LOADED_INPUT'
  | 'LOGS_CAPTURED'
  | 'OBJECT_STORE_OPERATION'
  | 'PIPELINE_CANCELED'
  | 'PIPELINE_CANCELING'
  | 'PIPELINE_DEQUEUED'
  | 'PIPELINE_ENQUEUED'
  | 'PIPELINE_FAILURE'
  | 'PIPELINE_START'
  | 'PIPELINE_STARTING'
  | 'PIPELINE_SUCCESS'
  | 'RESOURCE_INIT_FAILURE'
  | 'RESOURCE_INIT_STARTED'
  | 'RESOURCE_INIT_SUCCESS'
  | 'RUN_CANCELED'
  | 'RUN_CANCELING'
  | 'RUN_DEQUEUED'
  | 'RUN_ENQUEUED'
  | 'RUN_FAILURE'
  | 'RUN_START'
  | 'RUN_STARTING'
  | 'RUN_SUCCESS'
  | 'STEP_EXPECTATION_RESULT'
  | 'STEP_FAILURE'
  | 'STEP_INPUT'
  | 'STEP_OUTPUT'
  | 'STEP_RESTARTED'
  | 'STEP_SKIPPED'
  | 'STEP_START'
  | 'STEP_SUCCESS'
  | 'STEP_UP_FOR_RETRY'
  | 'STEP_WORKER_STARTED'
  | 'STEP_WORKER_STARTING';

export type ExecutionMetadata = {
  parentRunId?: string | null | undefined;
  rootRunId?: string | null | undefined;
  tags?: Array<ExecutionTag> | null | undefined;
};

export type ExecutionParams = {
  executionMetadata?: ExecutionMetadata | null | undefined;
  /** Accepted for Dagster clients; Tidepool jobs have one mode, "default". */
  mode?: string | null | undefined;
  /** Tidepool jobs have no presets: a preset is a PresetNotFoundError. */
  preset?: string | null | undefined;
  runConfigData?: unknown;
  selector: JobOrPipelineSelector;
  stepKeys?: Array<string> | null | undefined;
};

export type ExecutionTag = {
  key: string;
  value: string;
};

export type InstigationStatus =
  | 'RUNNING'
  | 'STOPPED';

export type InstigationTickStatus =
  | 'FAILURE'
  | 'SKIPPED'
  | 'STARTED'
  | 'SUCCESS';

export type JobOrPipelineSelector = {
  /** Tidepool has no asset checks: a non-empty selection is an InvalidSubsetError. */
  assetCheckSelection?: Array<AssetCheckHandleInput> | null | undefined;
  assetSelection?: Array<AssetKeyInput> | null | undefined;
  jobName?: string | null | undefined;
  /** Legacy name of jobName. */
  pipelineName?: string | null | undefined;
  /** NEW: optional (required in Dagster): the code location the server serves when omitted. */
  repositoryLocationName?: string | null | undefined;
  /** NEW: optional (required in Dagster): the one repository of the server (`__repository__`) when omitted. */
  repositoryName?: string | null | undefined;
  /** The ops to run: in Tidepool an op is a step, so these are step keys (as stepKeys). */
  solidSelection?: Array<string> | null | undefined;
};

export type LogLevel =
  | 'CRITICAL'
  | 'DEBUG'
  | 'ERROR'
  | 'INFO'
  | 'WARNING';

/** Names a job (`jobName`, or its legacy alias `pipelineName`) and optionally a subset of it. */
export type PipelineSelector = {
  assetSelection?: Array<AssetKeyInput> | null | undefined;
  jobName?: string | null | undefined;
  pipelineName?: string | null | undefined;
  repositoryLocationName: string;
  repositoryName: string;
  /** Step keys to keep, e.g. `my_graph_asset.my_op`. */
  solidSelection?: Array<string> | null | undefined;
};

export type QueueBlockerKind =
  | 'COORDINATOR_DOWN'
  | 'MAX_CONCURRENT_RUNS'
  | 'POOL_LIMIT'
  | 'QUEUE_PAUSED'
  | 'TAG_LIMIT';

export type ReexecutionStrategy =
  | 'ALL_STEPS'
  | 'FROM_ASSET_FAILURE'
  | 'FROM_FAILURE';

export type RunStatus =
  | 'CANCELED'
  | 'CANCELING'
  | 'FAILURE'
  | 'MANAGED'
  | 'NOT_STARTED'
  | 'QUEUED'
  | 'STARTED'
  | 'STARTING'
  | 'SUCCESS';

export type RunsFilter = {
  /** Seconds since the epoch. */
  createdAfter?: number | null | undefined;
  /** Seconds since the epoch. */
  createdBefore?: number | null | undefined;
  /** NEW: the job name; the same as pipelineName. */
  jobName?: string | null | undefined;
  /** Every Tidepool run has the mode "default": another mode matches no run. */
  mode?: string | null | undefined;
  /** The job name (legacy name of jobName). */
  pipelineName?: string | null | undefined;
  runIds?: Array<string | null | undefined> | null | undefined;
  /** Runs of this job snapshot (Run.pipelineSnapshotId). */
  snapshotId?: string | null | undefined;
  /** Runs in any of these statuses. */
  statuses?: Array<RunStatus> | null | undefined;
  /** Runs having every one of these tags. */
  tags?: Array<ExecutionTag> | null | undefined;
  /** Seconds since the epoch. */
  updatedAfter?: number | null | undefined;
  /** Seconds since the epoch. */
  updatedBefore?: number | null | undefined;
};

export type ScheduleSelector = {
  repositoryLocationName: string;
  repositoryName: string;
  scheduleName: string;
};

export type SensorSelector = {
  repositoryLocationName: string;
  repositoryName: string;
  sensorName: string;
};

export type StepEventStatus =
  | 'FAILURE'
  | 'IN_PROGRESS'
  | 'SKIPPED'
  | 'SUCCESS';

export type RecentTickFragment = { id: string, status: InstigationTickStatus, timestamp: number, skipReason: string | null, runIds: Array<string>, error: { message: string } | null };

export type AutomationPageQueryVariables = Exact<{ [key: string]: never; }>;


export type AutomationPageQuery = { repositoriesOrError:
    | { __typename: 'PythonError', message: string }
    | { __typename: 'RepositoryConnection', nodes: Array<{ id: string, name: string, location: { id: string, name: string }, schedules: Array<{ id: string, name: string, cronSchedule: string, executionTimezone: string | null, pipelineName: string, scheduleState: { id: string, status: InstigationStatus, hasStartPermission: boolean, hasStopPermission: boolean, ticks: Array<{ id: string, status: InstigationTickStatus, timestamp: number, skipReason: string | null, runIds: Array<string>, error: { message: string } | null }> } }>, sensors: Array<{ id: string, name: string, minIntervalSeconds: number, targets: Array<{ pipelineName: string }> | null, sensorState: { id: string, status: InstigationStatus, hasStartPermission: boolean, hasStopPermission: boolean, ticks: Array<{ id: string, status: InstigationTickStatus, timestamp: number, skipReason: string | null, runIds: Array<string>, error: { message: string } | null }> } }> }> }
   };

export type BackfillsPageQueryVariables = Exact<{ [key: string]: never; }>;


export type BackfillsPageQuery = { partitionBackfillsOrError:
    | { __typename: 'PartitionBackfills', results: Array<{ id: string, status: BulkActionStatus, title: string | null, timestamp: number, endTimestamp: number | null, numPartitions: number | null, partitionSetName: string | null, assetSelection: Array<{ path: Array<string> }> | null, partitionStatusCounts: Array<{ runStatus: RunStatus, count: number }> }> }
    | { __typename: 'PythonError', message: string }
   };

export type StartScheduleMutationVariables = Exact<{
  selector: ScheduleSelector;
}>;


export type StartScheduleMutation = { startSchedule:
    | { __typename: 'PythonError', message: string }
    | { __typename: 'ScheduleNotFoundError', message: string }
    | { __typename: 'ScheduleStateResult' }
    | { __typename: 'UnauthorizedError', message: string }
   };

export type StopScheduleMutationVariables = Exact<{
  id: string;
}>;


export type StopScheduleMutation = { stopRunningSchedule:
    | { __typename: 'PythonError', message: string }
    | { __typename: 'ScheduleNotFoundError', message: string }
    | { __typename: 'ScheduleStateResult' }
    | { __typename: 'UnauthorizedError', message: string }
   };

export type StartSensorMutationVariables = Exact<{
  selector: SensorSelector;
}>;


export type StartSensorMutation = { startSensor:
    | { __typename: 'PythonError', message: string }
    | { __typename: 'Sensor' }
    | { __typename: 'SensorNotFoundError', message: string }
    | { __typename: 'UnauthorizedError', message: string }
   };

export type StopSensorMutationVariables = Exact<{
  id: string;
}>;


export type StopSensorMutation = { stopSensor:
    | { __typename: 'PythonError', message: string }
    | { __typename: 'StopSensorMutationResult' }
    | { __typename: 'UnauthorizedError', message: string }
   };

export type BackfillDetailFragment = { id: string, status: BulkActionStatus, title: string | null, description: string | null, timestamp: number, endTimestamp: number | null, isAssetBackfill: boolean, jobName: string | null, partitionSetName: string | null, numPartitions: number | null, numCancelable: number, hasCancelPermission: boolean, hasResumePermission: boolean, assetSelection: Array<{ path: Array<string> }> | null, error: { message: string } | null, tags: Array<{ key: string, value: string }>, partitionStatusCounts: Array<{ runStatus: RunStatus, count: number }>, partitionStatuses: { results: Array<{ id: string, partitionName: string, runId: string | null, runStatus: RunStatus | null, runDuration: number | null }> } | null };

export type BackfillPageQueryVariables = Exact<{
  backfillId: string;
}>;


export type BackfillPageQuery = { partitionBackfillOrError:
    | { __typename: 'BackfillNotFoundError', message: string }
    | { __typename: 'PartitionBackfill', id: string, status: BulkActionStatus, title: string | null, description: string | null, timestamp: number, endTimestamp: number | null, isAssetBackfill: boolean, jobName: string | null, partitionSetName: string | null, numPartitions: number | null, numCancelable: number, hasCancelPermission: boolean, hasResumePermission: boolean, assetSelection: Array<{ path: Array<string> }> | null, error: { message: string } | null, tags: Array<{ key: string, value: string }>, partitionStatusCounts: Array<{ runStatus: RunStatus, count: number }>, partitionStatuses: { results: Array<{ id: string, partitionName: string, runId: string | null, runStatus: RunStatus | null, runDuration: number | null }> } | null }
    | { __typename: 'PythonError', message: string }
   };

export type BackfillRunChangesSubscriptionVariables = Exact<{
  filter: RunsFilter;
}>;


export type BackfillRunChangesSubscription = { runStatusChanged: { cursor: string } };

export type CancelBackfillMutationVariables = Exact<{
  backfillId: string;
}>;


export type CancelBackfillMutation = { cancelPartitionBackfill:
    | { __typename: 'CancelBackfillSuccess' }
    | { __typename: 'PythonError', message: string }
    | { __typename: 'UnauthorizedError', message: string }
   };

export type ResumeBackfillMutationVariables = Exact<{
  backfillId: string;
}>;


export type ResumeBackfillMutation = { resumePartitionBackfill:
    | { __typename: 'PythonError', message: string }
    | { __typename: 'ResumeBackfillSuccess' }
    | { __typename: 'UnauthorizedError', message: string }
   };

export type PoolRowFragment = { concurrencyKey: string, limit: number | null, usingDefaultLimit: boolean | null, activeSlotCount: number, pendingStepCount: number };

export type ConcurrencyPageQueryVariables = Exact<{ [key: string]: never; }>;


export type ConcurrencyPageQuery = { instance: { id: string, minConcurrencyLimitValue: number, maxConcurrencyLimitValue: number, runQueuingSupported: boolean, runQueueConfig: { maxConcurrentRuns: number, tagConcurrencyLimitsYaml: string | null, isOpConcurrencyAware: boolean | null } | null, poolConfig: { poolGranularity: string | null, defaultPoolLimit: number | null, opGranularityRunBuffer: number | null } | null, concurrencyLimits: Array<{ concurrencyKey: string, limit: number | null, usingDefaultLimit: boolean | null, activeSlotCount: number, pendingStepCount: number }> } };

export type PoolChangedSubscriptionVariables = Exact<{
  concurrencyKey: string;
}>;


export type PoolChangedSubscription = { concurrencyKeyChanged: { concurrencyKey: string, limit: number | null, usingDefaultLimit: boolean | null, activeSlotCount: number, pendingStepCount: number } };

export type SetPoolLimitMutationVariables = Exact<{
  concurrencyKey: string;
  limit: number;
}>;


export type SetPoolLimitMutation = { setConcurrencyLimit: boolean };

export type DeletePoolLimitMutationVariables = Exact<{
  concurrencyKey: string;
}>;


export type DeletePoolLimitMutation = { deleteConcurrencyLimit: boolean };

export type ConfigurationPageQueryVariables = Exact<{ [key: string]: never; }>;


export type ConfigurationPageQuery = { instance: { id: string, info: string | null, runQueuingSupported: boolean, runQueueConfig: { maxConcurrentRuns: number } | null, daemonHealth: { id: string, allDaemonStatuses: Array<{ id: string, daemonType: string, required: boolean, healthy: boolean | null, instanceCount: number, lastHeartbeatTime: number | null, lastHeartbeatErrors: Array<{ message: string }> }> } } };

export type JobsPageQueryVariables = Exact<{ [key: string]: never; }>;


export type JobsPageQuery = { repositoriesOrError:
    | { __typename: 'PythonError', message: string }
    | { __typename: 'RepositoryConnection', nodes: Array<{ id: string, name: string, location: { id: string, name: string }, jobs: Array<{ id: string, name: string, description: string | null, isAssetJob: boolean, pools: Array<string> }> }> }
   };

export type AssetsPageQueryVariables = Exact<{ [key: string]: never; }>;


export type AssetsPageQuery = { assetNodes: Array<{ id: string, groupName: string, description: string | null, opNames: Array<string>, jobNames: Array<string>, pools: Array<string>, assetKey: { path: Array<string> } }> };

export type JobPageQueryVariables = Exact<{
  selector: PipelineSelector;
}>;


export type JobPageQuery = { pipelineOrError:
    | { __typename: 'InvalidSubsetError', message: string }
    | { __typename: 'Job', id: string, name: string, description: string | null, pools: Array<string>, solids: Array<{ name: string, pool: string | null, upstreamStepKeys: Array<string> }> }
    | { __typename: 'PipelineNotFoundError', message: string }
    | { __typename: 'PythonError', message: string }
   };

export type PermissionsQueryVariables = Exact<{ [key: string]: never; }>;


export type PermissionsQuery = { permissions: Array<{ permission: string, value: boolean, disabledReason: string | null }> };

export type LaunchRunMutationVariables = Exact<{
  executionParams: ExecutionParams;
}>;


export type LaunchRunMutation = { launchRun:
    | { __typename: 'ConflictingExecutionParamsError', message: string }
    | { __typename: 'InvalidOutputError' }
    | { __typename: 'InvalidStepError' }
    | { __typename: 'InvalidSubsetError', message: string }
    | { __typename: 'InvalidTagsError', message: string }
    | { __typename: 'LaunchRunSuccess', run: { runId: string } }
    | { __typename: 'NoModeProvidedError', message: string }
    | { __typename: 'PipelineNotFoundError', message: string }
    | { __typename: 'PresetNotFoundError', message: string }
    | { __typename: 'PythonError', message: string }
    | { __typename: 'RunConfigValidationInvalid', message: string }
    | { __typename: 'RunConflict', message: string }
    | { __typename: 'UnauthorizedError', message: string }
   };

export type PoolDetailFragment = { concurrencyKey: string, limit: number | null, usingDefaultLimit: boolean | null, activeSlotCount: number, pendingStepCount: number, claimedSlots: Array<{ runId: string, stepKey: string }>, pendingSteps: Array<{ runId: string, stepKey: string, enqueuedTimestamp: number, assignedTimestamp: number | null, priority: number | null }> };

export type PoolPageQueryVariables = Exact<{
  concurrencyKey: string;
}>;


export type PoolPageQuery = { instance: { id: string, concurrencyLimit: { concurrencyKey: string, limit: number | null, usingDefaultLimit: boolean | null, activeSlotCount: number, pendingStepCount: number, claimedSlots: Array<{ runId: string, stepKey: string }>, pendingSteps: Array<{ runId: string, stepKey: string, enqueuedTimestamp: number, assignedTimestamp: number | null, priority: number | null }> } } };

export type PoolDetailChangedSubscriptionVariables = Exact<{
  concurrencyKey: string;
}>;


export type PoolDetailChangedSubscription = { concurrencyKeyChanged: { concurrencyKey: string, limit: number | null, usingDefaultLimit: boolean | null, activeSlotCount: number, pendingStepCount: number, claimedSlots: Array<{ runId: string, stepKey: string }>, pendingSteps: Array<{ runId: string, stepKey: string, enqueuedTimestamp: number, assignedTimestamp: number | null, priority: number | null }> } };

export type FreeRunSlotsMutationVariables = Exact<{
  runId: string;
}>;


export type FreeRunSlotsMutation = { freeConcurrencySlotsForRun: boolean };

export type RunDetailFragment = { runId: string, jobName: string, status: RunStatus, creationTime: number, startTime: number | null, endTime: number | null, canTerminate: boolean, hasTerminatePermission: boolean, hasDeletePermission: boolean, hasReExecutePermission: boolean, parentRunId: string | null, rootRunId: string | null, queuePosition: number | null, allPools: Array<string> | null, queueBlockers: Array<{ kind: QueueBlockerKind, key: string | null, value: string | null, limit: number | null, inUse: number | null, runIds: Array<string>, message: string }>, tags: Array<{ key: string, value: string }>, stepStats: Array<{ stepKey: string, status: StepEventStatus | null, startTime: number | null, endTime: number | null }> };

export type RunPageQueryVariables = Exact<{
  runId: string | number;
}>;


export type RunPageQuery = { runOrError:
    | { __typename: 'PythonError', message: string }
    | { __typename: 'Run', runId: string, jobName: string, status: RunStatus, creationTime: number, startTime: number | null, endTime: number | null, canTerminate: boolean, hasTerminatePermission: boolean, hasDeletePermission: boolean, hasReExecutePermission: boolean, parentRunId: string | null, rootRunId: string | null, queuePosition: number | null, allPools: Array<string> | null, queueBlockers: Array<{ kind: QueueBlockerKind, key: string | null, value: string | null, limit: number | null, inUse: number | null, runIds: Array<string>, message: string }>, tags: Array<{ key: string, value: string }>, stepStats: Array<{ stepKey: string, status: StepEventStatus | null, startTime: number | null, endTime: number | null }> }
    | { __typename: 'RunNotFoundError', message: string }
   };

export type RunLogsSubscriptionVariables = Exact<{
  runId: string | number;
  cursor?: string | null | undefined;
}>;


export type RunLogsSubscription = { pipelineRunLogs:
    | { __typename: 'PipelineRunLogsSubscriptionFailure', message: string }
    | { __typename: 'PipelineRunLogsSubscriptionSuccess', cursor: string, hasMorePastEvents: boolean, run: { runId: string, jobName: string, status: RunStatus, creationTime: number, startTime: number | null, endTime: number | null, canTerminate: boolean, hasTerminatePermission: boolean, hasDeletePermission: boolean, hasReExecutePermission: boolean, parentRunId: string | null, rootRunId: string | null, queuePosition: number | null, allPools: Array<string> | null, queueBlockers: Array<{ kind: QueueBlockerKind, key: string | null, value: string | null, limit: number | null, inUse: number | null, runIds: Array<string>, message: string }>, tags: Array<{ key: string, value: string }>, stepStats: Array<{ stepKey: string, status: StepEventStatus | null, startTime: number | null, endTime: number | null }> }, messages: Array<
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string, markerStart: string | null, markerEnd: string | null }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
        | { cursor: string, eventType: DagsterEventType | null, level: LogLevel, message: string, stepKey: string | null, timestamp: string }
      > }
   };

export type TerminateRunMutationVariables = Exact<{
  runId: string;
}>;


export type TerminateRunMutation = { terminateRun:
    | { __typename: 'PythonError', message: string }
    | { __typename: 'RunNotFoundError', message: string }
    | { __typename: 'TerminateRunFailure', message: string }
    | { __typename: 'TerminateRunSuccess' }
    | { __typename: 'UnauthorizedError', message: string }
   };

export type DeleteRunMutationVariables = Exact<{
  runId: string;
}>;


export type DeleteRunMutation = { deleteRun:
    | { __typename: 'DeletePipelineRunSuccess' }
    | { __typename: 'PythonError', message: string }
    | { __typename: 'RunDeletionFailure', message: string }
    | { __typename: 'RunNotFoundError', message: string }
    | { __typename: 'UnauthorizedError', message: string }
   };

export type ReexecuteRunMutationVariables = Exact<{
  parentRunId: string;
  strategy: ReexecutionStrategy;
}>;


export type ReexecuteRunMutation = { launchRunReexecution:
    | { __typename: 'ConflictingExecutionParamsError', message: string }
    | { __typename: 'InvalidOutputError' }
    | { __typename: 'InvalidStepError' }
    | { __typename: 'InvalidSubsetError', message: string }
    | { __typename: 'LaunchRunSuccess', run: { runId: string } }
    | { __typename: 'NoModeProvidedError', message: string }
    | { __typename: 'PipelineNotFoundError', message: string }
    | { __typename: 'PresetNotFoundError', message: string }
    | { __typename: 'PythonError', message: string }
    | { __typename: 'RunConfigValidationInvalid', message: string }
    | { __typename: 'RunConflict', message: string }
    | { __typename: 'UnauthorizedError', message: string }
   };

export type RunGroupQueryVariables = Exact<{
  runId: string | number;
}>;


export type RunGroupQuery = { runGroupOrError:
    | { __typename: 'PythonError', message: string }
    | { __typename: 'RunGroup', rootRunId: string, runs: Array<{ runId: string, status: RunStatus, creationTime: number, parentRunId: string | null } | null> | null }
    | { __typename: 'RunGroupNotFoundError', message: string }
   };

export type StepLogsSubscriptionVariables = Exact<{
  logKey: Array<string> | string;
}>;


export type StepLogsSubscription = { capturedLogs: { cursor: string | null, stdout: string | null, stderr: string | null } };

export type RunRowFragment = { runId: string, jobName: string, status: RunStatus, creationTime: number, startTime: number | null, endTime: number | null };

export type RunsPageQueryVariables = Exact<{
  filter?: RunsFilter | null | undefined;
  cursor?: string | null | undefined;
  limit?: number | null | undefined;
}>;


export type RunsPageQuery = { runsOrError:
    | { __typename: 'InvalidPipelineRunsFilterError', message: string }
    | { __typename: 'PythonError', message: string }
    | { __typename: 'Runs', results: Array<{ runId: string, jobName: string, status: RunStatus, creationTime: number, startTime: number | null, endTime: number | null }> }
   };

export type RunCountsQueryVariables = Exact<{
  jobName?: string | null | undefined;
  tags?: Array<ExecutionTag> | ExecutionTag | null | undefined;
}>;


export type RunCountsQuery = { all:
    | { count: number | null }
    | Record<PropertyKey, never>
  , queued:
    | { count: number | null }
    | Record<PropertyKey, never>
  , inProgress:
    | { count: number | null }
    | Record<PropertyKey, never>
  , done:
    | { count: number | null }
    | Record<PropertyKey, never>
   };

export type RunStatusChangesSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type RunStatusChangesSubscription = { runStatusChanged: { cursor: string, toStatus: RunStatus, run: { runId: string, jobName: string, status: RunStatus, creationTime: number, startTime: number | null, endTime: number | null } } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const RecentTickFragmentDoc = new TypedDocumentString(`
    fragment RecentTick on InstigationTick {
  id
  status
  timestamp
  skipReason
  runIds
  error {
    message
  }
}
    `, {"fragmentName":"RecentTick"}) as unknown as TypedDocumentString<RecentTickFragment, unknown>;
export const BackfillDetailFragmentDoc = new TypedDocumentString(`
    fragment BackfillDetail on PartitionBackfill {
  id
  status
  title
  description
  timestamp
  endTimestamp
  isAssetBackfill
  jobName
  partitionSetName
  assetSelection {
    path
  }
  numPartitions
  numCancelable
  hasCancelPermission
  hasResumePermission
  error {
    message
  }
  tags {
    key
    value
  }
  partitionStatusCounts {
    runStatus
    count
  }
  partitionStatuses {
    results {
      id
      partitionName
      runId
      runStatus
      runDuration
    }
  }
}
    `, {"fragmentName":"BackfillDetail"}) as unknown as TypedDocumentString<BackfillDetailFragment, unknown>;
export const PoolRowFragmentDoc = new TypedDocumentString(`
    fragment PoolRow on ConcurrencyKeyInfo {
  concurrencyKey
  limit
  usingDefaultLimit
  activeSlotCount
  pendingStepCount
}
    `, {"fragmentName":"PoolRow"}) as unknown as TypedDocumentString<PoolRowFragment, unknown>;
export const PoolDetailFragmentDoc = new TypedDocumentString(`
    fragment PoolDetail on ConcurrencyKeyInfo {
  concurrencyKey
  limit
  usingDefaultLimit
  activeSlotCount
  pendingStepCount
  claimedSlots {
    runId
    stepKey
  }
  pendingSteps {
    runId
    stepKey
    enqueuedTimestamp
    assignedTimestamp
    priority
  }
}
    `, {"fragmentName":"PoolDetail"}) as unknown as TypedDocumentString<PoolDetailFragment, unknown>;
export const RunDetailFragmentDoc = new TypedDocumentString(`
    fragment RunDetail on Run {
  runId
  jobName
  status
  creationTime
  startTime
  endTime
  canTerminate
  hasTerminatePermission
  hasDeletePermission
  hasReExecutePermission
  parentRunId
  rootRunId
  queuePosition
  queueBlockers {
    kind
    key
    value
    limit
    inUse
    runIds
    message
  }
  allPools
  tags {
    key
    value
  }
  stepStats {
    stepKey
    status
    startTime
    endTime
  }
}
    `, {"fragmentName":"RunDetail"}) as unknown as TypedDocumentString<RunDetailFragment, unknown>;
export const RunRowFragmentDoc = new TypedDocumentString(`
    fragment RunRow on Run {
  runId
  jobName
  status
  creationTime
  startTime
  endTime
}
    `, {"fragmentName":"RunRow"}) as unknown as TypedDocumentString<RunRowFragment, unknown>;
export const AutomationPageDocument = new TypedDocumentString(`
    query AutomationPage {
  repositoriesOrError {
    __typename
    ... on RepositoryConnection {
      nodes {
        id
        name
        location {
          id
          name
        }
        schedules {
          id
          name
          cronSchedule
          executionTimezone
          pipelineName
          scheduleState {
            id
            status
            hasStartPermission
            hasStopPermission
            ticks(limit: 5) {
              ...RecentTick
            }
          }
        }
        sensors {
          id
          name
          minIntervalSeconds
          targets {
            pipelineName
          }
          sensorState {
            id
            status
            hasStartPermission
            hasStopPermission
            ticks(limit: 5) {
              ...RecentTick
            }
          }
        }
      }
    }
    ... on Error {
      message
    }
  }
}
    fragment RecentTick on InstigationTick {
  id
  status
  timestamp
  skipReason
  runIds
  error {
    message
  }
}`) as unknown as TypedDocumentString<AutomationPageQuery, AutomationPageQueryVariables>;
export const BackfillsPageDocument = new TypedDocumentString(`
    query BackfillsPage {
  partitionBackfillsOrError(limit: 50) {
    __typename
    ... on PartitionBackfills {
      results {
        id
        status
        title
        timestamp
        endTimestamp
        numPartitions
        partitionSetName
        assetSelection {
          path
        }
        partitionStatusCounts {
          runStatus
          count
        }
      }
    }
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<BackfillsPageQuery, BackfillsPageQueryVariables>;
export const StartScheduleDocument = new TypedDocumentString(`
    mutation StartSchedule($selector: ScheduleSelector!) {
  startSchedule(scheduleSelector: $selector) {
    __typename
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<StartScheduleMutation, StartScheduleMutationVariables>;
export const StopScheduleDocument = new TypedDocumentString(`
    mutation StopSchedule($id: String!) {
  stopRunningSchedule(id: $id) {
    __typename
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<StopScheduleMutation, StopScheduleMutationVariables>;
export const StartSensorDocument = new TypedDocumentString(`
    mutation StartSensor($selector: SensorSelector!) {
  startSensor(sensorSelector: $selector) {
    __typename
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<StartSensorMutation, StartSensorMutationVariables>;
export const StopSensorDocument = new TypedDocumentString(`
    mutation StopSensor($id: String!) {
  stopSensor(id: $id) {
    __typename
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<StopSensorMutation, StopSensorMutationVariables>;
export const BackfillPageDocument = new TypedDocumentString(`
    query BackfillPage($backfillId: String!) {
  partitionBackfillOrError(backfillId: $backfillId) {
    __typename
    ... on PartitionBackfill {
      ...BackfillDetail
    }
    ... on Error {
      message
    }
  }
}
    fragment BackfillDetail on PartitionBackfill {
  id
  status
  title
  description
  timestamp
  endTimestamp
  isAssetBackfill
  jobName
  partitionSetName
  assetSelection {
    path
  }
  numPartitions
  numCancelable
  hasCancelPermission
  hasResumePermission
  error {
    message
  }
  tags {
    key
    value
  }
  partitionStatusCounts {
    runStatus
    count
  }
  partitionStatuses {
    results {
      id
      partitionName
      runId
      runStatus
      runDuration
    }
  }
}`) as unknown as TypedDocumentString<BackfillPageQuery, BackfillPageQueryVariables>;
export const BackfillRunChangesDocument = new TypedDocumentString(`
    subscription BackfillRunChanges($filter: RunsFilter!) {
  runStatusChanged(filter: $filter) {
    cursor
  }
}
    `) as unknown as TypedDocumentString<BackfillRunChangesSubscription, BackfillRunChangesSubscriptionVariables>;
export const CancelBackfillDocument = new TypedDocumentString(`
    mutation CancelBackfill($backfillId: String!) {
  cancelPartitionBackfill(backfillId: $backfillId) {
    __typename
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<CancelBackfillMutation, CancelBackfillMutationVariables>;
export const ResumeBackfillDocument = new TypedDocumentString(`
    mutation ResumeBackfill($backfillId: String!) {
  resumePartitionBackfill(backfillId: $backfillId) {
    __typename
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<ResumeBackfillMutation, ResumeBackfillMutationVariables>;
export const ConcurrencyPageDocument = new TypedDocumentString(`
    query ConcurrencyPage {
  instance {
    id
    minConcurrencyLimitValue
    maxConcurrencyLimitValue
    runQueuingSupported
    runQueueConfig {
      maxConcurrentRuns
      tagConcurrencyLimitsYaml
      isOpConcurrencyAware
    }
    poolConfig {
      poolGranularity
      defaultPoolLimit
      opGranularityRunBuffer
    }
    concurrencyLimits {
      ...PoolRow
    }
  }
}
    fragment PoolRow on ConcurrencyKeyInfo {
  concurrencyKey
  limit
  usingDefaultLimit
  activeSlotCount
  pendingStepCount
}`) as unknown as TypedDocumentString<ConcurrencyPageQuery, ConcurrencyPageQueryVariables>;
export const PoolChangedDocument = new TypedDocumentString(`
    subscription PoolChanged($concurrencyKey: String!) {
  concurrencyKeyChanged(concurrencyKey: $concurrencyKey) {
    ...PoolRow
  }
}
    fragment PoolRow on ConcurrencyKeyInfo {
  concurrencyKey
  limit
  usingDefaultLimit
  activeSlotCount
  pendingStepCount
}`) as unknown as TypedDocumentString<PoolChangedSubscription, PoolChangedSubscriptionVariables>;
export const SetPoolLimitDocument = new TypedDocumentString(`
    mutation SetPoolLimit($concurrencyKey: String!, $limit: Int!) {
  setConcurrencyLimit(concurrencyKey: $concurrencyKey, limit: $limit)
}
    `) as unknown as TypedDocumentString<SetPoolLimitMutation, SetPoolLimitMutationVariables>;
export const DeletePoolLimitDocument = new TypedDocumentString(`
    mutation DeletePoolLimit($concurrencyKey: String!) {
  deleteConcurrencyLimit(concurrencyKey: $concurrencyKey)
}
    `) as unknown as TypedDocumentString<DeletePoolLimitMutation, DeletePoolLimitMutationVariables>;
export const ConfigurationPageDocument = new TypedDocumentString(`
    query ConfigurationPage {
  instance {
    id
    info
    runQueuingSupported
    runQueueConfig {
      maxConcurrentRuns
    }
    daemonHealth {
      id
      allDaemonStatuses {
        id
        daemonType
        required
        healthy
        instanceCount
        lastHeartbeatTime
        lastHeartbeatErrors {
          message
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConfigurationPageQuery, ConfigurationPageQueryVariables>;
export const JobsPageDocument = new TypedDocumentString(`
    query JobsPage {
  repositoriesOrError {
    __typename
    ... on RepositoryConnection {
      nodes {
        id
        name
        location {
          id
          name
        }
        jobs {
          id
          name
          description
          isAssetJob
          pools
        }
      }
    }
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<JobsPageQuery, JobsPageQueryVariables>;
export const AssetsPageDocument = new TypedDocumentString(`
    query AssetsPage {
  assetNodes {
    id
    assetKey {
      path
    }
    groupName
    description
    opNames
    jobNames
    pools
  }
}
    `) as unknown as TypedDocumentString<AssetsPageQuery, AssetsPageQueryVariables>;
export const JobPageDocument = new TypedDocumentString(`
    query JobPage($selector: PipelineSelector!) {
  pipelineOrError(params: $selector) {
    __typename
    ... on Job {
      id
      name
      description
      pools
      solids {
        name
        pool
        upstreamStepKeys
      }
    }
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<JobPageQuery, JobPageQueryVariables>;
export const PermissionsDocument = new TypedDocumentString(`
    query Permissions {
  permissions {
    permission
    value
    disabledReason
  }
}
    `) as unknown as TypedDocumentString<PermissionsQuery, PermissionsQueryVariables>;
export const LaunchRunDocument = new TypedDocumentString(`
    mutation LaunchRun($executionParams: ExecutionParams!) {
  launchRun(executionParams: $executionParams) {
    __typename
    ... on LaunchRunSuccess {
      run {
        runId
      }
    }
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<LaunchRunMutation, LaunchRunMutationVariables>;
export const PoolPageDocument = new TypedDocumentString(`
    query PoolPage($concurrencyKey: String!) {
  instance {
    id
    concurrencyLimit(concurrencyKey: $concurrencyKey) {
      ...PoolDetail
    }
  }
}
    fragment PoolDetail on ConcurrencyKeyInfo {
  concurrencyKey
  limit
  usingDefaultLimit
  activeSlotCount
  pendingStepCount
  claimedSlots {
    runId
    stepKey
  }
  pendingSteps {
    runId
    stepKey
    enqueuedTimestamp
    assignedTimestamp
    priority
  }
}`) as unknown as TypedDocumentString<PoolPageQuery, PoolPageQueryVariables>;
export const PoolDetailChangedDocument = new TypedDocumentString(`
    subscription PoolDetailChanged($concurrencyKey: String!) {
  concurrencyKeyChanged(concurrencyKey: $concurrencyKey) {
    ...PoolDetail
  }
}
    fragment PoolDetail on ConcurrencyKeyInfo {
  concurrencyKey
  limit
  usingDefaultLimit
  activeSlotCount
  pendingStepCount
  claimedSlots {
    runId
    stepKey
  }
  pendingSteps {
    runId
    stepKey
    enqueuedTimestamp
    assignedTimestamp
    priority
  }
}`) as unknown as TypedDocumentString<PoolDetailChangedSubscription, PoolDetailChangedSubscriptionVariables>;
export const FreeRunSlotsDocument = new TypedDocumentString(`
    mutation FreeRunSlots($runId: String!) {
  freeConcurrencySlotsForRun(runId: $runId)
}
    `) as unknown as TypedDocumentString<FreeRunSlotsMutation, FreeRunSlotsMutationVariables>;
export const RunPageDocument = new TypedDocumentString(`
    query RunPage($runId: ID!) {
  runOrError(runId: $runId) {
    __typename
    ... on Run {
      ...RunDetail
    }
    ... on Error {
      message
    }
  }
}
    fragment RunDetail on Run {
  runId
  jobName
  status
  creationTime
  startTime
  endTime
  canTerminate
  hasTerminatePermission
  hasDeletePermission
  hasReExecutePermission
  parentRunId
  rootRunId
  queuePosition
  queueBlockers {
    kind
    key
    value
    limit
    inUse
    runIds
    message
  }
  allPools
  tags {
    key
    value
  }
  stepStats {
    stepKey
    status
    startTime
    endTime
  }
}`) as unknown as TypedDocumentString<RunPageQuery, RunPageQueryVariables>;
export const RunLogsDocument = new TypedDocumentString(`
    subscription RunLogs($runId: ID!, $cursor: String) {
  pipelineRunLogs(runId: $runId, cursor: $cursor) {
    __typename
    ... on PipelineRunLogsSubscriptionSuccess {
      cursor
      hasMorePastEvents
      run {
        ...RunDetail
      }
      messages {
        ... on MessageEvent {
          cursor
          eventType
          level
          message
          stepKey
          timestamp
        }
        ... on EngineEvent {
          markerStart
          markerEnd
        }
      }
    }
    ... on PipelineRunLogsSubscriptionFailure {
      message
    }
  }
}
    fragment RunDetail on Run {
  runId
  jobName
  status
  creationTime
  startTime
  endTime
  canTerminate
  hasTerminatePermission
  hasDeletePermission
  hasReExecutePermission
  parentRunId
  rootRunId
  queuePosition
  queueBlockers {
    kind
    key
    value
    limit
    inUse
    runIds
    message
  }
  allPools
  tags {
    key
    value
  }
  stepStats {
    stepKey
    status
    startTime
    endTime
  }
}`) as unknown as TypedDocumentString<RunLogsSubscription, RunLogsSubscriptionVariables>;
export const TerminateRunDocument = new TypedDocumentString(`
    mutation TerminateRun($runId: String!) {
  terminateRun(runId: $runId) {
    __typename
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<TerminateRunMutation, TerminateRunMutationVariables>;
export const DeleteRunDocument = new TypedDocumentString(`
    mutation DeleteRun($runId: String!) {
  deleteRun(runId: $runId) {
    __typename
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<DeleteRunMutation, DeleteRunMutationVariables>;
export const ReexecuteRunDocument = new TypedDocumentString(`
    mutation ReexecuteRun($parentRunId: String!, $strategy: ReexecutionStrategy!) {
  launchRunReexecution(
    reexecutionParams: {parentRunId: $parentRunId, strategy: $strategy, useParentRunTags: true}
  ) {
    __typename
    ... on LaunchRunSuccess {
      run {
        runId
      }
    }
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<ReexecuteRunMutation, ReexecuteRunMutationVariables>;
export const RunGroupDocument = new TypedDocumentString(`
    query RunGroup($runId: ID!) {
  runGroupOrError(runId: $runId) {
    __typename
    ... on RunGroup {
      rootRunId
      runs {
        runId
        status
        creationTime
        parentRunId
      }
    }
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<RunGroupQuery, RunGroupQueryVariables>;
export const StepLogsDocument = new TypedDocumentString(`
    subscription StepLogs($logKey: [String!]!) {
  capturedLogs(logKey: $logKey) {
    cursor
    stdout
    stderr
  }
}
    `) as unknown as TypedDocumentString<StepLogsSubscription, StepLogsSubscriptionVariables>;
export const RunsPageDocument = new TypedDocumentString(`
    query RunsPage($filter: RunsFilter, $cursor: String, $limit: Int) {
  runsOrError(filter: $filter, cursor: $cursor, limit: $limit) {
    __typename
    ... on Runs {
      results {
        ...RunRow
      }
    }
    ... on Error {
      message
    }
  }
}
    fragment RunRow on Run {
  runId
  jobName
  status
  creationTime
  startTime
  endTime
}`) as unknown as TypedDocumentString<RunsPageQuery, RunsPageQueryVariables>;
export const RunCountsDocument = new TypedDocumentString(`
    query RunCounts($jobName: String, $tags: [ExecutionTag!]) {
  all: runsOrError(filter: {jobName: $jobName, tags: $tags}, limit: 1) {
    ... on Runs {
      count
    }
  }
  queued: runsOrError(
    filter: {statuses: [QUEUED], jobName: $jobName, tags: $tags}
    limit: 1
  ) {
    ... on Runs {
      count
    }
  }
  inProgress: runsOrError(
    filter: {statuses: [STARTING, STARTED, CANCELING], jobName: $jobName, tags: $tags}
    limit: 1
  ) {
    ... on Runs {
      count
    }
  }
  done: runsOrError(
    filter: {statuses: [SUCCESS, FAILURE, CANCELED], jobName: $jobName, tags: $tags}
    limit: 1
  ) {
    ... on Runs {
      count
    }
  }
}
    `) as unknown as TypedDocumentString<RunCountsQuery, RunCountsQueryVariables>;
export const RunStatusChangesDocument = new TypedDocumentString(`
    subscription RunStatusChanges {
  runStatusChanged {
    cursor
    toStatus
    run {
      ...RunRow
    }
  }
}
    fragment RunRow on Run {
  runId
  jobName
  status
  creationTime
  startTime
  endTime
}`) as unknown as TypedDocumentString<RunStatusChangesSubscription, RunStatusChangesSubscriptionVariables>;