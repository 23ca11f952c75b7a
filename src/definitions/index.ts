/**
 * Everything the rest of Tidepool uses from the definitions module: the SDK, the JobSpec contract, plan
 * helpers and the loader. User code imports the smaller public surface from `src/index.ts`.
 */
export * from './asset.js';
export * from './automation.js';
export * from './code-location.js';
export * from './cron.js';
export * from './definitions.js';
export * from './errors.js';
export * from './job.js';
export * from './job-snapshot.js';
export * from './load.js';
export * from './names.js';
export * from './op.js';
export * from './partitions.js';
export * from './plan.js';
export * from './metadata.js';
export { AssetMaterialization, AssetObservation, ExpectationResult, MaterializeResult, Output as StepOutput } from './step-results.js';
export type { AssetKeyLike, LoggableEvent } from './step-results.js';
export * from './retry-policy.js';
export * from './select-job.js';
export type * from './types.js';
export { orderTopologically } from './graph.js';
