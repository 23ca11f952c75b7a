// Event types of domains Tidepool does not have — hooks, alerts, resource initialization, step workers,
// object stores, asset checks: members of DagsterRunEvent so that Dagster clients' fragments validate;
// Tidepool writes none of them (resolveEventTypeName in events.ts never picks one). Their fields read the
// payload in Dagster's shape, should a future writer store one. Also ExecutionStepFailureEvent's errorSource
// and failureMetadata, which a real step failure does answer (from the payload execute-run.ts writes).
import type { EventRecord } from '../runs/read-events.js';
import { builder } from './builder.js';
import { AssetKeyType } from './definitions.js';
import {
  addDormantRunEventMembers,
  DisplayableEventInterface,
  DisplayablePartInterface,
  ErrorEventInterface,
  eventObjectType,
  MarkerEventInterface,
  MessageEventInterface,
  RunEventInterface,
  StepEventInterface,
  type DisplayablePart,
} from './events.js';
import { MetadataEntryInterface, metadataEntries } from './metadata.js';

const STEP = [MessageEventInterface, StepEventInterface];
const RUN = [MessageEventInterface, RunEventInterface];
const MARKER = [MessageEventInterface, DisplayableEventInterface, StepEventInterface, MarkerEventInterface];

const dormant = (name: string, interfaces: typeof STEP) =>
  builder.objectRef<EventRecord>(name).implement({ interfaces, fields: () => ({}) });

const payloadObject = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
const stringOf = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const assetKeyOf = (value: unknown) =>
  Array.isArray(value) && value.every((part) => typeof part === 'string') ? { path: value } : { path: [] };

// ------------------------------------------------------------------------------------ object stores

export const ObjectStoreOperationTypeEnum = builder.enumType('ObjectStoreOperationType', {
  values: ['SET_OBJECT', 'GET_OBJECT', 'RM_OBJECT', 'CP_OBJECT'] as const,
});
type ObjectStoreOperation = 'SET_OBJECT' | 'GET_OBJECT' | 'RM_OBJECT' | 'CP_OBJECT';

const ObjectStoreOperationResultType = builder.objectRef<DisplayablePart>('ObjectStoreOperationResult').implement({
  interfaces: [DisplayablePartInterface],
  fields: (t) => ({
    op: t.field({
      type: ObjectStoreOperationTypeEnum,
      resolve: (result) => (result as DisplayablePart & { op?: ObjectStoreOperation }).op ?? 'GET_OBJECT',
    }),
  }),
});

const ObjectStoreOperationEvent = dormant('ObjectStoreOperationEvent', STEP);
builder.objectFields(ObjectStoreOperationEvent, (t) => ({
  operationResult: t.field({
    type: ObjectStoreOperationResultType,
    resolve: (event) => ({ ...payloadObject(event.payload.operationResult), typename: 'ObjectStoreOperationResult' as const }),
  }),
}));

// ------------------------------------------------------------------------------------ asset checks

const AssetCheckSeverityEnum = builder.enumType('AssetCheckSeverity', { values: ['WARN', 'ERROR'] as const });

interface TargetMaterialization {
  storageId: number;
  runId: string;
  timestamp: number;
}

const TargetMaterializationType = builder.objectRef<TargetMaterialization>('AssetCheckEvaluationTargetMaterializationData').implement({
  fields: (t) => ({ storageId: t.exposeInt('storageId'), runId: t.exposeString('runId'), timestamp: t.exposeFloat('timestamp') }),
});

interface Evaluation {
  timestamp: number;
  data: Record<string, unknown>;
}

const AssetCheckEvaluationType = builder.objectRef<Evaluation>('AssetCheckEvaluation').implement({
  fields: (t) => ({
    timestamp: t.float({ resolve: (evaluation) => evaluation.timestamp }),
    checkName: t.string({ resolve: ({ data }) => stringOf(data.checkName) ?? '' }),
    assetKey: t.field({ type: AssetKeyType, resolve: ({ data }) => assetKeyOf(data.assetKey) }),
    targetMaterialization: t.field({
      type: TargetMaterializationType,
      nullable: true,
      resolve: ({ data }) => {
        const target = payloadObject(data.targetMaterialization);
        const { storageId, runId, timestamp } = target;
        return typeof storageId === 'number' && typeof runId === 'string' && typeof timestamp === 'number'
          ? { storageId, runId, timestamp }
          : null;
      },
    }),
    metadataEntries: t.field({ type: [MetadataEntryInterface], resolve: ({ data }) => metadataEntries(data.metadata) }),
    severity: t.field({ type: AssetCheckSeverityEnum, resolve: ({ data }) => (data.severity === 'WARN' ? 'WARN' : 'ERROR') }),
    description: t.string({ nullable: true, resolve: ({ data }) => stringOf(data.description) }),
    success: t.boolean({ resolve: ({ data }) => data.success === true }),
  }),
});

const AssetCheckEvaluationPlannedEvent = dormant('AssetCheckEvaluationPlannedEvent', STEP);
builder.objectFields(AssetCheckEvaluationPlannedEvent, (t) => ({
  assetKey: t.field({ type: AssetKeyType, resolve: (event) => assetKeyOf(event.payload.assetKey) }),
  checkName: t.string({ resolve: (event) => stringOf(event.payload.checkName) ?? '' }),
}));

const AssetCheckEvaluationEvent = dormant('AssetCheckEvaluationEvent', STEP);
builder.objectFields(AssetCheckEvaluationEvent, (t) => ({
  evaluation: t.field({
    type: AssetCheckEvaluationType,
    resolve: (event) => ({ timestamp: event.createdAt.getTime() / 1000, data: event.payload }),
  }),
}));

// ------------------------------------------------------------------------------------ the union

addDormantRunEventMembers([
  dormant('ResourceInitStartedEvent', MARKER),
  dormant('ResourceInitSuccessEvent', MARKER),
  dormant('ResourceInitFailureEvent', [...MARKER, ErrorEventInterface]),
  dormant('StepWorkerStartingEvent', MARKER),
  dormant('StepWorkerStartedEvent', MARKER),
  ObjectStoreOperationEvent,
  dormant('HookCompletedEvent', STEP),
  dormant('HookSkippedEvent', STEP),
  dormant('HookErroredEvent', [...STEP, ErrorEventInterface]),
  dormant('AlertStartEvent', RUN),
  dormant('AlertSuccessEvent', RUN),
  dormant('AlertFailureEvent', RUN),
  AssetCheckEvaluationPlannedEvent,
  AssetCheckEvaluationEvent,
]);

// ------------------------------------------------------------------------------------ step failures

const ERROR_SOURCES = ['FRAMEWORK_ERROR', 'USER_CODE_ERROR', 'UNEXPECTED_ERROR', 'INTERRUPT'] as const;
type ErrorSource = (typeof ERROR_SOURCES)[number];
const ErrorSourceEnum = builder.enumType('ErrorSource', { values: ERROR_SOURCES });

const FailureMetadataType = builder.objectRef<DisplayablePart>('FailureMetadata').implement({
  interfaces: [DisplayablePartInterface],
});

/** Where a step failure came from: the payload's errorSource (execute-run.ts), else INTERRUPT for a termination. */
export function stepFailureErrorSource(payload: Record<string, unknown>): ErrorSource | null {
  const recorded = payload.errorSource;
  if (typeof recorded === 'string' && (ERROR_SOURCES as readonly string[]).includes(recorded)) return recorded as ErrorSource;
  return payload.canceled === true ? 'INTERRUPT' : null;
}

builder.objectFields(eventObjectType('STEP_FAILURE'), (t) => ({
  errorSource: t.field({
    type: ErrorSourceEnum,
    nullable: true,
    description:
      "USER_CODE_ERROR once the step's compute started (its code threw, or its returned output was refused); " +
      'FRAMEWORK_ERROR when it failed before (its pool slot, its inputs); INTERRUPT when the run was terminated. ' +
      'Null for failures stored before Tidepool recorded where a failure came from (except terminations).',
    resolve: (event) => stepFailureErrorSource(event.payload),
  }),
  failureMetadata: t.field({
    type: FailureMetadataType,
    nullable: true,
    description: 'The metadata the step attached to its failure (payload.failureMetadata); null when it attached none.',
    resolve: (event) => {
      const attached = event.payload.failureMetadata;
      return typeof attached === 'object' && attached !== null ? { ...attached, typename: 'FailureMetadata' as const } : null;
    },
  }),
}));
