// What a run executes, as Dagster's run page reads it: `Run.executionPlan` (steps, kinds, inputs with the
// steps they depend on, outputs), `Run.pipelineSnapshotId` and `Run.pipeline`, and the snapshot they name
// (`pipelineSnapshotOrError`), with `Job.pipelineSnapshotId` for the job as loaded now.
//
// A run's plan is computed from the job snapshot stored at its launch (src/runs/job-snapshots.ts), restricted
// to its stepKeysToExecute, never from the current definitions: after a reload that changed the job (or
// removed it), the run still shows what it ran. Only runs created before snapshots were stored
// (snapshot_id null) fall back to the job as loaded now, when the location still has it.
//
// Snapshots are read once per request for every run that asks (a DataLoader per request loader).
import DataLoader from 'dataloader';
import {
  executionPlanOf,
  identifyJob,
  PipelineNotFoundError,
  type ExecutionPlan,
  type JobSnapshot,
  type LoadedDefinitions,
  type PlanStep,
  type PlanStepInput,
} from '../definitions/index.js';
import { readJobSnapshots, PipelineSnapshotNotFoundError } from '../runs/job-snapshots.js';
import { listRuns, MAX_RUNS_LIMIT } from '../runs/queries.js';
import type { RunRecord } from '../runs/run-record.js';
import { ScheduleType, SensorType } from './automation.js';
import { builder, ErrorInterface, type GraphQLContext } from './builder.js';
import { JobType, PipelineSelectorInput, selectedJob, solidContainerFields } from './definitions.js';
import { answering, PythonError, successUnlessPythonError, type ErrorInfo } from './errors.js';
import type { FieldCost } from './field-cost.js';
import { MetadataEntryInterface } from './metadata.js';
import { RunRef } from './refs.js';
import type { RequestLoader } from './request-loader.js';
import { PipelineTagType } from './runs.js';

// ---------------------------------------------------------------------------------------------- sources

/** A job snapshot as served: stored (by id) or the job as loaded now (`active`, from a selector). */
interface SnapshotSource {
  snapshotId: string;
  /** Named `job` so that the Solid fields shared with Job read it (definitions.ts, SolidOwner). */
  job: JobSnapshot;
  /** The location serving the job now, for an active snapshot's schedules and sensors; null for a stored one. */
  location: LoadedDefinitions | null;
}

interface UnknownPipelineSource {
  name: string;
  solidSelection: string[] | null;
}

/** One plan, indexed once, so that every input's dependsOn finds its steps. */
interface PlanIndex {
  plan: ExecutionPlan;
  byKey: Map<string, PlanStep>;
}

interface StepSource {
  index: PlanIndex;
  step: PlanStep;
}

interface StepInputSource {
  index: PlanIndex;
  input: PlanStepInput;
}

const loaders = new WeakMap<RequestLoader, DataLoader<string, JobSnapshot | undefined>>();

/** The stored snapshot of that id, read with every other snapshot the request asks for. */
async function storedSnapshot(ctx: GraphQLContext, snapshotId: string): Promise<SnapshotSource | null> {
  let loader = loaders.get(ctx.loader);
  if (loader === undefined) {
    const executor = ctx.instance.database.api;
    loader = new DataLoader(
      async (ids: readonly string[]) => {
        const found = await readJobSnapshots(executor, ids);
        return ids.map((id) => found.get(id));
      },
      { batchScheduleFn: (send) => setImmediate(send) },
    );
    loaders.set(ctx.loader, loader);
  }
  const job = await loader.load(snapshotId);
  return job === undefined ? null : { snapshotId, job, location: null };
}

/** The job a run of no stored snapshot belongs to, as loaded now; null when the location no longer has it. */
function currentJobOf(run: RunRecord, location: LoadedDefinitions | null): SnapshotSource | null {
  if (location === null || run.locationName !== location.locationName) return null;
  const job = location.definitions.getJob(run.jobName);
  if (job === undefined) return null;
  const { snapshotId, snapshot } = identifyJob(job);
  return { snapshotId, job: snapshot, location };
}

function indexPlan(plan: ExecutionPlan): PlanIndex {
  return { plan, byKey: new Map(plan.steps.map((step) => [step.key, step])) };
}

// ---------------------------------------------------------------------------------------------- the plan

const StepKindEnum = builder.enumType('StepKind', {
  values: {
    COMPUTE: { description: 'A user-defined computation step: every Tidepool step.' },
    UNRESOLVED_MAPPED: { description: 'A dynamic step not yet resolved (Tidepool has no dynamic outputs).' },
    UNRESOLVED_COLLECT: { description: 'A step collecting dynamic outputs (Tidepool has no dynamic outputs).' },
  } as const,
});

const MetadataItemDefinitionType = builder.objectRef<{ key: string; value: string }>('MetadataItemDefinition').implement({
  fields: (t) => ({ key: t.exposeString('key'), value: t.exposeString('value') }),
});

const ExecutionStepType = builder.objectRef<StepSource>('ExecutionStep');

const ExecutionStepInputType = builder.objectRef<StepInputSource>('ExecutionStepInput').implement({
  fields: (t) => ({
    name: t.string({ resolve: ({ input }) => input.name }),
    dependsOn: t.field({
      type: [ExecutionStepType],
      description: 'The steps of this plan that feed the input (a step the run does not execute is not listed).',
      resolve: ({ index, input }) =>
        input.dependsOn.flatMap((key) => {
          const step = index.byKey.get(key);
          return step === undefined ? [] : [{ index, step }];
        }),
    }),
  }),
});

const ExecutionStepOutputType = builder.objectRef<{ name: string }>('ExecutionStepOutput').implement({
  fields: (t) => ({ name: t.exposeString('name') }),
});

ExecutionStepType.implement({
  fields: (t) => ({
    key: t.string({ resolve: ({ step }) => step.key }),
    inputs: t.field({
      type: [ExecutionStepInputType],
      description: 'Sorted by name: data inputs, and one input per upstream asset for `deps`.',
      resolve: ({ index, step }) => step.inputs.map((input) => ({ index, input })),
    }),
    outputs: t.field({ type: [ExecutionStepOutputType], resolve: ({ step }) => step.outputs }),
    solidHandleID: t.string({ description: 'The step key: Tidepool steps are flat.', resolve: ({ step }) => step.solidHandleID }),
    kind: t.field({ type: StepKindEnum, resolve: ({ step }) => step.kind }),
    metadata: t.field({
      type: [MetadataItemDefinitionType],
      description: "The step's tags, sorted by key.",
      resolve: ({ step }) => step.metadata,
    }),
  }),
});

export const ExecutionPlanType = builder.objectRef<PlanIndex>('ExecutionPlan').implement({
  fields: (t) => ({
    steps: t.field({
      type: [ExecutionStepType],
      description: 'The steps the run executes, upstream first.',
      resolve: (index) => index.plan.steps.map((step) => ({ index, step })),
    }),
    artifactsPersisted: t.boolean({
      description: "True: every step's output is stored (step_outputs), so a re-execution can load what it skips.",
      resolve: () => true,
    }),
  }),
});

// ---------------------------------------------------------------------------------------------- snapshots

export const PipelineReferenceInterface = builder.interfaceRef<SnapshotSource | UnknownPipelineSource>('PipelineReference').implement({
  resolveType: (source) => ('snapshotId' in source ? 'PipelineSnapshot' : 'UnknownPipeline'),
  fields: (t) => ({
    name: t.string({ resolve: (source) => ('snapshotId' in source ? source.job.name : source.name) }),
    solidSelection: t.stringList({
      nullable: true,
      resolve: (source) => ('snapshotId' in source ? null : source.solidSelection),
    }),
  }),
});

builder.objectRef<UnknownPipelineSource>('UnknownPipeline').implement({
  description: 'The job of a run created before job snapshots were stored.',
  interfaces: [PipelineReferenceInterface],
  isTypeOf: (source) => typeof source === 'object' && source !== null && !('snapshotId' in source),
  fields: () => ({}),
});

const RUNS_PAGE_COST: FieldCost = {
  weight: 1,
  page: { argument: 'limit', default: MAX_RUNS_LIMIT, max: MAX_RUNS_LIMIT, items: null },
};

const PipelineSnapshotType = builder.objectRef<SnapshotSource>('PipelineSnapshot').implement({
  description: "A job's structure: as stored when a run launched (by snapshotId), or as loaded now (by activePipelineSelector).",
  interfaces: [PipelineReferenceInterface],
  isTypeOf: (source) => typeof source === 'object' && source !== null && 'snapshotId' in source,
  fields: (t) => ({
    id: t.id({ resolve: ({ snapshotId }) => snapshotId }),
    pipelineSnapshotId: t.string({ resolve: ({ snapshotId }) => snapshotId }),
    description: t.string({ nullable: true, resolve: ({ job }) => job.description }),
    ...solidContainerFields(t),
    tags: t.field({
      type: [PipelineTagType],
      resolve: ({ job }) => Object.entries(job.tags).map(([key, value]) => ({ key, value })),
    }),
    metadataEntries: t.field({
      type: [MetadataEntryInterface],
      description: 'Always empty: Tidepool jobs have tags and a description, no metadata.',
      resolve: () => [],
    }),
    runs: t.field({
      type: [RunRef],
      description: 'Runs of the job (of any of its snapshots), newest first.',
      args: { cursor: t.arg.string(), limit: t.arg.int() },
      extensions: { cost: RUNS_PAGE_COST },
      resolve: answering(({ job }, { cursor, limit }, ctx) =>
        listRuns(ctx.instance.database.api, { jobName: job.name }, { cursor, limit }),
      ),
    }),
    schedules: t.field({
      type: [ScheduleType],
      description: "The job's schedules now; none for a stored snapshot (as in Dagster).",
      resolve: ({ job, location }) =>
        (location?.definitions.schedules ?? [])
          .filter((def) => def.jobName === job.name)
          .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
          .map((def) => ({ location: location!, def })),
    }),
    sensors: t.field({
      type: [SensorType],
      description: "The job's sensors now; none for a stored snapshot (as in Dagster).",
      resolve: ({ job, location }) =>
        (location?.definitions.sensors ?? [])
          .filter((def) => def.jobName === job.name)
          .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
          .map((def) => ({ location: location!, def })),
    }),
    parentSnapshotId: t.string({
      nullable: true,
      description: 'Always null: Tidepool stores whole jobs (a run of a subset executes part of its job), so no snapshot has a parent.',
      resolve: () => null,
    }),
    graphName: t.string({ description: "The job's name (a Tidepool job is its own graph).", resolve: ({ job }) => job.name }),
  }),
});

// Neither or both arguments: Dagster answers with a PythonError (its check fails); so does Tidepool, naming why.
const argumentErrors = new WeakSet<ErrorInfo>();

function argumentError(message: string): ErrorInfo {
  const error: ErrorInfo = { message, className: 'PipelineSnapshotArgumentsError', stack: [] };
  argumentErrors.add(error);
  return error;
}

builder.objectType(PipelineSnapshotNotFoundError, {
  name: 'PipelineSnapshotNotFoundError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ snapshotId: t.exposeString('snapshotId') }),
});

// Error members are resolved by the errors plugin (thrown, they are answered as members).
const PipelineSnapshotOrError = builder.errorUnion('PipelineSnapshotOrError', {
  types: [PipelineNotFoundError, PipelineSnapshotType, PipelineSnapshotNotFoundError, PythonError],
  resolveType: (value) => (argumentErrors.has(value as ErrorInfo) ? 'PythonError' : successUnlessPythonError('PipelineSnapshot')(value)),
});

// ---------------------------------------------------------------------------------------------- fields

builder.objectFields(RunRef, (t) => ({
  pipelineSnapshotId: t.string({
    nullable: true,
    description: "The id of the job's structure stored at launch; null for runs created before snapshots were stored.",
    resolve: (run) => run.snapshotId,
  }),
  parentPipelineSnapshotId: t.string({
    nullable: true,
    description:
      "The parent of the run's snapshot: always null, since Tidepool stores whole jobs (a run of a subset " +
      'executes part of its whole-job snapshot), so no snapshot has a parent.',
    resolve: () => null,
  }),
  executionPlan: t.field({
    type: ExecutionPlanType,
    nullable: true,
    description:
      'The steps the run executes (its stepKeysToExecute, or every step), from the job snapshot stored at launch, ' +
      'so it does not change when the job does. Runs created before snapshots were stored get the plan of the ' +
      'job as loaded now if the location still has it, else null.',
    extensions: { cost: { weight: 1 } satisfies FieldCost },
    resolve: async (run, _args, ctx) => {
      const source = run.snapshotId === null ? currentJobOf(run, ctx.location) : await storedSnapshot(ctx, run.snapshotId);
      return source === null ? null : indexPlan(executionPlanOf(source.job, run.stepKeysToExecute));
    },
  }),
  pipeline: t.field({
    type: PipelineReferenceInterface,
    description: "The job's snapshot stored at launch; an UnknownPipeline for runs created before snapshots were stored.",
    extensions: { cost: { weight: 1 } satisfies FieldCost },
    resolve: async (run, _args, ctx) => {
      const stored = run.snapshotId === null ? null : await storedSnapshot(ctx, run.snapshotId);
      return stored ?? { name: run.jobName, solidSelection: null };
    },
  }),
}));

builder.objectFields(JobType, (t) => ({
  pipelineSnapshotId: t.string({
    description: "The id of the job's structure as loaded now: runs launched now store and name this snapshot.",
    resolve: ({ location, job }) => identifyJob(location.definitions.getJob(job.name) ?? job).snapshotId,
  }),
}));

builder.queryFields((t) => ({
  pipelineSnapshotOrError: t.field({
    type: PipelineSnapshotOrError,
    description:
      'A stored job snapshot (by snapshotId), or the snapshot of a job as loaded now (by activePipelineSelector); give exactly one.',
    args: { snapshotId: t.arg.string(), activePipelineSelector: t.arg({ type: PipelineSelectorInput }) },
    extensions: { cost: { weight: 1 } satisfies FieldCost },
    resolve: answering(async (_root, { snapshotId, activePipelineSelector }, ctx) => {
      if ((snapshotId == null) === (activePipelineSelector == null)) {
        return argumentError('Give exactly one of snapshotId and activePipelineSelector.');
      }
      if (snapshotId != null) {
        const stored = await storedSnapshot(ctx, snapshotId);
        if (stored === null) throw new PipelineSnapshotNotFoundError(snapshotId);
        return stored;
      }
      // The whole job as loaded now: a snapshot is of a whole job, whatever the selector's subset.
      const { location, job } = selectedJob(ctx.location, { ...activePipelineSelector!, solidSelection: null, assetSelection: null });
      const { snapshotId: id, snapshot } = identifyJob(location.definitions.getJob(job.name) ?? job);
      return { snapshotId: id, job: snapshot, location };
    }),
  }),
}));
