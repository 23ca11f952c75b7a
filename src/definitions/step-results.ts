// What a step may return or log besides a plain value, in Dagster's shapes: `MaterializeResult` (an asset's
// materialization metadata, no value), `Output` (a value with metadata), and events logged with
// `context.logEvent(...)`: `AssetMaterialization`, `AssetObservation`, `ExpectationResult`. Metadata is
// checked when the step hands it over (metadata.ts), so a bad entry fails the step naming its key.
import type { MetadataMapping } from './metadata.js';

export type AssetKeyLike = string | readonly string[];

/** An asset step's result without a value: its materialization's metadata (Dagster's MaterializeResult). */
export class MaterializeResult {
  readonly assetKey: AssetKeyLike | null;
  readonly metadata: MetadataMapping;
  readonly tags: Readonly<Record<string, string>>;
  readonly dataVersion: string | null;
  constructor(options: { metadata?: MetadataMapping; assetKey?: AssetKeyLike; tags?: Record<string, string>; dataVersion?: string } = {}) {
    this.assetKey = options.assetKey ?? null;
    this.metadata = options.metadata ?? {};
    this.tags = options.tags ?? {};
    this.dataVersion = options.dataVersion ?? null;
  }
}

/** A step's value with metadata (Dagster's Output): downstream steps receive `value`. */
export class Output<T = unknown> {
  readonly metadata: MetadataMapping;
  readonly outputName: string;
  readonly tags: Readonly<Record<string, string>>;
  constructor(
    readonly value: T,
    options: { metadata?: MetadataMapping; outputName?: string; tags?: Record<string, string> } = {},
  ) {
    this.metadata = options.metadata ?? {};
    this.outputName = options.outputName ?? 'result';
    this.tags = options.tags ?? {};
  }
}

interface AssetEventOptions {
  assetKey: AssetKeyLike;
  metadata?: MetadataMapping;
  description?: string | null;
  partition?: string | null;
  tags?: Record<string, string>;
}

abstract class AssetEvent {
  readonly assetKey: AssetKeyLike;
  readonly metadata: MetadataMapping;
  readonly description: string | null;
  readonly partition: string | null;
  readonly tags: Readonly<Record<string, string>>;
  constructor(options: AssetEventOptions) {
    this.assetKey = options.assetKey;
    this.metadata = options.metadata ?? {};
    this.description = options.description ?? null;
    this.partition = options.partition ?? null;
    this.tags = options.tags ?? {};
  }
}

/** A materialization an op reports of an asset it wrote (Dagster's AssetMaterialization), via context.logEvent. */
export class AssetMaterialization extends AssetEvent {}

/** An observation of an asset (Dagster's AssetObservation), via context.logEvent. */
export class AssetObservation extends AssetEvent {}

/** The result of a data-quality expectation (Dagster's ExpectationResult), via context.logEvent. */
export class ExpectationResult {
  readonly success: boolean;
  readonly label: string | null;
  readonly description: string | null;
  readonly metadata: MetadataMapping;
  constructor(options: { success: boolean; label?: string; description?: string; metadata?: MetadataMapping }) {
    this.success = options.success;
    this.label = options.label ?? null;
    this.description = options.description ?? null;
    this.metadata = options.metadata ?? {};
  }
}

/** What `context.logEvent` accepts. */
export type LoggableEvent = AssetMaterialization | AssetObservation | ExpectationResult;
