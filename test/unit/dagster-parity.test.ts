// Schema parity with Dagster (issue 17): every type reachable from the run, queue, pool and instance roots has
// Dagster's shape. The rule that decides which types are compared, and the counts, are at the top of
// test/parity/dagster-shapes.ts; README "Dagster compatibility" says the same for users.
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/graphql/index.js';
import { compareSchema, referencedTypes } from '../parity/compare-schema.js';
import { DAGSTER_SHAPES } from '../parity/dagster-shapes.js';

/**
 * Differences that are known and owned by someone, each with its reason. The test fails for any difference
 * not listed here AND for any entry listed here that no longer differs (delete it when it is fixed).
 */
const KNOWN_GAPS: Readonly<Set<string>> = new Set([
  // Events Tidepool never writes (hooks, alerts, resource init, step workers, object-store operations, asset
  // checks): Dagster's DagsterRunEvent lists them, so they must exist as members that are never returned.
  // Event-log area (issue 17 helper H5); not built by 16:45.
  'AlertFailureEvent missing',
  'AlertStartEvent missing',
  'AlertSuccessEvent missing',
  'AssetCheckEvaluation missing',
  'AssetCheckEvaluationEvent missing',
  'AssetCheckEvaluationPlannedEvent missing',
  'AssetCheckEvaluationTargetMaterializationData missing',
  'AssetCheckSeverity missing',
  'DagsterRunEvent|ResourceInitFailureEvent missing',
  'DagsterRunEvent|ResourceInitStartedEvent missing',
  'DagsterRunEvent|ResourceInitSuccessEvent missing',
  'DagsterRunEvent|StepWorkerStartedEvent missing',
  'DagsterRunEvent|StepWorkerStartingEvent missing',
  'DagsterRunEvent|ObjectStoreOperationEvent missing',
  'DagsterRunEvent|HookCompletedEvent missing',
  'DagsterRunEvent|HookSkippedEvent missing',
  'DagsterRunEvent|HookErroredEvent missing',
  'DagsterRunEvent|AlertStartEvent missing',
  'DagsterRunEvent|AlertSuccessEvent missing',
  'DagsterRunEvent|AlertFailureEvent missing',
  'DagsterRunEvent|AssetCheckEvaluationPlannedEvent missing',
  'DagsterRunEvent|AssetCheckEvaluationEvent missing',
  'HookCompletedEvent missing',
  'HookErroredEvent missing',
  'HookSkippedEvent missing',
  'ObjectStoreOperationEvent missing',
  'ObjectStoreOperationResult missing',
  'ObjectStoreOperationType missing',
  'ResourceInitFailureEvent missing',
  'ResourceInitStartedEvent missing',
  'ResourceInitSuccessEvent missing',
  'StepWorkerStartedEvent missing',
  'StepWorkerStartingEvent missing',
  // ExecutionStepFailureEvent's errorSource and failureMetadata (Tidepool records where a failure came from and
  // its metadata nowhere yet): event-log area (H5).
  'ErrorSource missing',
  'ExecutionStepFailureEvent.errorSource missing',
  'ExecutionStepFailureEvent.failureMetadata missing',
  'FailureMetadata missing',
  // Run-config validation errors in Dagster's shape: PipelineConfigValidationError is an interface with one type
  // per reason (FIELD_NOT_DEFINED, RUNTIME_TYPE_MISMATCH, ...) and an EvaluationStack; Tidepool answers one
  // object type with a reason string, and RunConfigValidationInvalid implements Error instead of
  // PipelineConfigValidationInvalid. Needs definitions/run-config.ts to record each error's reason; not done.
  'ConfigTypeField missing',
  'EvaluationErrorReason missing',
  'EvaluationStack missing',
  'EvaluationStackEntry missing',
  'EvaluationStackListItemEntry missing',
  'EvaluationStackMapKeyEntry missing',
  'EvaluationStackMapValueEntry missing',
  'EvaluationStackPathEntry missing',
  'FieldNotDefinedConfigError missing',
  'FieldsNotDefinedConfigError missing',
  'GenericScalar missing',
  'MissingFieldConfigError missing',
  'MissingFieldsConfigError missing',
  'PipelineConfigValidationError kind',
  'PipelineConfigValidationInvalid missing',
  'RunConfigValidationInvalid interfaces',
  'RunConfigValidationInvalid.message extra',
  'RuntimeMismatchConfigError missing',
  'SelectorTypeConfigError missing',
  // Dagster's Pipeline type (InvalidSubsetError.pipeline: Pipeline!): Tidepool's definitions domain has Job only;
  // a Pipeline twin of Job is the definitions area's decision.
  'InvalidSubsetError.pipeline missing',
  'Pipeline missing',
  // Tidepool accepts a selector without repositoryName/repositoryLocationName (its one location); Dagster
  // requires both. Making them String! breaks ~30 test and console callers that omit them: the lead decides.
  'JobOrPipelineSelector.repositoryName type',
  'JobOrPipelineSelector.repositoryLocationName type',
  // Run's asset fields (assets: [Asset!]!, assetMaterializations) and the Asset type, and so the PipelineRun
  // interface (it has `assets`) and RunStepStats' PipelineRunStepStats (per-step materializations and
  // expectationResults): they need reads of the run's materialization events by asset; not done.
  'Asset missing',
  'PipelineRun missing',
  'PipelineRunStepStats missing',
  'Run interfaces',
  'Run.assets missing',
  'Run.assetMaterializations missing',
  'RunStepStats interfaces',
]);

describe('Dagster schema parity', () => {
  it('the description is closed: every type a compared type names is described too', () => {
    const unnamed: string[] = [];
    for (const [name, shape] of Object.entries(DAGSTER_SHAPES)) {
      if (shape.boundary) continue;
      for (const ref of referencedTypes(shape)) if (!(ref in DAGSTER_SHAPES)) unnamed.push(`${name} → ${ref}`);
    }
    expect(unnamed).toEqual([]);
  });

  it("Tidepool's schema has Dagster's shape for every described type (except the listed known gaps)", () => {
    const { mismatches, counts } = compareSchema(schema, DAGSTER_SHAPES);
    // The figures README "Dagster compatibility" quotes.
    expect(counts).toEqual({ typesInFull: 217, partialRoots: 3, boundaryTypes: 6, fields: 900 });
    const unexpected = mismatches.filter((m) => !KNOWN_GAPS.has(m.id));
    const stale = [...KNOWN_GAPS].filter((id) => !mismatches.some((m) => m.id === id));
    const report = [
      ...unexpected.map((m) => `  ${m.id}: ${m.detail}`),
      ...stale.map((id) => `  ${id}: listed in KNOWN_GAPS but no longer differs: remove it`),
    ];
    expect(report, `${report.length} difference(s) from Dagster's schema:\n${report.join('\n')}`).toEqual([]);
  });
});
