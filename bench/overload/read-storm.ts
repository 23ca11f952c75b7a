// read-storm (issue 11): does a storm of counts from API clients slow the engine? One `tidepool serve`
// process (serve-process.ts) on a database holding a large history (stored-runs.ts, only ended runs),
// and in each repetition two phases against it, in this order:
//  - quiet: N one-step runs launched over HTTP in batches, as e2e-throughput launches them, with a probe
//    launching single runs with launchRun beside them; every run checked to end SUCCESS with its six
//    events (launch-load.ts); runs/s and the probe's launchRun latency;
//  - storm: the same, while the storm runs beside it (storm-clients.ts): clients looping on the heaviest
//    request of counts the cost budget admits, the issue's 100-count attack every so often, and clients
//    aborting their request mid-flight. The storm starts 15 s before the launches (STORM_LEAD_MS) and its
//    clients leave when the last run has ended.
// The baseline of each figure is the quiet phase of the same run. Throughout: `{ version }` probed every
// 200 ms (version-probe.ts), Postgres backends sampled by role (backend-sampler.ts), the CPU of the
// server process, of this one and of the machine. After the storm's clients leave: how long until no API
// statement runs (cancellation), and whether any run is left in the queue. At the end, SIGTERM under a
// storm: how long the server takes to exit.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { DEFAULT_INSTANCE_CONFIG } from '../../src/config/instance-config.js';
import { queryRows } from '../../src/db/database.js';
import { Notifier } from '../../src/db/notifier.js';
import type { Instance } from '../../src/instance/instance.js';
import { countRuns } from '../../src/runs/queries.js';
import { IN_PROGRESS_STATUSES } from '../../src/runs/vocabulary.js';
import { now, sleep } from '../lib/clock.js';
import { startCpuMeter, startMachineCpuMeter, type CpuUse } from '../lib/cpu.js';
import { createBenchDatabase, loadEngineFixture, type BenchDatabase } from '../lib/database.js';
import { measurement, rate, type Measurement, type Scenario, type ScenarioResult } from '../lib/scenario.js';
import { median, summarize } from '../lib/stats.js';
import { insertStoredRuns, type StoredRunsSetup } from '../lib/stored-runs.js';
import { CONFIG, MAX_CONCURRENT_RUNS, TAG_LIMITS } from '../throughput/tidepool-runs.js';
import { sampleBackends, waitForIdleApi, type BackendSample } from './backend-sampler.js';
import { launchPhase, runOutcomes, type RunOutcomes } from './launch-load.js';
import { startServeChild, type ServeChild } from './serve-process.js';
import {
  emptyTally,
  heaviestAdmitted,
  heaviestAlone,
  startStorm,
  STORM_FILTER,
  type StormOptions,
  type StormTally,
} from './storm-clients.js';
import { startVersionProbe } from './version-probe.js';

/** The issue's history was 500k runs; this one builds in about 70 s on the 2-core machine of the README. */
const HISTORY = 500_000;
const COUNT = 2_000;
const WARMUP = 200;
const BATCH = 100;
/** The launchRun probe's pace: one launch every this many ms (or when the last is answered, if later). */
const PROBE_INTERVAL_MS = 20;
const REPETITIONS = 3;
const STORM: Omit<StormOptions, 'url'> = { countClients: 20, attackEvery: 10, abortClients: 5, abortAfterMs: [20, 2_000] };
/**
 * The storm runs this long before the launches begin: every API connection busy, and the heavy reads'
 * burst from idle (one statement timeout, 10 s, spent at a net 75% per second of use) gone, so that the
 * phase measures a storm that lasts, not its first seconds.
 */
const STORM_LEAD_MS = 15_000;
/** Times the heaviest admitted request is sent alone, for its unloaded latency. */
const ALONE = 5;
const PHASE_TIMEOUT_MS = 300_000;
const GOAL_RATIO = 0.8;
const GOAL_LAUNCH_P99_MS = 100;
const GOAL_VERSION_MS = 1_000;
const API = DEFAULT_INSTANCE_CONFIG.api;

/**
 * Diagnostic variants, one quiet + storm pair each after the main repetitions, on a restarted server:
 * what the engine keeps when the heavy reads' share of time is lifted (one heavy connection, busy as much
 * as the storm wants), and with two heavy connections at the default share.
 */
const VARIANTS: { name: string; describe: string; apiConfig: string }[] = [
  {
    name: 'heavy-share-100',
    describe: 'api.heavy_reads.database_percent 100 (one connection, no share)',
    apiConfig: '  heavy_reads: { database_percent: 100 }\n',
  },
  {
    name: 'heavy-connections-2',
    describe: 'api.heavy_reads.connections 2 (at the default share)',
    apiConfig: '  heavy_reads: { connections: 2 }\n',
  },
];

// The e2e-throughput scenario's run limits. The launch rate limit is lifted: every client here is one
// address, and the benchmark measures what the engine sustains, not the limiter.
const SERVE_CONFIG = `${CONFIG}
api:
  launch_rate: { per_second: 1000000, burst: 1000000 }
`;

type Kind = 'quiet' | 'storm';

interface Phase {
  kind: Kind;
  runsPerSecond: number;
  totalMs: number;
  launchingMs: number;
  launchMs: number[];
  batchMs: number[];
  /** Runs of the phase: the bulk's and the probe's. */
  launched: number;
  outcomes: RunOutcomes;
  /** Runs of the whole database still queued or in progress after the phase. */
  queueLeft: number;
  storm: StormTally | null;
  /** From the storm's clients leaving to no API statement running. */
  drainMs: number | null;
  versionMs: number[];
  versionFailures: number;
  backends: BackendSample;
  cpu: CpuUse;
  machineBusy: number | null;
  /** This process's event-loop delay p99 (it times the launches): its own share of any latency. */
  benchLoopP99Ms: number;
}

interface Context {
  database: BenchDatabase;
  instance: Instance;
  notifier: Notifier;
  serve: ServeChild;
}

async function queueLeft(instance: Instance): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    instance.database.db,
    sql`select count(*)::int as n from runs where status = any(${sql.param(['QUEUED', 'NOT_STARTED', ...IN_PROGRESS_STATUSES])}::text[])`,
  );
  return row!.n;
}

async function phase(context: Context, kind: Kind, count: number): Promise<Phase> {
  const { serve } = context;
  const probe = startVersionProbe(serve.url);
  const storm = kind === 'storm' ? startStorm({ url: serve.url, ...STORM }) : null;
  if (storm) await sleep(STORM_LEAD_MS);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const machine = await startMachineCpuMeter();
  const cpu = await startCpuMeter({ pids: [serve.pid] });
  const sampler = await sampleBackends(context.database.name);
  const launched = await launchPhase(serve.url, context.notifier, {
    count,
    batch: BATCH,
    probeIntervalMs: PROBE_INTERVAL_MS,
    timeoutMs: PHASE_TIMEOUT_MS,
  });
  const backends = await sampler.stop();
  const cpuUse = await cpu.stop();
  const machineUse = await machine.stop();
  loop.disable();
  const tally = (await storm?.stop()) ?? null;
  const drainMs = storm ? await waitForIdleApi(context.database.name) : null;
  const version = await probe.stop();
  const outcomes = await runOutcomes(context.instance.database.db, launched.runIds);
  return {
    kind,
    runsPerSecond: (outcomes.succeeded / launched.totalMs) * 1000,
    totalMs: launched.totalMs,
    launchingMs: launched.launchingMs,
    launchMs: launched.launchMs,
    batchMs: launched.batchMs,
    launched: launched.runIds.length,
    outcomes,
    queueLeft: await queueLeft(context.instance),
    storm: tally,
    drainMs,
    versionMs: version.ms,
    versionFailures: version.failures,
    backends,
    cpu: cpuUse,
    machineBusy: machineUse?.busy ?? null,
    benchLoopP99Ms: loop.percentile(99) / 1e6,
  };
}

/** `repetitions` times a quiet phase, then a storm phase. */
async function pairs(context: Context, repetitions: number): Promise<Phase[]> {
  const phases: Phase[] = [];
  for (let repetition = 0; repetition < repetitions; repetition++) {
    phases.push(await phase(context, 'quiet', COUNT));
    phases.push(await phase(context, 'storm', COUNT));
  }
  return phases;
}

interface Diagnostic {
  name: string;
  describe: string;
  phases: Phase[];
}

export const readStorm: Scenario = {
  name: 'read-storm',
  description: `${COUNT} runs launched over HTTP to SUCCESS and launchRun latency on a ${HISTORY / 1000}k-run history, beside a storm of counts (vs. quiet).`,
  async run(): Promise<ScenarioResult> {
    const setupStart = now();
    const database = await createBenchDatabase();
    let serve: ServeChild | null = null;
    let notifier: Notifier | null = null;
    try {
      const instance = await database.openInstance(SERVE_CONFIG, 'bench:read-storm');
      const setup: StoredRunsSetup = await insertStoredRuns(instance, await loadEngineFixture(), HISTORY, { ended: true });
      const [history] = await queryRows<{ max_seq: number }>(instance.database.db, sql`select max(seq)::int as max_seq from runs`);
      const setupMs = now() - setupStart;
      serve = await startServeChild(database.url, SERVE_CONFIG);
      notifier = new Notifier(instance.database);
      await notifier.start();
      const context: Context = { database, instance, notifier, serve };

      await launchPhase(serve.url, notifier, {
        count: WARMUP,
        batch: BATCH,
        probeIntervalMs: PROBE_INTERVAL_MS,
        timeoutMs: PHASE_TIMEOUT_MS,
      });
      const alone = await heaviestAlone(serve.url, ALONE);
      const phases = await pairs(context, REPETITIONS);

      // SIGTERM while a storm runs: the process must stop, and promptly.
      const peakRssBytes = await serve.peakRssBytes();
      const lastStorm = startStorm({ url: serve.url, ...STORM });
      await sleep(STORM_LEAD_MS);
      const sigterm = await serve.stop();
      const sigtermStorm = await lastStorm.stop();
      const serverLog = serve.output();
      await serve.dispose();
      serve = null;

      const diagnostics: Diagnostic[] = [];
      for (const variant of VARIANTS) {
        serve = await startServeChild(database.url, `${SERVE_CONFIG}${variant.apiConfig}`);
        await launchPhase(serve.url, notifier, {
          count: WARMUP,
          batch: BATCH,
          probeIntervalMs: PROBE_INTERVAL_MS,
          timeoutMs: PHASE_TIMEOUT_MS,
        });
        diagnostics.push({ name: variant.name, describe: variant.describe, phases: await pairs({ ...context, serve }, 1) });
        await serve.stop();
        await serve.dispose();
        serve = null;
      }
      await notifier.stop();
      notifier = null;

      const [statuses] = await queryRows<{ launched: Record<string, number> | null }>(
        instance.database.db,
        sql`select jsonb_object_agg(status, n) as launched
            from (select status, count(*)::int as n from runs where seq > ${history!.max_seq} group by status) s`,
      );
      return report({
        setup,
        setupMs,
        stormMatches: await countRuns(instance.database.db, STORM_FILTER),
        phases,
        alone,
        sigterm,
        sigtermStorm,
        serverLog,
        diagnostics,
        launchedStatuses: statuses!.launched ?? {},
        queueAtEnd: await queueLeft(instance),
        peakRssBytes,
      });
    } catch (error) {
      // The server's own account of the failure (its log names the error without the request's data).
      if (serve) console.error(`read-storm: the server's log ends:\n${serve.output().slice(-4_000)}`);
      throw error;
    } finally {
      await notifier?.stop().catch(() => undefined);
      await serve?.dispose();
      await database.drop();
    }
  },
};

interface Findings {
  setup: StoredRunsSetup;
  setupMs: number;
  /** Runs the storm's filter matches: what each of its counts reads. */
  stormMatches: number;
  phases: Phase[];
  alone: number[];
  sigterm: { code: number | null; ms: number };
  sigtermStorm: StormTally;
  serverLog: string;
  diagnostics: Diagnostic[];
  /** Statuses of every run launched during the benchmark (warm-up included), by status. */
  launchedStatuses: Record<string, number>;
  queueAtEnd: number;
  peakRssBytes: number | null;
}

function report(f: Findings): ScenarioResult {
  const of = (kind: Kind) => f.phases.filter((p) => p.kind === kind);
  const quiet = of('quiet');
  const storm = of('storm');
  const quietVersion = { name: 'read-storm/quiet/version', stats: pooled(quiet, 'versionMs') };
  const aloneStats = { name: 'read-storm/heaviest-admitted-request-alone', stats: summarize(f.alone) };
  const tallies = storm.map((p) => p.storm!);
  const merged = mergeTallies(tallies);
  const heaviest = heaviestAdmitted();

  const measurements: Measurement[] = [
    ...engineMeasurements('read-storm', f.phases),
    measurement('read-storm/storm/version', 'latency', pooled(storm, 'versionMs'), quietVersion, (s) => ({
      text: `every answer < ${GOAL_VERSION_MS} ms`,
      met: s.max < GOAL_VERSION_MS && storm.every((p) => p.versionFailures === 0),
    })),
    measurement(quietVersion.name, 'latency', quietVersion.stats),
    ...(merged.answeredMs.length > 0
      ? [measurement('read-storm/storm/heaviest-admitted-request-answered', 'latency', summarize(merged.answeredMs), aloneStats)]
      : []),
    measurement(aloneStats.name, 'latency', aloneStats.stats),
    ...(merged.refusedMs.length > 0 ? [measurement('read-storm/storm/attack-refused', 'latency', summarize(merged.refusedMs))] : []),
    measurement('read-storm/storm/api-idle-after-clients-left', 'duration', summarize(storm.map((p) => p.drainMs!))),
    measurement('read-storm/sigterm-under-storm', 'duration', summarize([f.sigterm.ms])),
    ...f.diagnostics.flatMap((d) => engineMeasurements(`read-storm/diagnostic/${d.name}`, d.phases)),
  ];

  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
  const fmtCounts = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort((a, b) => b[1] - a[1])
      .map(([key, n]) => `${key} ${n}`)
      .join(', ') || 'none';
  const health = (list: Phase[]) =>
    list
      .map(
        (p) =>
          `${p.outcomes.succeeded}/${p.launched} SUCCESS${p.outcomes.others.length > 0 ? ` (others: ${JSON.stringify(p.outcomes.others.slice(0, 3))})` : ''}, queue left ${p.queueLeft}`,
      )
      .join('; ');
  const cpuNote = (list: Phase[]) => {
    const middle = [...list].sort((a, b) => a.runsPerSecond - b.runsPerSecond)[Math.floor(list.length / 2)]!;
    const share = (ms: number | null | undefined) =>
      ms === null || ms === undefined ? 'n/a' : `${pct(ms / middle.cpu.wallMs)} of one core`;
    return (
      `wall ${(middle.cpu.wallMs / 1000).toFixed(1)} s; tidepool serve ${share(middle.cpu.processesMs)}; bench process (launches, storm clients, ` +
      `probes) ${share(middle.cpu.nodeMs)}; whole machine ${middle.machineBusy === null ? 'n/a' : `${pct(middle.machineBusy)} busy`}; ` +
      `bench event-loop delay p99 ${middle.benchLoopP99Ms.toFixed(1)} ms`
    );
  };
  const backendsNote = (list: Phase[]) => {
    const roles = new Map<string, number[]>();
    for (const p of list) for (const [role, n] of Object.entries(p.backends.active)) roles.set(role, [...(roles.get(role) ?? []), n]);
    const waits = (role: string) =>
      median(list.map((p) => p.backends.waits[role]?.length ?? 0)) === 0
        ? ''
        : ` [${
            list
              .at(-1)!
              .backends.waits[role]?.slice(0, 4)
              .map((w) => `${w.wait} ${w.backends}`)
              .join(', ') ?? ''
          }]`;
    return [...roles].map(([role, ns]) => `${role} ${(ns.reduce((a, b) => a + b, 0) / list.length).toFixed(2)}${waits(role)}`).join('; ');
  };
  // The server's warnings and errors (its log lines are JSON; info lines are its banner and its runs).
  const serverLines = f.serverLog.split('\n').filter((line) => /"level":"(warn|error|fatal)"/.test(line));
  const unexpected = serverLines.filter((line) => /unexpected|lost|presumed dead/i.test(line));

  const notes = [
    `Setup (not a result): ${f.setup.count} stored runs, all ended (SUCCESS 83%, FAILURE 12%, CANCELED 5%), ${f.setup.rows.runTags} tag rows, ` +
      `${f.setup.rows.runEvents} events, in ${(f.setupMs / 1000).toFixed(1)} s (insert ${(f.setup.insertMs / 1000).toFixed(1)} s, index rebuild ` +
      `${(f.setup.indexMs / 1000).toFixed(1)} s, vacuum analyze ${(f.setup.vacuumAnalyzeMs / 1000).toFixed(1)} s).`,
    `Server: one \`tidepool serve\` child process (API, coordinator, monitor, worker; the defaults: engine pool 10 connections, API read lane ` +
      `${API.databaseConnections} and write lane ${Math.max(2, Math.ceil(API.databaseConnections / 2))} connections, statement timeout ` +
      `${API.statementTimeoutSeconds} s, cost budget ${API.maxOperationCost}), max_concurrent_runs ${MAX_CONCURRENT_RUNS}, tag limits group ${TAG_LIMITS.group}, ` +
      `db=redshift ${TAG_LIMITS.dbRedshift}; api.launch_rate lifted (one client address here). ${WARMUP}-run warm-up first.`,
    `Each phase: ${COUNT} runs of quick_job launched over HTTP with launchMultipleRuns in batches of ${BATCH}, one batch after another (as ` +
      `e2e-throughput), and beside them a probe launching one run with launchRun every ${PROBE_INTERVAL_MS} ms (or when answered, if later): ` +
      `the launchRun latencies are the probe's (${median(quiet.map((p) => p.launchMs.length))} / ${median(storm.map((p) => p.launchMs.length))} ` +
      `per quiet / storm phase). Timed from the first launch to the terminal hint of the last run; the rate counts the runs (bulk and probe) ` +
      `that ended SUCCESS with exactly their six events. ${REPETITIONS} repetitions of quiet then storm; rates are the median over repetitions, ` +
      `latencies pooled over them. launchMultipleRuns batch of ${BATCH}, median quiet ${median(quiet.flatMap((p) => p.batchMs)).toFixed(0)} ms, ` +
      `storm ${median(storm.flatMap((p) => p.batchMs)).toFixed(0)} ms.`,
    `Storm: ${STORM.countClients} clients looping on the heaviest admitted request — ${heaviest.aliases} aliased ` +
      `runsOrError(filter: ${JSON.stringify(STORM_FILTER)}, limit: 1) { ... on Runs { count } } (cost ${heaviest.cost} of ${heaviest.budget}; ` +
      `each count reads ${f.stormMatches} matching runs) — every ${STORM.attackEvery}th request the issue's 100-count attack; plus ${STORM.abortClients} ` +
      `clients sending the heaviest request and aborting it after ${STORM.abortAfterMs[0]}–${STORM.abortAfterMs[1]} ms. It starts ${STORM_LEAD_MS / 1000} s before ` +
      `the launches; its clients leave (abort what is in flight) once the last run has ended.`,
    `Per repetition, runs/s quiet → storm: ${quiet.map((q, i) => `${q.runsPerSecond.toFixed(0)} → ${storm[i]!.runsPerSecond.toFixed(0)} (${(storm[i]!.runsPerSecond / q.runsPerSecond).toFixed(2)}x)`).join(', ')}. ` +
      `Phase duration median quiet ${median(quiet.map((p) => p.totalMs)).toFixed(0)} ms, storm ${median(storm.map((p) => p.totalMs)).toFixed(0)} ms ` +
      `(launching alone: ${median(quiet.map((p) => p.launchingMs)).toFixed(0)} / ${median(storm.map((p) => p.launchingMs)).toFixed(0)} ms).`,
    `Storm requests (all storm phases): ${merged.requests} by the looping clients — ${fmtCounts(merged.outcomes)}; count fields in their replies: ` +
      `${fmtCounts(merged.counts)}. Aborting clients: ${merged.aborting.aborted} aborted mid-request, replied before the abort: ` +
      `${fmtCounts(merged.aborting.outcomes)}. Abandoned in flight when the clients left: ${merged.abandoned}.`,
    `API statements still running after the storm's clients left: none after ${storm.map((p) => p.drainMs!.toFixed(0)).join(', ')} ms. ` +
      `Oldest API statement seen running: ${Math.max(...storm.map((p) => p.backends.oldestApiStatementMs))} ms (statement timeout ${API.statementTimeoutSeconds} s).`,
    `Engine health: quiet phases ${health(quiet)}; storm phases ${health(storm)}. Every run launched in the benchmark (warm-up included), by status: ` +
      `${fmtCounts(f.launchedStatuses)}; runs queued or in progress at the end: ${f.queueAtEnd}.`,
    `SIGTERM ${STORM_LEAD_MS / 1000} s into a storm: the server exited with code ${f.sigterm.code} after ${f.sigterm.ms.toFixed(0)} ms; the storm saw ` +
      `${fmtCounts(f.sigtermStorm.outcomes)} (aborting clients: ${f.sigtermStorm.aborting.aborted} aborted, ${fmtCounts(f.sigtermStorm.aborting.outcomes)}; ` +
      `abandoned ${f.sigtermStorm.abandoned}).`,
    `Postgres backends of the database, mean active per 50 ms sample by role [their waits in the last phase]: quiet ${backendsNote(quiet)}. ` +
      `Storm: ${backendsNote(storm)}.`,
    `CPU in the median quiet phase: ${cpuNote(quiet)}. In the median storm phase: ${cpuNote(storm)}. (Postgres's own share is not ` +
      'reported: API backends whose statement was cancelled are closed, and parallel workers exit with their query, taking their CPU ticks along; ' +
      'the machine figure includes other jobs on a shared machine.)',
    `Version probes failed: quiet ${quiet.reduce((n, p) => n + p.versionFailures, 0)}, storm ${storm.reduce((n, p) => n + p.versionFailures, 0)}. ` +
      `Server peak RSS ${f.peakRssBytes === null ? 'n/a' : `${(f.peakRssBytes / 2 ** 20).toFixed(0)} MiB`}. ` +
      `Server log: ${serverLines.length} warning and error lines, ${unexpected.length} about unexpected errors or lost connections` +
      `${unexpected.length > 0 ? `, e.g. ${JSON.stringify(unexpected.slice(0, 3))}` : ''}.`,
    ...f.diagnostics.map((d) => {
      const [q, st] = [d.phases.find((p) => p.kind === 'quiet')!, d.phases.find((p) => p.kind === 'storm')!];
      const launch = (p: Phase) => {
        const stats = summarize(p.launchMs);
        return `p50 ${stats.p50.toFixed(0)} / p99 ${stats.p99.toFixed(0)} ms`;
      };
      return (
        `Diagnostic ${d.name} (${d.describe}; one quiet + storm pair on a restarted server, after a warm-up): runs/s ${q.runsPerSecond.toFixed(0)} → ` +
        `${st.runsPerSecond.toFixed(0)} (${(st.runsPerSecond / q.runsPerSecond).toFixed(2)}x), launchRun ${launch(q)} → ${launch(st)}; storm requests ` +
        `${fmtCounts(st.storm!.outcomes)}, counts ${fmtCounts(st.storm!.counts)}; engine ${health([q, st])}; API idle ${st.drainMs!.toFixed(0)} ms after the ` +
        `clients left; backends active in the storm: ${backendsNote([st])}; ${cpuNote([st])}.`
      );
    }),
  ];
  return {
    measurements,
    notes,
    details: {
      setup: { ...f.setup, setupMs: round(f.setupMs) },
      heaviestAdmitted: heaviest,
      diagnostics: f.diagnostics.map((d) => ({ name: d.name, describe: d.describe, phases: d.phases.map(phaseDetails) })),
      phases: f.phases.map(phaseDetails),
      sigterm: { ...f.sigterm, storm: { ...f.sigtermStorm, answeredMs: undefined, refusedMs: undefined } },
      launchedStatuses: f.launchedStatuses,
      queueAtEnd: f.queueAtEnd,
      peakRssBytes: f.peakRssBytes,
    },
  };
}

const rates = (list: Phase[]) => summarize(list.map((p) => p.runsPerSecond));
const pooled = (list: Phase[], field: 'launchMs' | 'versionMs') => summarize(list.flatMap((p) => p[field]));

/** Runs/s and launchRun latency of the storm phases against the quiet ones, with the issue's goals. */
function engineMeasurements(prefix: string, phases: Phase[]): Measurement[] {
  const quiet = phases.filter((p) => p.kind === 'quiet');
  const storm = phases.filter((p) => p.kind === 'storm');
  const quietRate = { name: `${prefix}/quiet/runs-per-second`, stats: rates(quiet) };
  const quietLaunch = { name: `${prefix}/quiet/launchRun`, stats: pooled(quiet, 'launchMs') };
  return [
    rate(`${prefix}/storm/runs-per-second`, 'runs/s', rates(storm), quietRate, (_s, ratio) => ({
      text: `median ≥ ${GOAL_RATIO}x of quiet`,
      met: ratio !== null && ratio >= GOAL_RATIO,
    })),
    rate(quietRate.name, 'runs/s', quietRate.stats),
    measurement(`${prefix}/storm/launchRun`, 'latency', pooled(storm, 'launchMs'), quietLaunch, (stats) => ({
      text: `p99 < ${GOAL_LAUNCH_P99_MS} ms`,
      met: stats.p99 < GOAL_LAUNCH_P99_MS,
    })),
    measurement(quietLaunch.name, 'latency', quietLaunch.stats),
  ];
}

function phaseDetails(p: Phase): Record<string, unknown> {
  return {
    kind: p.kind,
    runsPerSecond: round(p.runsPerSecond),
    totalMs: round(p.totalMs),
    launchingMs: round(p.launchingMs),
    launchMs: summarize(p.launchMs),
    batchMs: summarize(p.batchMs),
    versionMs: p.versionMs.length > 0 ? summarize(p.versionMs) : null,
    versionFailures: p.versionFailures,
    outcomes: p.outcomes,
    queueLeft: p.queueLeft,
    drainMs: p.drainMs === null ? null : round(p.drainMs),
    storm: p.storm && {
      ...p.storm,
      answeredMs: p.storm.answeredMs.length > 0 ? summarize(p.storm.answeredMs) : null,
      refusedMs: p.storm.refusedMs.length > 0 ? summarize(p.storm.refusedMs) : null,
    },
    backends: p.backends,
    cpu: { wallMs: round(p.cpu.wallMs), benchProcessMs: round(p.cpu.nodeMs), serveMs: p.cpu.processesMs ?? null },
    machineBusy: p.machineBusy,
    benchLoopP99Ms: round(p.benchLoopP99Ms),
  };
}

function mergeTallies(tallies: StormTally[]): StormTally {
  const merged = emptyTally();
  const add = (into: Record<string, number>, from: Record<string, number>) => {
    for (const [key, n] of Object.entries(from)) into[key] = (into[key] ?? 0) + n;
  };
  for (const t of tallies) {
    merged.requests += t.requests;
    add(merged.outcomes, t.outcomes);
    add(merged.counts, t.counts);
    merged.answeredMs.push(...t.answeredMs);
    merged.refusedMs.push(...t.refusedMs);
    merged.aborting.aborted += t.aborting.aborted;
    add(merged.aborting.outcomes, t.aborting.outcomes);
    merged.abandoned += t.abandoned;
  }
  return merged;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
