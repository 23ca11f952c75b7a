/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type AssetCheckHandleInput = {
  assetKey: AssetKeyInput;
  name: string;
};

export type AssetKeyInput = {
  path: Array<string>;
};

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

export type QueueBlockerKind =
  | 'COORDINATOR_DOWN'
  | 'MAX_CONCURRENT_RUNS'
  | 'POOL_LIMIT'
  | 'QUEUE_PAUSED'
  | 'TAG_LIMIT';

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

export type StepEventStatus =
  | 'FAILURE'
  | 'IN_PROGRESS'
  | 'SKIPPED'
  | 'SUCCESS';

export type TerminateRunPolicy =
  | 'MARK_AS_CANCELED_IMMEDIATELY'
  | 'SAFE_TERMINATE';

export type DefinitionsAssetNodeFragment = { id: string, description: string | null, groupName: string, jobNames: Array<string>, opNames: Array<string>, opName: string | null, pools: Array<string>, computeKind: string | null, isExecutable: boolean, isGraphAsset: boolean, assetKey: { path: Array<string> }, dependencyKeys: Array<{ path: Array<string> }>, dependedByKeys: Array<{ path: Array<string> }>, tags: Array<{ key: string, value: string }> };

export type DefinitionsSolidFragment = { name: string, pool: string | null, pools: Array<string>, upstreamStepKeys: Array<string>, definition: { name: string, description: string | null, pool: string | null, pools: Array<string> }, inputs: Array<{ definition: { name: string }, dependsOn: Array<{ solid: { name: string } }> }>, outputs: Array<{ definition: { name: string }, dependedBy: Array<{ solid: { name: string }, definition: { name: string } }> }> };

export type DefinitionsRepositoriesQueryVariables = Exact<{ [key: string]: never; }>;


export type DefinitionsRepositoriesQuery = { repositoriesOrError:
    | { __typename: 'PythonError', message: string }
    | { __typename: 'RepositoryConnection', nodes: Array<{ id: string, name: string, location: { id: string, name: string }, jobs: Array<{ id: string, name: string, description: string | null, isJob: boolean, isAssetJob: boolean, pools: Array<string>, tags: Array<{ key: string, value: string }>, solids: Array<{ name: string }> }>, pipelines: Array<{ name: string }>, assetNodes: Array<{ id: string, description: string | null, groupName: string, jobNames: Array<string>, opNames: Array<string>, opName: string | null, pools: Array<string>, computeKind: string | null, isExecutable: boolean, isGraphAsset: boolean, assetKey: { path: Array<string> }, dependencyKeys: Array<{ path: Array<string> }>, dependedByKeys: Array<{ path: Array<string> }>, tags: Array<{ key: string, value: string }> }>, schedules: Array<{ id: string, name: string, cronSchedule: string, executionTimezone: string | null, description: string | null, pipelineName: string, mode: string }>, sensors: Array<{ id: string, name: string, description: string | null, minIntervalSeconds: number, targets: Array<{ pipelineName: string, mode: string }> | null }> }> }
   };

type DefinitionsPipelineResult_InvalidSubsetError_Fragment = { __typename: 'InvalidSubsetError', message: string, pipeline: { name: string, solids: Array<{ name: string }> } };

type DefinitionsPipelineResult_Job_Fragment = { __typename: 'Job', id: string, name: string, description: string | null, isJob: boolean, isAssetJob: boolean, pools: Array<string>, tags: Array<{ key: string, value: string }>, solids: Array<{ name: string, pool: string | null, pools: Array<string>, upstreamStepKeys: Array<string>, definition: { name: string, description: string | null, pool: string | null, pools: Array<string> }, inputs: Array<{ definition: { name: string }, dependsOn: Array<{ solid: { name: string } }> }>, outputs: Array<{ definition: { name: string }, dependedBy: Array<{ solid: { name: string }, definition: { name: string } }> }> }>, solidHandles: Array<{ handleID: string, solid: { name: string } }> };

type DefinitionsPipelineResult_PipelineNotFoundError_Fragment = { __typename: 'PipelineNotFoundError', message: string, pipelineName: string, repositoryName: string, repositoryLocationName: string };

type DefinitionsPipelineResult_PythonError_Fragment = { __typename: 'PythonError', message: string };

export type DefinitionsPipelineResultFragment =
  | DefinitionsPipelineResult_InvalidSubsetError_Fragment
  | DefinitionsPipelineResult_Job_Fragment
  | DefinitionsPipelineResult_PipelineNotFoundError_Fragment
  | DefinitionsPipelineResult_PythonError_Fragment
;

export type DefinitionsPipelineQueryVariables = Exact<{
  jobName?: string | null | undefined;
  pipelineName?: string | null | undefined;
  repositoryName: string;
  repositoryLocationName: string;
  solidSelection?: Array<string> | string | null | undefined;
}>;


export type DefinitionsPipelineQuery = { pipelineOrError:
    | { __typename: 'InvalidSubsetError', message: string, pipeline: { name: string, solids: Array<{ name: string }> } }
    | { __typename: 'Job', id: string, name: string, description: string | null, isJob: boolean, isAssetJob: boolean, pools: Array<string>, tags: Array<{ key: string, value: string }>, solids: Array<{ name: string, pool: string | null, pools: Array<string>, upstreamStepKeys: Array<string>, definition: { name: string, description: string | null, pool: string | null, pools: Array<string> }, inputs: Array<{ definition: { name: string }, dependsOn: Array<{ solid: { name: string } }> }>, outputs: Array<{ definition: { name: string }, dependedBy: Array<{ solid: { name: string }, definition: { name: string } }> }> }>, solidHandles: Array<{ handleID: string, solid: { name: string } }> }
    | { __typename: 'PipelineNotFoundError', message: string, pipelineName: string, repositoryName: string, repositoryLocationName: string }
    | { __typename: 'PythonError', message: string }
   };

export type DefinitionsPipelineAssetSubsetQueryVariables = Exact<{
  jobName: string;
  repositoryName: string;
  repositoryLocationName: string;
  assetPath: Array<string> | string;
  solidSelection?: Array<string> | string | null | undefined;
}>;


export type DefinitionsPipelineAssetSubsetQuery = { pipelineOrError:
    | { __typename: 'InvalidSubsetError', message: string, pipeline: { name: string, solids: Array<{ name: string }> } }
    | { __typename: 'Job', id: string, name: string, description: string | null, isJob: boolean, isAssetJob: boolean, pools: Array<string>, tags: Array<{ key: string, value: string }>, solids: Array<{ name: string, pool: string | null, pools: Array<string>, upstreamStepKeys: Array<string>, definition: { name: string, description: string | null, pool: string | null, pools: Array<string> }, inputs: Array<{ definition: { name: string }, dependsOn: Array<{ solid: { name: string } }> }>, outputs: Array<{ definition: { name: string }, dependedBy: Array<{ solid: { name: string }, definition: { name: string } }> }> }>, solidHandles: Array<{ handleID: string, solid: { name: string } }> }
    | { __typename: 'PipelineNotFoundError', message: string, pipelineName: string, repositoryName: string, repositoryLocationName: string }
    | { __typename: 'PythonError', message: string }
   };

export type DefinitionsOpDetailsQueryVariables = Exact<{
  jobName: string;
  repositoryName: string;
  repositoryLocationName: string;
  handleID: string;
  parentHandleID?: string | null | undefined;
}>;


export type DefinitionsOpDetailsQuery = { pipelineOrError:
    | { __typename: 'InvalidSubsetError' }
    | { __typename: 'Job', solidHandle: { handleID: string, solid: { name: string, definition: { name: string, pool: string | null, pools: Array<string> } } } | null, solidHandles: Array<{ handleID: string }> }
    | { __typename: 'PipelineNotFoundError' }
    | { __typename: 'PythonError' }
   };

export type DefinitionsAssetNodesQueryVariables = Exact<{ [key: string]: never; }>;


export type DefinitionsAssetNodesQuery = { assetNodes: Array<{ id: string, description: string | null, groupName: string, jobNames: Array<string>, opNames: Array<string>, opName: string | null, pools: Array<string>, computeKind: string | null, isExecutable: boolean, isGraphAsset: boolean, assetKey: { path: Array<string> }, dependencyKeys: Array<{ path: Array<string> }>, dependedByKeys: Array<{ path: Array<string> }>, tags: Array<{ key: string, value: string }> }> };

export type DefinitionsAssetNodesOfJobQueryVariables = Exact<{
  jobName: string;
  repositoryName: string;
  repositoryLocationName: string;
}>;


export type DefinitionsAssetNodesOfJobQuery = { assetNodes: Array<{ assetKey: { path: Array<string> } }> };

export type DefinitionsAssetNodesOfGroupQueryVariables = Exact<{
  groupName: string;
  repositoryName: string;
  repositoryLocationName: string;
}>;


export type DefinitionsAssetNodesOfGroupQuery = { assetNodes: Array<{ assetKey: { path: Array<string> } }> };

export type DefinitionsAssetNodesByKeysQueryVariables = Exact<{
  first: Array<string> | string;
  second: Array<string> | string;
  jobName: string;
  repositoryName: string;
  repositoryLocationName: string;
}>;


export type DefinitionsAssetNodesByKeysQuery = { byKeys: Array<{ assetKey: { path: Array<string> } }>, inJob: Array<{ assetKey: { path: Array<string> } }> };

export type DefinitionsAssetNodeOrErrorQueryVariables = Exact<{
  path: Array<string> | string;
}>;


export type DefinitionsAssetNodeOrErrorQuery = { assetNodeOrError:
    | { __typename: 'AssetNode', id: string, description: string | null, groupName: string, jobNames: Array<string>, opNames: Array<string>, opName: string | null, pools: Array<string>, computeKind: string | null, isExecutable: boolean, isGraphAsset: boolean, assetKey: { path: Array<string> }, dependencyKeys: Array<{ path: Array<string> }>, dependedByKeys: Array<{ path: Array<string> }>, tags: Array<{ key: string, value: string }> }
    | { __typename: 'AssetNotFoundError', message: string }
   };

export type InstanceOverviewQueryVariables = Exact<{ [key: string]: never; }>;


export type InstanceOverviewQuery = { version: string, instance: { runQueuingSupported: boolean, hasInfo: boolean, info: string | null, minConcurrencyLimitValue: number, maxConcurrencyLimitValue: number, supportsConcurrencyLimits: boolean, runQueueConfig: { maxConcurrentRuns: number, tagConcurrencyLimitsYaml: string | null, isOpConcurrencyAware: boolean | null } | null, poolConfig: { poolGranularity: string | null, defaultPoolLimit: number | null, opGranularityRunBuffer: number | null } | null, runLauncher: { name: string } | null } };

export type DaemonHealthQueryVariables = Exact<{ [key: string]: never; }>;


export type DaemonHealthQuery = { instance: { daemonHealth: { allDaemonStatuses: Array<{ daemonType: string, required: boolean, healthy: boolean | null, lastHeartbeatTime: number | null, instanceCount: number, lastHeartbeatErrors: Array<{ message: string }> }>, daemonStatus: { daemonType: string, healthy: boolean | null } } } };

export type LaunchRunMutationVariables = Exact<{
  executionParams: ExecutionParams;
}>;


export type LaunchRunMutation = { launchRun:
    | { __typename: 'ConflictingExecutionParamsError', message: string }
    | { __typename: 'InvalidOutputError' }
    | { __typename: 'InvalidStepError' }
    | { __typename: 'InvalidSubsetError', message: string }
    | { __typename: 'InvalidTagsError', message: string, tagKey: string | null }
    | { __typename: 'LaunchRunSuccess', run: { runId: string, status: RunStatus, jobName: string, allPools: Array<string> | null, rootConcurrencyKeys: Array<string> | null, hasUnconstrainedRootNodes: boolean, tags: Array<{ key: string, value: string }> } }
    | { __typename: 'NoModeProvidedError', message: string }
    | { __typename: 'PipelineNotFoundError', message: string, pipelineName: string }
    | { __typename: 'PresetNotFoundError', message: string }
    | { __typename: 'PythonError', message: string }
    | { __typename: 'RunConfigValidationInvalid', message: string, errors: Array<
        | { message: string, path: Array<string> }
        | { message: string, path: Array<string> }
        | { message: string, path: Array<string> }
        | { message: string, path: Array<string> }
        | { message: string, path: Array<string> }
        | { message: string, path: Array<string> }
      > }
    | { __typename: 'RunConflict', message: string }
    | { __typename: 'UnauthorizedError', message: string }
   };

export type LaunchMultipleRunsMutationVariables = Exact<{
  executionParamsList: Array<ExecutionParams> | ExecutionParams;
}>;


export type LaunchMultipleRunsMutation = { launchMultipleRuns:
    | { __typename: 'LaunchMultipleRunsResult', launchMultipleRunsResult: Array<
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
      > }
    | { __typename: 'PythonError' }
   };

export type TerminateRunMutationVariables = Exact<{
  runId: string;
  terminatePolicy?: TerminateRunPolicy | null | undefined;
}>;


export type TerminateRunMutation = { terminateRun:
    | { __typename: 'PythonError', message: string }
    | { __typename: 'RunNotFoundError', message: string }
    | { __typename: 'TerminateRunFailure', message: string }
    | { __typename: 'TerminateRunSuccess', run: { runId: string, status: RunStatus } }
    | { __typename: 'UnauthorizedError', message: string }
   };

export type TerminateRunsMutationVariables = Exact<{
  runIds: Array<string> | string;
}>;


export type TerminateRunsMutation = { terminateRuns:
    | { __typename: 'PythonError' }
    | { __typename: 'TerminateRunsResult', terminateRunResults: Array<
        | { __typename: 'PythonError', message: string }
        | { __typename: 'RunNotFoundError', message: string }
        | { __typename: 'TerminateRunFailure', message: string }
        | { __typename: 'TerminateRunSuccess' }
        | { __typename: 'UnauthorizedError', message: string }
      > }
   };

export type DeleteRunMutationVariables = Exact<{
  runId: string;
}>;


export type DeleteRunMutation = { deleteRun:
    | { __typename: 'DeletePipelineRunSuccess', runId: string }
    | { __typename: 'PythonError', message: string }
    | { __typename: 'RunDeletionFailure', message: string }
    | { __typename: 'RunNotFoundError', message: string }
    | { __typename: 'UnauthorizedError', message: string }
   };

export type RunLifecycleQueryVariables = Exact<{
  runId: string | number;
}>;


export type RunLifecycleQuery = { runOrError:
    | { __typename: 'PythonError' }
    | { __typename: 'Run', runId: string, status: RunStatus, canTerminate: boolean, queuePosition: number | null, queueBlockers: Array<{ kind: QueueBlockerKind, key: string | null, value: string | null, limit: number | null, inUse: number | null, runIds: Array<string>, message: string }>, stepStats: Array<{ stepKey: string, status: StepEventStatus | null }> }
    | { __typename: 'RunNotFoundError' }
   };

export type RunLogsQueryVariables = Exact<{
  runId: string | number;
  afterCursor?: string | null | undefined;
}>;


export type RunLogsQuery = { logsForRun:
    | { __typename: 'EventConnection', cursor: string, hasMore: boolean, events: Array<
        | { __typename: 'AlertFailureEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'AlertStartEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'AlertSuccessEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'AssetCheckEvaluationEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'AssetCheckEvaluationPlannedEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'AssetMaterializationPlannedEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'EngineEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'ExecutionStepFailureEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'ExecutionStepInputEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'ExecutionStepOutputEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'ExecutionStepRestartEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'ExecutionStepSkippedEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'ExecutionStepStartEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'ExecutionStepSuccessEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'ExecutionStepUpForRetryEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'HandledOutputEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'HookCompletedEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'HookErroredEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'HookSkippedEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'LoadedInputEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'LogMessageEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'LogsCapturedEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'MaterializationEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'ObjectStoreOperationEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'ObservationEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'ResourceInitFailureEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'ResourceInitStartedEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'ResourceInitSuccessEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'RunCanceledEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'RunCancelingEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'RunDequeuedEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'RunEnqueuedEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'RunFailureEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'RunStartEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'RunStartingEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'RunSuccessEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'StepExpectationResultEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'StepWorkerStartedEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
        | { __typename: 'StepWorkerStartingEvent', message: string, stepKey: string | null, eventType: DagsterEventType | null, level: LogLevel }
      > }
    | { __typename: 'PythonError' }
    | { __typename: 'RunNotFoundError' }
   };

export type SetConcurrencyLimitMutationVariables = Exact<{
  concurrencyKey: string;
  limit: number;
}>;


export type SetConcurrencyLimitMutation = { setConcurrencyLimit: boolean };

export type DeleteConcurrencyLimitMutationVariables = Exact<{
  concurrencyKey: string;
}>;


export type DeleteConcurrencyLimitMutation = { deleteConcurrencyLimit: boolean };

export type FreeConcurrencySlotsForRunMutationVariables = Exact<{
  runId: string;
}>;


export type FreeConcurrencySlotsForRunMutation = { freeConcurrencySlotsForRun: boolean };

export type PoolInfoFragment = { concurrencyKey: string, slotCount: number, limit: number | null, usingDefaultLimit: boolean | null, activeSlotCount: number, activeRunIds: Array<string>, pendingStepCount: number, pendingStepRunIds: Array<string>, assignedStepCount: number, assignedStepRunIds: Array<string>, claimedSlots: Array<{ runId: string, stepKey: string }>, pendingSteps: Array<{ runId: string, stepKey: string, enqueuedTimestamp: number, assignedTimestamp: number | null, priority: number | null }> };

export type ConcurrencyLimitsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConcurrencyLimitsQuery = { instance: { concurrencyLimits: Array<{ concurrencyKey: string, slotCount: number, limit: number | null, usingDefaultLimit: boolean | null, activeSlotCount: number, activeRunIds: Array<string>, pendingStepCount: number, pendingStepRunIds: Array<string>, assignedStepCount: number, assignedStepRunIds: Array<string>, claimedSlots: Array<{ runId: string, stepKey: string }>, pendingSteps: Array<{ runId: string, stepKey: string, enqueuedTimestamp: number, assignedTimestamp: number | null, priority: number | null }> }> } };

export type ConcurrencyLimitQueryVariables = Exact<{
  concurrencyKey: string;
}>;


export type ConcurrencyLimitQuery = { instance: { concurrencyLimit: { concurrencyKey: string, slotCount: number, limit: number | null, usingDefaultLimit: boolean | null, activeSlotCount: number, activeRunIds: Array<string>, pendingStepCount: number, pendingStepRunIds: Array<string>, assignedStepCount: number, assignedStepRunIds: Array<string>, claimedSlots: Array<{ runId: string, stepKey: string }>, pendingSteps: Array<{ runId: string, stepKey: string, enqueuedTimestamp: number, assignedTimestamp: number | null, priority: number | null }> } } };

export type RunListItemFragment = { id: string, runId: string, status: RunStatus, jobName: string, pipelineName: string, mode: string, creationTime: number, startTime: number | null, endTime: number | null, updateTime: number | null, canTerminate: boolean, tags: Array<{ key: string, value: string }> };

type RunEventFields_AlertFailureEvent_Fragment = { __typename: 'AlertFailureEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null };

type RunEventFields_AlertStartEvent_Fragment = { __typename: 'AlertStartEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null };

type RunEventFields_AlertSuccessEvent_Fragment = { __typename: 'AlertSuccessEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null };

type RunEventFields_AssetCheckEvaluationEvent_Fragment = { __typename: 'AssetCheckEvaluationEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string };

type RunEventFields_AssetCheckEvaluationPlannedEvent_Fragment = { __typename: 'AssetCheckEvaluationPlannedEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string };

type RunEventFields_AssetMaterializationPlannedEvent_Fragment = { __typename: 'AssetMaterializationPlannedEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null };

type RunEventFields_EngineEvent_Fragment = { __typename: 'EngineEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, error: { message: string, className: string | null } | null };

type RunEventFields_ExecutionStepFailureEvent_Fragment = { __typename: 'ExecutionStepFailureEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, error: { message: string, className: string | null } | null };

type RunEventFields_ExecutionStepInputEvent_Fragment = { __typename: 'ExecutionStepInputEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string };

type RunEventFields_ExecutionStepOutputEvent_Fragment = { __typename: 'ExecutionStepOutputEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string };

type RunEventFields_ExecutionStepRestartEvent_Fragment = { __typename: 'ExecutionStepRestartEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string };

type RunEventFields_ExecutionStepSkippedEvent_Fragment = { __typename: 'ExecutionStepSkippedEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string };

type RunEventFields_ExecutionStepStartEvent_Fragment = { __typename: 'ExecutionStepStartEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string };

type RunEventFields_ExecutionStepSuccessEvent_Fragment = { __typename: 'ExecutionStepSuccessEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string };

type RunEventFields_ExecutionStepUpForRetryEvent_Fragment = { __typename: 'ExecutionStepUpForRetryEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, error: { message: string, className: string | null } | null };

type RunEventFields_HandledOutputEvent_Fragment = { __typename: 'HandledOutputEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string };

type RunEventFields_HookCompletedEvent_Fragment = { __typename: 'HookCompletedEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string };

type RunEventFields_HookErroredEvent_Fragment = { __typename: 'HookErroredEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, error: { message: string, className: string | null } | null };

type RunEventFields_HookSkippedEvent_Fragment = { __typename: 'HookSkippedEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string };

type RunEventFields_LoadedInputEvent_Fragment = { __typename: 'LoadedInputEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string };

type RunEventFields_LogMessageEvent_Fragment = { __typename: 'LogMessageEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string };

type RunEventFields_LogsCapturedEvent_Fragment = { __typename: 'LogsCapturedEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string };

type RunEventFields_MaterializationEvent_Fragment = { __typename: 'MaterializationEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string };

type RunEventFields_ObjectStoreOperationEvent_Fragment = { __typename: 'ObjectStoreOperationEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string };

type RunEventFields_ObservationEvent_Fragment = { __typename: 'ObservationEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string };

type RunEventFields_ResourceInitFailureEvent_Fragment = { __typename: 'ResourceInitFailureEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, error: { message: string, className: string | null } | null };

type RunEventFields_ResourceInitStartedEvent_Fragment = { __typename: 'ResourceInitStartedEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string };

type RunEventFields_ResourceInitSuccessEvent_Fragment = { __typename: 'ResourceInitSuccessEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string };

type RunEventFields_RunCanceledEvent_Fragment = { __typename: 'RunCanceledEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null, error: { message: string, className: string | null } | null };

type RunEventFields_RunCancelingEvent_Fragment = { __typename: 'RunCancelingEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null };

type RunEventFields_RunDequeuedEvent_Fragment = { __typename: 'RunDequeuedEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null };

type RunEventFields_RunEnqueuedEvent_Fragment = { __typename: 'RunEnqueuedEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null };

type RunEventFields_RunFailureEvent_Fragment = { __typename: 'RunFailureEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null, error: { message: string, className: string | null } | null };

type RunEventFields_RunStartEvent_Fragment = { __typename: 'RunStartEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null };

type RunEventFields_RunStartingEvent_Fragment = { __typename: 'RunStartingEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null };

type RunEventFields_RunSuccessEvent_Fragment = { __typename: 'RunSuccessEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null };

type RunEventFields_StepExpectationResultEvent_Fragment = { __typename: 'StepExpectationResultEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string };

type RunEventFields_StepWorkerStartedEvent_Fragment = { __typename: 'StepWorkerStartedEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string };

type RunEventFields_StepWorkerStartingEvent_Fragment = { __typename: 'StepWorkerStartingEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string };

export type RunEventFieldsFragment =
  | RunEventFields_AlertFailureEvent_Fragment
  | RunEventFields_AlertStartEvent_Fragment
  | RunEventFields_AlertSuccessEvent_Fragment
  | RunEventFields_AssetCheckEvaluationEvent_Fragment
  | RunEventFields_AssetCheckEvaluationPlannedEvent_Fragment
  | RunEventFields_AssetMaterializationPlannedEvent_Fragment
  | RunEventFields_EngineEvent_Fragment
  | RunEventFields_ExecutionStepFailureEvent_Fragment
  | RunEventFields_ExecutionStepInputEvent_Fragment
  | RunEventFields_ExecutionStepOutputEvent_Fragment
  | RunEventFields_ExecutionStepRestartEvent_Fragment
  | RunEventFields_ExecutionStepSkippedEvent_Fragment
  | RunEventFields_ExecutionStepStartEvent_Fragment
  | RunEventFields_ExecutionStepSuccessEvent_Fragment
  | RunEventFields_ExecutionStepUpForRetryEvent_Fragment
  | RunEventFields_HandledOutputEvent_Fragment
  | RunEventFields_HookCompletedEvent_Fragment
  | RunEventFields_HookErroredEvent_Fragment
  | RunEventFields_HookSkippedEvent_Fragment
  | RunEventFields_LoadedInputEvent_Fragment
  | RunEventFields_LogMessageEvent_Fragment
  | RunEventFields_LogsCapturedEvent_Fragment
  | RunEventFields_MaterializationEvent_Fragment
  | RunEventFields_ObjectStoreOperationEvent_Fragment
  | RunEventFields_ObservationEvent_Fragment
  | RunEventFields_ResourceInitFailureEvent_Fragment
  | RunEventFields_ResourceInitStartedEvent_Fragment
  | RunEventFields_ResourceInitSuccessEvent_Fragment
  | RunEventFields_RunCanceledEvent_Fragment
  | RunEventFields_RunCancelingEvent_Fragment
  | RunEventFields_RunDequeuedEvent_Fragment
  | RunEventFields_RunEnqueuedEvent_Fragment
  | RunEventFields_RunFailureEvent_Fragment
  | RunEventFields_RunStartEvent_Fragment
  | RunEventFields_RunStartingEvent_Fragment
  | RunEventFields_RunSuccessEvent_Fragment
  | RunEventFields_StepExpectationResultEvent_Fragment
  | RunEventFields_StepWorkerStartedEvent_Fragment
  | RunEventFields_StepWorkerStartingEvent_Fragment
;

export type RunsListQueryVariables = Exact<{
  filter?: RunsFilter | null | undefined;
  cursor?: string | null | undefined;
  limit?: number | null | undefined;
}>;


export type RunsListQuery = { runsOrError:
    | { __typename: 'InvalidPipelineRunsFilterError', message: string }
    | { __typename: 'PythonError', message: string }
    | { __typename: 'Runs', count: number | null, results: Array<{ id: string, runId: string, status: RunStatus, jobName: string, pipelineName: string, mode: string, creationTime: number, startTime: number | null, endTime: number | null, updateTime: number | null, canTerminate: boolean, tags: Array<{ key: string, value: string }> }> }
   };

export type PipelineRunsListQueryVariables = Exact<{
  filter?: RunsFilter | null | undefined;
  cursor?: string | null | undefined;
  limit?: number | null | undefined;
}>;


export type PipelineRunsListQuery = { pipelineRunsOrError:
    | { __typename: 'InvalidPipelineRunsFilterError', message: string }
    | { __typename: 'PythonError' }
    | { __typename: 'Runs', count: number | null, results: Array<{ runId: string, pipelineName: string }> }
   };

export type RunIdsQueryVariables = Exact<{
  filter?: RunsFilter | null | undefined;
  cursor?: string | null | undefined;
  limit?: number | null | undefined;
}>;


export type RunIdsQuery = { runIdsOrError:
    | { __typename: 'InvalidPipelineRunsFilterError', message: string }
    | { __typename: 'PythonError' }
    | { __typename: 'RunIds', results: Array<string> }
   };

export type RunDetailQueryVariables = Exact<{
  runId: string | number;
  afterCursor?: string | null | undefined;
  limit?: number | null | undefined;
}>;


export type RunDetailQuery = { runOrError:
    | { __typename: 'PythonError', message: string }
    | { __typename: 'Run', runStatus: RunStatus | null, repositoryName: string, locationName: string, runConfigYaml: string, stepKeysToExecute: Array<string> | null, rootConcurrencyKeys: Array<string> | null, allPools: Array<string> | null, hasConcurrencyKeySlots: boolean, hasUnconstrainedRootNodes: boolean, id: string, runId: string, status: RunStatus, jobName: string, pipelineName: string, mode: string, creationTime: number, startTime: number | null, endTime: number | null, updateTime: number | null, canTerminate: boolean, assetSelection: Array<{ path: Array<string> }> | null, stepStats: Array<{ runId: string, stepKey: string, status: StepEventStatus | null, startTime: number | null, endTime: number | null, attempts: Array<{ startTime: number | null, endTime: number | null }> }>, stats:
        | { __typename: 'PythonError' }
        | { __typename: 'RunStatsSnapshot', id: string, runId: string, stepsSucceeded: number, stepsFailed: number, materializations: number, expectations: number, enqueuedTime: number | null, launchTime: number | null, startTime: number | null, endTime: number | null }
      , eventConnection: { cursor: string, hasMore: boolean, events: Array<
          | { __typename: 'AlertFailureEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null }
          | { __typename: 'AlertStartEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null }
          | { __typename: 'AlertSuccessEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null }
          | { __typename: 'AssetCheckEvaluationEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
          | { __typename: 'AssetCheckEvaluationPlannedEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
          | { __typename: 'AssetMaterializationPlannedEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null }
          | { __typename: 'EngineEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, error: { message: string, className: string | null } | null }
          | { __typename: 'ExecutionStepFailureEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, error: { message: string, className: string | null } | null }
          | { __typename: 'ExecutionStepInputEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
          | { __typename: 'ExecutionStepOutputEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
          | { __typename: 'ExecutionStepRestartEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
          | { __typename: 'ExecutionStepSkippedEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
          | { __typename: 'ExecutionStepStartEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
          | { __typename: 'ExecutionStepSuccessEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
          | { __typename: 'ExecutionStepUpForRetryEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, error: { message: string, className: string | null } | null }
          | { __typename: 'HandledOutputEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
          | { __typename: 'HookCompletedEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
          | { __typename: 'HookErroredEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, error: { message: string, className: string | null } | null }
          | { __typename: 'HookSkippedEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
          | { __typename: 'LoadedInputEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
          | { __typename: 'LogMessageEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
          | { __typename: 'LogsCapturedEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
          | { __typename: 'MaterializationEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
          | { __typename: 'ObjectStoreOperationEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
          | { __typename: 'ObservationEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
          | { __typename: 'ResourceInitFailureEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, error: { message: string, className: string | null } | null }
          | { __typename: 'ResourceInitStartedEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
          | { __typename: 'ResourceInitSuccessEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
          | { __typename: 'RunCanceledEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null, error: { message: string, className: string | null } | null }
          | { __typename: 'RunCancelingEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null }
          | { __typename: 'RunDequeuedEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null }
          | { __typename: 'RunEnqueuedEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null }
          | { __typename: 'RunFailureEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null, error: { message: string, className: string | null } | null }
          | { __typename: 'RunStartEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null }
          | { __typename: 'RunStartingEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null }
          | { __typename: 'RunSuccessEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null }
          | { __typename: 'StepExpectationResultEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
          | { __typename: 'StepWorkerStartedEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
          | { __typename: 'StepWorkerStartingEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
        > }, tags: Array<{ key: string, value: string }> }
    | { __typename: 'RunNotFoundError', message: string, runId: string }
   };

export type PipelineRunDetailQueryVariables = Exact<{
  runId: string | number;
}>;


export type PipelineRunDetailQuery = { pipelineRunOrError:
    | { __typename: 'PythonError' }
    | { __typename: 'Run', runId: string, status: RunStatus, pipelineName: string }
    | { __typename: 'RunNotFoundError', message: string, runId: string }
   };

export type RunsPoolFlagsQueryVariables = Exact<{
  filter?: RunsFilter | null | undefined;
}>;


export type RunsPoolFlagsQuery = { runsOrError:
    | { __typename: 'InvalidPipelineRunsFilterError' }
    | { __typename: 'PythonError' }
    | { __typename: 'Runs', results: Array<{ runId: string, hasConcurrencyKeySlots: boolean, stats:
          | { __typename: 'PythonError' }
          | { __typename: 'RunStatsSnapshot', enqueuedTime: number | null }
         }> }
   };

export type RunTagKeysQueryVariables = Exact<{ [key: string]: never; }>;


export type RunTagKeysQuery = { runTagKeysOrError:
    | { __typename: 'PythonError' }
    | { __typename: 'RunTagKeys', keys: Array<string> }
   | null };

export type RunTagsQueryVariables = Exact<{
  tagKeys?: Array<string> | string | null | undefined;
  valuePrefix?: string | null | undefined;
  limit?: number | null | undefined;
}>;


export type RunTagsQuery = { runTagsOrError:
    | { __typename: 'PythonError', message: string, className: string | null }
    | { __typename: 'RunTags', tags: Array<{ key: string, values: Array<string> }> }
   | null };

export type LogsForRunQueryVariables = Exact<{
  runId: string | number;
  afterCursor?: string | null | undefined;
  limit?: number | null | undefined;
}>;


export type LogsForRunQuery = { logsForRun:
    | { __typename: 'EventConnection', cursor: string, hasMore: boolean, events: Array<
        | { __typename: 'AlertFailureEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null }
        | { __typename: 'AlertStartEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null }
        | { __typename: 'AlertSuccessEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null }
        | { __typename: 'AssetCheckEvaluationEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
        | { __typename: 'AssetCheckEvaluationPlannedEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
        | { __typename: 'AssetMaterializationPlannedEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null }
        | { __typename: 'EngineEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, error: { message: string, className: string | null } | null }
        | { __typename: 'ExecutionStepFailureEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, error: { message: string, className: string | null } | null }
        | { __typename: 'ExecutionStepInputEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
        | { __typename: 'ExecutionStepOutputEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
        | { __typename: 'ExecutionStepRestartEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
        | { __typename: 'ExecutionStepSkippedEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
        | { __typename: 'ExecutionStepStartEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
        | { __typename: 'ExecutionStepSuccessEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
        | { __typename: 'ExecutionStepUpForRetryEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, error: { message: string, className: string | null } | null }
        | { __typename: 'HandledOutputEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
        | { __typename: 'HookCompletedEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
        | { __typename: 'HookErroredEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, error: { message: string, className: string | null } | null }
        | { __typename: 'HookSkippedEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
        | { __typename: 'LoadedInputEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
        | { __typename: 'LogMessageEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
        | { __typename: 'LogsCapturedEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
        | { __typename: 'MaterializationEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
        | { __typename: 'ObjectStoreOperationEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
        | { __typename: 'ObservationEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
        | { __typename: 'ResourceInitFailureEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, error: { message: string, className: string | null } | null }
        | { __typename: 'ResourceInitStartedEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
        | { __typename: 'ResourceInitSuccessEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
        | { __typename: 'RunCanceledEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null, error: { message: string, className: string | null } | null }
        | { __typename: 'RunCancelingEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null }
        | { __typename: 'RunDequeuedEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null }
        | { __typename: 'RunEnqueuedEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null }
        | { __typename: 'RunFailureEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null, error: { message: string, className: string | null } | null }
        | { __typename: 'RunStartEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null }
        | { __typename: 'RunStartingEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null }
        | { __typename: 'RunSuccessEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string, pipelineName: string, fromStatus: RunStatus | null, toStatus: RunStatus | null }
        | { __typename: 'StepExpectationResultEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
        | { __typename: 'StepWorkerStartedEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
        | { __typename: 'StepWorkerStartingEvent', runId: string, message: string, timestamp: string, level: LogLevel, stepKey: string | null, solidHandleID: string | null, eventType: DagsterEventType | null, cursor: string }
      > }
    | { __typename: 'PythonError', message: string, className: string | null }
    | { __typename: 'RunNotFoundError', message: string, runId: string }
   };

export type RunStatusChangedSubscriptionVariables = Exact<{
  filter?: RunsFilter | null | undefined;
  cursor?: string | null | undefined;
}>;


export type RunStatusChangedSubscription = { runStatusChanged: { cursor: string, fromStatus: RunStatus | null, toStatus: RunStatus, run: { runId: string, status: RunStatus, jobName: string }, event:
      | { __typename: 'AlertFailureEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'AlertStartEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'AlertSuccessEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'AssetCheckEvaluationEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'AssetCheckEvaluationPlannedEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'AssetMaterializationPlannedEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'EngineEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'ExecutionStepFailureEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'ExecutionStepInputEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'ExecutionStepOutputEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'ExecutionStepRestartEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'ExecutionStepSkippedEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'ExecutionStepStartEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'ExecutionStepSuccessEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'ExecutionStepUpForRetryEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'HandledOutputEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'HookCompletedEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'HookErroredEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'HookSkippedEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'LoadedInputEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'LogMessageEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'LogsCapturedEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'MaterializationEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'ObjectStoreOperationEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'ObservationEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'ResourceInitFailureEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'ResourceInitStartedEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'ResourceInitSuccessEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'RunCanceledEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'RunCancelingEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'RunDequeuedEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'RunEnqueuedEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'RunFailureEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'RunStartEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'RunStartingEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'RunSuccessEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'StepExpectationResultEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'StepWorkerStartedEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
      | { __typename: 'StepWorkerStartingEvent', runId: string, eventType: DagsterEventType | null, message: string, cursor: string }
     } };

export type PipelineRunLogsSubscriptionVariables = Exact<{
  runId: string | number;
  cursor?: string | null | undefined;
}>;


export type PipelineRunLogsSubscription = { pipelineRunLogs:
    | { __typename: 'PipelineRunLogsSubscriptionFailure', message: string, missingRunId: string | null }
    | { __typename: 'PipelineRunLogsSubscriptionSuccess', hasMorePastEvents: boolean, cursor: string, run: { runId: string, status: RunStatus }, messages: Array<
        | { __typename: 'AlertFailureEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'AlertStartEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'AlertSuccessEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'AssetCheckEvaluationEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'AssetCheckEvaluationPlannedEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'AssetMaterializationPlannedEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'EngineEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'ExecutionStepFailureEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'ExecutionStepInputEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'ExecutionStepOutputEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'ExecutionStepRestartEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'ExecutionStepSkippedEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'ExecutionStepStartEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'ExecutionStepSuccessEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'ExecutionStepUpForRetryEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'HandledOutputEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'HookCompletedEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'HookErroredEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'HookSkippedEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'LoadedInputEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'LogMessageEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'LogsCapturedEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'MaterializationEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'ObjectStoreOperationEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'ObservationEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'ResourceInitFailureEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'ResourceInitStartedEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'ResourceInitSuccessEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'RunCanceledEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'RunCancelingEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'RunDequeuedEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'RunEnqueuedEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'RunFailureEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'RunStartEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'RunStartingEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'RunSuccessEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'StepExpectationResultEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'StepWorkerStartedEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
        | { __typename: 'StepWorkerStartingEvent', eventType: DagsterEventType | null, message: string, stepKey: string | null, cursor: string }
      > }
   };

export type ConcurrencyKeyChangedSubscriptionVariables = Exact<{
  concurrencyKey: string;
}>;


export type ConcurrencyKeyChangedSubscription = { concurrencyKeyChanged: { concurrencyKey: string, limit: number | null, usingDefaultLimit: boolean | null, activeSlotCount: number, pendingStepCount: number, claimedSlots: Array<{ runId: string, stepKey: string }> } };

export const DefinitionsAssetNodeFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DefinitionsAssetNode"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AssetNode"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"assetKey"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}}]}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"groupName"}},{"kind":"Field","name":{"kind":"Name","value":"jobNames"}},{"kind":"Field","name":{"kind":"Name","value":"opNames"}},{"kind":"Field","name":{"kind":"Name","value":"opName"}},{"kind":"Field","name":{"kind":"Name","value":"pools"}},{"kind":"Field","name":{"kind":"Name","value":"computeKind"}},{"kind":"Field","name":{"kind":"Name","value":"isExecutable"}},{"kind":"Field","name":{"kind":"Name","value":"isGraphAsset"}},{"kind":"Field","name":{"kind":"Name","value":"dependencyKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dependedByKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]} as unknown as DocumentNode<DefinitionsAssetNodeFragment, unknown>;
export const DefinitionsSolidFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DefinitionsSolid"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Solid"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"pool"}},{"kind":"Field","name":{"kind":"Name","value":"pools"}},{"kind":"Field","name":{"kind":"Name","value":"upstreamStepKeys"}},{"kind":"Field","name":{"kind":"Name","value":"definition"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"pool"}},{"kind":"Field","name":{"kind":"Name","value":"pools"}}]}},{"kind":"Field","name":{"kind":"Name","value":"inputs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"definition"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dependsOn"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"solid"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"outputs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"definition"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dependedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"solid"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"definition"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<DefinitionsSolidFragment, unknown>;
export const DefinitionsPipelineResultFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DefinitionsPipelineResult"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PipelineOrError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Job"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"isJob"}},{"kind":"Field","name":{"kind":"Name","value":"isAssetJob"}},{"kind":"Field","name":{"kind":"Name","value":"pools"}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"solids"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DefinitionsSolid"}}]}},{"kind":"Field","name":{"kind":"Name","value":"solidHandles"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handleID"}},{"kind":"Field","name":{"kind":"Name","value":"solid"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PipelineNotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"pipelineName"}},{"kind":"Field","name":{"kind":"Name","value":"repositoryName"}},{"kind":"Field","name":{"kind":"Name","value":"repositoryLocationName"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidSubsetError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"pipeline"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"solids"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PythonError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DefinitionsSolid"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Solid"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"pool"}},{"kind":"Field","name":{"kind":"Name","value":"pools"}},{"kind":"Field","name":{"kind":"Name","value":"upstreamStepKeys"}},{"kind":"Field","name":{"kind":"Name","value":"definition"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"pool"}},{"kind":"Field","name":{"kind":"Name","value":"pools"}}]}},{"kind":"Field","name":{"kind":"Name","value":"inputs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"definition"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dependsOn"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"solid"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"outputs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"definition"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dependedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"solid"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"definition"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<DefinitionsPipelineResultFragment, unknown>;
export const PoolInfoFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PoolInfo"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ConcurrencyKeyInfo"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"concurrencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"slotCount"}},{"kind":"Field","name":{"kind":"Name","value":"limit"}},{"kind":"Field","name":{"kind":"Name","value":"usingDefaultLimit"}},{"kind":"Field","name":{"kind":"Name","value":"claimedSlots"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"stepKey"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pendingSteps"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"stepKey"}},{"kind":"Field","name":{"kind":"Name","value":"enqueuedTimestamp"}},{"kind":"Field","name":{"kind":"Name","value":"assignedTimestamp"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}}]}},{"kind":"Field","name":{"kind":"Name","value":"activeSlotCount"}},{"kind":"Field","name":{"kind":"Name","value":"activeRunIds"}},{"kind":"Field","name":{"kind":"Name","value":"pendingStepCount"}},{"kind":"Field","name":{"kind":"Name","value":"pendingStepRunIds"}},{"kind":"Field","name":{"kind":"Name","value":"assignedStepCount"}},{"kind":"Field","name":{"kind":"Name","value":"assignedStepRunIds"}}]}}]} as unknown as DocumentNode<PoolInfoFragment, unknown>;
export const RunListItemFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunListItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Run"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"jobName"}},{"kind":"Field","name":{"kind":"Name","value":"pipelineName"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"creationTime"}},{"kind":"Field","name":{"kind":"Name","value":"startTime"}},{"kind":"Field","name":{"kind":"Name","value":"endTime"}},{"kind":"Field","name":{"kind":"Name","value":"updateTime"}},{"kind":"Field","name":{"kind":"Name","value":"canTerminate"}}]}}]} as unknown as DocumentNode<RunListItemFragment, unknown>;
export const RunEventFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunEventFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DagsterRunEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MessageEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"timestamp"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"stepKey"}},{"kind":"Field","name":{"kind":"Name","value":"solidHandleID"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pipelineName"}},{"kind":"Field","name":{"kind":"Name","value":"fromStatus"}},{"kind":"Field","name":{"kind":"Name","value":"toStatus"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ErrorEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"className"}}]}}]}}]}}]} as unknown as DocumentNode<RunEventFieldsFragment, unknown>;
export const DefinitionsRepositoriesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DefinitionsRepositories"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"repositoriesOrError"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RepositoryConnection"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"location"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"jobs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"isJob"}},{"kind":"Field","name":{"kind":"Name","value":"isAssetJob"}},{"kind":"Field","name":{"kind":"Name","value":"pools"}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"solids"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pipelines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"assetNodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DefinitionsAssetNode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"schedules"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"cronSchedule"}},{"kind":"Field","name":{"kind":"Name","value":"executionTimezone"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"pipelineName"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sensors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"minIntervalSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"targets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pipelineName"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}}]}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PythonError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DefinitionsAssetNode"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AssetNode"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"assetKey"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}}]}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"groupName"}},{"kind":"Field","name":{"kind":"Name","value":"jobNames"}},{"kind":"Field","name":{"kind":"Name","value":"opNames"}},{"kind":"Field","name":{"kind":"Name","value":"opName"}},{"kind":"Field","name":{"kind":"Name","value":"pools"}},{"kind":"Field","name":{"kind":"Name","value":"computeKind"}},{"kind":"Field","name":{"kind":"Name","value":"isExecutable"}},{"kind":"Field","name":{"kind":"Name","value":"isGraphAsset"}},{"kind":"Field","name":{"kind":"Name","value":"dependencyKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dependedByKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]} as unknown as DocumentNode<DefinitionsRepositoriesQuery, DefinitionsRepositoriesQueryVariables>;
export const DefinitionsPipelineDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DefinitionsPipeline"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"jobName"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"pipelineName"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"repositoryName"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"repositoryLocationName"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"solidSelection"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pipelineOrError"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"params"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"jobName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"jobName"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"pipelineName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"pipelineName"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"repositoryName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"repositoryName"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"repositoryLocationName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"repositoryLocationName"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"solidSelection"},"value":{"kind":"Variable","name":{"kind":"Name","value":"solidSelection"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DefinitionsPipelineResult"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DefinitionsSolid"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Solid"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"pool"}},{"kind":"Field","name":{"kind":"Name","value":"pools"}},{"kind":"Field","name":{"kind":"Name","value":"upstreamStepKeys"}},{"kind":"Field","name":{"kind":"Name","value":"definition"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"pool"}},{"kind":"Field","name":{"kind":"Name","value":"pools"}}]}},{"kind":"Field","name":{"kind":"Name","value":"inputs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"definition"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dependsOn"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"solid"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"outputs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"definition"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dependedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"solid"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"definition"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DefinitionsPipelineResult"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PipelineOrError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Job"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"isJob"}},{"kind":"Field","name":{"kind":"Name","value":"isAssetJob"}},{"kind":"Field","name":{"kind":"Name","value":"pools"}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"solids"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DefinitionsSolid"}}]}},{"kind":"Field","name":{"kind":"Name","value":"solidHandles"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handleID"}},{"kind":"Field","name":{"kind":"Name","value":"solid"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PipelineNotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"pipelineName"}},{"kind":"Field","name":{"kind":"Name","value":"repositoryName"}},{"kind":"Field","name":{"kind":"Name","value":"repositoryLocationName"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidSubsetError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"pipeline"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"solids"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PythonError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]} as unknown as DocumentNode<DefinitionsPipelineQuery, DefinitionsPipelineQueryVariables>;
export const DefinitionsPipelineAssetSubsetDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DefinitionsPipelineAssetSubset"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"jobName"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"repositoryName"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"repositoryLocationName"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"assetPath"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"solidSelection"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pipelineOrError"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"params"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"jobName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"jobName"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"repositoryName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"repositoryName"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"repositoryLocationName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"repositoryLocationName"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"assetSelection"},"value":{"kind":"ListValue","values":[{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"path"},"value":{"kind":"Variable","name":{"kind":"Name","value":"assetPath"}}}]}]}},{"kind":"ObjectField","name":{"kind":"Name","value":"solidSelection"},"value":{"kind":"Variable","name":{"kind":"Name","value":"solidSelection"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DefinitionsPipelineResult"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DefinitionsSolid"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Solid"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"pool"}},{"kind":"Field","name":{"kind":"Name","value":"pools"}},{"kind":"Field","name":{"kind":"Name","value":"upstreamStepKeys"}},{"kind":"Field","name":{"kind":"Name","value":"definition"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"pool"}},{"kind":"Field","name":{"kind":"Name","value":"pools"}}]}},{"kind":"Field","name":{"kind":"Name","value":"inputs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"definition"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dependsOn"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"solid"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"outputs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"definition"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dependedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"solid"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"definition"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DefinitionsPipelineResult"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PipelineOrError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Job"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"isJob"}},{"kind":"Field","name":{"kind":"Name","value":"isAssetJob"}},{"kind":"Field","name":{"kind":"Name","value":"pools"}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"solids"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DefinitionsSolid"}}]}},{"kind":"Field","name":{"kind":"Name","value":"solidHandles"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handleID"}},{"kind":"Field","name":{"kind":"Name","value":"solid"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PipelineNotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"pipelineName"}},{"kind":"Field","name":{"kind":"Name","value":"repositoryName"}},{"kind":"Field","name":{"kind":"Name","value":"repositoryLocationName"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidSubsetError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"pipeline"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"solids"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PythonError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]} as unknown as DocumentNode<DefinitionsPipelineAssetSubsetQuery, DefinitionsPipelineAssetSubsetQueryVariables>;
export const DefinitionsOpDetailsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DefinitionsOpDetails"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"jobName"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"repositoryName"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"repositoryLocationName"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"handleID"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"parentHandleID"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pipelineOrError"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"params"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"jobName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"jobName"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"repositoryName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"repositoryName"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"repositoryLocationName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"repositoryLocationName"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Job"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"solidHandle"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"handleID"},"value":{"kind":"Variable","name":{"kind":"Name","value":"handleID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handleID"}},{"kind":"Field","name":{"kind":"Name","value":"solid"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"definition"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"pool"}},{"kind":"Field","name":{"kind":"Name","value":"pools"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"solidHandles"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"parentHandleID"},"value":{"kind":"Variable","name":{"kind":"Name","value":"parentHandleID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handleID"}}]}}]}}]}}]}}]} as unknown as DocumentNode<DefinitionsOpDetailsQuery, DefinitionsOpDetailsQueryVariables>;
export const DefinitionsAssetNodesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DefinitionsAssetNodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"assetNodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DefinitionsAssetNode"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DefinitionsAssetNode"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AssetNode"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"assetKey"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}}]}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"groupName"}},{"kind":"Field","name":{"kind":"Name","value":"jobNames"}},{"kind":"Field","name":{"kind":"Name","value":"opNames"}},{"kind":"Field","name":{"kind":"Name","value":"opName"}},{"kind":"Field","name":{"kind":"Name","value":"pools"}},{"kind":"Field","name":{"kind":"Name","value":"computeKind"}},{"kind":"Field","name":{"kind":"Name","value":"isExecutable"}},{"kind":"Field","name":{"kind":"Name","value":"isGraphAsset"}},{"kind":"Field","name":{"kind":"Name","value":"dependencyKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dependedByKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]} as unknown as DocumentNode<DefinitionsAssetNodesQuery, DefinitionsAssetNodesQueryVariables>;
export const DefinitionsAssetNodesOfJobDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DefinitionsAssetNodesOfJob"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"jobName"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"repositoryName"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"repositoryLocationName"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"assetNodes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"pipeline"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"jobName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"jobName"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"repositoryName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"repositoryName"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"repositoryLocationName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"repositoryLocationName"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"assetKey"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]}}]}}]} as unknown as DocumentNode<DefinitionsAssetNodesOfJobQuery, DefinitionsAssetNodesOfJobQueryVariables>;
export const DefinitionsAssetNodesOfGroupDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DefinitionsAssetNodesOfGroup"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"groupName"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"repositoryName"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"repositoryLocationName"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"assetNodes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"group"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"groupName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"groupName"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"repositoryName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"repositoryName"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"repositoryLocationName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"repositoryLocationName"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"assetKey"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]}}]}}]} as unknown as DocumentNode<DefinitionsAssetNodesOfGroupQuery, DefinitionsAssetNodesOfGroupQueryVariables>;
export const DefinitionsAssetNodesByKeysDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DefinitionsAssetNodesByKeys"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"second"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"jobName"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"repositoryName"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"repositoryLocationName"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"byKeys"},"name":{"kind":"Name","value":"assetNodes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"assetKeys"},"value":{"kind":"ListValue","values":[{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"path"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}]},{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"path"},"value":{"kind":"Variable","name":{"kind":"Name","value":"second"}}}]}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"assetKey"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"inJob"},"name":{"kind":"Name","value":"assetNodes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"assetKeys"},"value":{"kind":"ListValue","values":[{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"path"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}]},{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"path"},"value":{"kind":"Variable","name":{"kind":"Name","value":"second"}}}]}]}},{"kind":"Argument","name":{"kind":"Name","value":"pipeline"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"jobName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"jobName"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"repositoryName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"repositoryName"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"repositoryLocationName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"repositoryLocationName"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"assetKey"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]}}]}}]} as unknown as DocumentNode<DefinitionsAssetNodesByKeysQuery, DefinitionsAssetNodesByKeysQueryVariables>;
export const DefinitionsAssetNodeOrErrorDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DefinitionsAssetNodeOrError"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"path"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"assetNodeOrError"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"assetKey"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"path"},"value":{"kind":"Variable","name":{"kind":"Name","value":"path"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AssetNode"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DefinitionsAssetNode"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AssetNotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DefinitionsAssetNode"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AssetNode"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"assetKey"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}}]}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"groupName"}},{"kind":"Field","name":{"kind":"Name","value":"jobNames"}},{"kind":"Field","name":{"kind":"Name","value":"opNames"}},{"kind":"Field","name":{"kind":"Name","value":"opName"}},{"kind":"Field","name":{"kind":"Name","value":"pools"}},{"kind":"Field","name":{"kind":"Name","value":"computeKind"}},{"kind":"Field","name":{"kind":"Name","value":"isExecutable"}},{"kind":"Field","name":{"kind":"Name","value":"isGraphAsset"}},{"kind":"Field","name":{"kind":"Name","value":"dependencyKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dependedByKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]} as unknown as DocumentNode<DefinitionsAssetNodeOrErrorQuery, DefinitionsAssetNodeOrErrorQueryVariables>;
export const InstanceOverviewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"InstanceOverview"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"instance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runQueuingSupported"}},{"kind":"Field","name":{"kind":"Name","value":"runQueueConfig"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"maxConcurrentRuns"}},{"kind":"Field","name":{"kind":"Name","value":"tagConcurrencyLimitsYaml"}},{"kind":"Field","name":{"kind":"Name","value":"isOpConcurrencyAware"}}]}},{"kind":"Field","name":{"kind":"Name","value":"poolConfig"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"poolGranularity"}},{"kind":"Field","name":{"kind":"Name","value":"defaultPoolLimit"}},{"kind":"Field","name":{"kind":"Name","value":"opGranularityRunBuffer"}}]}},{"kind":"Field","name":{"kind":"Name","value":"hasInfo"}},{"kind":"Field","name":{"kind":"Name","value":"info"}},{"kind":"Field","name":{"kind":"Name","value":"minConcurrencyLimitValue"}},{"kind":"Field","name":{"kind":"Name","value":"maxConcurrencyLimitValue"}},{"kind":"Field","name":{"kind":"Name","value":"supportsConcurrencyLimits"}},{"kind":"Field","name":{"kind":"Name","value":"runLauncher"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<InstanceOverviewQuery, InstanceOverviewQueryVariables>;
export const DaemonHealthDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DaemonHealth"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"instance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"daemonHealth"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allDaemonStatuses"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"daemonType"}},{"kind":"Field","name":{"kind":"Name","value":"required"}},{"kind":"Field","name":{"kind":"Name","value":"healthy"}},{"kind":"Field","name":{"kind":"Name","value":"lastHeartbeatTime"}},{"kind":"Field","name":{"kind":"Name","value":"lastHeartbeatErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"instanceCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"daemonStatus"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"daemonType"},"value":{"kind":"StringValue","value":"QUEUED_RUN_COORDINATOR","block":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"daemonType"}},{"kind":"Field","name":{"kind":"Name","value":"healthy"}}]}}]}}]}}]}}]} as unknown as DocumentNode<DaemonHealthQuery, DaemonHealthQueryVariables>;
export const LaunchRunDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"LaunchRun"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"executionParams"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ExecutionParams"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"launchRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"executionParams"},"value":{"kind":"Variable","name":{"kind":"Name","value":"executionParams"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"LaunchRunSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"jobName"}},{"kind":"Field","name":{"kind":"Name","value":"allPools"}},{"kind":"Field","name":{"kind":"Name","value":"rootConcurrencyKeys"}},{"kind":"Field","name":{"kind":"Name","value":"hasUnconstrainedRootNodes"}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PipelineNotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pipelineName"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunConfigValidationInvalid"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidTagsError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tagKey"}}]}}]}}]}}]} as unknown as DocumentNode<LaunchRunMutation, LaunchRunMutationVariables>;
export const LaunchMultipleRunsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"LaunchMultipleRuns"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"executionParamsList"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ExecutionParams"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"launchMultipleRuns"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"executionParamsList"},"value":{"kind":"Variable","name":{"kind":"Name","value":"executionParamsList"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"LaunchMultipleRunsResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"launchMultipleRunsResult"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"LaunchRunSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runId"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<LaunchMultipleRunsMutation, LaunchMultipleRunsMutationVariables>;
export const TerminateRunDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TerminateRun"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"terminatePolicy"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"TerminateRunPolicy"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"terminateRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}},{"kind":"Argument","name":{"kind":"Name","value":"terminatePolicy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"terminatePolicy"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TerminateRunSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<TerminateRunMutation, TerminateRunMutationVariables>;
export const TerminateRunsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TerminateRuns"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runIds"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"terminateRuns"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"runIds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runIds"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TerminateRunsResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"terminateRunResults"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<TerminateRunsMutation, TerminateRunsMutationVariables>;
export const DeleteRunDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteRun"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeletePipelineRunSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<DeleteRunMutation, DeleteRunMutationVariables>;
export const RunLifecycleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RunLifecycle"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runOrError"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Run"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"canTerminate"}},{"kind":"Field","name":{"kind":"Name","value":"queuePosition"}},{"kind":"Field","name":{"kind":"Name","value":"queueBlockers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"limit"}},{"kind":"Field","name":{"kind":"Name","value":"inUse"}},{"kind":"Field","name":{"kind":"Name","value":"runIds"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"stepStats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stepKey"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]} as unknown as DocumentNode<RunLifecycleQuery, RunLifecycleQueryVariables>;
export const RunLogsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RunLogs"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"afterCursor"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"logsForRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}},{"kind":"Argument","name":{"kind":"Name","value":"afterCursor"},"value":{"kind":"Variable","name":{"kind":"Name","value":"afterCursor"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EventConnection"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"events"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MessageEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"stepKey"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"level"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"hasMore"}}]}}]}}]}}]} as unknown as DocumentNode<RunLogsQuery, RunLogsQueryVariables>;
export const SetConcurrencyLimitDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetConcurrencyLimit"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"concurrencyKey"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setConcurrencyLimit"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"concurrencyKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"concurrencyKey"}}},{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}}]}]}}]} as unknown as DocumentNode<SetConcurrencyLimitMutation, SetConcurrencyLimitMutationVariables>;
export const DeleteConcurrencyLimitDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteConcurrencyLimit"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"concurrencyKey"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteConcurrencyLimit"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"concurrencyKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"concurrencyKey"}}}]}]}}]} as unknown as DocumentNode<DeleteConcurrencyLimitMutation, DeleteConcurrencyLimitMutationVariables>;
export const FreeConcurrencySlotsForRunDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"FreeConcurrencySlotsForRun"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"freeConcurrencySlotsForRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}}]}]}}]} as unknown as DocumentNode<FreeConcurrencySlotsForRunMutation, FreeConcurrencySlotsForRunMutationVariables>;
export const ConcurrencyLimitsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConcurrencyLimits"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"instance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"concurrencyLimits"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PoolInfo"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PoolInfo"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ConcurrencyKeyInfo"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"concurrencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"slotCount"}},{"kind":"Field","name":{"kind":"Name","value":"limit"}},{"kind":"Field","name":{"kind":"Name","value":"usingDefaultLimit"}},{"kind":"Field","name":{"kind":"Name","value":"claimedSlots"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"stepKey"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pendingSteps"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"stepKey"}},{"kind":"Field","name":{"kind":"Name","value":"enqueuedTimestamp"}},{"kind":"Field","name":{"kind":"Name","value":"assignedTimestamp"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}}]}},{"kind":"Field","name":{"kind":"Name","value":"activeSlotCount"}},{"kind":"Field","name":{"kind":"Name","value":"activeRunIds"}},{"kind":"Field","name":{"kind":"Name","value":"pendingStepCount"}},{"kind":"Field","name":{"kind":"Name","value":"pendingStepRunIds"}},{"kind":"Field","name":{"kind":"Name","value":"assignedStepCount"}},{"kind":"Field","name":{"kind":"Name","value":"assignedStepRunIds"}}]}}]} as unknown as DocumentNode<ConcurrencyLimitsQuery, ConcurrencyLimitsQueryVariables>;
export const ConcurrencyLimitDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConcurrencyLimit"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"concurrencyKey"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"instance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"concurrencyLimit"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"concurrencyKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"concurrencyKey"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PoolInfo"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PoolInfo"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ConcurrencyKeyInfo"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"concurrencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"slotCount"}},{"kind":"Field","name":{"kind":"Name","value":"limit"}},{"kind":"Field","name":{"kind":"Name","value":"usingDefaultLimit"}},{"kind":"Field","name":{"kind":"Name","value":"claimedSlots"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"stepKey"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pendingSteps"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"stepKey"}},{"kind":"Field","name":{"kind":"Name","value":"enqueuedTimestamp"}},{"kind":"Field","name":{"kind":"Name","value":"assignedTimestamp"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}}]}},{"kind":"Field","name":{"kind":"Name","value":"activeSlotCount"}},{"kind":"Field","name":{"kind":"Name","value":"activeRunIds"}},{"kind":"Field","name":{"kind":"Name","value":"pendingStepCount"}},{"kind":"Field","name":{"kind":"Name","value":"pendingStepRunIds"}},{"kind":"Field","name":{"kind":"Name","value":"assignedStepCount"}},{"kind":"Field","name":{"kind":"Name","value":"assignedStepRunIds"}}]}}]} as unknown as DocumentNode<ConcurrencyLimitQuery, ConcurrencyLimitQueryVariables>;
export const RunsListDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RunsList"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RunsFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"cursor"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runsOrError"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"cursor"},"value":{"kind":"Variable","name":{"kind":"Name","value":"cursor"}}},{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Runs"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"results"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunListItem"}}]}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidPipelineRunsFilterError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PythonError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunListItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Run"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"jobName"}},{"kind":"Field","name":{"kind":"Name","value":"pipelineName"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"creationTime"}},{"kind":"Field","name":{"kind":"Name","value":"startTime"}},{"kind":"Field","name":{"kind":"Name","value":"endTime"}},{"kind":"Field","name":{"kind":"Name","value":"updateTime"}},{"kind":"Field","name":{"kind":"Name","value":"canTerminate"}}]}}]} as unknown as DocumentNode<RunsListQuery, RunsListQueryVariables>;
export const PipelineRunsListDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PipelineRunsList"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RunsFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"cursor"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pipelineRunsOrError"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"cursor"},"value":{"kind":"Variable","name":{"kind":"Name","value":"cursor"}}},{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Runs"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"results"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"pipelineName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidPipelineRunsFilterError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<PipelineRunsListQuery, PipelineRunsListQueryVariables>;
export const RunIdsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RunIds"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RunsFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"cursor"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runIdsOrError"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"cursor"},"value":{"kind":"Variable","name":{"kind":"Name","value":"cursor"}}},{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunIds"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"results"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidPipelineRunsFilterError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<RunIdsQuery, RunIdsQueryVariables>;
export const RunDetailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RunDetail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"afterCursor"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runOrError"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Run"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunListItem"}},{"kind":"Field","name":{"kind":"Name","value":"runStatus"}},{"kind":"Field","name":{"kind":"Name","value":"repositoryName"}},{"kind":"Field","name":{"kind":"Name","value":"locationName"}},{"kind":"Field","name":{"kind":"Name","value":"runConfigYaml"}},{"kind":"Field","name":{"kind":"Name","value":"stepKeysToExecute"}},{"kind":"Field","name":{"kind":"Name","value":"assetSelection"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rootConcurrencyKeys"}},{"kind":"Field","name":{"kind":"Name","value":"allPools"}},{"kind":"Field","name":{"kind":"Name","value":"hasConcurrencyKeySlots"}},{"kind":"Field","name":{"kind":"Name","value":"hasUnconstrainedRootNodes"}},{"kind":"Field","name":{"kind":"Name","value":"stepStats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"stepKey"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"startTime"}},{"kind":"Field","name":{"kind":"Name","value":"endTime"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startTime"}},{"kind":"Field","name":{"kind":"Name","value":"endTime"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"stats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunStatsSnapshot"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"stepsSucceeded"}},{"kind":"Field","name":{"kind":"Name","value":"stepsFailed"}},{"kind":"Field","name":{"kind":"Name","value":"materializations"}},{"kind":"Field","name":{"kind":"Name","value":"expectations"}},{"kind":"Field","name":{"kind":"Name","value":"enqueuedTime"}},{"kind":"Field","name":{"kind":"Name","value":"launchTime"}},{"kind":"Field","name":{"kind":"Name","value":"startTime"}},{"kind":"Field","name":{"kind":"Name","value":"endTime"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"eventConnection"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"afterCursor"},"value":{"kind":"Variable","name":{"kind":"Name","value":"afterCursor"}}},{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"hasMore"}},{"kind":"Field","name":{"kind":"Name","value":"events"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunEventFields"}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunNotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"runId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PythonError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunListItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Run"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"jobName"}},{"kind":"Field","name":{"kind":"Name","value":"pipelineName"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"creationTime"}},{"kind":"Field","name":{"kind":"Name","value":"startTime"}},{"kind":"Field","name":{"kind":"Name","value":"endTime"}},{"kind":"Field","name":{"kind":"Name","value":"updateTime"}},{"kind":"Field","name":{"kind":"Name","value":"canTerminate"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunEventFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DagsterRunEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MessageEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"timestamp"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"stepKey"}},{"kind":"Field","name":{"kind":"Name","value":"solidHandleID"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pipelineName"}},{"kind":"Field","name":{"kind":"Name","value":"fromStatus"}},{"kind":"Field","name":{"kind":"Name","value":"toStatus"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ErrorEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"className"}}]}}]}}]}}]} as unknown as DocumentNode<RunDetailQuery, RunDetailQueryVariables>;
export const PipelineRunDetailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PipelineRunDetail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pipelineRunOrError"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Run"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"pipelineName"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunNotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"runId"}}]}}]}}]}}]} as unknown as DocumentNode<PipelineRunDetailQuery, PipelineRunDetailQueryVariables>;
export const RunsPoolFlagsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RunsPoolFlags"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RunsFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runsOrError"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Runs"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"results"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"hasConcurrencyKeySlots"}},{"kind":"Field","name":{"kind":"Name","value":"stats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunStatsSnapshot"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enqueuedTime"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<RunsPoolFlagsQuery, RunsPoolFlagsQueryVariables>;
export const RunTagKeysDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RunTagKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runTagKeysOrError"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunTagKeys"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"keys"}}]}}]}}]}}]} as unknown as DocumentNode<RunTagKeysQuery, RunTagKeysQueryVariables>;
export const RunTagsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RunTags"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tagKeys"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"valuePrefix"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runTagsOrError"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"tagKeys"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tagKeys"}}},{"kind":"Argument","name":{"kind":"Name","value":"valuePrefix"},"value":{"kind":"Variable","name":{"kind":"Name","value":"valuePrefix"}}},{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunTags"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"values"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PythonError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"className"}}]}}]}}]}}]} as unknown as DocumentNode<RunTagsQuery, RunTagsQueryVariables>;
export const LogsForRunDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LogsForRun"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"afterCursor"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"logsForRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}},{"kind":"Argument","name":{"kind":"Name","value":"afterCursor"},"value":{"kind":"Variable","name":{"kind":"Name","value":"afterCursor"}}},{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EventConnection"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"hasMore"}},{"kind":"Field","name":{"kind":"Name","value":"events"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunEventFields"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunNotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"runId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PythonError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"className"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunEventFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DagsterRunEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MessageEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"timestamp"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"stepKey"}},{"kind":"Field","name":{"kind":"Name","value":"solidHandleID"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pipelineName"}},{"kind":"Field","name":{"kind":"Name","value":"fromStatus"}},{"kind":"Field","name":{"kind":"Name","value":"toStatus"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ErrorEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"className"}}]}}]}}]}}]} as unknown as DocumentNode<LogsForRunQuery, LogsForRunQueryVariables>;
export const RunStatusChangedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"RunStatusChanged"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RunsFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"cursor"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runStatusChanged"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"cursor"},"value":{"kind":"Variable","name":{"kind":"Name","value":"cursor"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"fromStatus"}},{"kind":"Field","name":{"kind":"Name","value":"toStatus"}},{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"jobName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"event"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MessageEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}}]}}]}}]}}]}}]} as unknown as DocumentNode<RunStatusChangedSubscription, RunStatusChangedSubscriptionVariables>;
export const PipelineRunLogsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"PipelineRunLogs"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"cursor"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pipelineRunLogs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}},{"kind":"Argument","name":{"kind":"Name","value":"cursor"},"value":{"kind":"Variable","name":{"kind":"Name","value":"cursor"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PipelineRunLogsSubscriptionSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"hasMorePastEvents"}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"messages"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MessageEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"stepKey"}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PipelineRunLogsSubscriptionFailure"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"missingRunId"}}]}}]}}]}}]} as unknown as DocumentNode<PipelineRunLogsSubscription, PipelineRunLogsSubscriptionVariables>;
export const ConcurrencyKeyChangedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ConcurrencyKeyChanged"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"concurrencyKey"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"concurrencyKeyChanged"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"concurrencyKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"concurrencyKey"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"concurrencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"limit"}},{"kind":"Field","name":{"kind":"Name","value":"usingDefaultLimit"}},{"kind":"Field","name":{"kind":"Name","value":"activeSlotCount"}},{"kind":"Field","name":{"kind":"Name","value":"pendingStepCount"}},{"kind":"Field","name":{"kind":"Name","value":"claimedSlots"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"stepKey"}}]}}]}}]}}]} as unknown as DocumentNode<ConcurrencyKeyChangedSubscription, ConcurrencyKeyChangedSubscriptionVariables>;