// Ending and removing runs: terminateRun / terminateRuns (both policies) and deleteRun, with Dagster's legacy
// names terminatePipelineExecution and deletePipelineRun.
import { UnauthorizedError } from '../auth/unauthorized.js';
import { authorized } from './authorize.js';
import { GraphQLError } from 'graphql';
import { RunDeletionFailure, RunNotFoundError, TerminateRunFailure } from '../runs/errors.js';
import { deleteRun } from '../runs/delete-run.js';
import { getRun } from '../runs/run-record.js';
import { TERMINATE_POLICIES, terminateRun } from '../runs/terminate.js';
import { builder, ErrorInterface, type GraphQLContext } from './builder.js';
import { answer, answering, isExpectedError, PythonError, successUnlessPythonError } from './errors.js';
import { TerminatePipelineExecutionFailureInterface, TerminatePipelineExecutionSuccessInterface } from './dagster-interfaces.js';
import { RunRef } from './refs.js';

const TerminatePolicyEnum = builder.enumType('TerminateRunPolicy', { values: TERMINATE_POLICIES });

builder.objectType(TerminateRunFailure, {
  name: 'TerminateRunFailure',
  description: "The run cannot be terminated (it has finished). NEW: implements Error, as TerminateRunResult's other failures do.",
  interfaces: [TerminatePipelineExecutionFailureInterface, ErrorInterface],
  fields: (t) => ({
    run: t.field({ type: RunRef, resolve: (failure, _args, ctx) => existingRun(ctx, failure.runId) }),
  }),
});

builder.objectType(RunDeletionFailure, {
  name: 'RunDeletionFailure',
  description: 'NEW: the run is not finished, so it cannot be deleted.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ runId: t.exposeString('runId') }),
});

const TerminateRunSuccess = builder.objectRef<{ runId: string }>('TerminateRunSuccess').implement({
  interfaces: [TerminatePipelineExecutionSuccessInterface],
  fields: (t) => ({
    run: t.field({ type: RunRef, resolve: ({ runId }, _args, ctx) => existingRun(ctx, runId) }),
  }),
});

/** The run a terminate result names: it existed a moment ago, unless a deleteRun came in between. */
async function existingRun(ctx: GraphQLContext, runId: string) {
  const run = await getRun(ctx.instance.database.api, runId);
  if (!run) throw new Error(`The run ${runId} was deleted while it was being terminated.`);
  return run;
}

const TerminateRunResult = builder.errorUnion('TerminateRunResult', {
  types: [TerminateRunSuccess, TerminateRunFailure, RunNotFoundError, UnauthorizedError, PythonError],
  resolveType: successUnlessPythonError('TerminateRunSuccess'),
});

const TerminateRunsResult = builder.objectRef<{ results: (Error | { runId: string })[] }>('TerminateRunsResult').implement({
  fields: (t) => ({
    terminateRunResults: t.field({
      type: [TerminateRunResult],
      resolve: ({ results }, _args, _ctx, info) =>
        results.map((result) => (result instanceof Error ? answer<typeof TerminateRunResult.$inferType>(result, info) : result)),
    }),
  }),
});

const TerminateRunsResultOrError = builder.errorUnion('TerminateRunsResultOrError', {
  types: [TerminateRunsResult, PythonError],
  resolveType: successUnlessPythonError('TerminateRunsResult'),
});

const DeletePipelineRunSuccess = builder.objectRef<{ runId: string }>('DeletePipelineRunSuccess').implement({
  fields: (t) => ({ runId: t.exposeString('runId') }),
});

const DeletePipelineRunResult = builder.errorUnion('DeletePipelineRunResult', {
  types: [DeletePipelineRunSuccess, RunNotFoundError, RunDeletionFailure, UnauthorizedError, PythonError],
  resolveType: successUnlessPythonError('DeletePipelineRunSuccess'),
});

type Policy = (typeof TERMINATE_POLICIES)[number];

async function terminate(ctx: GraphQLContext, runId: string, policy: Policy | null | undefined): Promise<{ runId: string }> {
  await terminateRun(ctx.instance.database.api, runId, policy ?? 'SAFE_TERMINATE', ctx.caller.actor);
  return { runId };
}

builder.mutationFields((t) => {
  const terminateField = (description: string) =>
    t.field({
      type: TerminateRunResult,
      description,
      args: { runId: t.arg.string({ required: true }), terminatePolicy: t.arg({ type: TerminatePolicyEnum }) },
      resolve: authorized(
        'terminate_pipeline_execution',
        answering((_root, { runId, terminatePolicy }, ctx) => terminate(ctx, runId, terminatePolicy)),
      ),
    });
  const deleteField = (description: string) =>
    t.field({
      type: DeletePipelineRunResult,
      description,
      args: { runId: t.arg.string({ required: true }) },
      resolve: authorized(
        'delete_pipeline_run',
        answering(async (_root, { runId }, ctx) => {
          await deleteRun(ctx.instance.database.api, runId, ctx.caller.actor);
          return { runId };
        }),
      ),
    });
  return {
    terminateRun: terminateField('Cancel a run: at once when it is not executing yet, else by stopping its steps.'),
    terminatePipelineExecution: terminateField('Legacy name of terminateRun.'),
    terminateRuns: t.field({
      type: TerminateRunsResultOrError,
      description: 'terminateRun for each run; each result stands on its own.',
      args: { runIds: t.arg.stringList({ required: true }), terminatePolicy: t.arg({ type: TerminatePolicyEnum }) },
      resolve: authorized(
        'terminate_pipeline_execution',
        answering(async (_root, { runIds, terminatePolicy }, ctx) => {
          if (runIds.length > 1000) {
            throw new GraphQLError('runIds may hold at most 1000 run ids.', { extensions: { code: 'BAD_USER_INPUT', argument: 'runIds' } });
          }
          const results: (Error | { runId: string })[] = [];
          for (const runId of runIds) {
            try {
              results.push(await terminate(ctx, runId, terminatePolicy));
            } catch (error) {
              // Each expected failure is its run's result; an unexpected one fails the request at once.
              if (!isExpectedError(error)) throw error;
              results.push(error as Error);
            }
          }
          return { results };
        }),
      ),
    }),
    deleteRun: deleteField('Delete a finished run with its events.'),
    deletePipelineRun: deleteField('Legacy name of deleteRun.'),
  };
});
