// What a fault-injection run left behind, read from the database once every run ended (or the harness
// gave up waiting), and the checks over it: statuses and why runs failed, executions (none twice, every
// step of a SUCCESS run exactly once, steps cut off by SIGKILL failed by the monitor), the highest
// parallelism per limit, leftover claims, and evidence for runs that never ended.
import type pg from 'pg';
import type { TagConcurrencyLimit } from '../../src/config/index.js';
import {
  describeRule,
  eventLogSets,
  openSets,
  poolParallelism,
  runParallelism,
  toSpans,
  type Execution,
  type RunInfo,
  type Spans,
} from './analysis.js';

export const TERMINAL = new Set(['SUCCESS', 'FAILURE', 'CANCELED']);

export interface Run extends RunInfo {
  jobName: string;
  workerId: string | null;
  /** Seconds until the lease expires (negative: expired), null without a lease. */
  leaseLeft: number | null;
}

export interface StatusEvent {
  id: number;
  type: string;
  status: string;
  message: string;
}

export interface Outcome {
  runs: Map<string, Run>;
  executions: Execution[];
  /** Status-changing events per run, in order. */
  history: Map<string, StatusEvent[]>;
  /** Runs the monitor failed because their worker's lease expired. */
  leaseExpired: Set<string>;
  claimsLeft: unknown[];
  /** The messages of STEP_FAILURE events, by run. */
  stepFailures: Map<string, string[]>;
}

const micros = (column: string) => `(extract(epoch from ${column}) * 1000000)::bigint::text`;

export async function readOutcome(pool: pg.Pool): Promise<Outcome> {
  const runRows = await pool.query<{
    id: string;
    status: string;
    job_name: string;
    tags: Record<string, string>;
    end_us: string | null;
    worker_id: string | null;
    lease_left: number | null;
  }>(
    `select id, status, job_name, tags, ${micros('end_time')} as end_us, worker_id,
            extract(epoch from lease_expires_at - now())::float8 as lease_left
     from runs`,
  );
  const runs = new Map<string, Run>(
    runRows.rows.map((row) => [
      row.id,
      {
        id: row.id,
        status: row.status,
        jobName: row.job_name,
        tags: row.tags,
        endTime: row.end_us === null ? null : Number(row.end_us),
        workerId: row.worker_id,
        leaseLeft: row.lease_left,
      },
    ]),
  );
  const executionRows = await pool.query<{
    run_id: string;
    step_key: string;
    pool: string | null;
    pid: number;
    s: string;
    e: string | null;
    outcome: string | null;
  }>(
    `select run_id, step_key, pool, pid, ${micros('started_at')} as s, ${micros('ended_at')} as e, outcome from fault_intervals order by id`,
  );
  const executions = executionRows.rows.map((row) => ({
    runId: row.run_id,
    stepKey: row.step_key,
    pool: row.pool,
    pid: row.pid,
    start: Number(row.s),
    end: row.e === null ? null : Number(row.e),
    outcome: row.outcome,
  }));
  const eventRows = await pool.query<{ id: string; run_id: string; event_type: string; run_status: string; message: string }>(
    'select id, run_id, event_type, run_status, message from run_events where run_status is not null order by id',
  );
  const history = new Map<string, StatusEvent[]>();
  for (const row of eventRows.rows) {
    const list = history.get(row.run_id) ?? [];
    list.push({ id: Number(row.id), type: row.event_type, status: row.run_status, message: row.message });
    history.set(row.run_id, list);
  }
  const monitorRows = await pool.query<{ run_id: string }>(
    `select run_id from run_events
     where event_type = 'ENGINE_EVENT' and payload->>'monitor' = 'true' and message like '%stopped renewing its lease%'`,
  );
  const claims = await pool.query('select concurrency_key, run_id, step_key, claimed_at from concurrency_claims');
  const failureRows = await pool.query<{ run_id: string; message: string }>(
    `select run_id, message from run_events where event_type = 'STEP_FAILURE' order by id`,
  );
  const stepFailures = new Map<string, string[]>();
  for (const row of failureRows.rows) stepFailures.set(row.run_id, [...(stepFailures.get(row.run_id) ?? []), row.message]);
  return {
    runs,
    executions,
    history,
    leaseExpired: new Set(monitorRows.rows.map((row) => row.run_id)),
    claimsLeft: claims.rows,
    stepFailures,
  };
}

export function countBy<T>(items: Iterable<T>, key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/** Why each FAILURE run failed, from the message of its terminal event. */
export function failureReasons(outcome: Outcome): Record<string, number> {
  const failed = [...outcome.runs.values()].filter((run) => run.status === 'FAILURE');
  return countBy(failed, (run) => {
    const message = outcome.history.get(run.id)?.find((event) => TERMINAL.has(event.status))?.message ?? '';
    if (message.includes('stopped renewing its lease')) return 'worker lease expired (monitor)';
    if (message.includes('shut down while it was executing')) return 'worker shut down (graceful restart)';
    if (message.includes('in STARTING')) return 'start timeout (monitor)';
    if (message.includes('a step failed')) return `a step failed: ${(outcome.stepFailures.get(run.id)?.[0] ?? '').slice(0, 100)}`;
    return `other: ${message.slice(0, 80)}`;
  });
}

export interface ExecutionFindings {
  spans: Spans;
  executedTwice: string[];
  startedTwice: string[];
  incompleteSuccesses: string[];
  /** Executions cut off by the death of their process (SIGKILL, or a crash). */
  killedMidStep: Execution[];
  /** …whose run was not failed by the monitor for its lost lease. */
  badlyEndedKills: string[];
  /** Executions without an end on processes that never died. */
  openElsewhere: string[];
}

export function checkExecutions(
  outcome: Outcome,
  stepsOf: (jobName: string) => readonly string[],
  deadPids: ReadonlySet<number>,
): ExecutionFindings {
  const { runs, executions, history } = outcome;
  const perStep = new Map<string, Execution[]>();
  for (const execution of executions) {
    const key = `${execution.runId}/${execution.stepKey}`;
    perStep.set(key, [...(perStep.get(key) ?? []), execution]);
  }
  const executedTwice = [...perStep]
    .filter(([, list]) => list.length > 1)
    .map(([key, list]) => `${key} ×${list.length} (pids ${list.map((e) => e.pid).join(', ')})`);
  const startedTwice = [...history]
    .filter(([, events]) => ['RUN_STARTING', 'RUN_START'].some((type) => events.filter((e) => e.type === type).length > 1))
    .map(([runId, events]) => `${runId}: ${events.map((e) => e.type).join(' ')}`);
  const incompleteSuccesses = [...runs.values()]
    .filter((run) => run.status === 'SUCCESS')
    .flatMap((run) =>
      stepsOf(run.jobName)
        .filter((step) => {
          const list = perStep.get(`${run.id}/${step}`) ?? [];
          return list.length !== 1 || list[0]!.outcome !== 'success';
        })
        .map((step) => `${run.id}/${step}: ${JSON.stringify(perStep.get(`${run.id}/${step}`) ?? [])}`),
    );
  const spans = toSpans(executions, runs);
  const killedMidStep = spans.openEnded.filter((execution) => deadPids.has(execution.pid));
  const endMessage = (runId: string) => history.get(runId)?.find((event) => TERMINAL.has(event.status))?.message;
  const badlyEndedKills = killedMidStep
    .filter((execution) => runs.get(execution.runId)?.status !== 'FAILURE' || !outcome.leaseExpired.has(execution.runId))
    .map((execution) => `${execution.runId}/${execution.stepKey}: ${runs.get(execution.runId)?.status}, ${endMessage(execution.runId)}`);
  const openElsewhere = spans.openEnded
    .filter((execution) => !deadPids.has(execution.pid))
    .map((execution) => `${execution.runId}/${execution.stepKey} on pid ${execution.pid}`);
  return { spans, executedTwice, startedTwice, incompleteSuccesses, killedMidStep, badlyEndedKills, openElsewhere };
}

export interface Figure {
  limit: string;
  value: number;
  /** The most executing at once (from the recorded executions). */
  executed: number;
  /** The most in progress at once by the event log (run-level limits only). */
  eventLog: number | null;
}

export function limitFigures(
  outcome: Outcome,
  spans: Spans,
  limits: { maxConcurrentRuns: number; rules: readonly TagConcurrencyLimit[]; pools: ReadonlyMap<string, number> },
): Figure[] {
  const sets = openSets(spans.spans);
  const tagsOf = (runId: string) => outcome.runs.get(runId)?.tags ?? {};
  const executed = runParallelism(
    sets.map((set) => set.map((span) => span.runId)),
    tagsOf,
    limits.rules,
  );
  const pools = poolParallelism(sets, [...limits.pools.keys()]);
  const logSpans = [...outcome.history].flatMap(([runId, events]) => {
    const starting = events.find((e) => e.type === 'RUN_STARTING');
    const end = events.find((e) => TERMINAL.has(e.status));
    return starting ? [{ runId, from: starting.id, to: end?.id ?? Infinity }] : [];
  });
  const logged = runParallelism(eventLogSets(logSpans), tagsOf, limits.rules);
  return [
    { limit: 'max_concurrent_runs', value: limits.maxConcurrentRuns, executed: executed.total, eventLog: logged.total },
    ...limits.rules.map((rule, i) => ({
      limit: describeRule(rule),
      value: rule.limit,
      executed: executed.perRule[i]!,
      eventLog: logged.perRule[i]!,
    })),
    ...[...limits.pools].map(([key, value]) => ({ limit: `pool ${key}`, value, executed: pools.get(key)!, eventLog: null })),
  ];
}

const LOG_PATTERNS: [string, RegExp][] = [
  ['unexpected error in a GraphQL operation', /unexpected error in a request/g],
  ['worker failed to finish a run', /could not record the progress of a run/g],
  ['daemon tick failed', /"tick failed"/g],
  ['worker could not claim runs', /could not claim runs/g],
  ['worker could not renew its leases', /could not renew the leases of its runs/g],
  ['could not release a slot', /could not release the slot/g],
  ['LISTEN reconnect failed', /the LISTEN connection could not be opened/g],
  ['idle Postgres connection lost', /an idle (API )?Postgres connection was lost/g],
];

/** How often the servers logged each kind of trouble. */
export function logCounts(outputs: ReadonlyMap<string, string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [label, pattern] of LOG_PATTERNS) {
    counts[label] = [...outputs.values()].reduce((sum, text) => sum + (text.match(pattern)?.length ?? 0), 0);
  }
  return counts;
}

/** For runs that never ended: their status, worker, lease and events, and what the servers said about them. */
export function unfinishedEvidence(outcome: Outcome, outputs: ReadonlyMap<string, string>, max = 8): string[] {
  // Runs held by a worker first: they are the ones that explain the queued runs behind them.
  const unfinished = [...outcome.runs.values()]
    .filter((run) => !TERMINAL.has(run.status))
    .sort((a, b) => Number(a.status === 'QUEUED') - Number(b.status === 'QUEUED'));
  return unfinished.slice(0, max).map((run) => {
    const events = (outcome.history.get(run.id) ?? []).map((event) => event.type).join(' ');
    const said = [...outputs].flatMap(([name, text]) => {
      const lines = text.split('\n');
      return lines.flatMap((line, i) =>
        line.includes(run.id) ? [`      ${name}: ${[line, ...lines.slice(i + 1, i + 4)].join(' ⏎ ').slice(0, 600)}`] : [],
      );
    });
    return [
      `    ${run.id} ${run.status} on ${run.workerId}, lease left ${run.leaseLeft?.toFixed(1)} s; events: ${events}`,
      ...said.slice(0, 3),
    ].join('\n');
  });
}

/**
 * Runs a worker logged it "failed to finish", with what became of them: such a run keeps its STARTED
 * status and its lease (the worker renews the leases of every run it ever took), so it ends only if that
 * worker's process dies.
 */
export function unfinishedByWorkers(outcome: Outcome, outputs: ReadonlyMap<string, string>): string[] {
  return [...outputs].flatMap(([name, text]) =>
    [...text.matchAll(/worker (\S+) failed to finish run ([0-9a-f-]{36}): (.*)/g)].map(([, worker, runId, error]) => {
      const run = outcome.runs.get(runId!);
      const end = outcome.history.get(runId!)?.find((event) => TERMINAL.has(event.status));
      const fate = end ? `then ${end.status}: ${end.message.slice(0, 90)}` : `still ${run?.status}`;
      return `${name} (${worker}) run ${runId}: ${error!.slice(0, 90)}; ${fate}`;
    }),
  );
}

/** The first `max` lines matching `pattern` in the servers' output, each with the line after it. */
export function logExcerpts(outputs: ReadonlyMap<string, string>, pattern: RegExp, max = 3): string[] {
  return [...outputs]
    .flatMap(([name, text]) => {
      const lines = text.split('\n');
      return lines.flatMap((line, i) => (pattern.test(line) ? [`${name}: ${`${line} ⏎ ${lines[i + 1] ?? ''}`.slice(0, 300)}`] : []));
    })
    .slice(0, max);
}

/** The status events (with messages) of runs in `status`, for evidence. */
export function historiesOf(outcome: Outcome, status: string, max = 3): string[] {
  return [...outcome.runs.values()]
    .filter((run) => run.status === status)
    .slice(0, max)
    .map(
      (run) =>
        `${run.id}: ${(outcome.history.get(run.id) ?? []).map((event) => `${event.type} "${event.message.slice(0, 80)}"`).join(' → ')}`,
    );
}
