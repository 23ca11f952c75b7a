// Fault injection: three `tidepool serve` processes (API + coordinator + monitor + worker each) share one
// fresh Postgres database and a randomized instance config. A few hundred runs with random tags, jobs and
// pools are launched over GraphQL at random servers while the harness (faults.ts)
//  - SIGKILLs a server while one of its steps executes, and starts a replacement (twice),
//  - restarts a server gracefully (SIGTERM, then a new process),
//  - terminates the servers' Postgres connections (pg_terminate_backend, LISTEN connections included),
// and sends malformed and hostile GraphQL to random servers (bad-requests.ts). Then every run must end,
// and what executed (each op records its execution in the database, see test/fixtures/fault) is replayed
// against every limit — max_concurrent_runs, each tag limit, each pool limit; no step may have executed
// twice, no slot may be left claimed, every bad request must have got a typed error, and no server may
// have died of a fault it was not given (one that does is replaced, so that the other checks still run).
// Every check is soft: one run reports every broken invariant, with the evidence the harness gathered.
//
// Runs on a SIGKILLed server are failed by the monitor once their lease (2 s) expires, and runs on a
// server stopping gracefully are failed by it; so FAILURE counts vary and only SUCCESS runs must have
// executed every step. The seed is printed; FAULT_SEED=<seed> replays the same config and runs (the
// faults' timing still varies), FAULT_RUNS=<n> changes the number of runs.
import { randomInt } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { test as base, expect } from 'vitest';
import type { TagConcurrencyLimit } from '../../src/config/index.js';
import { FAULT_JOBS, FAULT_POOLS } from '../fixtures/fault/index.js';
import { ensureIntervalsTable, RECORDER_URL_VARIABLE } from '../fixtures/fault/recorder.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { waitFor } from '../support/wait.js';
import { badRequests, HOSTILE_TAG, HostileSender } from './bad-requests.js';
import { ClusterClient } from './client.js';
import { ServeCluster } from './cluster.js';
import { FaultInjector } from './faults.js';
import { graphqlBody } from './http.js';
import { Launcher } from './launcher.js';
import {
  checkExecutions,
  countBy,
  failureReasons,
  historiesOf,
  limitFigures,
  logCounts,
  logExcerpts,
  readOutcome,
  TERMINAL,
  unfinishedByWorkers,
  unfinishedEvidence,
} from './outcome.js';
import { Rng } from '../support/rng.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/fault/index.ts', import.meta.url));
const SEED = process.env.FAULT_SEED ? Number(process.env.FAULT_SEED) : randomInt(2 ** 31);
const RUNS = Number(process.env.FAULT_RUNS ?? 300);
const SERVERS = 3;
const LEASE_SECONDS = 2;
/** Long enough for a healthy run to be taken by a worker on a loaded machine, short enough to fire if none is. */
const START_TIMEOUT_SECONDS = 20;
/** Launchers wait while this many runs are queued, so launches (and faults) spread over the execution. */
const MAX_QUEUED = 40;
const HOSTILE_ROUNDS_AT = [0.15, 0.5, 0.8];
/**
 * Generous bounds for a shared 2-core machine. A queue that does not move for STALL_MS is stuck (it
 * drains in seconds); the harness then stops launching and reports what it found.
 */
const STALL_MS = 45_000;
const SETTLE_TIMEOUT_MS = 60_000;

// ---- The deployment: a database, a home folder, the harness's own connections; torn down whatever happens. ----

interface Deployment {
  database: TestDatabase;
  home: string;
  /** The harness's connections (application_name tidepool-fault-harness: never terminated by it). */
  pool: pg.Pool;
  cluster(args: string[]): ServeCluster;
}

const test = base.extend<{ deployment: Deployment }>({
  // eslint-disable-next-line no-empty-pattern
  deployment: async ({}, use) => {
    const database = await createTestDatabase();
    const home = await mkdtemp(join(tmpdir(), 'tidepool-fault-'));
    const pool = new pg.Pool({ connectionString: database.url, max: 4, application_name: 'tidepool-fault-harness' });
    pool.on('error', () => undefined);
    const clusters: ServeCluster[] = [];
    // Should the test process itself go away, no server outlives it.
    const killOnExit = () => clusters.forEach((cluster) => cluster.killAllNow());
    process.once('exit', killOnExit);
    try {
      await use({
        database,
        home,
        pool,
        cluster(args) {
          const env = { DATABASE_URL: database.url, TIDEPOOL_HOME: home, [RECORDER_URL_VARIABLE]: database.url };
          const cluster = new ServeCluster(args, { env, cwd: home });
          clusters.push(cluster);
          return cluster;
        },
      });
    } finally {
      for (const cluster of clusters) await cluster.stopAll().catch(() => cluster.killAllNow());
      process.off('exit', killOnExit);
      await pool.end().catch(() => undefined);
      await database.drop();
      await rm(home, { recursive: true, force: true });
    }
  },
});

// ---- Seeded draws: the config, the pool limits and the runs follow from the seed. ----

const RULE_FORMS: Record<string, (limit: number) => TagConcurrencyLimit> = {
  group: (limit) => ({ key: 'group', limit }),
  db: (limit) => ({ key: 'db', value: 'redshift', limit }),
  tenant: (limit) => ({ key: 'tenant', value: { applyLimitPerUniqueValue: true }, limit }),
};

function drawConfig(rng: Rng): { yaml: string; max: number; rules: TagConcurrencyLimit[] } {
  const max = rng.int(3, 8);
  const forms = rng.shuffle(Object.keys(RULE_FORMS)).slice(0, rng.int(1, 3));
  const rules = forms.map((form) => RULE_FORMS[form]!(rng.int(1, 3)));
  const yaml =
    `concurrency:\n  runs:\n    max_concurrent_runs: ${max}\n    tag_concurrency_limits:\n` +
    rules.map((rule) => `      - ${JSON.stringify(rule)}\n`).join('') +
    `run_monitoring:\n  start_timeout_seconds: ${START_TIMEOUT_SECONDS}\n  cancel_timeout_seconds: ${START_TIMEOUT_SECONDS}\n` +
    `  worker_lease_seconds: ${LEASE_SECONDS}\n`;
  return { yaml, max, rules };
}

type JobName = keyof typeof FAULT_JOBS;
const stepsOf = (jobName: string): readonly string[] => FAULT_JOBS[jobName as JobName] ?? [];

function drawRun(rng: Rng): Record<string, unknown> {
  const jobName = rng.pick(Object.keys(FAULT_JOBS) as JobName[]);
  const tags = [{ key: 'dagster/priority', value: String(rng.int(-2, 2)) }];
  for (const [key, values] of [
    ['group', ['a', 'b', null]],
    ['db', ['redshift', 'postgres', null]],
    ['tenant', ['t1', 't2', 't3', 't4', null]],
  ] as const) {
    const value = rng.pick<string | null>(values);
    if (value !== null) tags.push({ key, value });
  }
  const ops = Object.fromEntries(stepsOf(jobName).map((step) => [step, { config: { ms: rng.int(10, 80) } }]));
  return { selector: { jobName }, executionMetadata: { tags }, runConfigData: { ops } };
}

// ---- GraphQL documents ----

const SET_LIMIT = 'mutation($key: String!, $limit: Int!) { setConcurrencyLimit(concurrencyKey: $key, limit: $limit) }';
const POOL_LIMITS = '{ instance { concurrencyLimits { concurrencyKey limit } } }';
const QUEUE_BLOCKERS =
  'query($runId: ID!) { runOrError(runId: $runId) { ... on Run { queueBlockers { kind key value limit inUse runIds } } } }';

// ---- The test ----

test(
  `keeps every limit and loses no run while servers are killed, restarted and cut off (seed ${SEED})`,
  { timeout: 300_000 },
  async ({ deployment }) => {
    const startedAt = performance.now();
    const rng = new Rng(SEED);
    const { yaml, max, rules } = drawConfig(rng);
    const poolLimits = new Map<string, number>(FAULT_POOLS.map((pool) => [pool, rng.int(1, 3)]));
    const requests = Array.from({ length: RUNS }, () => drawRun(rng));
    // Choices made while runs execute depend on timing; they draw from their own generator so that the
    // config and the runs above stay a function of the seed.
    const chaos = new Rng(SEED ^ 0x5bd1e995);
    console.log(
      `[fault seed ${SEED}] ${RUNS} runs; pool limits ${JSON.stringify(Object.fromEntries(poolLimits))}; instance config:\n${yaml}`,
    );

    const { pool, home } = deployment;
    const configFile = join(home, 'tidepool.yaml');
    await writeFile(configFile, yaml);
    await ensureIntervalsTable(pool);
    const cluster = deployment.cluster(['--config', configFile, '--definitions', FIXTURE]);
    await Promise.all(Array.from({ length: SERVERS }, (_, slot) => cluster.start(slot)));
    const client = new ClusterClient(cluster, chaos);
    for (const [key, limit] of poolLimits) {
      const { response } = await client.call(graphqlBody(SET_LIMIT, { key, limit }));
      expect(response.json?.data?.['setConcurrencyLimit'], response.text).toBe(true);
    }

    // -- Phase 1: launches, faults and hostile requests at once, the last two timed by the launches'
    // progress. The first failure stops all three.
    let stopped: string | null = null;
    const guard = (phase: Promise<void>) => phase.catch((error: Error) => void (stopped ??= error.message));
    const launcher = new Launcher(client, pool, chaos, requests, { maxQueued: MAX_QUEUED, stallMs: STALL_MS, stopped: () => stopped });
    const progress = async (fraction: number) => {
      await waitFor(() => stopped !== null || launcher.done || launcher.acknowledged.size >= fraction * RUNS, {
        timeoutMs: 240_000,
        what: 'launches',
      });
      if (stopped) throw new Error(stopped);
    };

    const faults = new FaultInjector(cluster, pool, chaos);
    const killSlot = chaos.int(0, SERVERS - 1);
    const restartSlot = (killSlot + chaos.int(1, SERVERS - 1)) % SERVERS;
    const secondKillSlot = chaos.int(0, SERVERS - 1);
    const faultPlan = async () => {
      await progress(0.1);
      await faults.terminateBackends();
      await progress(0.2);
      await faults.killMidStep(killSlot);
      await progress(0.35);
      await faults.terminateBackends();
      await progress(0.45);
      await faults.restartGracefully(restartSlot);
      await progress(0.6);
      await faults.terminateBackends();
      await progress(0.7);
      await faults.killMidStep(secondKillSlot);
      await progress(0.85);
      await faults.terminateBackends();
    };

    const hostile = new HostileSender(client, chaos);
    const hostileRequests = () => badRequests(FAULT_POOLS, { selector: { jobName: 'free_job' } });
    const hostileRounds = async () => {
      for (const fraction of HOSTILE_ROUNDS_AT) {
        await progress(fraction);
        await hostile.round(hostileRequests());
      }
    };

    await Promise.all([guard(launcher.run(3)), guard(faultPlan()), guard(hostileRounds())]);
    const launchPhaseMs = Math.round(performance.now() - startedAt);

    // -- Phase 2: every run ends (those of killed servers once their lease expired).
    let settled: string | null = null;
    await waitFor(
      async () => (await pool.query(`select 1 from runs where status not in ('SUCCESS', 'FAILURE', 'CANCELED') limit 1`)).rowCount === 0,
      { timeoutMs: stopped ? 15_000 : SETTLE_TIMEOUT_MS, intervalMs: 200, what: 'every run to end' },
    ).catch((error: Error) => void (settled = error.message));
    const elapsedMs = Math.round(performance.now() - startedAt);

    // ---- What happened. ----
    const outcome = await readOutcome(pool);
    const statuses = countBy(outcome.runs.values(), (run) => run.status);
    // Processes that died without finishing their steps: killed, crashed, or failed while stopping.
    const failedStops = faults.restarts.filter((restart) => restart.exitCode !== 0);
    const deadPids = new Set([
      ...faults.killedPids,
      ...cluster.unexpectedExits.map((exit) => exit.pid),
      ...failedStops.map((stop) => stop.pid),
    ]);
    const findings = checkExecutions(outcome, stepsOf, deadPids);
    const figures = limitFigures(outcome, findings.spans, { maxConcurrentRuns: max, rules, pools: poolLimits });
    const limitsResponse = await client.call(graphqlBody(POOL_LIMITS)).then(
      ({ response }) => response,
      () => null,
    );
    const limitsAfter = (
      limitsResponse?.json?.data?.['instance'] as { concurrencyLimits: { concurrencyKey: string; limit: number | null }[] } | undefined
    )?.concurrencyLimits;
    const hostileRuns = [...outcome.runs.values()].filter((run) => run.tags[HOSTILE_TAG] !== undefined).map((run) => run.id);
    const outputs = cluster.output();
    // For runs still queued at the end: what holds them, in Tidepool's own words (Run.queueBlockers).
    const queuedRun = [...outcome.runs.values()].find((run) => run.status === 'QUEUED');
    const blockers = queuedRun
      ? await client.call(graphqlBody(QUEUE_BLOCKERS, { runId: queuedRun.id })).then(
          ({ response }) => response.text.slice(0, 600),
          (error: Error) => error.message,
        )
      : null;
    const badByKind = new Map<string, string[]>();
    for (const entry of hostile.sent)
      badByKind.set(entry.request.kind, [...(badByKind.get(entry.request.kind) ?? []), `${entry.ok ? '' : 'NOT TYPED: '}${entry.summary}`]);
    const { spans } = findings;

    console.log(
      [
        `[fault seed ${SEED}] ${outcome.runs.size} runs (${launcher.acknowledged.size} launches acknowledged, ${launcher.retriedAfterUnexpectedError} ` +
          `launch requests sent again after an unexpected error) in ${elapsedMs} ms (launch phase ${launchPhaseMs} ms)` +
          `${stopped ? `; STOPPED EARLY: ${stopped}` : ''}`,
        `  statuses ${JSON.stringify(statuses)}; failures ${JSON.stringify(failureReasons(outcome))}`,
        ...historiesOf(outcome, 'CANCELED').map((line) => `  canceled, though nothing terminated it: ${line}`),
        `  faults ${JSON.stringify(faults.tally)}; connections terminated ${JSON.stringify(faults.terminatedByKind)}`,
        `  SIGKILLs ${JSON.stringify(faults.kills)}; graceful restarts ${JSON.stringify(faults.restarts.map(({ outputTail: _, ...restart }) => restart))}`,
        `  step executions ${outcome.executions.length}: cut off by their process's death ${findings.killedMidStep.length}, ` +
          `ran on after their run ended ${spans.zombieTails.length} ${JSON.stringify(spans.zombieTails.slice(0, 3))}`,
        '  limits (the most at once, observed, vs the limit):',
        ...figures.map(
          (f) =>
            `    ${f.limit.padEnd(30)} limit ${f.value}   executing ${f.executed}${f.eventLog === null ? '' : `   in progress by the event log ${f.eventLog}`}`,
        ),
        `  bad inputs sent ${hostile.sent.length} (${badByKind.size} kinds; ${hostile.sent.filter((entry) => !entry.ok).length} without a typed error):`,
        ...[...badByKind].map(([kind, outcomes]) => {
          const distinct = Object.entries(countBy(outcomes, (o) => o));
          return `    ${kind}: ${distinct.map(([o, n]) => `${o}${n > 1 ? ` (×${n})` : ''}`).join(' || ')}`;
        }),
        `  requests dropped by live servers ${client.dropped.length} ${JSON.stringify(client.dropped.slice(0, 3))}`,
        `  bad requests answered "Unexpected error." because a fault hit them (typed on a second try) ${JSON.stringify(hostile.maskedByFault)}`,
        ...logExcerpts(outputs, /unexpected error in a GraphQL operation/).map((line) => `  masked: ${line}`),
        `  server log lines ${JSON.stringify(logCounts(outputs))}`,
        ...unfinishedByWorkers(outcome, outputs).map((line) => `  a worker failed to finish a run: ${line}`),
        ...(settled ? [`  runs that never ended:`, ...unfinishedEvidence(outcome, outputs)] : []),
        ...(blockers ? [`  what holds queued run ${queuedRun!.id}: ${blockers}`] : []),
        ...cluster.unexpectedExits.map(
          (exit) => `  ${exit.name} EXITED (code ${exit.code}, signal ${exit.signal}); its last output:\n${exit.outputTail}`,
        ),
        ...failedStops.map((stop) => `  ${stop.name} stopped with exit code ${stop.exitCode}; its last output:\n${stop.outputTail}`),
      ].join('\n'),
    );

    // ---- The invariants (soft: each is checked and reported, whichever fail). ----
    expect.soft(stopped, 'the launch phase ran to the end').toBeNull();
    expect.soft(settled, 'every run ended').toBeNull();
    expect.soft(cluster.unexpectedExits, 'servers that exited without being stopped').toEqual([]);
    expect.soft(cluster.stuckStops, 'servers that did not stop within 20 s of SIGTERM').toEqual([]);
    expect
      .soft(
        faults.restarts.map((restart) => restart.exitCode),
        'exit codes of graceful restarts',
      )
      .toEqual(faults.restarts.map(() => 0));
    expect.soft(client.dropped, 'requests a live server dropped or never answered').toEqual([]);
    expect
      .soft(
        Object.keys(statuses).filter((status) => !TERMINAL.has(status) || status === 'CANCELED'),
        'statuses other than SUCCESS and FAILURE',
      )
      .toEqual([]);
    expect.soft(launcher.refused, 'valid launches that were refused').toEqual([]);
    expect.soft(launcher.acknowledged.size, 'launches acknowledged').toBe(RUNS);
    expect
      .soft(
        [...launcher.acknowledged].filter((runId) => !outcome.runs.has(runId)),
        'acknowledged runs missing from the database',
      )
      .toEqual([]);
    expect.soft(findings.executedTwice, 'steps executed more than once').toEqual([]);
    expect.soft(findings.startedTwice, 'runs started twice').toEqual([]);
    expect.soft(findings.incompleteSuccesses, 'SUCCESS runs without exactly one successful execution of each step').toEqual([]);
    expect.soft(findings.badlyEndedKills, 'steps cut off by their process’s death whose run was not failed for its lost lease').toEqual([]);
    expect.soft(findings.openElsewhere, 'executions without an end on servers that never died').toEqual([]);
    for (const figure of figures) {
      expect.soft(figure.executed, `${figure.limit}: executing at once`).toBeLessThanOrEqual(figure.value);
      if (figure.eventLog !== null)
        expect.soft(figure.eventLog, `${figure.limit}: in progress by the event log`).toBeLessThanOrEqual(figure.value);
    }
    expect.soft(figures[0]!.executed, 'runs executing in parallel at some point (the limits were exercised)').toBeGreaterThan(1);
    expect.soft(outcome.claimsLeft, 'pool slots or waiting claims left at the end').toEqual([]);
    expect
      .soft(
        Object.fromEntries(
          (limitsAfter ?? []).filter((info) => poolLimits.has(info.concurrencyKey)).map((info) => [info.concurrencyKey, info.limit]),
        ),
        'pool limits after the out-of-range attempts',
      )
      .toEqual(Object.fromEntries(poolLimits));
    expect.soft(hostileRuns, 'runs created by rejected launches').toEqual([]);
    expect.soft(hostile.sent.length, 'bad requests sent').toBe(HOSTILE_ROUNDS_AT.length * hostileRequests().length);
    expect
      .soft(
        hostile.sent.filter((entry) => !entry.ok).map((entry) => `${entry.request.kind} → ${entry.server}: ${entry.summary}`),
        'bad requests without a typed error',
      )
      .toEqual([]);
  },
);
