// The events a step writes about its data, in Dagster's order and words: STEP_INPUT for each input it
// receives (LOADED_INPUT first when a re-execution read it from a stored output), then, when it returns,
// STEP_OUTPUT, HANDLED_OUTPUT (its output stored by the "io_manager": step_outputs, H1) and, for the step
// that produces an asset, ASSET_MATERIALIZATION with the metadata it gave (a MaterializeResult, an Output,
// `context.addOutputMetadata`). While it runs, `context.logEvent` writes ASSET_MATERIALIZATION,
// ASSET_OBSERVATION and STEP_EXPECTATION_RESULT. At a run's start, ASSET_MATERIALIZATION_PLANNED for each
// asset it will materialize. Metadata is checked here (definitions/metadata.ts): a bad entry throws
// InvalidMetadataError into the step, which fails naming the key.
import {
  AssetMaterialization,
  AssetObservation,
  ExpectationResult,
  MaterializeResult,
  normalizeMetadata,
  StepOutput,
  type AssetKeyLike,
  type JobSpec,
  type LoggableEvent,
  type StepContext,
  type StepSpec,
  type StoredMetadataEntry,
} from '../definitions/index.js';
import type { NewEvent } from '../runs/append-event.js';
import { TAGS } from '../runs/vocabulary.js';

type StepEvent = Omit<NewEvent, 'runId'>;

/** The IO manager key Tidepool's stored outputs are handled by (Dagster's default). */
export const MANAGER_KEY = 'io_manager';
/** A Tidepool step's one output (Dagster's default name; runs/step-outputs.ts stores it under it). */
const OUTPUT_NAME = 'result';

interface RunLike {
  job: JobSpec;
  tags: Readonly<Record<string, string>>;
}

// The recorder of each running step attempt, by run: the step's context reaches it through
// `stepEventMethods`, and execute-run.ts through the value `openStepEvents` returns.
const recorders = new WeakMap<RunLike, Map<string, StepEventRecorder>>();

/**
 * Starts a step attempt's data events: LOADED_INPUT for each input read from a stored output (a
 * re-execution's input from a step it does not run), STEP_INPUT for each input.
 */
export function openStepEvents(run: RunLike, step: StepSpec, events: { write(event: StepEvent): void }): StepEventRecorder {
  const executed = new Set(run.job.steps.map((other) => other.key));
  for (const input of step.inputs) {
    if (!executed.has(input.fromStep)) events.write(loadedInputEvent(step.key, input.name, input.fromStep));
  }
  for (const event of stepInputEvents(step)) events.write(event);
  const recorder = new StepEventRecorder(run.job, step, run.tags[TAGS.partition] ?? null, (event) => events.write(event));
  const byStep = recorders.get(run) ?? new Map<string, StepEventRecorder>();
  byStep.set(step.key, recorder);
  recorders.set(run, byStep);
  return recorder;
}

/** The step context's `addOutputMetadata` and `logEvent`, for the attempt `openStepEvents` opened. */
export function stepEventMethods(run: RunLike, step: StepSpec): Pick<StepContext, 'addOutputMetadata' | 'logEvent'> {
  const recorder = () => {
    const found = recorders.get(run)?.get(step.key);
    if (!found) throw new Error(`Step "${step.key}" is not running: metadata and events can be logged only while it runs.`);
    return found;
  };
  return {
    addOutputMetadata: (metadata) => recorder().addOutputMetadata(metadata),
    logEvent: (event) => recorder().logEvent(event),
  };
}

const passedTypeCheck = (label: string) => ({ success: true, label, description: null, metadata: [] });

/** ASSET_MATERIALIZATION_PLANNED for each asset the job's steps produce, in step order. */
export function plannedMaterializations(job: JobSpec): StepEvent[] {
  const keys = [...new Set(job.steps.map((step) => step.assetKey).filter((key): key is string => key !== null))];
  return keys.map((assetKey) => ({
    eventType: 'ASSET_MATERIALIZATION_PLANNED',
    stepKey: null,
    message: `${job.name} intends to materialize asset ${JSON.stringify(assetKey.split('/'))}`,
    payload: { assetKey: assetKey.split('/') },
  }));
}

/** LOADED_INPUT: an input read from the stored output of `upstreamStepKey` (a step an earlier run of the group ran). */
export function loadedInputEvent(stepKey: string, inputName: string, upstreamStepKey: string): StepEvent {
  return {
    eventType: 'LOADED_INPUT',
    stepKey,
    message: `Loaded input "${inputName}" using input manager "${MANAGER_KEY}", from output "${OUTPUT_NAME}" of step "${upstreamStepKey}"`,
    payload: { inputName, managerKey: MANAGER_KEY, upstreamOutputName: OUTPUT_NAME, upstreamStepKey, metadata: [] },
  };
}

/** STEP_INPUT for each of the step's inputs, as the step receives them. */
export function stepInputEvents(step: StepSpec): StepEvent[] {
  return step.inputs.map((input) => ({
    eventType: 'STEP_INPUT',
    stepKey: step.key,
    message: `Got input "${input.name}" of type "Any". (Type check passed).`,
    payload: { inputName: input.name, upstreamStepKey: input.fromStep, typeCheck: passedTypeCheck(input.name) },
  }));
}

function assetPath(key: AssetKeyLike | null, fallback: string | null): string[] {
  if (key === null) return fallback === null ? [] : fallback.split('/');
  return typeof key === 'string' ? key.split('/') : [...key];
}

/**
 * One attempt of a step: collects the metadata its code adds and writes the events its code logs. Bound to
 * the step's context (`addOutputMetadata`, `logEvent`); `finish` turns its return value into the value
 * downstream steps receive and writes the output and materialization events.
 */
export class StepEventRecorder {
  private readonly added: Record<string, unknown> = {};

  constructor(
    private readonly job: JobSpec,
    private readonly step: StepSpec,
    private readonly partition: string | null,
    private readonly write: (event: StepEvent) => void,
  ) {}

  addOutputMetadata(metadata: Readonly<Record<string, unknown>>): void {
    normalizeMetadata(metadata); // checked now, so the step fails where it added a bad entry
    Object.assign(this.added, metadata);
  }

  logEvent(event: LoggableEvent): void {
    if (event instanceof ExpectationResult) {
      const label = event.label;
      this.write({
        eventType: 'STEP_EXPECTATION_RESULT',
        stepKey: this.step.key,
        level: event.success ? 'INFO' : 'WARNING',
        message: `Expectation${label ? ` "${label}"` : ''} ${event.success ? 'passed' : 'failed'}.`,
        payload: {
          expectationResult: { success: event.success, label, description: event.description, metadata: normalizeMetadata(event.metadata) },
        },
      });
      return;
    }
    if (event instanceof AssetMaterialization || event instanceof AssetObservation) {
      const observation = event instanceof AssetObservation;
      const path = assetPath(event.assetKey, null);
      if (path.length === 0 || path.some((part) => part === '')) throw new TypeError('context.logEvent: an asset event needs an assetKey.');
      this.write(
        this.assetEvent(observation ? 'ASSET_OBSERVATION' : 'ASSET_MATERIALIZATION', path, normalizeMetadata(event.metadata), {
          description: event.description,
          partition: event.partition ?? this.partition,
          tags: event.tags,
        }),
      );
      return;
    }
    throw new TypeError('context.logEvent takes an AssetMaterialization, AssetObservation or ExpectationResult.');
  }

  private outputMetadata: StoredMetadataEntry[] = [];
  private materialization: { assetKey: string[]; tags: Record<string, string> } | null = null;

  /** The value downstream steps receive (an Output's value; nothing for a MaterializeResult); writes STEP_OUTPUT. */
  finish(returned: unknown): unknown {
    const materializeResult = returned instanceof MaterializeResult ? returned : null;
    const output = returned instanceof StepOutput ? returned : null;
    if (materializeResult && this.step.assetKey === null) {
      throw new TypeError(`Step "${this.step.key}" returned a MaterializeResult, but it produces no asset: return a value or an Output.`);
    }
    const given = materializeResult?.metadata ?? output?.metadata ?? {};
    this.outputMetadata = normalizeMetadata({ ...given, ...this.added });
    if (this.producesAsset()) {
      this.materialization = {
        assetKey: assetPath(materializeResult?.assetKey ?? null, this.step.assetKey),
        tags: { ...output?.tags, ...materializeResult?.tags },
      };
    }
    this.write({
      eventType: 'STEP_OUTPUT',
      stepKey: this.step.key,
      message: `Yielded output "${OUTPUT_NAME}" of type "Any". (Type check passed).`,
      payload: { outputName: OUTPUT_NAME, typeCheck: passedTypeCheck(OUTPUT_NAME), metadata: this.outputMetadata },
    });
    return materializeResult ? undefined : output ? output.value : returned;
  }

  /** The output was accepted (and stored, when `handled`): HANDLED_OUTPUT, then the asset's materialization. */
  succeeded(handled: boolean): void {
    if (handled) {
      this.write({
        eventType: 'HANDLED_OUTPUT',
        stepKey: this.step.key,
        message: `Handled output "${OUTPUT_NAME}" using IO manager "${MANAGER_KEY}"`,
        payload: { outputName: OUTPUT_NAME, managerKey: MANAGER_KEY, metadata: [] },
      });
    }
    if (this.materialization) {
      const { assetKey, tags } = this.materialization;
      this.write(
        this.assetEvent('ASSET_MATERIALIZATION', assetKey, this.outputMetadata, { description: null, partition: this.partition, tags }),
      );
    }
  }

  /** An asset step's last op (a graph asset's ops that no other op of it consumes). */
  private producesAsset(): boolean {
    const { assetKey, key } = this.step;
    if (assetKey === null) return false;
    return !this.job.steps.some((other) => other.assetKey === assetKey && other.inputs.some((input) => input.fromStep === key));
  }

  private assetEvent(
    eventType: 'ASSET_MATERIALIZATION' | 'ASSET_OBSERVATION',
    assetKey: string[],
    metadata: StoredMetadataEntry[],
    extra: { description: string | null; partition: string | null; tags: Readonly<Record<string, string>> },
  ): StepEvent {
    const verb = eventType === 'ASSET_MATERIALIZATION' ? 'Materialized value' : 'Observed value';
    return {
      eventType,
      stepKey: this.step.key,
      message: `${verb} ${assetKey.join('/')}${extra.partition ? ` (partition ${extra.partition})` : ''}.`,
      payload: { assetKey, metadata, description: extra.description, partition: extra.partition, tags: { ...extra.tags } },
    };
  }
}
