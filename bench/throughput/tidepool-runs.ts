// One repetition of Tidepool's end-to-end throughput: N one-step runs (`quick_job`) launched in batches,
// executed by an in-process worker, timed from the first launch request to the moment the hint of the
// N-th run reaching a terminal status arrives in this process (the hint is sent by the transaction that
// ends the run, so it arrives when that transaction has committed). The rate counts the runs that
// succeeded.
//
// The process is what `tidepool serve` runs: one Instance (one pg pool of the default size), the API
// server, the coordinator, the monitor and a worker, around one notifier. The launching client is in the
// same process: over HTTP it posts `launchMultipleRuns` to the server; "direct" calls launchRuns.
// With `servers: N` the service is instead N `tidepool serve` child processes on the one database, as a
// deployment scales it out: the launches are spread over them (one launching loop per server), every
// process's coordinator and worker compete for the runs, and this process only listens for the hints.
//
// Afterwards the repetition checks what it measured: every run SUCCESS with exactly its RUN_EVENTS (or
// aborted by its own worker right after the claim, recognised by its exact events and counted apart; anything
// else fails the repetition), and the highest number of runs in progress (overall and per tag limit),
// replayed from the status hints in commit order.
import { randomInt } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { startBackground, type Background } from '../../src/daemon/background.js';
import type { RunWorkerOptions } from '../../src/execution/run-worker.js';
import { queryRows } from '../../src/db/database.js';
import type { LoadedDefinitions } from '../../src/definitions/index.js';
import type { Instance } from '../../src/instance/instance.js';
import { launchRuns } from '../../src/queue/launch.js';
import type { ExecutionParams } from '../../src/runs/plan-run.js';
import { isTerminal } from '../../src/runs/vocabulary.js';
import { Notifier } from '../../src/db/notifier.js';
import { buildServer } from '../../src/server/build-server.js';
import { startServeChild } from '../overload/serve-process.js';
import { now } from '../lib/clock.js';
import { startCpuMeter, type CpuUse } from '../lib/cpu.js';
import { createBenchDatabase, type BenchDatabase } from '../lib/database.js';
import { postGraphQL } from '../lib/graphql-http.js';
import { summarize } from '../lib/stats.js';
import { Countdown } from '../lib/wait.js';

export const MAX_CONCURRENT_RUNS = 50;
export const TAG_LIMITS = { group: 40, dbRedshift: 30 } as const;
/** Share of runs carrying a `group` tag; every run carries `db`, this share of them `db=redshift` (else `postgres`). */
const GROUP_SHARE = 0.8;
const REDSHIFT_SHARE = 0.5;
const GROUPS = ['etl', 'ml', 'reports', 'exports'];

export const CONFIG = `
concurrency:
  runs:
    max_concurrent_runs: ${MAX_CONCURRENT_RUNS}
    tag_concurrency_limits:
      - { key: group, limit: ${TAG_LIMITS.group} }
      - { key: db, value: redshift, limit: ${TAG_LIMITS.dbRedshift} }
`;

/**
 * An `api` section lifting api.launch_rate (100/s per client by default): every launch here comes from one
 * client address, and the scenarios measure the engine, not the limiter.
 */
export const UNLIMITED_LAUNCH_RATE = 'api:\n  launch_rate: { per_second: 1000000, burst: 1000000 }\n';

/** The events every successful one-step run has, one each, in this order. */
export const RUN_EVENTS = [
  'RUN_ENQUEUED',
  'RUN_STARTING',
  'RUN_START',
  // Issue 17's rich event log: the step's captured logs, its output, and the output stored.
  'LOGS_CAPTURED',
  'STEP_START',
  'STEP_OUTPUT',
  'HANDLED_OUTPUT',
  'STEP_SUCCESS',
  'RUN_SUCCESS',
] as const;

export const LAUNCH_MUTATION = `
  mutation Launch($executionParamsList: [ExecutionParams!]!) {
    launchMultipleRuns(executionParamsList: $executionParamsList) {
      __typename
      ... on LaunchMultipleRunsResult {
        launchMultipleRunsResult {
          __typename
          ... on LaunchRunSuccess { run { runId } }
          ... on Error { message }
        }
      }
      ... on PythonError { message }
    }
  }
`;

type LaunchReply = {
  launchMultipleRuns: {
    __typename: string;
    message?: string;
    launchMultipleRunsResult?: { __typename: string; run?: { runId: string }; message?: string }[];
  };
};

export type LaunchPath = 'http' | 'direct';

export interface TidepoolRepetition {
  runsPerSecond: number;
  totalMs: number;
  /** From the first launch request to the last launch's reply. */
  launchMs: number;
  /** Runs that succeeded with exactly their RUN_EVENTS (the rate counts only these). */
  succeeded: number;
  /** Runs the worker aborted itself right after claiming them (see RACE_EVENTS). */
  canceledByRace: number;
  canceledRunIds: string[];
  /**
   * Transactions that wrote the measured runs' events, per run (run_events.tx_id): each commits with
   * a NOTIFY, and Postgres serializes notifying commits (see commit-ceiling.ts).
   */
  eventCommitsPerRun: number;
  peak: { inProgress: number; group: number; dbRedshift: number };
  /** Per transition, median and p99 in ms over the measured runs, from the events' timestamps. */
  phases: Record<string, { p50: number; p99: number }>;
  /**
   * How late status hints reached this process: arrival (wall clock) minus the event's created_at, which
   * is its transaction's start, so the lag includes the writing transaction itself. Per status, ms.
   */
  hintLag: Record<string, { p50: number; p99: number; max: number }>;
  /** CPU used by this process and by Postgres during the measured stretch. */
  cpu: CpuUse;
}

interface Harness {
  databaseName: string;
  /** Launches (direct path) and reads the runs afterwards. */
  instance: Instance;
  /** Hears every run's status hints. */
  notifier: Notifier;
  /** The API servers, launched to round-robin by batch. */
  urls: string[];
  /** Server processes other than this one, whose CPU is measured too. */
  serverPids: number[];
  stop(): Promise<void>;
  drop(): Promise<void>;
}

interface HarnessOptions {
  maxConnections?: number;
  extraConfig?: string;
  onDatabase?: (database: BenchDatabase) => Promise<void>;
  worker?: Partial<RunWorkerOptions>;
  /** Run the service as this many `tidepool serve` child processes instead of in this process. */
  servers?: number;
}

async function startHarness(location: LoadedDefinitions, options: HarnessOptions): Promise<Harness> {
  const database = await createBenchDatabase();
  try {
    await options.onDatabase?.(database);
    const configYaml = `${CONFIG}${options.extraConfig ?? ''}`;
    if (options.servers !== undefined) return await startServeHarness(database, configYaml, options.servers);
    const instance = await database.openInstance(configYaml, 'bench:throughput', { maxConnections: options.maxConnections });
    const background: Background = await startBackground(instance, location, {
      coordinator: true,
      monitor: true,
      worker: { maxConcurrentRuns: MAX_CONCURRENT_RUNS, ...options.worker },
    });
    const server = buildServer({ instance, location, port: 0, host: '127.0.0.1' });
    const { url } = await server.start();
    let stopping: Promise<void> | null = null;
    return {
      databaseName: database.name,
      instance,
      notifier: background.notifier,
      urls: [url],
      serverPids: [],
      stop() {
        stopping ??= server.stop().then(() => background.stop());
        return stopping;
      },
      drop: () => database.drop(),
    };
  } catch (error) {
    await database.drop().catch(() => undefined);
    throw error;
  }
}

async function startServeHarness(database: BenchDatabase, configYaml: string, servers: number): Promise<Harness> {
  // This process's own instance only reads (a few connections) and listens.
  const instance = await database.openInstance(configYaml, 'bench:throughput-reader', { maxConnections: 3 });
  const notifier = new Notifier(instance.database);
  await notifier.start();
  const children = await Promise.all(Array.from({ length: servers }, () => startServeChild(database.url, configYaml)));
  let stopping: Promise<void> | null = null;
  return {
    databaseName: database.name,
    instance,
    notifier,
    urls: children.map((child) => child.url),
    serverPids: children.map((child) => child.pid),
    stop() {
      stopping ??= Promise.all(children.map((child) => child.stop())).then(() => notifier.stop());
      return stopping;
    },
    async drop() {
      await Promise.all(children.map((child) => child.dispose()));
      await database.drop();
    },
  };
}

function randomTags(): Record<string, string> {
  const tags: Record<string, string> = { db: Math.random() < REDSHIFT_SHARE ? 'redshift' : 'postgres' };
  if (Math.random() < GROUP_SHARE) tags.group = GROUPS[randomInt(GROUPS.length)]!;
  return tags;
}

function requestsFor(tagsList: Record<string, string>[]): ExecutionParams[] {
  return tagsList.map((tags) => ({
    selector: { jobName: 'quick_job' },
    executionMetadata: { tags: Object.entries(tags).map(([key, value]) => ({ key, value })) },
  }));
}

async function launchBatch(
  harness: Harness,
  url: string,
  location: LoadedDefinitions,
  path: LaunchPath,
  requests: ExecutionParams[],
): Promise<string[]> {
  if (path === 'direct') {
    const results = await launchRuns(harness.instance, location, requests);
    return results.map((result) => {
      if (!result.ok) throw result.error;
      return result.runId;
    });
  }
  const reply = await postGraphQL<LaunchReply>(url, LAUNCH_MUTATION, { executionParamsList: requests });
  const results = reply.launchMultipleRuns.launchMultipleRunsResult;
  if (!results)
    throw new Error(`launchMultipleRuns failed: ${reply.launchMultipleRuns.__typename} ${reply.launchMultipleRuns.message ?? ''}`);
  return results.map((result) => {
    if (!result.run) throw new Error(`A launch failed: ${result.__typename} ${result.message ?? ''}`);
    return result.run.runId;
  });
}

/** Status hints in arrival (= commit) order, for replaying the number of runs in progress. */
type StatusLog = { runId: string; status: string; eventId: number; arrivedAtEpochMs: number }[];

async function launchAndFinish(
  harness: Harness,
  location: LoadedDefinitions,
  path: LaunchPath,
  count: number,
  batchSize: number,
  log: StatusLog | null,
): Promise<{ runIds: string[]; tags: Map<string, Record<string, string>>; startedAt: number; launchedAt: number; finishedAt: number }> {
  // The end is the count-th run reaching any terminal status: a run that does not succeed is
  // classified afterwards (verifyRuns), never waited for until a timeout.
  const ended = new Countdown(count);
  const unsubscribe = harness.notifier.subscribe('event', (hint) => {
    if (hint.status === null) return;
    log?.push({ runId: hint.runId, status: hint.status, eventId: hint.eventId, arrivedAtEpochMs: Date.now() });
    if (isTerminal(hint.status)) ended.increment();
  });
  try {
    const tagsList = Array.from({ length: count }, randomTags);
    const runIds: string[] = [];
    const tags = new Map<string, Record<string, string>>();
    const batches: Record<string, string>[][] = [];
    for (let i = 0; i < count; i += batchSize) batches.push(tagsList.slice(i, i + batchSize));
    const startedAt = now();
    // One launching loop per server, each posting its share of the batches one after another.
    await Promise.all(
      harness.urls.map(async (url, server) => {
        for (let b = server; b < batches.length; b += harness.urls.length) {
          const ids = await launchBatch(harness, url, location, path, requestsFor(batches[b]!));
          ids.forEach((id, j) => tags.set(id, batches[b]![j]!));
          runIds.push(...ids);
        }
      }),
    );
    const launchedAt = now();
    const finishedAt = await ended.reached(`${count} runs to end`, 120_000).catch(async (error: Error) => {
      const statuses = await runStatuses(harness.instance, runIds);
      throw new Error(`${error.message} The runs' statuses: ${JSON.stringify(statuses)}.`);
    });
    return { runIds, tags, startedAt, launchedAt, finishedAt };
  } finally {
    unsubscribe();
  }
}

export async function tidepoolRepetition(
  location: LoadedDefinitions,
  options: {
    path: LaunchPath;
    count: number;
    batchSize: number;
    warmup: number;
    /** The instance's pg pool size (default: the engine's). */
    maxConnections?: number;
    /** Top-level instance config sections added to CONFIG (diagnostics, e.g. `run_monitoring`). */
    extraConfig?: string;
    /** Called once the database exists, before anything connects to it (diagnostics: per-database settings). */
    onDatabase?: (database: BenchDatabase) => Promise<void>;
    /**
     * Started with the measured stretch and stopped at its end, given the API server's URL: load that a
     * deployment adds beside the runs (bench/observability: a Prometheus scraper).
     */
    alongside?: (apiUrl: string) => () => Promise<void>;
    /** Engine options of the worker (bench/outputs: storeOutputs false for its baseline). */
    worker?: Partial<RunWorkerOptions>;
    /** The service as this many `tidepool serve` child processes (HTTP only; `worker` does not apply). */
    servers?: number;
  },
): Promise<TidepoolRepetition> {
  if (options.servers !== undefined && options.path !== 'http') throw new Error('Serve processes are launched into over HTTP only.');
  const harness = await startHarness(location, options);
  try {
    // Warm-up: the same path end to end (connections opened, code paths compiled), not measured.
    await launchAndFinish(harness, location, options.path, options.warmup, options.batchSize, null);
    const log: StatusLog = [];
    const meter = await startCpuMeter({ database: harness.databaseName, pids: harness.serverPids });
    const stopAlongside = options.alongside?.(harness.urls[0]!);
    const run = await launchAndFinish(harness, location, options.path, options.count, options.batchSize, log);
    await stopAlongside?.();
    const cpu = await meter.stop();
    const totalMs = run.finishedAt - run.startedAt;
    await harness.stop();
    const { succeeded, canceledByRace, canceledRunIds } = await verifyRuns(harness.instance, run.runIds);
    const phases = await phaseTimes(harness.instance, succeeded);
    const [commits] = await queryRows<{ n: number }>(
      harness.instance.database.db,
      sql`select count(distinct tx_id)::int as n from run_events where run_id = any(${sql.param(run.runIds)}::uuid[])`,
    );
    return {
      runsPerSecond: (succeeded.length / totalMs) * 1000,
      totalMs,
      launchMs: run.launchedAt - run.startedAt,
      succeeded: succeeded.length,
      canceledByRace,
      canceledRunIds,
      eventCommitsPerRun: commits!.n / run.runIds.length,
      peak: peakInProgress(log, run.tags),
      hintLag: await hintLag(harness.instance, log),
      phases,
      cpu,
    };
  } finally {
    await harness.stop().catch(() => undefined);
    await harness.drop();
  }
}

async function runStatuses(instance: Instance, runIds: string[]): Promise<{ status: string; n: number }[]> {
  return queryRows<{ status: string; n: number }>(
    instance.database.db,
    sql`select status, count(*)::int as n from runs where id = any(${sql.param(runIds)}::uuid[]) group by status`,
  );
}

/**
 * The events of a run its own worker aborted right after claiming it, before its step started. Seen
 * here before aa7fc13: RunWorker.heartbeat() judged every run in `held` against a renewLeases reply,
 * and that reply misses runs claimed while the statement runs (its snapshot predates their claim), so
 * they were aborted as "no longer held by this worker". Since aa7fc13 it judges only the runs held
 * before it; the outcome stays recognised so that a regression shows up as a count in the notes.
 */
const RACE_EVENTS = 'RUN_ENQUEUED,RUN_STARTING,RUN_START,RUN_CANCELED';
const RACE_MESSAGE = 'Run was canceled; its steps stopped.';

/**
 * Every measured run either succeeded with exactly its RUN_EVENTS, or was aborted by its own worker
 * right after the claim (exactly RACE_EVENTS, no step ran). Anything else throws.
 */
async function verifyRuns(
  instance: Instance,
  runIds: string[],
): Promise<{ succeeded: string[]; canceledByRace: number; canceledRunIds: string[] }> {
  const rows = await queryRows<{ id: string; status: string; events: string; last_message: string }>(
    instance.database.db,
    sql`select r.id, r.status, string_agg(e.event_type, ',' order by e.id) as events,
               (array_agg(e.message order by e.id desc))[1] as last_message
        from runs r join run_events e on e.run_id = r.id
        where r.id = any(${sql.param(runIds)}::uuid[])
        group by r.id, r.status`,
  );
  if (rows.length !== runIds.length)
    throw new Error(`${runIds.length - rows.length} of ${runIds.length} runs are missing or have no events.`);
  const expected = RUN_EVENTS.join(',');
  const succeeded: string[] = [];
  const canceledRunIds: string[] = [];
  const wrong: typeof rows = [];
  for (const row of rows) {
    if (row.status === 'SUCCESS' && row.events === expected) succeeded.push(row.id);
    else if (row.status === 'CANCELED' && row.events === RACE_EVENTS && row.last_message === RACE_MESSAGE) canceledRunIds.push(row.id);
    else wrong.push(row);
  }
  if (wrong.length > 0) {
    throw new Error(`${wrong.length} runs ended otherwise than expected, e.g. ${JSON.stringify(wrong.slice(0, 3))}.`);
  }
  return { succeeded, canceledByRace: canceledRunIds.length, canceledRunIds };
}

/** Where a run's time goes: the delay between consecutive events, from their timestamps. */
async function phaseTimes(instance: Instance, runIds: string[]): Promise<Record<string, { p50: number; p99: number }>> {
  const rows = await queryRows<{ phase: string; p50: number; p99: number }>(
    instance.database.db,
    sql`with e as (
          select run_id, event_type, created_at,
                 lag(event_type) over w as previous_type, lag(created_at) over w as previous_at
          from run_events where run_id = any(${sql.param(runIds)}::uuid[])
          window w as (partition by run_id order by id)
        )
        select previous_type || '→' || event_type as phase,
               percentile_cont(0.5) within group (order by extract(epoch from created_at - previous_at) * 1000) as p50,
               percentile_cont(0.99) within group (order by extract(epoch from created_at - previous_at) * 1000) as p99
        from e where previous_type is not null
        group by 1 order by min(created_at - previous_at)`,
  );
  return Object.fromEntries(rows.map((row) => [row.phase, { p50: round(row.p50), p99: round(row.p99) }]));
}

async function hintLag(instance: Instance, log: StatusLog): Promise<TidepoolRepetition['hintLag']> {
  const rows = await queryRows<{ id: string; at: number }>(
    instance.database.db,
    sql`select id, extract(epoch from created_at) * 1000 as at from run_events where id = any(${sql.param(log.map((entry) => entry.eventId))}::bigint[])`,
  );
  const createdAt = new Map(rows.map((row) => [Number(row.id), Number(row.at)]));
  const byStatus = new Map<string, number[]>();
  for (const entry of log) {
    const at = createdAt.get(entry.eventId);
    if (at === undefined) continue;
    const list = byStatus.get(entry.status) ?? [];
    list.push(entry.arrivedAtEpochMs - at);
    byStatus.set(entry.status, list);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, lags]) => {
      const stats = summarize(lags);
      return [status, { p50: round(stats.p50), p99: round(stats.p99), max: round(stats.max) }];
    }),
  );
}

/** The most runs in progress at once, replayed from the status hints, overall and per tag limit. */
function peakInProgress(log: StatusLog, tags: Map<string, Record<string, string>>): TidepoolRepetition['peak'] {
  const inProgress = new Set<string>();
  const peak = { inProgress: 0, group: 0, dbRedshift: 0 };
  const count = (predicate: (t: Record<string, string>) => boolean) => [...inProgress].filter((id) => predicate(tags.get(id) ?? {})).length;
  for (const { runId, status } of log) {
    if (status === 'STARTING') inProgress.add(runId);
    else if (isTerminal(status)) inProgress.delete(runId);
    else continue;
    peak.inProgress = Math.max(peak.inProgress, inProgress.size);
    peak.group = Math.max(
      peak.group,
      count((t) => t.group !== undefined),
    );
    peak.dbRedshift = Math.max(
      peak.dbRedshift,
      count((t) => t.db === 'redshift'),
    );
  }
  return peak;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
