// The fields of the step data events beyond their interfaces (events.ts), in Dagster's shapes, resolved from
// the payloads src/execution/step-events.ts writes: inputs and outputs (with their TypeCheck), handled
// outputs and loaded inputs, asset materializations and observations (asset key, partition, tags, the run,
// the step's stats), planned materializations, and expectation results. Registered after runs.ts (it uses
// RunOrError and RunStepStats, and runs.ts builds on events.ts).
import type { EventRecord } from '../runs/read-events.js';
import type { StepStats } from '../runs/step-stats.js';
import { builder } from './builder.js';
import { AssetKeyType } from './definitions.js';
import { DisplayablePartInterface, EVENT_OBJECT_TYPES, type DisplayablePart } from './events.js';
import { RunOrError, RunStepStatsType } from './runs.js';
import type { EventType } from '../runs/vocabulary.js';
import { RunNotFoundError } from '../runs/errors.js';
import { stepEventsOfTypes } from '../runs/step-data-events.js';

const objectOf = (eventType: EventType) => {
  const ref = EVENT_OBJECT_TYPES.get(eventType);
  if (!ref) throw new Error(`No GraphQL type for ${eventType}.`);
  return ref;
};

const payloadString = (event: EventRecord, key: string): string | null => {
  const value = event.payload[key];
  return typeof value === 'string' ? value : null;
};
const requiredString = (event: EventRecord, key: string, fallback = ''): string => payloadString(event, key) ?? fallback;
const part = (value: unknown, typename: DisplayablePart['typename']): DisplayablePart => ({
  ...(typeof value === 'object' && value !== null ? value : {}),
  typename,
});

const TypeCheckType = builder.objectRef<DisplayablePart>('TypeCheck').implement({
  interfaces: [DisplayablePartInterface],
  fields: (t) => ({ success: t.boolean({ resolve: (check) => check.success !== false }) }),
});

export const ExpectationResultType = builder.objectRef<DisplayablePart>('ExpectationResult').implement({
  interfaces: [DisplayablePartInterface],
  fields: (t) => ({ success: t.boolean({ resolve: (result) => result.success === true }) }),
});

const EventTagType = builder.objectRef<{ key: string; value: string }>('EventTag').implement({
  fields: (t) => ({ key: t.exposeString('key'), value: t.exposeString('value') }),
});

const AssetLineageInfoType = builder.objectRef<{ assetKey: string[]; partitions: string[] }>('AssetLineageInfo').implement({
  fields: (t) => ({
    assetKey: t.field({ type: AssetKeyType, resolve: (info) => ({ path: info.assetKey }) }),
    partitions: t.exposeStringList('partitions'),
  }),
});

const assetKeyOf = (event: EventRecord) => {
  const path = event.payload.assetKey;
  return Array.isArray(path) && path.every((part) => typeof part === 'string') ? { path: path } : null;
};

const tagsOf = (event: EventRecord) => {
  const tags = event.payload.tags;
  if (typeof tags !== 'object' || tags === null) return [];
  return Object.entries(tags as Record<string, unknown>)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([key, value]) => ({ key, value }));
};

/** The step's stats as of now (a run's events are read once per request: the loader batches them). */
async function stepStatsOf(event: EventRecord, loader: { stepStats(runId: string): Promise<StepStats[]> }): Promise<StepStats> {
  const stats = (await loader.stepStats(event.runId)).find((s) => s.stepKey === event.stepKey);
  return (
    stats ?? {
      runId: event.runId,
      stepKey: event.stepKey ?? '',
      status: 'IN_PROGRESS',
      startTime: null,
      endTime: null,
      attempts: [],
      markers: [],
    }
  );
}

async function runOf(event: EventRecord, loader: { run(runId: string): Promise<unknown> }) {
  return (await loader.run(event.runId)) ?? new RunNotFoundError(event.runId);
}

builder.objectFields(objectOf('STEP_INPUT'), (t) => ({
  inputName: t.string({ resolve: (event) => requiredString(event, 'inputName') }),
  typeCheck: t.field({ type: TypeCheckType, resolve: (event) => part(event.payload.typeCheck, 'TypeCheck') }),
}));

builder.objectFields(objectOf('STEP_OUTPUT'), (t) => ({
  outputName: t.string({ resolve: (event) => requiredString(event, 'outputName', 'result') }),
  typeCheck: t.field({ type: TypeCheckType, resolve: (event) => part(event.payload.typeCheck, 'TypeCheck') }),
}));

builder.objectFields(objectOf('HANDLED_OUTPUT'), (t) => ({
  outputName: t.string({ resolve: (event) => requiredString(event, 'outputName', 'result') }),
  managerKey: t.string({ resolve: (event) => requiredString(event, 'managerKey', 'io_manager') }),
}));

builder.objectFields(objectOf('LOADED_INPUT'), (t) => ({
  inputName: t.string({ resolve: (event) => requiredString(event, 'inputName') }),
  managerKey: t.string({ resolve: (event) => requiredString(event, 'managerKey', 'io_manager') }),
  upstreamOutputName: t.string({ nullable: true, resolve: (event) => payloadString(event, 'upstreamOutputName') }),
  upstreamStepKey: t.string({ nullable: true, resolve: (event) => payloadString(event, 'upstreamStepKey') }),
}));

for (const eventType of ['ASSET_MATERIALIZATION', 'ASSET_OBSERVATION'] as const) {
  builder.objectFields(objectOf(eventType), (t) => ({
    assetKey: t.field({ type: AssetKeyType, nullable: true, resolve: (event) => assetKeyOf(event) }),
    runOrError: t.field({ type: RunOrError, resolve: (event, _args, ctx) => runOf(event, ctx.loader) as never }),
    stepStats: t.field({ type: RunStepStatsType, resolve: (event, _args, ctx) => stepStatsOf(event, ctx.loader) }),
    partition: t.string({ nullable: true, resolve: (event) => payloadString(event, 'partition') }),
    tags: t.field({ type: [EventTagType], resolve: (event) => tagsOf(event) }),
  }));
}

builder.objectFields(objectOf('ASSET_MATERIALIZATION'), (t) => ({
  assetLineage: t.field({
    type: [AssetLineageInfoType],
    description: 'Always empty: Tidepool records no asset lineage.',
    resolve: () => [],
  }),
}));

builder.objectFields(objectOf('ASSET_MATERIALIZATION_PLANNED'), (t) => ({
  assetKey: t.field({ type: AssetKeyType, nullable: true, resolve: (event) => assetKeyOf(event) }),
  runOrError: t.field({ type: RunOrError, resolve: (event, _args, ctx) => runOf(event, ctx.loader) as never }),
}));

builder.objectFields(objectOf('STEP_EXPECTATION_RESULT'), (t) => ({
  expectationResult: t.field({
    type: ExpectationResultType,
    resolve: (event) => part(event.payload.expectationResult, 'ExpectationResult'),
  }),
}));

// Dagster's RunStepStats lists the step's materializations and expectation results.
builder.objectFields(RunStepStatsType, (t) => ({
  materializations: t.field({
    type: [objectOf('ASSET_MATERIALIZATION')],
    resolve: (stats, _args, ctx) => stepEventsOfTypes(ctx.instance.database.api, stats.runId, stats.stepKey, ['ASSET_MATERIALIZATION']),
  }),
  expectationResults: t.field({
    type: [ExpectationResultType],
    resolve: async (stats, _args, ctx) =>
      (await stepEventsOfTypes(ctx.instance.database.api, stats.runId, stats.stepKey, ['STEP_EXPECTATION_RESULT'])).map((event) =>
        part(event.payload.expectationResult, 'ExpectationResult'),
      ),
  }),
}));
