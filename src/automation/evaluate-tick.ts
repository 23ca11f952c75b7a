// Evaluates one claimed tick: runs the schedule's or sensor's function (bounded by the tick lease, so a
// hung function cannot hold a tick past the moment another daemon may take it over) and plans the runs it
// requests. Never throws: whatever goes wrong becomes a failed outcome, recorded on the tick, and an
// evaluation that fails launches nothing (a partly valid set of requests launches nothing either).
import type { LoadedDefinitions, RunRequest } from '../definitions/index.js';
import type { Instance } from '../instance/instance.js';
import { planLaunches } from '../queue/launch.js';
import { instanceApi } from '../runs/queries.js';
import type { ExecutionParams } from '../runs/plan-run.js';
import { TAGS } from '../runs/vocabulary.js';
import type { TickOutcome } from './complete-tick.js';
import type { InstigatorDef } from './instigators.js';
import type { InstigatorState } from './instigator-state.js';
import type { ClaimedTick, TickError } from './ticks.js';

class EvaluationTimeout extends Error {
  override readonly name = 'EvaluationTimeout';
}

export function tickError(error: unknown): TickError {
  const err = error instanceof Error ? error : new Error(String(error));
  return {
    className: err.name,
    message: err.message,
    stack: (err.stack ?? '')
      .split('\n')
      .slice(1, 21)
      .map((line) => line.trim()),
  };
}

/** The run tags Dagster puts on an instigator's runs, over the request's own. */
function runTags(def: InstigatorDef, tick: ClaimedTick, request: RunRequest): Record<string, string> {
  const tags: Record<string, string> = { ...request.tags };
  if (request.runKey !== null) tags[TAGS.runKey] = request.runKey;
  if (request.partitionKey !== null) tags[TAGS.partition] = request.partitionKey;
  if (def.kind === 'schedule') tags[TAGS.scheduledExecutionTime] = tick.tickAt.toISOString();
  return tags;
}

async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EvaluationTimeout(`${what} took longer than ${ms / 1000} s and was abandoned.`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function evaluateTick(
  instance: Instance,
  location: LoadedDefinitions,
  def: InstigatorDef,
  state: InstigatorState,
  tick: ClaimedTick,
  leaseSeconds: number,
): Promise<TickOutcome> {
  try {
    const api = instanceApi(instance.database.db);
    // Leave a tenth of the lease to write the tick's end before another daemon may claim it.
    const budget = leaseSeconds * 900;
    const label = `The ${def.kind} ${JSON.stringify(def.name)}`;
    let cursor: string | null = null;
    let result;
    if (def.kind === 'schedule') {
      result = await withTimeout(def.evaluate({ instance: api, scheduledExecutionTime: tick.tickAt }), budget, label);
    } else {
      const sensorResult = await withTimeout(
        def.evaluate({ instance: api, cursor: state.cursor, lastTickTime: state.lastTickAt }),
        budget,
        label,
      );
      cursor = sensorResult.cursor;
      result = sensorResult;
    }
    if (result.runRequests.length === 0) return { kind: 'skipped', reason: result.skipMessage, cursor };
    const params: ExecutionParams[] = result.runRequests.map((request) => ({
      selector: {
        jobName: def.jobName,
        repositoryName: location.definitions.repositoryName,
        repositoryLocationName: location.locationName,
      },
      executionMetadata: { tags: Object.entries(runTags(def, tick, request)).map(([key, value]) => ({ key, value })) },
      runConfigData: request.runConfig,
    }));
    const planned = await planLaunches(instance, location, params, `${def.kind}:${def.name}`);
    const refused = planned.flatMap((plan, index) => (plan.ok ? [] : [`request ${index + 1}: ${plan.error.message}`]));
    if (refused.length > 0) {
      return {
        kind: 'failed',
        error: {
          className: 'RunRequestError',
          message: `${refused.length} of ${planned.length} run request(s) could not be launched; none was. ${refused.join(' ')}`,
          stack: [],
        },
      };
    }
    return {
      kind: 'requests',
      requests: planned.map((plan, index) => ({
        request: result.runRequests[index]!,
        run: (plan as Extract<typeof plan, { ok: true }>).run,
      })),
      cursor,
    };
  } catch (error) {
    return { kind: 'failed', error: tickError(error) };
  }
}
