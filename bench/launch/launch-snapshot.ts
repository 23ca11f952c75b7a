// launch-snapshot: what storing the job snapshot adds to a launch's transaction (issue 17). A launch now
// writes `insert into job_snapshots ... on conflict do nothing` (one statement for its distinct snapshots,
// before the runs) and each run's snapshot_id; everything else is unchanged.
//
// Measured: the launch transaction (insertPlannedRuns: snapshots, runs, tags, RUN_ENQUEUED events, queue
// buckets) for launches of 1 and of 100 runs of one job, and of one asset of a 500-asset location (whose
// snapshot is the whole `__ASSET_JOB`, 124 KB), with the runs' snapshot as planned ("snapshot") and
// with it removed ("no snapshot", what a launch wrote before: the baseline). Samples alternate between the
// two so both see the same noise; the snapshot row exists after the first launch, as for any job launched
// before (the conflicting insert is the steady state). Planning (config, selection, the snapshot's hash,
// computed once per job object) is outside the timed region: it is the same pure work either way.
//
// Then the same again ("no-fk") after dropping the foreign key runs.snapshot_id → job_snapshots in the
// bench's own database: a diagnostic of what that key costs. Its check runs once per inserted run (a
// `select ... for key share` of the snapshot row), so it grows with the launch, unlike the one insert.
import { sql } from 'drizzle-orm';
import { canonicalJson, identifyJob, type LoadedDefinitions } from '../../src/definitions/index.js';
import { asset, Definitions, type AssetDef } from '../../src/index.js';
import { insertPlannedRuns, planLaunches } from '../../src/queue/launch.js';
import type { NewRun } from '../../src/runs/create-runs.js';
import { now } from '../lib/clock.js';
import { createBenchDatabase, loadEngineFixture } from '../lib/database.js';
import { measurement, type Measurement, type Scenario, type ScenarioResult } from '../lib/scenario.js';
import { summarize } from '../lib/stats.js';

const WARMUP = 20;
const SAMPLES = 200;
/** Launches measured: runs per launch, of `failing_job` (4 steps) or of one asset of a 500-asset location's `__ASSET_JOB`. */
const CASES = [
  { name: 'runs=1', runs: 1, assets: false },
  { name: 'runs=100', runs: 100, assets: false },
  { name: 'assets=500/runs=1', runs: 1, assets: true },
] as const;
const ASSETS = 500;

/** A location of ASSETS assets in a chain: launching one of them stores the snapshot of all (`__ASSET_JOB`). */
function manyAssets(): LoadedDefinitions {
  const assets: AssetDef[] = [];
  for (let i = 0; i < ASSETS; i++) {
    assets.push(
      asset(
        {
          name: `asset_${i}`,
          deps: i === 0 ? [] : [assets[i - 1]!],
          pool: `pool_${i % 10}`,
          tags: { team: `t${i % 7}` },
          description: `Asset ${i}.`,
        },
        async () => undefined,
      ),
    );
  }
  return { definitions: new Definitions({ assets }), locationName: 'many_assets', file: 'many-assets.ts' };
}

export const launchSnapshot: Scenario = {
  name: 'launch-snapshot',
  description: 'Launch transaction with the job snapshot stored vs. without it (1 and 100 runs per launch).',
  async run(): Promise<ScenarioResult> {
    const database = await createBenchDatabase();
    try {
      const engine = await loadEngineFixture();
      const assetLocation = manyAssets();
      const instance = await database.openInstance('', 'bench:launcher');
      const measurements: Measurement[] = [];
      for (const phase of ['fk', 'no-fk'] as const) {
        if (phase === 'no-fk')
          await instance.database.db.execute(sql`alter table runs drop constraint runs_snapshot_id_job_snapshots_snapshot_id_fk`);
        for (const launch of CASES) {
          const selector = launch.assets
            ? { jobName: '__ASSET_JOB', assetSelection: [{ path: [`asset_${ASSETS - 1}`] }] }
            : { jobName: 'failing_job' };
          const planned = await planLaunches(
            instance,
            launch.assets ? assetLocation : engine,
            Array.from({ length: launch.runs }, () => ({ selector })),
          );
          const runs = planned.map((p) => {
            if (!p.ok) throw p.error;
            return p.run;
          });
          const bare: NewRun[] = runs.map((run) => ({ ...run, snapshot: null }));
          const withSnapshot: number[] = [];
          const without: number[] = [];
          for (let i = 0; i < WARMUP + SAMPLES; i++) {
            // Alternate which goes first, so neither always follows the other's writes.
            const order = i % 2 === 0 ? ([runs, bare] as const) : ([bare, runs] as const);
            for (const newRuns of order) {
              const start = now();
              await instance.database.db.transaction((tx) => insertPlannedRuns(tx, instance, newRuns));
              const ms = now() - start;
              if (i >= WARMUP) (newRuns === runs ? withSnapshot : without).push(ms);
            }
          }
          const baseline = { name: `launch-snapshot/${phase}/no-snapshot/${launch.name}`, stats: summarize(without) };
          measurements.push(measurement(baseline.name, 'duration', baseline.stats));
          measurements.push(measurement(`launch-snapshot/${phase}/snapshot/${launch.name}`, 'duration', summarize(withSnapshot), baseline));
        }
      }
      return {
        measurements,
        notes: [
          'failing_job (4 steps) of the engine fixture; runs enter QUEUED (no coordinator runs), so the table grows by ' +
            `${2 * 2 * (WARMUP + SAMPLES) * CASES.reduce((sum, c) => sum + c.runs, 0)} runs over the scenario; the no-fk phase runs second.`,
          `The ${ASSETS}-asset snapshot is ${canonicalJson(identifyJob(assetLocation.definitions.getJob('__ASSET_JOB')!).snapshot).length} bytes of canonical JSON.`,
        ],
      };
    } finally {
      await database.drop();
    }
  },
};
