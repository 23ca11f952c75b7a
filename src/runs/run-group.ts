// Run groups (Dagster's runGroupOrError): a run that was never re-executed is the root of its own group; a
// re-execution carries `dagster/root_run_id` (its parent's root, or the parent) and `dagster/parent_run_id`
// (src/queue/reexecute.ts). A group is its root plus every run tagged with the root's id, found through the
// run_tags (key, value) index in one statement.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { getRun, isRunId, selectRuns, type RunRecord } from './run-record.js';
import { TAGS } from './vocabulary.js';

export interface RunGroup {
  rootRunId: string;
  /** The root and its re-executions, oldest first. */
  runs: RunRecord[];
}

/** The group of `runId`, or null when there is no such run. */
export async function readRunGroup(executor: Executor, runId: string): Promise<RunGroup | null> {
  const run = await getRun(executor, runId);
  if (run === null) return null;
  const rootRunId = run.tags[TAGS.rootRunId] ?? run.id;
  // A hand-set root tag that is no run id names no root run, only the runs that carry it.
  const root = isRunId(rootRunId) ? sql`or id = ${rootRunId}` : sql``;
  const runs = await selectRuns(
    executor,
    sql`where id in (select run_id from run_tags where key = ${TAGS.rootRunId} and value = ${rootRunId}) ${root}
        order by seq asc`,
  );
  return { rootRunId, runs };
}

/** The parent (`dagster/parent_run_id`) and root (`dagster/root_run_id`) of a run; null for a run that is not a re-execution. */
export function lineageOf(run: Pick<RunRecord, 'tags'>): { parentRunId: string | null; rootRunId: string | null } {
  return { parentRunId: run.tags[TAGS.parentRunId] ?? null, rootRunId: run.tags[TAGS.rootRunId] ?? null };
}
