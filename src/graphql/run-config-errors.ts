// Run config validation errors in Dagster's shape: the PipelineConfigValidationError interface with one type per
// EvaluationErrorReason, each with its EvaluationStack, and the PipelineConfigValidationInvalid interface that
// RunConfigValidationInvalid implements (launch.ts). The errors come from definitions/run-config.ts.
//
// Tidepool's op config has no schema: nothing is required and there are no selectors, so validation answers
// RuntimeMismatchConfigError and Field(s)NotDefinedConfigError; MissingField(s)ConfigError and
// SelectorTypeConfigError (and ConfigTypeField behind them) exist so that Dagster's fragments validate.
import type { EvaluationErrorReason, EvaluationStackEntry, RunConfigError } from '../definitions/index.js';
import { builder } from './builder.js';

builder.scalarType('GenericScalar', {
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
});

const EvaluationErrorReasonEnum = builder.enumType('EvaluationErrorReason', {
  values: [
    'RUNTIME_TYPE_MISMATCH',
    'MISSING_REQUIRED_FIELD',
    'MISSING_REQUIRED_FIELDS',
    'FIELD_NOT_DEFINED',
    'FIELDS_NOT_DEFINED',
    'SELECTOR_FIELD_ERROR',
  ] as const satisfies readonly EvaluationErrorReason[],
});

type PathEntry = Extract<EvaluationStackEntry, { kind: 'path' }>;
type ListItemEntry = Extract<EvaluationStackEntry, { kind: 'listItem' }>;
type MapEntry = Extract<EvaluationStackEntry, { kind: 'mapKey' | 'mapValue' }>;

const PathEntryRef = builder.objectRef<PathEntry>('EvaluationStackPathEntry').implement({
  fields: (t) => ({ fieldName: t.exposeString('fieldName') }),
});
const ListItemEntryRef = builder.objectRef<ListItemEntry>('EvaluationStackListItemEntry').implement({
  description: 'Never answered by Tidepool: op config has no schema, so validation does not descend into lists.',
  fields: (t) => ({ listIndex: t.exposeInt('listIndex') }),
});
const MapKeyEntryRef = builder.objectRef<MapEntry>('EvaluationStackMapKeyEntry').implement({
  description: 'Never answered by Tidepool: op config has no schema, so validation does not descend into maps.',
  fields: (t) => ({ mapKey: t.field({ type: 'GenericScalar', resolve: (entry) => entry.mapKey }) }),
});
const MapValueEntryRef = builder.objectRef<MapEntry>('EvaluationStackMapValueEntry').implement({
  description: 'Never answered by Tidepool: op config has no schema, so validation does not descend into maps.',
  fields: (t) => ({ mapKey: t.field({ type: 'GenericScalar', resolve: (entry) => entry.mapKey }) }),
});

const EvaluationStackEntryUnion = builder.unionType('EvaluationStackEntry', {
  types: [ListItemEntryRef, PathEntryRef, MapKeyEntryRef, MapValueEntryRef],
  resolveType: (entry) => {
    switch (entry.kind) {
      case 'path':
        return PathEntryRef;
      case 'listItem':
        return ListItemEntryRef;
      case 'mapKey':
        return MapKeyEntryRef;
      case 'mapValue':
        return MapValueEntryRef;
    }
  },
});

const EvaluationStack = builder.objectRef<{ entries: EvaluationStackEntry[] }>('EvaluationStack').implement({
  description: 'The path from the root of the run config to the value an error is about (the root not included).',
  fields: (t) => ({ entries: t.field({ type: [EvaluationStackEntryUnion], resolve: (stack) => stack.entries }) }),
});

/** A config schema field. Boundary type: Tidepool has no config schema, so no error refers to one. */
const ConfigTypeField = builder.objectRef<{ name: string; description: string | null; isRequired: boolean }>('ConfigTypeField').implement({
  description: 'A field of a config schema. Never answered by Tidepool: op config has no schema.',
  fields: (t) => ({
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    isRequired: t.exposeBoolean('isRequired'),
  }),
});

const TYPE_OF_REASON: Record<EvaluationErrorReason, string> = {
  RUNTIME_TYPE_MISMATCH: 'RuntimeMismatchConfigError',
  MISSING_REQUIRED_FIELD: 'MissingFieldConfigError',
  MISSING_REQUIRED_FIELDS: 'MissingFieldsConfigError',
  FIELD_NOT_DEFINED: 'FieldNotDefinedConfigError',
  FIELDS_NOT_DEFINED: 'FieldsNotDefinedConfigError',
  SELECTOR_FIELD_ERROR: 'SelectorTypeConfigError',
};

export const PipelineConfigValidationError = builder.interfaceRef<RunConfigError>('PipelineConfigValidationError').implement({
  description: 'One problem with a run config; the implementing type follows its reason.',
  resolveType: (error) => TYPE_OF_REASON[error.reason],
  fields: (t) => ({
    message: t.exposeString('message'),
    /** Dagster-style path segments, `root` first. */
    path: t.stringList({ resolve: (error) => error.path.split(':') }),
    stack: t.field({ type: EvaluationStack, resolve: (error) => ({ entries: error.stack }) }),
    reason: t.field({ type: EvaluationErrorReasonEnum, resolve: (error) => error.reason }),
  }),
});

function errorType(name: string, description?: string) {
  return builder.objectRef<RunConfigError>(name).implement({
    ...(description === undefined ? {} : { description }),
    interfaces: [PipelineConfigValidationError],
    fields: () => ({}),
  });
}

builder.objectFields(errorType('RuntimeMismatchConfigError'), (t) => ({
  valueRep: t.string({ nullable: true, resolve: (error) => error.valueRep ?? null }),
}));
builder.objectFields(errorType('FieldNotDefinedConfigError'), (t) => ({
  fieldName: t.string({ resolve: (error) => error.fieldName ?? '' }),
}));
builder.objectFields(errorType('FieldsNotDefinedConfigError'), (t) => ({
  fieldNames: t.stringList({ resolve: (error) => error.fieldNames ?? [] }),
}));
const NO_SCHEMA = 'Never answered by Tidepool: op config has no schema, so no field is required.';
builder.objectFields(errorType('MissingFieldConfigError', NO_SCHEMA), (t) => ({
  field: t.field({
    type: ConfigTypeField,
    resolve: (error) => ({ name: error.fieldName ?? '', description: null, isRequired: true }),
  }),
}));
builder.objectFields(errorType('MissingFieldsConfigError', NO_SCHEMA), (t) => ({
  fields: t.field({
    type: [ConfigTypeField],
    resolve: (error) => (error.fieldNames ?? []).map((name) => ({ name, description: null, isRequired: true })),
  }),
}));
builder.objectFields(
  errorType('SelectorTypeConfigError', 'Never answered by Tidepool: op config has no schema, so there are no selectors.'),
  (t) => ({ incomingFields: t.stringList({ resolve: (error) => error.fieldNames ?? [] }) }),
);

export const PipelineConfigValidationInvalid = builder
  .interfaceRef<{ pipelineName: string; errors: RunConfigError[] }>('PipelineConfigValidationInvalid')
  .implement({
    fields: (t) => ({
      pipelineName: t.exposeString('pipelineName'),
      errors: t.field({ type: [PipelineConfigValidationError], resolve: (invalid) => invalid.errors }),
    }),
  });
