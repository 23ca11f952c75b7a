// Launching runs (Dagster's launchRun / launchMultipleRuns / legacy launchPipelineExecution). Every
// expected failure is a member of LaunchRunResult; nothing is written unless the run is valid. A launch
// first takes its runs from the client's launch rate (RATE_LIMITED when it cannot), before any run config
// is read or the database is touched.
import { UnauthorizedError } from '../auth/unauthorized.js';
import { authorized } from './authorize.js';
import { GraphQLError, Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { InvalidSubsetError, PipelineNotFoundError, selectJob, type LoadedDefinitions } from '../definitions/index.js';
import { launchRuns, type LaunchResult } from '../queue/launch.js';
import { ConflictingExecutionParamsError } from '../backfills/errors.js';
import { InvalidTagsError, RunConfigValidationInvalid } from '../runs/errors.js';
import { NoModeProvidedError, PresetNotFoundError, RunConflict } from '../runs/launch-errors.js';
import type { RunRecord } from '../runs/run-record.js';
import { TAGS } from '../runs/vocabulary.js';
import { launchRateLimiterOf } from '../queue/launch-rate.js';
import { builder, ErrorInterface, type GraphQLContext } from './builder.js';
import { AssetKeyInput } from './definitions.js';
import { answer, answering, isExpectedError, PythonError, successUnlessPythonError } from './errors.js';
import { LaunchPipelineRunSuccessInterface } from './dagster-interfaces.js';
import { RunRef } from './refs.js';
import { InvalidOutputErrorType } from './step-errors.js';
import { InvalidStepError } from '../queue/reexecute-errors.js';
import { ExecutionTagInput } from './runs.js';
import { PipelineConfigValidationInvalid } from './run-config-errors.js';

// The scalar passes the value through: reading it (size and depth limits, parsing text off the main
// thread) happens per run in launchRuns, so that a bad config is that run's RunConfigValidationInvalid.
builder.scalarType('RunConfigData', {
  description: 'A run config: an object, or a string of YAML (or JSON).',
  serialize: (value) => value,
  parseValue: (value) => value,
});

builder.objectType(RunConfigValidationInvalid, {
  name: 'RunConfigValidationInvalid',
  description:
    "NEW: implements Error (beside Dagster's PipelineConfigValidationInvalid): every launch failure is an Error with a message, which the console and clients read through `... on Error { message }`.",
  interfaces: [ErrorInterface, PipelineConfigValidationInvalid],
  fields: () => ({}),
});

builder.objectType(InvalidTagsError, {
  name: 'InvalidTagsError',
  description: 'NEW: a launch tag is malformed or reserved.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ tagKey: t.exposeString('tagKey', { nullable: true }) }),
});

builder.objectType(PresetNotFoundError, {
  name: 'PresetNotFoundError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ preset: t.exposeString('preset') }),
});

builder.objectType(RunConflict, {
  name: 'RunConflict',
  description: 'A run of that id exists. Never answered by Tidepool, which creates every run id itself.',
  interfaces: [
    ErrorInterface,
    builder.interfaceRef<{ message: string }>('PipelineRunConflict').implement({ fields: (t) => ({ message: t.string() }) }),
  ],
  fields: () => ({}),
});

builder.objectType(NoModeProvidedError, {
  name: 'NoModeProvidedError',
  description: 'No mode for a job of several modes. Never answered by Tidepool: every job has the one mode "default".',
  interfaces: [ErrorInterface],
  fields: (t) => ({ pipelineName: t.exposeString('pipelineName') }),
});

export const LaunchRunSuccess = builder.objectRef<{ run: RunRecord }>('LaunchRunSuccess').implement({
  interfaces: [LaunchPipelineRunSuccessInterface],
  fields: (t) => ({
    run: t.field({ type: RunRef, resolve: ({ run }) => run }),
  }),
});

const LaunchRunResult = builder.errorUnion('LaunchRunResult', {
  types: [
    LaunchRunSuccess,
    // Dagster's members: an unknown key in `stepKeys` (the execution plan's steps) is InvalidStepError; one in
    // `selector.solidSelection` is InvalidSubsetError (select-job.ts), as pipelineOrError's.
    InvalidStepError,
    InvalidOutputErrorType,
    PipelineNotFoundError,
    InvalidSubsetError,
    RunConfigValidationInvalid,
    InvalidTagsError,
    RunConflict,
    PresetNotFoundError,
    ConflictingExecutionParamsError,
    NoModeProvidedError,
    UnauthorizedError,
    PythonError,
  ],
  resolveType: successUnlessPythonError('LaunchRunSuccess'),
});

const LaunchMultipleRunsResult = builder.objectRef<{ results: LaunchResult[] }>('LaunchMultipleRunsResult').implement({
  fields: (t) => ({
    launchMultipleRunsResult: t.field({
      type: [LaunchRunResult],
      // launch() has already thrown every unexpected error.
      resolve: ({ results }, _args, _ctx, info) =>
        results.map((result) => (result.ok ? { run: result.run } : answer<typeof LaunchRunResult.$inferType>(result.error, info))),
    }),
  }),
});

const LaunchMultipleRunsResultOrError = builder.errorUnion('LaunchMultipleRunsResultOrError', {
  types: [LaunchMultipleRunsResult, PythonError],
  resolveType: successUnlessPythonError('LaunchMultipleRunsResult'),
});

const AssetCheckHandleInput = builder.inputType('AssetCheckHandleInput', {
  fields: (t) => ({ assetKey: t.field({ type: AssetKeyInput, required: true }), name: t.string({ required: true }) }),
});

const SelectorInput = builder.inputType('JobOrPipelineSelector', {
  fields: (t) => ({
    jobName: t.string(),
    pipelineName: t.string({ description: 'Legacy name of jobName.' }),
    repositoryName: t.string({
      description: 'NEW: optional (required in Dagster): the one repository of the server (`__repository__`) when omitted.',
    }),
    repositoryLocationName: t.string({
      description: 'NEW: optional (required in Dagster): the code location the server serves when omitted.',
    }),
    solidSelection: t.stringList({ description: 'The ops to run: in Tidepool an op is a step, so these are step keys (as stepKeys).' }),
    assetSelection: t.field({ type: [AssetKeyInput] }),
    assetCheckSelection: t.field({
      type: [AssetCheckHandleInput],
      description: 'Tidepool has no asset checks: a non-empty selection is an InvalidSubsetError.',
    }),
  }),
});

const ExecutionMetadataInput = builder.inputType('ExecutionMetadata', {
  fields: (t) => ({
    tags: t.field({ type: [ExecutionTagInput] }),
    // Read by the re-execution mutations (graphql/reexecution.ts); a plain launch ignores them.
    rootRunId: t.string(),
    parentRunId: t.string(),
  }),
});

export const ExecutionParamsInput = builder.inputType('ExecutionParams', {
  fields: (t) => ({
    selector: t.field({ type: SelectorInput, required: true }),
    runConfigData: t.field({ type: 'RunConfigData' }),
    mode: t.string({ description: 'Accepted for Dagster clients; Tidepool jobs have one mode, "default".' }),
    executionMetadata: t.field({ type: ExecutionMetadataInput }),
    stepKeys: t.stringList(),
    preset: t.string({ description: 'Tidepool jobs have no presets: a preset is a PresetNotFoundError.' }),
  }),
});

/** The params as launchRuns takes them, or the LaunchRunResult error they are (nothing is read or written). */
function checkParams(location: LoadedDefinitions, params: ExecutionParamsShape): ExecutionParamsShape {
  const { solidSelection, assetCheckSelection, ...selector } = params.selector;
  if (params.preset != null && (params.runConfigData != null || params.mode != null)) {
    throw new ConflictingExecutionParamsError('Give either a preset or runConfigData and mode, not both.');
  }
  if (params.preset != null) throw new PresetNotFoundError(params.preset);
  if (assetCheckSelection?.length) {
    const { job } = selectJob(location, selector);
    throw new InvalidSubsetError('Tidepool has no asset checks, so an assetCheckSelection selects nothing that exists.', job);
  }
  if (solidSelection?.length && params.stepKeys?.length) {
    throw new ConflictingExecutionParamsError('Give either solidSelection or stepKeys (both select steps in Tidepool), not both.');
  }
  if (params.stepKeys?.length) checkStepKeys(location, selector, params.stepKeys);
  return { ...params, selector, stepKeys: solidSelection?.length ? solidSelection : params.stepKeys };
}

type ExecutionParamsShape = typeof ExecutionParamsInput.$inferInput;

/** Every key of `stepKeys` is a step of the selected job, or the first that is not is an InvalidStepError. */
function checkStepKeys(location: LoadedDefinitions, selector: Parameters<typeof selectJob>[1], stepKeys: readonly string[]): void {
  const { job } = selectJob(location, { ...selector, stepKeys: null });
  const known = new Set(job.steps.map((step) => step.key));
  const unknown = stepKeys.find((key) => !known.has(key));
  if (unknown === undefined) return;
  throw new InvalidStepError(
    unknown,
    `The job ${JSON.stringify(job.name)} has no step ${JSON.stringify(unknown)} (its steps: ${[...known].map((key) => JSON.stringify(key)).join(', ')}).`,
  );
}

async function launch(ctx: GraphQLContext, paramsList: ExecutionParamsShape[]): Promise<LaunchResult[]> {
  const location = ctx.location;
  if (!location) return paramsList.map(withoutDefinitions);
  // Params that fail checkParams are their run's result; the others are launched together.
  const checked = paramsList.map((params): { ok: true; params: ExecutionParamsShape } | { ok: false; error: Error } => {
    try {
      return { ok: true, params: checkParams(location, params) };
    } catch (error) {
      return { ok: false, error: error as Error };
    }
  });
  const valid = checked.flatMap((entry) => (entry.ok ? [entry.params] : []));
  const launched = await launchRuns(ctx.instance, location, valid, { client: ctx.client, database: ctx.instance.database.api });
  const results = checked.map((entry): LaunchResult => (entry.ok ? launched.shift()! : entry));
  // An unexpected error fails the whole request (masked), before any result is answered.
  for (const result of results) {
    if (!result.ok && !isExpectedError(result.error)) throw result.error;
  }
  // Which request launched which runs (the request's id and operation name are on ctx.log); never their config.
  const runIds = results.flatMap((result) => (result.ok ? [result.runId] : []));
  if (runIds.length > 0) ctx.log.debug({ runIds }, 'runs launched');
  return results;
}

/** A launch on a server without definitions: the PipelineNotFoundError selectJob answers every selector with. */
function withoutDefinitions(params: ExecutionParamsShape): LaunchResult {
  try {
    selectJob(null, params.selector);
  } catch (error) {
    return { ok: false, error: error as Error };
  }
  throw new Error('selectJob found a job without definitions.');
}

/** Takes `count` launches from the client's launch rate, or refuses the whole request. */
export function admitLaunches(ctx: GraphQLContext, count: number): void {
  const limiter = launchRateLimiterOf(ctx.instance);
  const admission = limiter.take(ctx.client, count);
  if (admission.ok) return;
  const { perSecond, burst } = limiter.rate;
  const { retryAfterSeconds } = admission;
  const message =
    retryAfterSeconds === null
      ? `${count} launches in one request are more than the launch burst of ${burst} (api.launch_rate.burst); send fewer at a time.`
      : `Too many launches from this client: api.launch_rate allows ${perSecond} per second in bursts of ${burst}. Try again in ${retryAfterSeconds} s.`;
  throw new GraphQLError(message, { extensions: { code: 'RATE_LIMITED', retryAfterSeconds } });
}

const LAUNCH_FIELDS = new Set(['launchRun', 'launchPipelineExecution', 'launchMultipleRuns']);

/**
 * The params with the request's `Idempotency-Key` header as their `tidepool/idempotency_key` tag. The header
 * names one launch, so a request with it holds exactly one launch field; a tag of another value is refused
 * (InvalidTagsError, nothing written), the same value is accepted.
 */
function withIdempotencyHeader(ctx: GraphQLContext, info: GraphQLResolveInfo, params: ExecutionParamsShape): ExecutionParamsShape {
  const key = ctx.idempotencyKey;
  if (key == null) return params;
  const launches = countLaunchFields(info.operation.selectionSet, info.fragments, new Set());
  if (launches !== 1) refuseIdempotencyHeader(`this request holds ${launches} launches; send each launch in its own request.`);
  const tags = params.executionMetadata?.tags ?? [];
  const tagged = tags.find((tag) => tag.key === TAGS.idempotencyKey);
  if (tagged !== undefined && tagged.value !== key) {
    throw new InvalidTagsError(
      `The Idempotency-Key header and the tag ${TAGS.idempotencyKey} differ: give one of them, or the same key in both.`,
      TAGS.idempotencyKey,
    );
  }
  if (tagged !== undefined) return params;
  return { ...params, executionMetadata: { ...params.executionMetadata, tags: [...tags, { key: TAGS.idempotencyKey, value: key }] } };
}

function countLaunchFields(selections: SelectionSetNode, fragments: GraphQLResolveInfo['fragments'], seen: Set<string>): number {
  let count = 0;
  for (const selection of selections.selections) {
    if (selection.kind === Kind.FIELD) count += LAUNCH_FIELDS.has(selection.name.value) ? 1 : 0;
    else if (selection.kind === Kind.INLINE_FRAGMENT) count += countLaunchFields(selection.selectionSet, fragments, seen);
    else if (!seen.has(selection.name.value) && fragments[selection.name.value]) {
      seen.add(selection.name.value);
      count += countLaunchFields(fragments[selection.name.value]!.selectionSet, fragments, seen);
    }
  }
  return count;
}

function refuseIdempotencyHeader(reason: string): never {
  throw new GraphQLError(`The Idempotency-Key header names one launch: ${reason}`, {
    extensions: { code: 'BAD_USER_INPUT', header: 'Idempotency-Key' },
  });
}

builder.mutationType({});

builder.mutationFields((t) => {
  const launchField = (description: string) =>
    t.field({
      type: LaunchRunResult,
      description,
      args: { executionParams: t.arg({ type: ExecutionParamsInput, required: true }) },
      resolve: authorized(
        'launch_pipeline_execution',
        answering(async (_root, { executionParams }, ctx, info) => {
          admitLaunches(ctx, 1);
          const [result] = await launch(ctx, [withIdempotencyHeader(ctx, info, executionParams)]);
          if (!result!.ok) throw result!.error;
          return { run: result!.run };
        }),
      ),
    });
  return {
    launchRun: launchField('Launch one run: it is QUEUED (or STARTING when the run queue is off).'),
    launchPipelineExecution: launchField('Legacy name of launchRun.'),
    launchMultipleRuns: t.field({
      type: LaunchMultipleRunsResultOrError,
      description: 'Launch several runs; each result says whether its run launched. Valid runs are created together.',
      args: { executionParamsList: t.arg({ type: [ExecutionParamsInput], required: true }) },
      resolve: authorized(
        'launch_pipeline_execution',
        answering(async (_root, { executionParamsList }, ctx) => {
          if (executionParamsList.length > 1000) {
            throw new GraphQLError('executionParamsList may hold at most 1000 runs.', {
              extensions: { code: 'BAD_USER_INPUT', argument: 'executionParamsList' },
            });
          }
          if (ctx.idempotencyKey != null) refuseIdempotencyHeader('launchMultipleRuns carries several launches: tag each run instead.');
          admitLaunches(ctx, executionParamsList.length);
          return { results: await launch(ctx, executionParamsList) };
        }),
      ),
    }),
  };
});
