/**
 * Tidepool's public SDK: what a code location imports to define assets, ops, jobs, schedules and sensors.
 * Service internals (storage, queue, GraphQL) are deliberately not exported.
 */
export { asset, graphAsset } from './definitions/asset.js';
export type { AssetConfig, AssetDef, GraphAssetConfig, GraphAssetDef, PlainAssetDef } from './definitions/asset.js';
export { op } from './definitions/op.js';
export type { OpConfig, OpDef, Output as OpOutput } from './definitions/op.js';
export { AssetMaterialization, AssetObservation, ExpectationResult, MaterializeResult, Output } from './definitions/step-results.js';
export type { AssetKeyLike, LoggableEvent } from './definitions/step-results.js';
export { InvalidMetadataError, MetadataValue, TableColumn, TableRecord, TableSchema } from './definitions/metadata.js';
export type { MetadataMapping, TableColumnShape, TableSchemaShape } from './definitions/metadata.js';
export { defineAssetJob, job } from './definitions/job.js';
export type { AssetJobConfig, AssetJobDef, JobConfig, JobDef, OpJobConfig, OpJobDef } from './definitions/job.js';
export { RunRequest, SkipReason, schedule, sensor } from './definitions/automation.js';
export type {
  DefaultStatus,
  EvaluationReturn,
  RunRequestInit,
  ScheduleConfig,
  ScheduleDef,
  ScheduleEvaluationContext,
  SensorConfig,
  SensorDef,
  SensorEvaluationContext,
  TickResult,
} from './definitions/automation.js';
export {
  DailyPartitionsDefinition,
  HourlyPartitionsDefinition,
  StaticPartitionsDefinition,
  TimeWindowPartitionsDefinition,
} from './definitions/partitions.js';
export type {
  DailyPartitionsConfig,
  HourlyPartitionsConfig,
  PartitionsDefinition,
  TimeWindowPartitionsConfig,
} from './definitions/partitions.js';
export { Definitions } from './definitions/definitions.js';
export type { DefinitionsConfig } from './definitions/definitions.js';
export { DefinitionsError } from './definitions/errors.js';
export { Backoff, Jitter, RetryRequested } from './definitions/retry-policy.js';
export type { RetryPolicy, RetryRequestedOptions } from './definitions/retry-policy.js';
export type { InstanceApi, RunRecordLike, RunRecordsFilter, StepContext, StepLogger } from './definitions/types.js';
