// The engine's side of the read-storm benchmark, in two parts that run together:
//  - the bulk: N one-step runs (`quick_job`, tagged as in the e2e-throughput scenario so the run limits
//    apply) launched over HTTP with launchMultipleRuns in batches, one batch after another, as the
//    e2e-throughput scenario launches them;
//  - the probe: one client launching a single run with launchRun every few dozen ms (the next one when
//    the last is answered, if that is later) until the bulk's runs have all ended, timed from request to
//    parsed reply — the latency a user's launch sees. Its runs are part of the phase. (A saturating closed loop of launchRun clients would
//    time its own queueing, not the server's answer.)
// The phase lasts from the first launch request to the arrival of the status hint of the last of its
// runs to end (the hint is sent by the transaction that ends the run, so it arrives once that
// transaction has committed).
//
// Afterwards every run is checked: it ended SUCCESS with exactly the six events of a one-step run.
// Anything else is reported, never hidden: a run failed by overload is what this benchmark looks for.
import { randomInt } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../src/db/database.js';
import type { Notifier } from '../../src/db/notifier.js';
import { isTerminal } from '../../src/runs/vocabulary.js';
import { now, sleep } from '../lib/clock.js';
import { postGraphQL } from '../lib/graphql-http.js';
import { LAUNCH_MUTATION, RUN_EVENTS } from '../throughput/tidepool-runs.js';

const LAUNCH_RUN = `
  mutation Launch($executionParams: ExecutionParams!) {
    launchRun(executionParams: $executionParams) {
      __typename
      ... on LaunchRunSuccess { run { runId } }
      ... on Error { message }
    }
  }
`;

type LaunchResult = { __typename: string; run?: { runId: string }; message?: string };
type LaunchReply = { launchRun: LaunchResult };
type LaunchManyReply = { launchMultipleRuns: { __typename: string; message?: string; launchMultipleRunsResult?: LaunchResult[] } };

/** As in e2e-throughput: ~80% of runs carry group=<one of 4>, every run db=redshift or db=postgres (50/50). */
const GROUPS = ['etl', 'ml', 'reports', 'exports'];

function executionParams(): Record<string, unknown> {
  const tags = [{ key: 'db', value: Math.random() < 0.5 ? 'redshift' : 'postgres' }];
  if (Math.random() < 0.8) tags.push({ key: 'group', value: GROUPS[randomInt(GROUPS.length)]! });
  return { selector: { jobName: 'quick_job' }, executionMetadata: { tags } };
}

function runIdOf(result: LaunchResult | undefined): string {
  if (!result?.run) throw new Error(`A launch failed: ${result?.__typename} ${result?.message ?? ''}`);
  return result.run.runId;
}

export interface LaunchPhase {
  /** Every run of the phase: the bulk's and the probe's. */
  runIds: string[];
  /** One per launchRun of the probe, ms. */
  launchMs: number[];
  /** One per batch of the bulk, ms. */
  batchMs: number[];
  /** From the first launch request to the last reply. */
  launchingMs: number;
  /** From the first launch request to the arrival of the last run's terminal hint. */
  totalMs: number;
}

/**
 * Launches `count` runs in batches of `batch` while the probe launches one run every `probeIntervalMs`,
 * and waits for every one of them to end. A run can end before its launch reply arrives (the engine is
 * that fast when idle), so terminal hints are kept for every run and matched against the launched ids.
 */
export async function launchPhase(
  url: string,
  notifier: Notifier,
  options: { count: number; batch: number; probeIntervalMs: number; timeoutMs: number },
): Promise<LaunchPhase> {
  const endedAt = new Map<string, number>();
  const pending = new Set<string>();
  const bulkPending = new Set<string>();
  let launching = true;
  let allEnded: () => void = () => {};
  const ended = new Promise<void>((resolve) => (allEnded = resolve));
  const unsubscribe = notifier.subscribe('event', (hint) => {
    if (hint.status === null || !isTerminal(hint.status)) return;
    endedAt.set(hint.runId, now());
    bulkPending.delete(hint.runId);
    if (pending.delete(hint.runId) && !launching && pending.size === 0) allEnded();
  });
  try {
    const runIds: string[] = [];
    const launched = (runId: string, by: 'bulk' | 'probe') => {
      runIds.push(runId);
      if (endedAt.has(runId)) return;
      pending.add(runId);
      if (by === 'bulk') bulkPending.add(runId);
    };
    const launchMs: number[] = [];
    const batchMs: number[] = [];
    let bulkDone = false;
    const startedAt = now();
    const bulk = async () => {
      try {
        for (let i = 0; i < options.count; i += options.batch) {
          const size = Math.min(options.batch, options.count - i);
          const start = now();
          const reply = await postGraphQL<LaunchManyReply>(url, LAUNCH_MUTATION, {
            executionParamsList: Array.from({ length: size }, executionParams),
          });
          batchMs.push(now() - start);
          const results = reply.launchMultipleRuns.launchMultipleRunsResult;
          if (!results)
            throw new Error(`launchMultipleRuns failed: ${reply.launchMultipleRuns.__typename} ${reply.launchMultipleRuns.message ?? ''}`);
          for (const result of results) launched(runIdOf(result), 'bulk');
        }
      } finally {
        bulkDone = true;
      }
    };
    const probe = async () => {
      while (!bulkDone || bulkPending.size > 0) {
        const start = now();
        const reply = await postGraphQL<LaunchReply>(url, LAUNCH_RUN, { executionParams: executionParams() });
        const ms = now() - start;
        launchMs.push(ms);
        launched(runIdOf(reply.launchRun), 'probe');
        await sleep(Math.max(0, options.probeIntervalMs - ms));
      }
    };
    await Promise.all([bulk(), probe()]);
    const launchedAt = now();
    launching = false;
    if (pending.size === 0) allEnded();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${pending.size} of ${runIds.length} runs had not ended ${options.timeoutMs} ms after the last launch.`)),
        options.timeoutMs,
      );
    });
    await Promise.race([ended, timeout]).finally(() => clearTimeout(timer));
    const finishedAt = Math.max(...runIds.map((id) => endedAt.get(id)!));
    return { runIds, launchMs, batchMs, launchingMs: launchedAt - startedAt, totalMs: finishedAt - startedAt };
  } finally {
    unsubscribe();
  }
}

export interface RunOutcomes {
  /** SUCCESS with exactly RUN_EVENTS. */
  succeeded: number;
  /** Everything else, by status and event sequence. */
  others: { status: string; events: string; n: number }[];
}

export async function runOutcomes(db: Executor, runIds: string[]): Promise<RunOutcomes> {
  const rows = await queryRows<{ status: string; events: string; n: number }>(
    db,
    sql`with per_run as (
          select r.id, r.status, string_agg(e.event_type, ',' order by e.id) as events
          from runs r left join run_events e on e.run_id = r.id
          where r.id = any(${sql.param(runIds)}::uuid[])
          group by r.id, r.status
        )
        select status, coalesce(events, '') as events, count(*)::int as n from per_run group by 1, 2 order by 3 desc`,
  );
  const expected = RUN_EVENTS.join(',');
  const succeeded = rows.find((row) => row.status === 'SUCCESS' && row.events === expected)?.n ?? 0;
  const others = rows.filter((row) => !(row.status === 'SUCCESS' && row.events === expected));
  const found = rows.reduce((sum, row) => sum + row.n, 0);
  if (found < runIds.length) others.push({ status: 'missing', events: '', n: runIds.length - found });
  return { succeeded, others };
}
