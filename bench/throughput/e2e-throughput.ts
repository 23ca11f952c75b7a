// e2e-throughput: N trivial one-step runs through the whole engine — launched in batches, queued under
// max_concurrent_runs 50 and two tag limits, dequeued by the coordinator, executed by an in-process
// worker, or by one and by two `tidepool serve` child processes — timed from the first launch to the
// last run's RUN_SUCCESS (tidepool-runs.ts), beside the same number of no-op jobs through graphile-worker
// (graphile-worker.ts) and pg-boss (pg-boss.ts), each in its own database on the same Postgres, in the
// same run.
//
// Each repetition runs every system once, in a fixed order, before the next repetition starts (so drift
// in a noisy machine's load hits all of them alike); every repetition has a fresh database and a
// warm-up. Reported: the median rate over the repetitions and the ratio Tidepool/peer. After the
// measured repetitions, one diagnostic Tidepool repetition (not counted) samples the backends' wait
// events and times every statement client-side: where the time goes.
//
// A reference beside them (commit-ceiling.ts): how many notifying vs plain single-statement commits per
// second this Postgres takes from 10 connections.
import type { LoadedDefinitions } from '../../src/definitions/index.js';
import { loadEngineFixture } from '../lib/database.js';
import { describeCpu, type CpuUse } from '../lib/cpu.js';
import { rate, type Measurement, type Scenario, type ScenarioResult } from '../lib/scenario.js';
import { profileStatements, type StatementTotal } from '../lib/statement-profile.js';
import { median, summarize, type Stats } from '../lib/stats.js';
import { sampleWaits, type WaitShare } from '../lib/wait-sampler.js';
import { commitCeilingRepetition } from './commit-ceiling.js';
import { graphileWorkerRepetition, type GraphileMode } from './graphile-worker.js';
import { pgBossRepetition, type PgBossMode } from './pg-boss.js';
import {
  MAX_CONCURRENT_RUNS,
  TAG_LIMITS,
  tidepoolRepetition,
  UNLIMITED_LAUNCH_RATE,
  type LaunchPath,
  type TidepoolRepetition,
} from './tidepool-runs.js';

const COUNT = 2_000;
const BATCH = 100;
const WARMUP = 100;
const CONCURRENCY = MAX_CONCURRENT_RUNS;
const REPETITIONS = 5;
const GOAL_RUNS_PER_SECOND = 1_000;

interface Sample {
  rate: number;
  totalMs: number;
  /** Launching / adding, from the first call to the last reply. */
  enqueueMs: number;
  cpu: CpuUse;
  tidepool?: TidepoolRepetition;
}

interface System {
  name: string;
  unit: 'runs/s' | 'jobs/s';
  run(location: LoadedDefinitions): Promise<Sample>;
}

function tidepool(path: LaunchPath, servers?: number): System {
  const name = servers !== undefined ? `serve-x${servers}-http` : path === 'http' ? 'launchMultipleRuns-http' : 'launchRuns-direct';
  return {
    name: `tidepool/${name}`,
    unit: 'runs/s',
    async run(location) {
      const r = await tidepoolRepetition(location, {
        path,
        servers,
        count: COUNT,
        batchSize: BATCH,
        warmup: WARMUP,
        extraConfig: UNLIMITED_LAUNCH_RATE,
      });
      return { rate: r.runsPerSecond, totalMs: r.totalMs, enqueueMs: r.launchMs, cpu: r.cpu, tidepool: r };
    },
  };
}

function graphile(mode: GraphileMode): System {
  return {
    name: `graphile-worker/${mode}`,
    unit: 'jobs/s',
    async run() {
      const r = await graphileWorkerRepetition({ mode, count: COUNT, batchSize: BATCH, concurrency: CONCURRENCY, warmup: WARMUP });
      return { rate: r.jobsPerSecond, totalMs: r.totalMs, enqueueMs: r.addMs, cpu: r.cpu };
    },
  };
}

function pgBoss(mode: PgBossMode): System {
  return {
    name: `pg-boss/${mode}`,
    unit: 'jobs/s',
    async run() {
      const r = await pgBossRepetition({ mode, count: COUNT, batchSize: BATCH, concurrency: CONCURRENCY, warmup: WARMUP });
      return { rate: r.jobsPerSecond, totalMs: r.totalMs, enqueueMs: r.addMs, cpu: r.cpu };
    },
  };
}

const HTTP = tidepool('http');
const DIRECT = tidepool('direct');
/** As deployed: `tidepool serve` in a process of its own, then two of them on the one database. */
const SERVE_1 = tidepool('http', 1);
const SERVE_2 = tidepool('http', 2);
const OURS = [HTTP, DIRECT, SERVE_1, SERVE_2];
const PEERS: System[] = [
  graphile('per-job'),
  graphile('per-job-worker'),
  graphile('batched'),
  pgBoss('per-job'),
  pgBoss('per-job-fetch-loop'),
  pgBoss('batched'),
];
const SYSTEMS = [...OURS, ...PEERS];
/** The peer the Tidepool rows are compared with in the table (the others are in the notes). */
const MAIN_PEER = 'graphile-worker/per-job-worker';

export const e2eThroughput: Scenario = {
  name: 'e2e-throughput',
  description: `${COUNT} one-step runs launched in batches to SUCCESS under run limits (vs. graphile-worker and pg-boss no-op jobs).`,
  async run(): Promise<ScenarioResult> {
    const location = await loadEngineFixture();
    const samples = new Map<string, Sample[]>(SYSTEMS.map((system) => [system.name, []]));
    const ceilings: { notifying: number[]; plain: number[] } = { notifying: [], plain: [] };
    for (let repetition = 0; repetition < REPETITIONS; repetition++) {
      for (const system of SYSTEMS) samples.get(system.name)!.push(await system.run(location));
      const ceiling = await commitCeilingRepetition(COUNT);
      ceilings.notifying.push(ceiling.notifyingCommitsPerSecond);
      ceilings.plain.push(ceiling.plainCommitsPerSecond);
    }
    const diagnosis = await diagnosticPass(location);

    const stats = new Map([...samples].map(([name, list]) => [name, summarize(list.map((sample) => sample.rate))]));
    const statsOf = (name: string) => stats.get(name)!;
    const mainPeer = { name: MAIN_PEER, stats: statsOf(MAIN_PEER) };
    const goal = (s: Stats) => ({ text: `median ≥ ${GOAL_RUNS_PER_SECOND} runs/s`, met: s.median >= GOAL_RUNS_PER_SECOND });
    const measurements: Measurement[] = [
      rate(`e2e-throughput/${HTTP.name}`, 'runs/s', statsOf(HTTP.name), mainPeer, goal),
      rate(`e2e-throughput/${DIRECT.name}`, 'runs/s', statsOf(DIRECT.name), mainPeer, goal),
      rate(`e2e-throughput/${SERVE_1.name}`, 'runs/s', statsOf(SERVE_1.name), mainPeer, goal),
      rate(`e2e-throughput/${SERVE_2.name}`, 'runs/s', statsOf(SERVE_2.name), { name: SERVE_1.name, stats: statsOf(SERVE_1.name) }),
      ...PEERS.map((peer) => rate(`e2e-throughput/${peer.name}`, peer.unit, statsOf(peer.name))),
      rate('e2e-throughput/postgres-notifying-commits (reference)', 'commits/s', summarize(ceilings.notifying)),
      rate('e2e-throughput/postgres-plain-commits (reference)', 'commits/s', summarize(ceilings.plain)),
    ];

    const tidepoolSamples = (name: string) => samples.get(name)!.map((sample) => sample.tidepool!);
    const ratios: Record<string, Record<string, number>> = {};
    for (const ours of OURS) {
      ratios[ours.name] = Object.fromEntries(
        PEERS.map((peer) => [peer.name, round(statsOf(ours.name).median / statsOf(peer.name).median)]),
      );
    }
    const notes = [
      `${COUNT} runs/jobs per repetition (launched/added in batches of ${BATCH} unless the mode says per job), ${REPETITIONS} repetitions, ` +
        `systems interleaved within each repetition, each after a ${WARMUP}-run warm-up in a fresh database. Rates are median (p99) over the repetitions; ` +
        'for a rate the bad tail is the minimum (in the JSON).',
      `Tidepool: one process as \`tidepool serve\` runs it (API server, coordinator, monitor, worker with maxConcurrentRuns ${CONCURRENCY}, ` +
        `one pg pool of the engine's default 10 connections); max_concurrent_runs ${MAX_CONCURRENT_RUNS}, tag limits group (any value) ${TAG_LIMITS.group} ` +
        `and db=redshift ${TAG_LIMITS.dbRedshift}; ~80% of runs carry group=<one of 4>, ~50% db=redshift (else db=postgres). ` +
        'Timed from the first launch request to the arrival of the hint of the last run to end; the rate counts the runs that succeeded. ' +
        'The HTTP client is in the same process. ' +
        `${SERVE_1.name} and ${SERVE_2.name}: the same config served by one and by two \`tidepool serve\` child processes on the one database ` +
        '(each with its coordinator, monitor and worker); this process launches over HTTP, one launching loop per server, and only listens ' +
        `for the hints; their CPU is counted as "processes". ${SERVE_2.name}'s ratio in the table is to ${SERVE_1.name} (how it scales).`,
      `Peers: concurrency ${CONCURRENCY} (graphile-worker concurrentJobs, pg-boss workers or fetch loops), timed from the first add to the jobs table showing every job completed.`,
      ...OURS.map(
        (ours) =>
          `Tidepool/peer, ${ours.name}: ${Object.entries(ratios[ours.name]!)
            .map(([peer, ratio]) => `${peer} ${ratio.toFixed(3)}x`)
            .join(', ')}.`,
      ),
      ...SYSTEMS.map((system) => {
        const list = samples.get(system.name)!;
        return (
          `${system.name}: median ${median(list.map((s) => s.totalMs)).toFixed(0)} ms in all, enqueueing ${median(list.map((s) => s.enqueueMs)).toFixed(0)} ms; ` +
          `CPU in a median repetition: ${describeCpu(medianCpu(list))}.`
        );
      }),
      ...OURS.map((ours) => verificationNote(ours.name, tidepoolSamples(ours.name))),
      ...OURS.map((ours) => phaseNote(ours.name, tidepoolSamples(ours.name))),
      ...OURS.map((ours) => hintLagNote(ours.name, tidepoolSamples(ours.name))),
      `Reference: this Postgres took ${median(ceilings.notifying).toFixed(0)} notifying commits/s and ${median(ceilings.plain).toFixed(0)} plain commits/s ` +
        `(single-statement insert [+ pg_notify] from 10 connections, one listener). Tidepool's measured runs were written by ` +
        `${median(tidepoolSamples(HTTP.name).map((r) => r.eventCommitsPerRun)).toFixed(2)} notifying transactions per run (distinct run_events.tx_id).`,
      ...diagnosis.notes,
    ];
    return {
      measurements,
      notes,
      details: {
        ratiosTidepoolOverPeer: ratios,
        samples: Object.fromEntries(
          [...samples].map(([name, list]) => [
            name,
            list.map((sample) => ({
              rate: round(sample.rate),
              totalMs: round(sample.totalMs),
              enqueueMs: round(sample.enqueueMs),
              cpu: sample.cpu,
              ...(sample.tidepool
                ? {
                    canceledByRace: sample.tidepool.canceledByRace,
                    hintLag: sample.tidepool.hintLag,
                    eventCommitsPerRun: round(sample.tidepool.eventCommitsPerRun),
                    peak: sample.tidepool.peak,
                    phases: sample.tidepool.phases,
                  }
                : {}),
            })),
          ]),
        ),
        commitCeiling: { notifying: ceilings.notifying.map(round), plain: ceilings.plain.map(round) },
        diagnosis: diagnosis.details,
      },
    };
  },
};

function verificationNote(name: string, reps: TidepoolRepetition[]): string {
  const canceled = reps.map((r) => r.canceledByRace);
  const peak = {
    inProgress: Math.max(...reps.map((r) => r.peak.inProgress)),
    group: Math.max(...reps.map((r) => r.peak.group)),
    dbRedshift: Math.max(...reps.map((r) => r.peak.dbRedshift)),
  };
  return (
    `${name} verified: every run that succeeded has exactly RUN_ENQUEUED, RUN_STARTING, RUN_START, STEP_START, STEP_SUCCESS, RUN_SUCCESS ` +
    `(succeeded per repetition: ${reps.map((r) => r.succeeded).join(', ')} of ${COUNT}; the rate counts only these). ` +
    `Highest in progress seen (replayed from status hints in commit order): ${peak.inProgress} (limit ${MAX_CONCURRENT_RUNS}), ` +
    `group ${peak.group} (limit ${TAG_LIMITS.group}), db=redshift ${peak.dbRedshift} (limit ${TAG_LIMITS.dbRedshift}). ` +
    (canceled.some((n) => n > 0)
      ? `Runs canceled by their own worker per repetition: ${canceled.join(', ')} — events RUN_ENQUEUED, RUN_STARTING, RUN_START, RUN_CANCELED ` +
        '"Run was canceled; its steps stopped." and no step: RunWorker aborted the run between its claim and its first step, as ' +
        'heartbeat() did before aa7fc13 to runs claimed while renewLeases was in flight. A regression in src/execution/run-worker.ts.'
      : 'No run was canceled by its own worker in these repetitions.')
  );
}

function phaseNote(name: string, reps: TidepoolRepetition[]): string {
  const phases = Object.keys(reps[0]!.phases);
  return (
    `${name}, where a run's time goes (median over repetitions of each transition's p50 / p99, from event timestamps): ` +
    phases
      .map((phase) => {
        const p50 = median(reps.map((r) => r.phases[phase]?.p50 ?? NaN));
        const p99 = median(reps.map((r) => r.phases[phase]?.p99 ?? NaN));
        return `${phase} ${p50.toFixed(0)} / ${p99.toFixed(0)} ms`;
      })
      .join(', ') +
    '. Everything after RUN_ENQUEUED→RUN_STARTING is time in progress, holding one of the 50 places.'
  );
}

function hintLagNote(name: string, reps: TidepoolRepetition[]): string {
  const statuses = Object.keys(reps[0]!.hintLag);
  return (
    `${name}, status hints' lag (arrival in this process minus the event's transaction start; median over repetitions of p50 / max): ` +
    statuses
      .map(
        (status) =>
          `${status} ${median(reps.map((r) => r.hintLag[status]?.p50 ?? NaN)).toFixed(0)} / ${median(reps.map((r) => r.hintLag[status]?.max ?? NaN)).toFixed(0)} ms`,
      )
      .join(', ') +
    '.'
  );
}

function medianCpu(list: Sample[]): CpuUse {
  const sorted = [...list].sort((a, b) => a.rate - b.rate);
  return sorted[Math.floor(sorted.length / 2)]!.cpu;
}

/** One Tidepool repetition over HTTP (not counted) with wait-event sampling and statement timing. */
async function diagnosticPass(location: LoadedDefinitions): Promise<{ notes: string[]; details: Record<string, unknown> }> {
  let sampler: Awaited<ReturnType<typeof sampleWaits>> | null = null;
  const { value, statements } = await profileStatements(() =>
    tidepoolRepetition(location, {
      path: 'http',
      count: COUNT,
      batchSize: BATCH,
      warmup: WARMUP,
      extraConfig: UNLIMITED_LAUNCH_RATE,
      onDatabase: async (database) => {
        sampler = await sampleWaits(database.name);
      },
    }),
  );
  const waits = await (sampler as Awaited<ReturnType<typeof sampleWaits>> | null)?.stop();
  // The sampler's own query is timed too (same process); it is not the engine's.
  const engineStatements = statements.filter((s) => !s.statement.includes('pg_stat_activity'));
  const top = (list: WaitShare[]) =>
    list
      .slice(0, 6)
      .map((w) => `${w.what} ${w.backends.toFixed(2)} (${(w.share * 100).toFixed(0)}%)`)
      .join(', ');
  const topStatements = (list: StatementTotal[]) =>
    list
      .slice(0, 6)
      .map((s) => `"${s.statement.slice(0, 60)}…" ${s.calls}× mean ${s.meanMs.toFixed(2)} ms`)
      .join('; ');
  return {
    notes: [
      `Diagnostic repetition (HTTP, not counted; ${value.runsPerSecond.toFixed(0)} runs/s with the sampling on). Backends of the database per ` +
        `${waits ? `${waits.samples} samples` : 'sample'}, mean count by state/wait: ${waits ? top(waits.waits) : 'n/a'}. ` +
        '"Lock/object" is the cluster-wide lock Postgres takes in PreCommit_Notify and holds through the commit\'s WAL flush.',
      `Diagnostic repetition, statements by client-side time (call to result, including waits for locks and WAL flush): ${topStatements(engineStatements)}.`,
    ],
    details: { waits, statements: engineStatements.slice(0, 25), runsPerSecond: round(value.runsPerSecond) },
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
