// slot-handoff: from a step releasing the only slot of a pool (limit 1) to the next waiting step — in
// another "process" (its own pg pool and LISTEN connection) — being let through by its slot gate
// (SPEC §4: "a released slot goes to the next waiting step at once"; Dagster's waiting steps poll with a
// 1–15 s backoff). Both gates live in this Node process, so one clock times both ends.
//
// Baseline, interleaved sample by sample: one transaction that writes a row and pg_notify's, timed from
// BEGIN until a LISTEN client of its own hears it ("one commit plus NOTIFY": a writing commit, as the
// release is, so the WAL flush is in both).
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { queryRows } from '../../src/db/database.js';
import { Notifier } from '../../src/db/notifier.js';
import { createSlotGate } from '../../src/pools/slot-gate.js';
import { setConcurrencyLimit } from '../../src/pools/pool-limits.js';
import type { Instance } from '../../src/instance/instance.js';
import { startedRun } from '../../test/fixtures/pools/index.js';
import { now } from '../lib/clock.js';
import { createBenchDatabase } from '../lib/database.js';
import { ListenClock } from '../lib/listen-clock.js';
import { measurement, type Scenario, type ScenarioResult } from '../lib/scenario.js';
import { summarize } from '../lib/stats.js';

const WARMUP = 30;
const SAMPLES = 300;
const POOL = 'handoff';
const BASELINE_CHANNEL = 'tidepool_bench_handoff_baseline';

export const slotHandoff: Scenario = {
  name: 'slot-handoff',
  description: 'Release of a limit-1 pool slot to the next waiting step (another connection) starting (vs. one commit + NOTIFY).',
  async run(): Promise<ScenarioResult> {
    const database = await createBenchDatabase();
    const cleanups: (() => Promise<void>)[] = [];
    try {
      const sides: { instance: Instance; gate: ReturnType<typeof createSlotGate> }[] = [];
      for (const name of ['a', 'b']) {
        const instance = await database.openInstance('', `bench:gate-${name}`);
        const notifier = new Notifier(instance.database);
        await notifier.start();
        cleanups.push(() => notifier.stop());
        sides.push({ instance, gate: createSlotGate({ db: instance.database.db, config: instance.config, notifier }) });
      }
      const db = sides[0]!.instance.database.db;
      await setConcurrencyLimit(db, sides[0]!.instance.config, POOL, 1, 'bench');
      const runA = await startedRun(db);
      const runB = await startedRun(db);

      const listener = await ListenClock.open(database.url, [BASELINE_CHANNEL], (_channel, payload) => payload);
      cleanups.push(() => listener.close());
      const baselineClient = new pg.Client({ connectionString: database.url, application_name: 'bench:baseline' });
      await baselineClient.connect();
      cleanups.push(() => baselineClient.end());
      await baselineClient.query('create table bench_handoff_baseline (id bigserial primary key, payload text not null)');

      const handoff: number[] = [];
      const baseline: number[] = [];
      const signal = new AbortController().signal;
      for (let i = 0; i < WARMUP + SAMPLES; i++) {
        const record = i >= WARMUP;
        // A holds the slot; B asks for it and waits; A releases; time until B's gate lets it through.
        const stepA = { key: `a${i}`, pool: POOL, tags: {} };
        const stepB = { key: `b${i}`, pool: POOL, tags: {} };
        const releaseA = await sides[0]!.gate(stepA, signal, { runId: runA, tags: {} });
        let grantedAt = 0;
        const waitingB = sides[1]!.gate(stepB, signal, { runId: runB, tags: {} }).then((release) => {
          grantedAt = now();
          return release;
        });
        await waitUntilWaiting(db, runB, stepB.key);
        const releasing = now();
        await releaseA();
        const releaseB = await waitingB;
        if (record) handoff.push(grantedAt - releasing);
        await releaseB();

        const payload = randomUUID();
        const begun = now();
        await baselineClient.query('begin');
        await baselineClient.query('insert into bench_handoff_baseline (payload) values ($1)', [payload]);
        await baselineClient.query('select pg_notify($1, $2)', [BASELINE_CHANNEL, payload]);
        await baselineClient.query('commit');
        const arrived = await listener.arrival(payload);
        if (record) baseline.push(arrived - begun);
      }
      const baselineStats = { name: 'one-commit+notify (baseline)', stats: summarize(baseline) };
      return {
        measurements: [
          measurement('slot-handoff', 'latency', summarize(handoff), baselineStats, (stats) => ({
            text: 'p50 < 3 ms and p99 < 15 ms',
            met: stats.p50 < 3 && stats.p99 < 15,
          })),
          measurement(baselineStats.name, 'latency', baselineStats.stats),
        ],
        notes: [
          `${SAMPLES} samples after ${WARMUP} warm-up. Timed from the start of the holder's release (one transaction: delete its claim, grant the next waiter, NOTIFY) to the waiting gate resolving in the other instance (the hint names the granted claim: no read follows).`,
        ],
      };
    } finally {
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
      await database.drop();
    }
  },
};

/** Until B's claim is recorded as waiting (its gate has asked and been told to wait). */
async function waitUntilWaiting(db: Instance['database']['db'], runId: string, stepKey: string): Promise<void> {
  for (;;) {
    const rows = await queryRows(
      db,
      sql`select 1 from concurrency_claims where run_id = ${runId} and step_key = ${stepKey} and claimed_at is null`,
    );
    if (rows.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
