// Dagster's interfaces that its run, launch and terminate types implement (PipelineRuns, PipelineRunStatsSnapshot,
// PipelineRunNotFoundError, LaunchPipelineRunSuccess, TerminatePipelineExecutionSuccess/Failure,
// PipelineConfigValidationInvalid). They exist so that a Dagster client's `... on PipelineRuns` spreads keep
// matching; the types that implement them (runs.ts, launch.ts, lifecycle.ts) define every field themselves,
// so the interfaces carry no resolvers.
import { builder, ErrorInterface } from './builder.js';
import { RunRef } from './refs.js';

export const PipelineRunsInterface = builder.interfaceRef<object>('PipelineRuns').implement({
  fields: (t) => ({
    results: t.field({ type: [RunRef] }),
    count: t.int({ nullable: true }),
  }),
});

export const PipelineRunStatsSnapshotInterface = builder.interfaceRef<object>('PipelineRunStatsSnapshot').implement({
  fields: (t) => ({
    id: t.string(),
    runId: t.string(),
    stepsSucceeded: t.int(),
    stepsFailed: t.int(),
    materializations: t.int(),
    expectations: t.int(),
    enqueuedTime: t.float({ nullable: true }),
    launchTime: t.float({ nullable: true }),
    startTime: t.float({ nullable: true }),
    endTime: t.float({ nullable: true }),
  }),
});

export const PipelineRunNotFoundErrorInterface = builder.interfaceRef<{ message: string }>('PipelineRunNotFoundError').implement({
  interfaces: [ErrorInterface],
  fields: (t) => ({ runId: t.string() }),
});

export const LaunchPipelineRunSuccessInterface = builder.interfaceRef<object>('LaunchPipelineRunSuccess').implement({
  fields: (t) => ({ run: t.field({ type: RunRef }) }),
});

export const TerminatePipelineExecutionSuccessInterface = builder.interfaceRef<object>('TerminatePipelineExecutionSuccess').implement({
  fields: (t) => ({ run: t.field({ type: RunRef }) }),
});

export const TerminatePipelineExecutionFailureInterface = builder.interfaceRef<object>('TerminatePipelineExecutionFailure').implement({
  fields: (t) => ({ run: t.field({ type: RunRef }), message: t.string() }),
});
