// The reads a GraphQL operation shares between its fields, made once per operation: Run fields that
// read other tables are batched (every run of a page asks, one query answers them all), and the queue's
// limits are read once however many runs the operation explains.
//
// A RequestLoader lives exactly as long as one execution: the context factory makes one per request, and
// a subscription makes a fresh one for each payload it resolves (see `withFreshLoader`), so a payload never
// sees values cached for an earlier one.
import DataLoader from 'dataloader';
import type { InstigatorDef } from '../automation/instigators.js';
import { readInstigatorStates, type InstigatorState } from '../automation/instigator-state.js';
import { readLatestTicks, type Tick } from '../automation/ticks.js';
import { DAEMON_TYPES } from '../daemon/daemon-types.js';
import { daemonStatuses } from '../daemon/heartbeats.js';
import type { Instance } from '../instance/instance.js';
import { runsWithClaims } from '../pools/runs-with-claims.js';
import { queueSnapshot, type QueueSnapshot } from '../queue/queue-blockers.js';
import { runsMaterializations } from '../runs/asset-events.js';
import type { EventRecord } from '../runs/read-events.js';
import { getRuns, jobNamesOf, type RunRecord } from '../runs/run-record.js';
import { loadRunStats, loadStepStats, type RunStats, type StepStats } from '../runs/step-stats.js';
import type { GraphQLContext } from './builder.js';

// A batch is sent once every resolver of the current pass has asked: after the pending I/O callbacks
// (a macrotask), so that a page's runs, resolved across several promise turns, share one query.
const AFTER_THIS_PASS = { batchScheduleFn: (send: () => void) => setImmediate(send) };

/** A DataLoader over a read that answers many runs at once, by run id (a run it does not answer: undefined). */
function byRun<V>(read: (runIds: readonly string[]) => Promise<ReadonlyMap<string, V>>): DataLoader<string, V | undefined> {
  return new DataLoader(async (runIds) => {
    const values = await read(runIds);
    return runIds.map((runId) => values.get(runId));
  }, AFTER_THIS_PASS);
}

/** Whether a queued run coordinator beats now (its heartbeats are the only sign of one). */
async function coordinatorHealthy(instance: Instance): Promise<boolean> {
  const coordinator = DAEMON_TYPES.queuedRunCoordinator;
  const [status] = await daemonStatuses(instance.database.api, [coordinator], [coordinator]);
  return status?.healthy === true;
}

export class RequestLoader {
  // Each loader is made on its first use: a request builds its context before it is known which fields it
  // selects, and most (a runs page, a pools page) use one or two of the eight.
  private jobNamesLoader?: DataLoader<string, string | undefined>;
  private stepStatsLoader?: DataLoader<string, StepStats[] | undefined>;
  private runStatsLoader?: DataLoader<string, RunStats | undefined>;
  private claimsLoader?: DataLoader<string, true | undefined>;
  private runsLoader?: DataLoader<string, RunRecord | undefined>;
  private materializationsLoader?: DataLoader<string, EventRecord[] | undefined>;
  private instigatorStatesLoader?: DataLoader<InstigatorDef, InstigatorState, string>;
  private latestTicksLoader?: DataLoader<string, Tick | undefined>;
  private snapshot: Promise<QueueSnapshot> | null = null;

  constructor(private readonly instance: Instance) {}

  private get executor() {
    return this.instance.database.api;
  }

  private get jobNames() {
    return (this.jobNamesLoader ??= byRun((runIds) => jobNamesOf(this.executor, runIds)));
  }

  private get stepStatsByRun() {
    return (this.stepStatsLoader ??= byRun((runIds) => loadStepStats(this.executor, runIds)));
  }

  private get runStatsByRun() {
    return (this.runStatsLoader ??= byRun((runIds) => loadRunStats(this.executor, runIds)));
  }

  private get claimsByRun() {
    return (this.claimsLoader ??= byRun(async (runIds) => {
      const holders = await runsWithClaims(this.executor, runIds);
      return new Map([...holders].map((runId) => [runId, true as const]));
    }));
  }

  private get runsById() {
    return (this.runsLoader ??= byRun(async (runIds) => new Map((await getRuns(this.executor, runIds)).map((run) => [run.id, run]))));
  }

  private get materializationsByRun() {
    return (this.materializationsLoader ??= byRun((runIds) => runsMaterializations(this.executor, runIds)));
  }

  /** A repository's schedules and sensors each ask for their state and last tick: one query each for all. */
  private get instigatorStates() {
    return (this.instigatorStatesLoader ??= new DataLoader((defs) => readInstigatorStates(this.executor, defs), {
      ...AFTER_THIS_PASS,
      cacheKeyFn: (def) => def.name,
    }));
  }

  private get latestTicks() {
    return (this.latestTicksLoader ??= new DataLoader(async (names) => {
      const ticks = await readLatestTicks(this.executor, names);
      return names.map((name) => ticks.get(name));
    }, AFTER_THIS_PASS));
  }

  /** The run of that id, or null when it does not exist (a tick's runs may have been deleted). */
  async run(runId: string): Promise<RunRecord | null> {
    return (await this.runsById.load(runId)) ?? null;
  }

  /** Whether the schedule or sensor runs, its cursor and last tick time. */
  instigatorState(def: InstigatorDef): Promise<InstigatorState> {
    return this.instigatorStates.load(def);
  }

  /** The newest tick of the schedule or sensor of that name, or null before its first. */
  async latestTick(name: string): Promise<Tick | null> {
    return (await this.latestTicks.load(name)) ?? null;
  }

  /** The job of a run ('' for a run that no longer exists). */
  async jobName(runId: string): Promise<string> {
    return (await this.jobNames.load(runId)) ?? '';
  }

  async stepStats(runId: string): Promise<StepStats[]> {
    return (await this.stepStatsByRun.load(runId)) ?? [];
  }

  async runStats(runId: string): Promise<RunStats> {
    return (await this.runStatsByRun.load(runId))!;
  }

  /** The run's ASSET_MATERIALIZATION events, oldest first. */
  async materializations(runId: string): Promise<EventRecord[]> {
    return (await this.materializationsByRun.load(runId)) ?? [];
  }

  /** Whether the run holds or waits for pool slots. */
  async hasClaims(runId: string): Promise<boolean> {
    return (await this.claimsByRun.load(runId)) ?? false;
  }

  /** The queue's limits and the coordinator's health, read on first use. */
  queueSnapshot(): Promise<QueueSnapshot> {
    this.snapshot ??= queueSnapshot(this.instance.database.api, this.instance.config, () => coordinatorHealthy(this.instance));
    return this.snapshot;
  }
}

/** The context for resolving one subscription payload: the subscriber's, with a loader of its own. */
export function withFreshLoader(context: GraphQLContext): GraphQLContext {
  return { ...context, loader: new RequestLoader(context.instance) };
}
