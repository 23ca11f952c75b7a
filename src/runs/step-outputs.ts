// The `step_outputs` table: the return value of every step that succeeded, as JSON (checked and sized by
// output-value.ts before the step may succeed). Written by the worker's journal in the transaction that
// writes the step's STEP_SUCCESS (execution/run-journal.ts: one INSERT per batch, no round trip of its own),
// so a step is never recorded as succeeded without its output, nor the other way round. Read when a
// re-execution needs the output of a step it does not run: from the nearest run up its lineage (its
// parent, the parent's parent, ...) that stored one, as Dagster finds the run that produced an output
// through the run's `parent_state` chain. Deleted with their run (on delete cascade).
//
// For the rich event log (H5): `insertStepOutputs` is where outputs are stored (HANDLED_OUTPUT belongs with
// it) and `outputsFromLineage` is where a re-execution loads them (LOADED_INPUT); the execution side calls
// them from execution/step-output-hooks.ts.
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/database.js';
import type { SerializedOutput } from './output-value.js';
import { TAGS } from './vocabulary.js';

/** Tidepool steps have one output, Dagster's default name. */
export const OUTPUT_NAME = 'result';

/** Stores outputs of steps of any runs in one statement (a step stored again keeps its latest value). */
export async function insertStepOutputs(executor: Executor, outputs: readonly (SerializedOutput & { runId: string })[]): Promise<void> {
  if (outputs.length === 0) return;
  await executor.execute(
    sql`insert into step_outputs (run_id, step_key, output_name, value, is_undefined, size_bytes)
        select t.run_id, t.step_key, ${OUTPUT_NAME}, t.value::jsonb, t.is_undefined, t.size_bytes
        from unnest(${sql.param(outputs.map((o) => o.runId))}::uuid[], ${sql.param(outputs.map((o) => o.stepKey))}::text[],
                    ${sql.param(outputs.map((o) => o.json))}::text[], ${sql.param(outputs.map((o) => o.isUndefined))}::bool[],
                    ${sql.param(outputs.map((o) => o.sizeBytes))}::int[])
             as t(run_id, step_key, value, is_undefined, size_bytes)
        on conflict (run_id, step_key, output_name) do update
          set value = excluded.value, is_undefined = excluded.is_undefined, size_bytes = excluded.size_bytes, created_at = now()`,
  );
}

/** A stored output found up a run's lineage: its value and the run that produced it. */
export interface LineageOutput {
  stepKey: string;
  value: unknown;
  isUndefined: boolean;
  /** The run whose step produced the value. */
  runId: string;
}

/** How far up a lineage outputs are looked for (a guard: lineages are acyclic, parents being older). */
const MAX_LINEAGE_DEPTH = 1000;

const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/**
 * The outputs of `stepKeys` stored by `fromRunId` or, for a step it did not store, by the nearest of its
 * ancestors that did (through `dagster/parent_run_id`). `withValues: false` reads only which steps have one
 * (planning a re-execution), not the values. Steps with no stored output anywhere in the lineage are absent.
 */
export async function outputsFromLineage(
  executor: Executor,
  fromRunId: string,
  stepKeys: readonly string[],
  options: { withValues: boolean } = { withValues: true },
): Promise<Map<string, LineageOutput>> {
  if (stepKeys.length === 0) return new Map();
  const parentTag = TAGS.parentRunId;
  // As text, parsed here: a driver's jsonb parsing would make a stored string indistinguishable from text.
  const value = options.withValues ? sql`o.value::text` : sql`null::text`;
  const rows = await queryRows<{ step_key: string; value: string | null; is_undefined: boolean; run_id: string }>(
    executor,
    sql`with recursive lineage(id, depth) as (
          select ${fromRunId}::uuid, 0
          union all
          select (r.tags->>${parentTag})::uuid, l.depth + 1
          from lineage l join runs r on r.id = l.id
          where r.tags->>${parentTag} ~ ${UUID_PATTERN} and l.depth < ${MAX_LINEAGE_DEPTH}
        )
        select distinct on (o.step_key) o.step_key, ${value} as value, o.is_undefined, o.run_id
        from lineage l join step_outputs o on o.run_id = l.id
        where o.step_key = any(${sql.param([...stepKeys])}::text[]) and o.output_name = ${OUTPUT_NAME}
        order by o.step_key, l.depth`,
  );
  return new Map(
    rows.map((row) => [
      row.step_key,
      {
        stepKey: row.step_key,
        value: row.value === null ? null : (JSON.parse(row.value) as unknown),
        isUndefined: row.is_undefined,
        runId: row.run_id,
      },
    ]),
  );
}

/** The outputs a run stored itself, by step key (for tests and the API). */
export async function storedOutputsOf(
  executor: Executor,
  runId: string,
): Promise<Map<string, { value: unknown; isUndefined: boolean; sizeBytes: number }>> {
  const rows = await queryRows<{ step_key: string; value: string | null; is_undefined: boolean; size_bytes: number }>(
    executor,
    sql`select step_key, value::text as value, is_undefined, size_bytes from step_outputs where run_id = ${runId} and output_name = ${OUTPUT_NAME}`,
  );
  return new Map(
    rows.map((row) => [
      row.step_key,
      { value: row.value === null ? null : (JSON.parse(row.value) as unknown), isUndefined: row.is_undefined, sizeBytes: row.size_bytes },
    ]),
  );
}
