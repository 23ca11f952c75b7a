// Retries, as Dagster users configure them, on real Postgres through the engine and GraphQL:
//  - op retries (retryPolicy, RetryRequested): STEP_UP_FOR_RETRY / STEP_RESTARTED events, attempts in the step
//    stats, exhausted retries; a step waiting to retry holds no pool slot and passes the gate again; a
//    termination during the wait ends it at once;
//  - run retries (run_retries, dagster/max_retries): re-executed from failure in one run group through the
//    queue, stopping at max retries; retry_on_asset_or_op_failure=false; several daemons racing decide each
//    failed run once.
// Every wait is for a state (a run's status, an event, a claim row), never for time.
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/database.js';
import { RunRetryDaemon } from '../../src/daemon/run-retry-daemon.js';
import { setConcurrencyLimit } from '../../src/pools/pool-limits.js';
import { insertPlannedRuns } from '../../src/queue/launch.js';
import { decideRunRetry, retryDecisionOf, undecidedFailedRuns, type RetryDecision } from '../../src/queue/run-retries.js';
import { planRun } from '../../src/runs/plan-run.js';
import { getRun } from '../../src/runs/run-record.js';
import { transitionRuns } from '../../src/runs/transition.js';
import { eventsOf, launch, startEngine, waitForStatus, type EngineHarness } from '../support/engine.js';
import { startTestServer, type TestServer } from '../support/instance.js';
import { waitFor } from '../support/wait.js';
import { openLatch } from '../fixtures/retries/index.js';

const DEFINITIONS = fileURLToPath(new URL('../fixtures/retries/index.ts', import.meta.url));

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped answers, read by path in each test
async function gql<T = Record<string, any>>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  const result = (await response.json()) as { data?: T; errors?: unknown[] };
  if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  return result.data as T;
}

const RUN_EVENTS = `query ($runId: ID!) {
  logsForRun(runId: $runId) {
    __typename
    ... on EventConnection {
      events {
        __typename
        ... on MessageEvent { message stepKey eventType level }
        ... on ExecutionStepUpForRetryEvent {
          secondsToWait
          error { message className cause { message } errorChain { isExplicitLink error { message } } }
        }
        ... on ExecutionStepFailureEvent { error { message className } }
      }
    }
  }
  runOrError(runId: $runId) {
    ... on Run { status tags { key value } stepStats { stepKey status attempts { startTime endTime } } }
  }
}`;

interface RunView {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each event type has its own fields
  events: { __typename: string; message: string; stepKey: string | null; eventType: string | null; [key: string]: any }[];
  status: string;
  tags: Record<string, string>;
  stepStats: { stepKey: string; status: string; attempts: { startTime: number | null; endTime: number | null }[] }[];
}

async function viewRun(server: TestServer, runId: string): Promise<RunView> {
  const data = await gql(server.url, RUN_EVENTS, { runId });
  return {
    events: data.logsForRun.events,
    status: data.runOrError.status,
    tags: Object.fromEntries(data.runOrError.tags.map((tag: { key: string; value: string }) => [tag.key, tag.value])),
    stepStats: data.runOrError.stepStats,
  };
}

const LIFECYCLE = ['STEP_START', 'STEP_UP_FOR_RETRY', 'STEP_RESTARTED', 'STEP_SUCCESS', 'STEP_FAILURE'];
/** A step's lifecycle events (not its outputs, logs or engine events). */
const stepEvents = (view: RunView, stepKey: string) =>
  view.events.filter((event) => event.stepKey === stepKey && LIFECYCLE.includes(event.eventType ?? ''));

async function hasEvent(engine: EngineHarness, runId: string, eventType: string, stepKey?: string): Promise<boolean> {
  return (await eventsOf(engine.instance, runId)).some(
    (event) => event.eventType === eventType && (stepKey === undefined || event.stepKey === stepKey),
  );
}

/** The run's claims on pool slots: held (claimed) or waiting. */
async function claimsOf(engine: EngineHarness, runId: string): Promise<{ held: number; waiting: number }> {
  const [row] = await queryRows<{ held: number; waiting: number }>(
    engine.instance.database.db,
    sql`select count(*) filter (where claimed_at is not null)::int as held, count(*) filter (where claimed_at is null)::int as waiting
        from concurrency_claims where run_id = ${runId}`,
  );
  return { held: row!.held, waiting: row!.waiting };
}

describe('retries', () => {
  let engine: EngineHarness;
  let server: TestServer;

  beforeAll(async () => {
    engine = await startEngine({
      definitions: DEFINITIONS,
      // max_retries 0 by default: only runs tagged dagster/max_retries are retried.
      // Runs whose pools are full are dequeued all the same, so that a step can be seen waiting at its gate.
      configYaml:
        'run_retries: {enabled: true}\nrun_monitoring: {worker_lease_seconds: 4}\n' +
        'run_coordinator: {class: QueuedRunCoordinator, config: {block_op_concurrency_limited_runs: {enabled: false}}}\n',
      parts: { runRetries: true },
    });
    server = await startTestServer(engine.instance, engine.location);
    await setConcurrencyLimit(engine.instance.database.db, engine.instance.config, 'retry_pool', 1, 'test');
    await setConcurrencyLimit(engine.instance.database.db, engine.instance.config, 'gate_pool', 1, 'test');
  }, 60_000);

  afterAll(async () => {
    await server?.server.stop();
    await engine?.cleanup();
  });

  describe('op retries', () => {
    it('retries a failing step: STEP_UP_FOR_RETRY with its error chain, STEP_RESTARTED, success on attempt 2', async () => {
      const runId = await launch(engine, 'flaky_job');
      expect(await waitForStatus(engine.instance, runId, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');
      const view = await viewRun(server, runId);
      expect(stepEvents(view, 'flaky').map((event) => event.eventType)).toEqual([
        'STEP_START',
        'STEP_UP_FOR_RETRY',
        'STEP_RESTARTED',
        'STEP_SUCCESS',
      ]);
      const [, up, restarted] = stepEvents(view, 'flaky');
      expect(up).toMatchObject({
        __typename: 'ExecutionStepUpForRetryEvent',
        message: 'Execution of step "flaky" failed and has requested a retry.',
        level: 'WARNING',
        secondsToWait: 0,
        error: { message: 'flaky failed on purpose', className: 'Error', cause: { message: 'the upstream service was down' } },
      });
      expect(up!.error.errorChain).toEqual([{ isExplicitLink: true, error: { message: 'the upstream service was down' } }]);
      expect(restarted).toMatchObject({
        __typename: 'ExecutionStepRestartEvent',
        message: 'Started re-execution (attempt # 2) of step "flaky".',
      });
      // The downstream step got the second attempt's value; the stats show one marker per attempt.
      expect(stepEvents(view, 'after_flaky').map((event) => event.eventType)).toEqual(['STEP_START', 'STEP_SUCCESS']);
      const flakyStats = view.stepStats.find((stats) => stats.stepKey === 'flaky')!;
      expect(flakyStats.status).toBe('SUCCESS');
      expect(flakyStats.attempts).toHaveLength(2);
      for (const attempt of flakyStats.attempts) expect(attempt.endTime).toBeGreaterThanOrEqual(attempt.startTime!);
      // What each attempt printed is the step's captured stdout, in order.
      const logs = await gql(
        server.url,
        'query ($runId: ID!) { runOrError(runId: $runId) { ... on Run { capturedLogs(fileKey: "flaky") { stdout } } } }',
        {
          runId,
        },
      );
      expect(logs.runOrError.capturedLogs.stdout).toMatch(/flaky attempt 1\n(.|\n)*flaky attempt 2\n/);
    });

    it('fails the step once its retries are exhausted', async () => {
      const runId = await launch(engine, 'always_failing_job');
      expect(await waitForStatus(engine.instance, runId, ['SUCCESS', 'FAILURE'])).toBe('FAILURE');
      const view = await viewRun(server, runId);
      expect(stepEvents(view, 'always_fails').map((event) => event.eventType)).toEqual([
        'STEP_START',
        'STEP_UP_FOR_RETRY',
        'STEP_RESTARTED',
        'STEP_UP_FOR_RETRY',
        'STEP_RESTARTED',
        'STEP_FAILURE',
      ]);
      const failure = stepEvents(view, 'always_fails').at(-1)!;
      expect(failure.error).toEqual({ message: 'attempt 3 failed', className: 'Error' });
      expect(view.stepStats.find((stats) => stats.stepKey === 'always_fails')).toMatchObject({ status: 'FAILURE' });
      expect(view.stepStats.find((stats) => stats.stepKey === 'always_fails')!.attempts).toHaveLength(3);
    });

    it('retries a step that throws RetryRequested, without a policy', async () => {
      const runId = await launch(engine, 'requested_retry_job');
      expect(await waitForStatus(engine.instance, runId, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');
      const view = await viewRun(server, runId);
      const up = stepEvents(view, 'asks_for_retry').find((event) => event.eventType === 'STEP_UP_FOR_RETRY')!;
      expect(up.error).toMatchObject({ className: 'RetryRequested', cause: { message: 'rate limited' } });
    });

    it('holds no pool slot while waiting to retry, and a termination ends the wait at once', async () => {
      // retry_pool has one slot. A fails, then waits an hour to retry.
      const a = await launch(engine, 'slot_flaky_job');
      await waitFor(() => hasEvent(engine, a, 'STEP_UP_FOR_RETRY', 'slot_flaky'), { what: 'A to be up for retry' });
      // Its slot is given back (the release follows the event) and it claims none while it waits.
      await waitFor(async () => JSON.stringify(await claimsOf(engine, a)) === JSON.stringify({ held: 0, waiting: 0 }), {
        what: 'A to give its slot back',
      });
      // B of another run takes the only slot and finishes while A waits.
      const b = await launch(engine, 'slot_quick_job');
      expect(await waitForStatus(engine.instance, b, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');
      const waiting = await viewRun(server, a);
      expect(waiting.status).toBe('STARTED');
      expect(stepEvents(waiting, 'slot_flaky').map((event) => [event.eventType, event.secondsToWait])).toEqual([
        ['STEP_START', undefined],
        ['STEP_UP_FOR_RETRY', 3600],
      ]);
      // Terminating A ends its wait: the step fails as stopped and the run is canceled.
      const terminated = await gql(server.url, 'mutation ($runId: String!) { terminateRun(runId: $runId) { __typename } }', { runId: a });
      expect(terminated.terminateRun.__typename).toBe('TerminateRunSuccess');
      expect(await waitForStatus(engine.instance, a, ['CANCELED', 'FAILURE', 'SUCCESS'])).toBe('CANCELED');
      const ended = await viewRun(server, a);
      expect(stepEvents(ended, 'slot_flaky').map((event) => event.eventType)).toEqual(['STEP_START', 'STEP_UP_FOR_RETRY', 'STEP_FAILURE']);
      expect(stepEvents(ended, 'slot_flaky').at(-1)!.message).toBe(
        'Step "slot_flaky" was stopped while waiting to retry: the run was terminated.',
      );
    });

    it('passes the pool gate again on restart: the retry waits for the slot another run took meanwhile', async () => {
      // gate_pool has one slot. A holds it; B waits for it.
      const a = await launch(engine, 'gate_flaky_job');
      await waitFor(() => hasEvent(engine, a, 'STEP_START', 'gate_flaky'), { what: 'A to start' });
      const b = await launch(engine, 'gate_holder_job');
      await waitFor(async () => (await claimsOf(engine, b)).waiting === 1, { what: 'B to wait for the slot' });
      // A fails: its slot goes to B, and A's retry (no delay) must wait for it.
      openLatch(`gate-fail:${a}`);
      await waitFor(() => hasEvent(engine, b, 'STEP_START', 'gate_holder'), { what: 'B to get the slot' });
      await waitFor(async () => (await claimsOf(engine, a)).waiting === 1, { what: "A's retry to wait for the slot" });
      expect(await hasEvent(engine, a, 'STEP_UP_FOR_RETRY', 'gate_flaky')).toBe(true);
      expect(await hasEvent(engine, a, 'STEP_RESTARTED', 'gate_flaky')).toBe(false);
      // B finishes and frees the slot: A restarts and succeeds.
      openLatch(`hold:${b}`);
      expect(await waitForStatus(engine.instance, a, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');
      const aEvents = await eventsOf(engine.instance, a);
      const bEvents = await eventsOf(engine.instance, b);
      const restarted = aEvents.find((event) => event.eventType === 'STEP_RESTARTED')!;
      const bSucceeded = bEvents.find((event) => event.eventType === 'STEP_SUCCESS')!;
      expect(restarted.id).toBeGreaterThan(bSucceeded.id);
    });
  });

  describe('run retries', () => {
    const TAG = 'dagster/root_run_id';

    async function groupOf(rootRunId: string) {
      const rows = await queryRows<{ id: string }>(
        engine.instance.database.db,
        sql`select r.id from runs r where r.id = ${rootRunId}
            or exists (select 1 from run_tags t where t.run_id = r.id and t.key = ${TAG} and t.value = ${rootRunId})
            order by r.seq`,
      );
      return Promise.all(rows.map(async (row) => (await getRun(engine.instance.database.db, row.id))!));
    }

    it('retries a run tagged dagster/max_retries=2 twice from failure through the queue, in one run group, then stops', async () => {
      const root = await launch(engine, 'run_fail_job', { tags: { 'dagster/max_retries': '2' } });
      const group = await waitFor(
        async () => {
          const runs = await groupOf(root);
          if (runs.length !== 3 || runs.some((run) => run.status !== 'FAILURE')) return false;
          const last = await retryDecisionOf(engine.instance.database.db, runs[2]!.id);
          return last !== null && runs;
        },
        { timeoutMs: 30_000, what: 'the run and its two retries to fail and be decided' },
      );
      const [first, second, third] = group;
      expect(await retryDecisionOf(engine.instance.database.db, third!.id)).toEqual({
        failedRunId: third!.id,
        outcome: 'MAX_RETRIES_REACHED',
        retryRunId: null,
      });
      for (const [index, retry] of [second!, third!].entries()) {
        const parent = group[index]!;
        expect(retry.tags).toMatchObject({
          'dagster/parent_run_id': parent.id,
          'dagster/root_run_id': first!.id,
          'dagster/retry_number': String(index + 1),
          'dagster/max_retries': '2',
          'dagster/is_resume_retry': 'true',
        });
        // From failure: only the failed step runs again.
        expect(retry.stepKeysToExecute).toEqual(['fails_step']);
        expect(parent.tags).toMatchObject({ 'dagster/will_retry': 'true', 'dagster/auto_retry_run_id': retry.id });
        // Through the queue, like any run.
        expect((await eventsOf(engine.instance, retry.id)).map((event) => event.eventType)).toContain('RUN_ENQUEUED');
      }
      expect(third!.tags['dagster/will_retry']).toBe('false');
      expect(third!.tags['dagster/auto_retry_run_id']).toBeUndefined();
      // The run group, through GraphQL.
      const answer = await gql(
        server.url,
        'query ($runId: ID!) { runGroupOrError(runId: $runId) { __typename ... on RunGroup { rootRunId runs { runId } } } }',
        {
          runId: third!.id,
        },
      );
      expect(answer.runGroupOrError.rootRunId).toBe(first!.id);
      expect(answer.runGroupOrError.runs.map((run: { runId: string }) => run.runId).sort()).toEqual(group.map((run) => run.id).sort());
    });

    it('with retry_on_asset_or_op_failure false, does not retry a step failure, but retries a run whose worker died', async () => {
      const tags = { 'dagster/max_retries': '1', 'dagster/retry_on_asset_or_op_failure': 'false' };
      const stepFailed = await launch(engine, 'run_fail_job', { tags });
      expect(await waitForStatus(engine.instance, stepFailed, ['FAILURE'])).toBe('FAILURE');
      const decision = await waitFor(() => retryDecisionOf(engine.instance.database.db, stepFailed).then((d) => d ?? false), {
        what: 'the step failure to be decided',
      });
      expect(decision).toEqual({ failedRunId: stepFailed, outcome: 'STEP_FAILURE_NOT_RETRIED', retryRunId: null });
      expect((await groupOf(stepFailed)).map((run) => run.id)).toEqual([stepFailed]);
      const view = await viewRun(server, stepFailed);
      expect(view.tags['dagster/will_retry']).toBe('false');
      expect(view.events.map((event) => event.message)).toContain(
        'Not retrying run since it failed due to an asset or op failure and run retries are configured with retry_on_asset_or_op_failure set to false.',
      );

      // A run held by a worker that died: the monitor fails it when the lease lapses (no step failed).
      const { instance, location } = engine;
      const planned = planRun(
        location,
        { selector: { jobName: 'fine_job' }, executionMetadata: { tags: Object.entries(tags).map(([key, value]) => ({ key, value })) } },
        { ok: true, runConfig: {} },
        new Date(),
      );
      const orphan = await instance.database.db.transaction(async (tx) => {
        const [run] = await insertPlannedRuns(tx, instance, [planned]);
        for (const [from, to] of [
          ['QUEUED', 'STARTING'],
          ['STARTING', 'STARTED'],
        ] as const) {
          await transitionRuns(tx, [run!.id], {
            from: [from],
            to,
            message: 'held by a worker that died',
            worker: { id: 'dead-worker', leaseSeconds: 0 },
          });
        }
        return run!.id;
      });
      expect(await waitForStatus(instance, orphan, ['FAILURE'])).toBe('FAILURE');
      const retried = await waitFor(() => retryDecisionOf(instance.database.db, orphan).then((d) => d ?? false), {
        what: 'the dead worker run to be decided',
      });
      expect(retried.outcome).toBe('RETRIED');
      expect(await waitForStatus(instance, retried.retryRunId!, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');
    });
  });
});

describe('run retry daemons racing', () => {
  let engine: EngineHarness;

  beforeAll(async () => {
    // No retry daemon of its own: the test starts several.
    engine = await startEngine({ definitions: DEFINITIONS, configYaml: 'run_retries: {enabled: true, max_retries: 1}\n' });
  }, 60_000);

  afterAll(async () => {
    await engine?.cleanup();
  });

  it('decides each failed run once: three daemons and direct racing calls never launch two retries of one run', async () => {
    const { instance, location, background } = engine;
    const roots = await Promise.all(Array.from({ length: 12 }, () => launch(engine, 'run_fail_job')));
    for (const runId of roots) await waitForStatus(instance, runId, ['FAILURE']);

    // Before any daemon runs, race direct decisions of the same runs: one wins each.
    const failures = (await undecidedFailedRuns(instance.database.db, 0, 100)).filter((failed) => roots.slice(0, 4).includes(failed.runId));
    expect(failures).toHaveLength(4);
    const direct = await Promise.all(failures.flatMap((failed) => [1, 2, 3].map(() => decideRunRetry(instance, location, failed))));
    const decided = direct.filter((decision): decision is RetryDecision => decision !== null).map((decision) => decision.failedRunId);
    expect(decided.sort()).toEqual(roots.slice(0, 4).sort());

    const byDaemon = new Map<string, RetryDecision[]>();
    const daemons = [1, 2, 3].map(() => {
      const daemon: RunRetryDaemon = new RunRetryDaemon(instance, location, background.notifier, (decision) => {
        byDaemon.set(daemon.daemonId, [...(byDaemon.get(daemon.daemonId) ?? []), decision]);
      });
      return daemon;
    });
    for (const daemon of daemons) daemon.start();
    try {
      // Every root and every retry (which fails too, and is then at its group's limit) gets decided.
      const retriesOf = async () => {
        return queryRows<{ parent: string; retries: number }>(
          instance.database.db,
          sql`select t.value as parent, count(*)::int as retries from run_tags t
              where t.key = 'dagster/parent_run_id' and t.value = any(${sql.param(roots)}::text[]) group by t.value`,
        );
      };
      await waitFor(
        async () => {
          const [undecided] = await queryRows<{ n: number }>(
            instance.database.db,
            sql`select count(*)::int as n from runs r where r.status <> 'FAILURE'
                or not exists (select 1 from run_retries d where d.failed_run_id = r.id)`,
          );
          return undecided!.n === 0;
        },
        { timeoutMs: 30_000, what: 'every failed run to be decided' },
      );
      const retries = await retriesOf();
      const maxRetriesOfOneRun = Math.max(...retries.map((row) => row.retries));
      // The observed maximum of retries launched for one failed run: exactly one, for each of the 12.
      console.info(`run retry race: ${retries.length} failed runs retried, at most ${maxRetriesOfOneRun} retry per run`);
      expect(maxRetriesOfOneRun).toBe(1);
      expect(retries).toHaveLength(12);
      // Each run was decided by one daemon only (the ones decided directly by none).
      const decisions = [...byDaemon.values()].flat();
      const counts = new Map<string, number>();
      for (const decision of decisions) counts.set(decision.failedRunId, (counts.get(decision.failedRunId) ?? 0) + 1);
      expect(Math.max(...counts.values())).toBe(1);
      for (const runId of roots.slice(0, 4)) expect(counts.has(runId)).toBe(false);
    } finally {
      await Promise.all(daemons.map((daemon) => daemon.stop()));
    }
  });
});
