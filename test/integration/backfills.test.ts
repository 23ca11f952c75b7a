// Backfills on the real engine (coordinator, worker and backfill daemon in this process, real Postgres):
// the issue's two backfills under a per-backfill limit, completion and resume, cancel, launch validation,
// and partition tags on plain launches. Every assertion reads states (rows, events), never timings.
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { backfillPass } from '../../src/backfills/backfill-pass.js';
import { cancelBackfill } from '../../src/backfills/cancel-backfill.js';
import { targetOfAssets, targetOfJob, targetOfPartitionSet } from '../../src/backfills/backfill-target.js';
import { PartitionSetNotFoundError } from '../../src/backfills/errors.js';
import { launchBackfill, type PartitionSelection } from '../../src/backfills/launch-backfill.js';
import { backfillPartitionStatuses, backfillStatusCounts, requireBackfill } from '../../src/backfills/read-backfills.js';
import { resumeBackfill } from '../../src/backfills/resume-backfill.js';
import { queryRows } from '../../src/db/database.js';
import { Definitions, InvalidSubsetError } from '../../src/definitions/index.js';
import { openInstance } from '../../src/instance/instance.js';
import { InvalidTagsError } from '../../src/runs/errors.js';
import { PARTITIONS } from '../fixtures/backfills/index.js';
import { eventsOf, launch, startEngine, waitForStatus, type EngineHarness } from '../support/engine.js';
import { waitFor } from '../support/wait.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/backfills/index.ts', import.meta.url));
const LIMITED = `
concurrency:
  runs:
    max_concurrent_runs: 20
    tag_concurrency_limits:
      - { key: dagster/backfill, value: { applyLimitPerUniqueValue: true }, limit: 3 }
backfills:
  submit_chunk_size: 50
`;

let engine: EngineHarness | null = null;
afterEach(async () => {
  await engine?.cleanup();
  engine = null;
});

async function start(configYaml = '', backfills = true): Promise<EngineHarness> {
  engine = await startEngine({
    configYaml,
    definitions: FIXTURE,
    parts: { backfills, automation: false, worker: { pollIntervalMs: 200 } },
  });
  return engine;
}

function launchJobBackfill(harness: EngineHarness, jobName: string, partitions: PartitionSelection, tags: Record<string, string> = {}) {
  return launchBackfill(
    harness.instance,
    harness.location,
    { target: targetOfJob(harness.location, jobName), partitions, tags: Object.entries(tags).map(([key, value]) => ({ key, value })) },
    'test',
  );
}

function waitForBackfill(harness: EngineHarness, backfillId: string, statuses: string[], timeoutMs = 40_000): Promise<string> {
  return waitFor(
    async () => {
      const { status } = await requireBackfill(harness.instance.database.db, backfillId);
      return statuses.includes(status) ? status : undefined;
    },
    { timeoutMs, what: `backfill ${backfillId} to reach ${statuses.join('/')}` },
  );
}

/** Per run of the backfill: its partition and status. */
function runsOf(harness: EngineHarness, backfillId: string) {
  return queryRows<{ id: string; partition: string; status: string }>(
    harness.instance.database.db,
    sql`select id, tags->>'dagster/partition' as partition, status from runs where tags->>'dagster/backfill' = ${backfillId}`,
  );
}

/**
 * The highest number of the backfill's runs in progress at once, replayed from the event log: a run is in
 * progress from RUN_STARTING to its end event (STARTING counts against run limits). Event ids follow
 * commit causality here: a run is dequeued only after the end that made room for it committed.
 */
async function observedMaxInProgress(harness: EngineHarness, backfillId: string): Promise<number> {
  const events = await queryRows<{ run_id: string; event_type: string }>(
    harness.instance.database.db,
    sql`select e.run_id, e.event_type from run_events e join runs r on r.id = e.run_id
         where r.tags->>'dagster/backfill' = ${backfillId}
           and e.event_type in ('RUN_STARTING', 'RUN_SUCCESS', 'RUN_FAILURE', 'RUN_CANCELED')
         order by e.id`,
  );
  let current = 0;
  let max = 0;
  for (const event of events) {
    current += event.event_type === 'RUN_STARTING' ? 1 : -1;
    max = Math.max(max, current);
  }
  return max;
}

async function backfillCount(harness: EngineHarness): Promise<number> {
  const [row] = await queryRows<{ n: number }>(harness.instance.database.db, sql`select count(*)::int as n from backfills`);
  return row!.n;
}

describe('backfills', () => {
  it('two backfills of 200 partitions under a per-backfill limit of 3: at most 3 in progress each, every partition once, cancel of one leaves the other untouched', async () => {
    const harness = await start(LIMITED);
    const a = await launchJobBackfill(harness, 'partitioned_job', { partitionNames: PARTITIONS });
    const b = await launchJobBackfill(harness, 'partitioned_job', { range: { start: PARTITIONS[0]!, end: PARTITIONS.at(-1)! } });
    expect([a.numPartitions, b.numPartitions]).toEqual([200, 200]);

    // Cancel B once some of its runs succeeded, with most of it still to go.
    await waitFor(async () => (await runsOf(harness, b.backfillId)).filter((run) => run.status === 'SUCCESS').length >= 10, {
      timeoutMs: 30_000,
      what: 'B to make progress',
    });
    await cancelBackfill(harness.instance.database.db, b.backfillId, 'test');
    expect(await waitForBackfill(harness, b.backfillId, ['CANCELED'])).toBe('CANCELED');
    expect(await waitForBackfill(harness, a.backfillId, ['COMPLETED', 'FAILED'])).toBe('COMPLETED');

    const runsA = await runsOf(harness, a.backfillId);
    expect(runsA).toHaveLength(200);
    expect(new Set(runsA.map((run) => run.partition))).toEqual(new Set(PARTITIONS));
    expect(runsA.every((run) => run.status === 'SUCCESS')).toBe(true);
    expect(await observedMaxInProgress(harness, a.backfillId)).toBe(3);

    const runsB = await runsOf(harness, b.backfillId);
    // Submission outpaces the limit of 3, so B's later partitions were queued when it was canceled.
    expect(new Set(runsB.map((run) => run.partition)).size).toBe(runsB.length);
    expect(runsB.every((run) => run.status === 'SUCCESS' || run.status === 'CANCELED')).toBe(true);
    expect(runsB.filter((run) => run.status === 'CANCELED').length).toBeGreaterThan(100);
    expect(await observedMaxInProgress(harness, b.backfillId)).toBeLessThanOrEqual(3);
    const statusesB = await backfillPartitionStatuses(harness.instance.database.db, b.backfillId);
    expect(statusesB.filter((partition) => partition.runId === null)).toHaveLength(200 - runsB.length);
  });

  it('ends FAILED when a partition fails, and resume retries only that partition to COMPLETED', async () => {
    const harness = await start();
    const { backfillId } = await launchJobBackfill(harness, 'flaky_job', { allPartitions: true }, { team: 'data' });
    expect(await waitForBackfill(harness, backfillId, ['COMPLETED', 'FAILED'])).toBe('FAILED');
    const counts = await backfillStatusCounts(harness.instance.database.db, backfillId);
    expect(Object.fromEntries(counts.map((c) => [c.runStatus, c.count]))).toEqual({ SUCCESS: 2, FAILURE: 1 });

    expect(await resumeBackfill(harness.instance.database.db, backfillId, 'test')).toEqual({ partitionsReset: 1 });
    expect(await waitForBackfill(harness, backfillId, ['COMPLETED', 'FAILED'])).toBe('COMPLETED');
    const runs = await runsOf(harness, backfillId);
    expect(
      runs
        .filter((run) => run.partition === 'bad')
        .map((run) => run.status)
        .sort(),
    ).toEqual(['FAILURE', 'SUCCESS']);
    expect(runs.filter((run) => run.partition !== 'bad')).toHaveLength(2);
    const [tags] = await queryRows<{ team: string }>(
      harness.instance.database.db,
      sql`select tags->>'team' as team from runs where id = ${runs[0]!.id}`,
    );
    expect(tags!.team).toBe('data');
    await expect(resumeBackfill(harness.instance.database.db, backfillId, 'test')).rejects.toThrow(/only a FAILED or CANCELED/);
  });

  it('cancel terminates running runs and ends CANCELED; a canceled backfill can be resumed', async () => {
    const harness = await start();
    const { backfillId } = await launchJobBackfill(harness, 'hanging_job', { partitionNames: ['h1', 'h2'] });
    await waitFor(async () => (await runsOf(harness, backfillId)).filter((run) => run.status === 'STARTED').length === 2, {
      what: 'both runs to start',
    });
    await cancelBackfill(harness.instance.database.db, backfillId, 'test');
    expect(await waitForBackfill(harness, backfillId, ['CANCELED'])).toBe('CANCELED');
    expect((await runsOf(harness, backfillId)).map((run) => run.status)).toEqual(['CANCELED', 'CANCELED']);
    await expect(cancelBackfill(harness.instance.database.db, backfillId, 'test')).rejects.toThrow(/only a backfill in progress/);
    const [audit] = await queryRows<{ n: number }>(
      harness.instance.database.db,
      sql`select count(*)::int as n from audit_log where target = ${`backfill:${backfillId}`}`,
    );
    expect(audit!.n).toBe(2); // launch, cancel
    const [terminations] = await queryRows<{ n: number }>(
      harness.instance.database.db,
      sql`select count(*)::int as n from audit_log where action = 'run.terminate' and actor = 'test'`,
    );
    expect(terminations!.n).toBe(2); // one per run

    expect(await resumeBackfill(harness.instance.database.db, backfillId, 'test')).toEqual({ partitionsReset: 2 });
    await waitFor(async () => (await runsOf(harness, backfillId)).filter((run) => run.status === 'STARTED').length === 2, {
      what: 'the resumed runs to start',
    });
    await cancelBackfill(harness.instance.database.db, backfillId, 'test');
    expect(await waitForBackfill(harness, backfillId, ['CANCELED'])).toBe('CANCELED');
  });

  it('an asset backfill runs __ASSET_JOB subsets with the partition in context.partitionKey', async () => {
    const harness = await start();
    const target = targetOfAssets(harness.location, ['daily_asset']);
    const { backfillId } = await launchBackfill(
      harness.instance,
      harness.location,
      { target, partitions: { range: { start: '2026-01-01', end: '2026-01-03' } } },
      'test',
    );
    expect(await waitForBackfill(harness, backfillId, ['COMPLETED', 'FAILED'])).toBe('COMPLETED');
    const runs = await runsOf(harness, backfillId);
    expect(runs.map((run) => run.partition).sort()).toEqual(['2026-01-01', '2026-01-02', '2026-01-03']);
    const messages = (await eventsOf(harness.instance, runs[0]!.id)).map((event) => event.message);
    expect(messages).toContain(`materialized ${runs[0]!.partition}`);
  });

  it('submits a chunk per backfill per pass, taking turns, and never all of a large backfill at once', async () => {
    const harness = await start('backfills:\n  submit_chunk_size: 30\n', false);
    const big = await launchJobBackfill(harness, 'partitioned_job', { allPartitions: true });
    const small = await launchJobBackfill(harness, 'partitioned_job', { partitionNames: PARTITIONS.slice(0, 40) });
    const counts = async () => [(await runsOf(harness, big.backfillId)).length, (await runsOf(harness, small.backfillId)).length];
    expect(await backfillPass(harness.instance, harness.location)).toBe(60);
    expect(await counts()).toEqual([30, 30]);
    expect(await backfillPass(harness.instance, harness.location)).toBe(40);
    expect(await counts()).toEqual([60, 40]);
    while ((await backfillPass(harness.instance, harness.location)) > 0);
    expect(await counts()).toEqual([200, 40]);
    const statuses = await backfillPartitionStatuses(harness.instance.database.db, big.backfillId);
    expect(new Set(statuses.map((partition) => partition.runId)).size).toBe(200);
  });

  it('three daemons passing at once over two backfills submit every partition exactly once', async () => {
    const harness = await start('backfills:\n  submit_chunk_size: 7\n', false);
    const daemons = [harness.instance];
    for (let i = 0; i < 2; i++) {
      const other = await openInstance(harness.instance.settings, {
        migrate: false,
        config: harness.instance.config,
        applicationName: 'tidepool:other',
      });
      daemons.push(other);
    }
    try {
      const a = await launchJobBackfill(harness, 'partitioned_job', { allPartitions: true });
      const b = await launchJobBackfill(harness, 'partitioned_job', { partitionNames: PARTITIONS.slice(50, 150) });
      const drain = async (instance: (typeof daemons)[number]) => {
        while ((await backfillPass(instance, harness.location)) > 0);
      };
      // A daemon stops after a pass that submits nothing; while a chunk is pending, whoever holds its
      // backfill's lock submits it and passes again, so the last daemon to stop leaves nothing pending.
      await Promise.all(daemons.map(drain));
      for (const [backfill, count] of [
        [a, 200],
        [b, 100],
      ] as const) {
        const runs = await runsOf(harness, backfill.backfillId);
        expect(runs).toHaveLength(count);
        expect(new Set(runs.map((run) => run.partition)).size).toBe(count);
      }
    } finally {
      for (const other of daemons.slice(1)) await other.close();
    }
  });

  it("fails a backfill whose job the daemon's definitions no longer have, with the reason", async () => {
    const harness = await start('', false);
    const { backfillId } = await launchJobBackfill(harness, 'partitioned_job', { partitionNames: ['p000'] });
    const changed = { ...harness.location, definitions: new Definitions({}) };
    expect(await backfillPass(harness.instance, changed)).toBe(0);
    const backfill = await requireBackfill(harness.instance.database.db, backfillId);
    expect(backfill.status).toBe('FAILED');
    expect(backfill.error).toMatch(/^PipelineNotFoundError: Could not find a job named "partitioned_job"/);
    expect(await runsOf(harness, backfillId)).toEqual([]);
  });

  it('refuses bad launches with typed errors and writes nothing', async () => {
    const harness = await start('', false);
    await expect(launchJobBackfill(harness, 'partitioned_job', { partitionNames: ['p000', 'nope', 'zzz'] })).rejects.toThrow(
      InvalidSubsetError,
    );
    await expect(launchJobBackfill(harness, 'partitioned_job', { range: { start: 'p010', end: 'p001' } })).rejects.toThrow(/reversed/);
    await expect(launchJobBackfill(harness, 'partitioned_job', { partitionNames: [] })).rejects.toThrow(/no partitions/);
    await expect(launchJobBackfill(harness, 'partitioned_job', { partitionNames: ['p000'] }, { 'dagster/partition': 'x' })).rejects.toThrow(
      InvalidTagsError,
    );
    expect(() => targetOfJob(harness.location, 'plain_job')).toThrow(/has no partitions/);
    expect(() => targetOfAssets(harness.location, ['unpartitioned'])).toThrow(InvalidSubsetError);
    expect(() => targetOfPartitionSet(harness.location, { partitionSetName: 'plain_job_partition_set' })).toThrow(
      PartitionSetNotFoundError,
    );
    expect(targetOfPartitionSet(harness.location, { partitionSetName: 'partitioned_job_partition_set' }).jobName).toBe('partitioned_job');
    expect(await backfillCount(harness)).toBe(0);
  });

  it('a plain launch with a dagster/partition tag must name a partition of a partitioned job', async () => {
    const harness = await start('', false);
    await expect(launch(harness, 'partitioned_job', { tags: { 'dagster/partition': 'nope' } })).rejects.toThrow(InvalidTagsError);
    await expect(launch(harness, 'plain_job', { tags: { 'dagster/partition': 'p000' } })).rejects.toThrow(/not partitioned/);
    const [row] = await queryRows<{ n: number }>(harness.instance.database.db, sql`select count(*)::int as n from runs`);
    expect(row!.n).toBe(0);
    const runId = await launch(harness, 'partitioned_job', { tags: { 'dagster/partition': 'p007' } });
    await waitForStatus(harness.instance, runId, ['SUCCESS']);
    expect((await eventsOf(harness.instance, runId)).map((event) => event.message)).toContain('partition p007');
  });
});
