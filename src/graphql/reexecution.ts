// Re-execution and run groups (Dagster's launchRunReexecution / launchPipelineReexecution and runGroupOrError).
// The mutations take exactly one of Dagster's two forms:
//  - reexecutionParams { parentRunId, strategy, extraTags, useParentRunTags }: the server decides the steps
//    (ALL_STEPS, FROM_FAILURE, FROM_ASSET_FAILURE) from the parent run (src/queue/reexecute.ts);
//  - executionParams with executionMetadata.parentRunId (what Dagster's UI sends to "re-execute selected
//    steps"): stepKeys selects the steps (none: FROM_FAILURE when the tags carry dagster/is_resume_retry=true,
//    else ALL_STEPS), executionMetadata.tags are added to the run's, runConfigData replaces the parent's config.
// A preset is a PresetNotFoundError (with runConfigData, ConflictingExecutionParamsError), as for launchRun.
// Both or neither is a PythonError, as in Dagster ("Must only provide one of either executionParams or
// reexecutionParams"). Each launch takes one from the client's launch rate, and the run enters the queue in
// the mutation's transaction like any launch. Parent run not found, a running parent, FROM_FAILURE of a run
// that did not fail, and a missing stored output are PythonErrors naming their class (Dagster has no member
// for them); an unknown selected step is InvalidStepError; nothing to re-execute is InvalidSubsetError.
import { UnauthorizedError } from '../auth/unauthorized.js';
import { ConflictingExecutionParamsError } from '../backfills/errors.js';
import { InvalidSubsetError, PipelineNotFoundError } from '../definitions/index.js';
import { launchReexecution, REEXECUTION_STRATEGIES, ReexecutionNotAllowedError, type ReexecutionRequest } from '../queue/reexecute.js';
import { InvalidStepError } from '../queue/reexecute-errors.js';
import { InvalidOutputErrorType } from './step-errors.js';
import { RunConfigValidationInvalid } from '../runs/errors.js';
import { NoModeProvidedError, PresetNotFoundError, RunConflict } from '../runs/launch-errors.js';
import { readRunGroup, lineageOf } from '../runs/run-group.js';
import type { RunRecord } from '../runs/run-record.js';
import { TAGS } from '../runs/vocabulary.js';
import { authorized } from './authorize.js';
import { builder, ErrorInterface } from './builder.js';
import { answering, PythonError, successUnlessPythonError } from './errors.js';
import { admitLaunches, ExecutionParamsInput, LaunchRunSuccess } from './launch.js';
import { RunRef } from './refs.js';
import { ExecutionTagInput } from './runs.js';

const ReexecutionStrategyEnum = builder.enumType('ReexecutionStrategy', {
  values: REEXECUTION_STRATEGIES,
});

const ReexecutionParamsInput = builder.inputType('ReexecutionParams', {
  fields: (t) => ({
    parentRunId: t.string({ required: true }),
    strategy: t.field({ type: ReexecutionStrategyEnum, required: true }),
    extraTags: t.field({
      type: [ExecutionTagInput],
      description: 'NEW: tags added to the new run (after the parent’s, when useParentRunTags); a field of later Dagster versions.',
    }),
    useParentRunTags: t.boolean({
      description: "NEW: start from the parent run's tags (except the ones Dagster drops on retry); a field of later Dagster versions.",
    }),
  }),
});

const LaunchRunReexecutionResult = builder.errorUnion('LaunchRunReexecutionResult', {
  types: [
    LaunchRunSuccess,
    // Error classes, not their refs: the errors plugin maps an error to its member by class.
    InvalidStepError,
    InvalidOutputErrorType,
    RunConfigValidationInvalid,
    PipelineNotFoundError,
    RunConflict,
    UnauthorizedError,
    PythonError,
    InvalidSubsetError,
    PresetNotFoundError,
    ConflictingExecutionParamsError,
    NoModeProvidedError,
  ],
  resolveType: successUnlessPythonError('LaunchRunSuccess'),
});

type ExecutionParamsShape = typeof ExecutionParamsInput.$inferInput;
type ReexecutionParamsShape = typeof ReexecutionParamsInput.$inferInput;

/** The tags the server sets on every re-execution: a client's copy of them (Dagster's UI sends them) is replaced. */
const SERVER_TAGS = new Set<string>([TAGS.parentRunId, TAGS.rootRunId, TAGS.isResumeRetry, TAGS.isAssetResumeRetry]);

function fromExecutionParams(params: ExecutionParamsShape): ReexecutionRequest {
  // As launchRun answers them: Tidepool jobs have no presets.
  if (params.preset != null && (params.runConfigData != null || params.mode != null)) {
    throw new ConflictingExecutionParamsError('Give either a preset or runConfigData and mode, not both.');
  }
  if (params.preset != null) throw new PresetNotFoundError(params.preset);
  const metadata = params.executionMetadata;
  const parentRunId = metadata?.parentRunId;
  if (!parentRunId) {
    throw new ReexecutionNotAllowedError('A re-execution from executionParams needs executionMetadata.parentRunId: the run to re-execute.');
  }
  const tags = metadata?.tags ?? [];
  const resume = tags.some((tag) => tag.key === TAGS.isResumeRetry && tag.value === 'true');
  return {
    parentRunId,
    strategy: resume ? 'FROM_FAILURE' : 'ALL_STEPS',
    stepKeys: params.stepKeys ?? null,
    extraTags: tags.filter((tag) => !SERVER_TAGS.has(tag.key)),
    runConfigData: params.runConfigData,
    jobName: params.selector.pipelineName || params.selector.jobName || null,
  };
}

function fromReexecutionParams(params: ReexecutionParamsShape): ReexecutionRequest {
  return {
    parentRunId: params.parentRunId,
    strategy: params.strategy,
    extraTags: params.extraTags ?? null,
    useParentRunTags: params.useParentRunTags ?? false,
  };
}

builder.mutationFields((t) => {
  const reexecutionField = (description: string) =>
    t.field({
      type: LaunchRunReexecutionResult,
      description,
      args: {
        executionParams: t.arg({ type: ExecutionParamsInput }),
        reexecutionParams: t.arg({ type: ReexecutionParamsInput }),
      },
      resolve: authorized(
        'launch_pipeline_reexecution',
        answering(async (_root, { executionParams, reexecutionParams }, ctx) => {
          if (!executionParams === !reexecutionParams) {
            throw new ReexecutionNotAllowedError('Must only provide one of either executionParams or reexecutionParams');
          }
          admitLaunches(ctx, 1);
          const request = executionParams ? fromExecutionParams(executionParams) : fromReexecutionParams(reexecutionParams!);
          const result = await launchReexecution(ctx.instance, ctx.location, { ...request, client: ctx.client }, ctx.instance.database.api);
          if (!result.ok) throw result.error;
          ctx.log.debug({ runId: result.run.id, parentRunId: request.parentRunId }, 'run re-executed');
          return { run: result.run };
        }),
      ),
    });
  return {
    launchRunReexecution: reexecutionField(
      'Re-execute a run: all its steps, from its failure, its failed assets, or selected steps (executionParams.stepKeys). The new run joins the parent’s run group and enters the queue.',
    ),
    launchPipelineReexecution: reexecutionField('Legacy name of launchRunReexecution.'),
  };
});

// ---------------------------------------------------------------------------------------------- run groups

class RunGroupNotFoundError extends Error {
  override readonly name = 'RunGroupNotFoundError';
  constructor(readonly runId: string) {
    super(`Run group of run ${runId} could not be found.`);
  }
}

builder.objectType(RunGroupNotFoundError, {
  name: 'RunGroupNotFoundError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ runId: t.exposeString('runId') }),
});

const RunGroupType = builder.objectRef<{ rootRunId: string; runs: RunRecord[] }>('RunGroup').implement({
  description: 'A run and its re-executions: the root run and every run whose dagster/root_run_id names it, oldest first.',
  fields: (t) => ({
    rootRunId: t.exposeString('rootRunId'),
    runs: t.field({ type: [RunRef], nullable: { list: true, items: true }, resolve: (group) => group.runs }),
  }),
});

const RunGroupOrError = builder.errorUnion('RunGroupOrError', {
  types: [RunGroupType, RunGroupNotFoundError, PythonError],
  resolveType: successUnlessPythonError('RunGroup'),
});

builder.queryFields((t) => ({
  runGroupOrError: t.field({
    type: RunGroupOrError,
    args: { runId: t.arg.id({ required: true }) },
    resolve: answering(async (_root, { runId }, ctx) => {
      const group = await readRunGroup(ctx.instance.database.api, String(runId));
      return group ?? new RunGroupNotFoundError(String(runId));
    }),
  }),
}));

// Dagster's Run.parentRunId / rootRunId: the run's lineage tags (null for a run that is not a re-execution).
builder.objectFields(RunRef, (t) => ({
  parentRunId: t.string({ nullable: true, resolve: (run) => lineageOf(run).parentRunId }),
  rootRunId: t.string({ nullable: true, resolve: (run) => lineageOf(run).rootRunId }),
}));
