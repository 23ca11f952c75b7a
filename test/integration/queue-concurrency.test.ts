// The run coordinator's invariants under real concurrency (SPEC §3: "no interleaving of two dequeuers may
// exceed a limit or start a run twice"). Several "processes" — each its own Instance with its own pool and
// LISTEN connection — share one database and one randomized config: 3 coordinators and 3 workers. About
// 200 runs with random tags and priorities are launched from several of them, most while earlier runs
// execute, and queued runs are terminated while the coordinators dequeue. Then what actually executed
// (recorded by the op, in this process) and what the event log says are replayed against every limit.
// The seed is in each test's name; `QUEUE_CONCURRENCY_SEEDS=1,2,3` replays the same configs and launches.
import { randomInt } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { test as base, expect } from 'vitest';
import { parseInstanceConfig, resolveSettings, type InstanceConfig, type TagConcurrencyLimit } from '../../src/config/index.js';
import { startBackground, type Background, type BackgroundParts } from '../../src/daemon/background.js';
import { queryRows } from '../../src/db/database.js';
import { loadDefinitions, type LoadedDefinitions } from '../../src/definitions/index.js';
import { openInstance, type Instance } from '../../src/instance/instance.js';
import { launchRuns } from '../../src/queue/launch.js';
import type { ExecutionParams } from '../../src/runs/plan-run.js';
import { TerminateRunFailure } from '../../src/runs/errors.js';
import { terminateRun } from '../../src/runs/terminate.js';
import fixture, { recorder } from '../fixtures/concurrency/index.js';
import { createTestDatabase, withAdmin } from '../support/postgres.js';
import { waitFor } from '../support/wait.js';
import { Rng } from '../support/rng.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/concurrency/index.ts', import.meta.url));
const RUNS = 200;
/** Terminations spread over the execution, besides those right after a launch. */
const TERMINATIONS = 6;
const TERMINAL = new Set(['SUCCESS', 'FAILURE', 'CANCELED']);

// ---- A cluster of in-process "processes" on one fresh database, torn down whatever happens. ----

interface Cluster {
  /** One more process: its own Instance (pool + LISTEN connection) and background parts. */
  start(config: InstanceConfig, location: LoadedDefinitions, parts: BackgroundParts): Promise<Instance>;
}

const test = base.extend<{ cluster: Cluster }>({
  // eslint-disable-next-line no-empty-pattern
  cluster: async ({}, use) => {
    const database = await createTestDatabase();
    const home = await mkdtemp(join(tmpdir(), 'tidepool-concurrency-'));
    const settings = resolveSettings({}, { DATABASE_URL: database.url, TIDEPOOL_HOME: home }, home);
    const processes: { instance: Instance; background: Background | null; coordinator: boolean }[] = [];
    try {
      await use({
        async start(config, location, parts) {
          const instance = await openInstance(settings, {
            migrate: false,
            config,
            maxConnections: 4,
            applicationName: 'tidepool:concurrency',
          });
          const started = { instance, background: null as Background | null, coordinator: parts.coordinator };
          processes.push(started);
          started.background = await startBackground(instance, location, parts);
          return instance;
        },
      });
    } finally {
      // Coordinators first, so nothing new starts while the workers let go of their runs.
      const ordered = [...processes].sort((a, b) => Number(b.coordinator) - Number(a.coordinator));
      for (const { background } of ordered) await background?.stop();
      await Promise.all(processes.map(({ instance }) => instance.close()));
      // pg's pool.end() resolves once it has asked its connections to close, not when they are gone;
      // dropping the database (WITH FORCE) before then would kill them and log "connection lost".
      const connected = () =>
        withAdmin(async (admin) => {
          const { rows } = await admin.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [
            database.name,
          ]);
          return rows[0]?.n ?? 0;
        });
      await waitFor(async () => (await connected()) === 0, { what: 'the closed instances to disconnect', timeoutMs: 5_000 }).catch(
        () => undefined, // dropped WITH FORCE anyway
      );
      await database.drop();
      await rm(home, { recursive: true, force: true });
    }
  },
});

// ---- Seeded randomness (test/support/rng.ts): the config, the runs and the launch plan follow from the seed. ----

const RULE_FORMS: Record<string, (limit: number) => TagConcurrencyLimit> = {
  group: (limit) => ({ key: 'group', limit }),
  db: (limit) => ({ key: 'db', value: 'redshift', limit }),
  tenant: (limit) => ({ key: 'tenant', value: { applyLimitPerUniqueValue: true }, limit }),
};

function drawConfig(rng: Rng, withZeroLimit: boolean): { yaml: string; max: number; rules: TagConcurrencyLimit[] } {
  const max = rng.int(2, 6);
  const forms = rng.shuffle(Object.keys(RULE_FORMS)).slice(0, rng.int(2, 3));
  const zeroAt = withZeroLimit ? rng.int(0, forms.length - 1) : -1;
  const rules = forms.map((form, i) => RULE_FORMS[form]!(i === zeroAt ? 0 : rng.int(1, 3)));
  const items = rules.map((rule) => `      - ${JSON.stringify(rule)}\n`).join('');
  return { yaml: `concurrency:\n  runs:\n    max_concurrent_runs: ${max}\n    tag_concurrency_limits:\n${items}`, max, rules };
}

function drawRun(rng: Rng): ExecutionParams & { tags: Record<string, string> } {
  const tags: Record<string, string> = { 'dagster/priority': String(rng.int(-2, 2)) };
  for (const [key, values] of [
    ['group', ['a', 'b', null]],
    ['db', ['redshift', 'postgres', null]],
    ['tenant', ['t1', 't2', 't3', 't4', null]],
  ] as const) {
    const value = rng.pick<string | null>(values);
    if (value !== null) tags[key] = value;
  }
  return {
    tags,
    selector: { jobName: 'work_job' },
    executionMetadata: { tags: Object.entries(tags).map(([key, value]) => ({ key, value })) },
    runConfigData: { ops: { work: { config: { ms: rng.int(5, 40) } } } },
  };
}

// ---- The limits, modelled here independently of src/queue/run-limits.ts. ----

/** Which count of `rule` a run with these tags adds to (null: the rule does not count it). */
function countOf(rule: TagConcurrencyLimit, tags: Readonly<Record<string, string>>): string | null {
  const value = tags[rule.key];
  if (value === undefined) return null;
  if (rule.value === undefined) return '*';
  if (typeof rule.value === 'string') return value === rule.value ? value : null;
  return value;
}

function describeRule(rule: TagConcurrencyLimit): string {
  if (rule.value === undefined) return `${rule.key} (any value)`;
  return typeof rule.value === 'string' ? `${rule.key}=${rule.value}` : `${rule.key} (per unique value)`;
}

/** The most runs counted at once, overall and per rule (per count for per-unique-value rules). */
interface Parallelism {
  total: number;
  perRule: number[];
}

/** The largest of the given sets of runs in progress together, overall and per rule. */
function measure(sets: Iterable<Readonly<Record<string, string>>[]>, rules: TagConcurrencyLimit[]): Parallelism {
  const seen: Parallelism = { total: 0, perRule: rules.map(() => 0) };
  for (const set of sets) {
    seen.total = Math.max(seen.total, set.length);
    rules.forEach((rule, i) => {
      const counts = new Map<string, number>();
      for (const tags of set) {
        const key = countOf(rule, tags);
        if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      seen.perRule[i] = Math.max(seen.perRule[i]!, ...counts.values());
    });
  }
  return seen;
}

// ---- The test ----

const seeds = process.env.QUEUE_CONCURRENCY_SEEDS?.split(',').map(Number) ?? [0, 1, 2].map(() => randomInt(2 ** 31));
// Variants 1 and 3 put a limit of 0 on one rule: runs it matches must never start. (To replay a failure,
// give its seed at the same position.)
const variants = seeds.map((seed, i) => ({ seed, withZeroLimit: i % 2 === 0 }));

test.for(variants)(
  'keeps every run limit with 3 coordinators and 3 workers racing (seed $seed, a limit of 0: $withZeroLimit)',
  { timeout: 60_000 },
  async ({ seed, withZeroLimit }, { cluster }) => {
    const rng = new Rng(seed);
    const { yaml, max, rules } = drawConfig(rng, withZeroLimit);
    const config = parseInstanceConfig(yaml, null);
    expect(config.concurrency.runs).toEqual({ maxConcurrentRuns: max, tagConcurrencyLimits: rules });
    const neverStarts = (tags: Readonly<Record<string, string>>) => rules.some((rule) => rule.limit === 0 && countOf(rule, tags) !== null);
    console.log(`[seed ${seed}] config:\n${yaml}`);

    // The workers run the op in this process, so the op and this test must share the recorder module.
    const location = await loadDefinitions(FIXTURE);
    expect(location.definitions).toBe(fixture);

    const coordinators = await Promise.all(
      [0, 1, 2].map(() => cluster.start(config, location, { coordinator: true, monitor: false, worker: false })),
    );
    const workerParts = [0, 1, 2].map(() => ({ coordinator: false, monitor: false, worker: { maxConcurrentRuns: rng.int(2, 3) } }));
    const workers = await Promise.all(workerParts.map((parts) => cluster.start(config, location, parts)));
    const instances = [...coordinators, ...workers];
    const db = coordinators[0]!.database.db;
    const startedAt = performance.now();

    // Launch plan: batches of 4..20 runs, each from a random instance; the first wave alone, the rest from
    // three concurrent launchers once runs are executing. Half of the later batches have one of their runs
    // terminated right after launch, when its RUN_ENQUEUED hint has just woken every coordinator.
    const requests = Array.from({ length: RUNS }, () => drawRun(rng));
    const batches: { from: Instance; requests: typeof requests; terminate: number | null }[] = [];
    for (let i = 0; i < requests.length;) {
      const size = rng.int(4, 20);
      const batch = requests.slice(i, i + size);
      const terminate = i > 0 && rng.next() < 0.5 ? rng.int(0, batch.length - 1) : null;
      batches.push({ from: rng.pick(instances), requests: batch, terminate });
      i += size;
    }
    // Choices made while runs execute depend on timing; they draw from their own generator so that the
    // config and the launches above stay a function of the seed.
    const chaos = new Rng(seed ^ 0x5bd1e995);
    const tagsOf = new Map<string, Record<string, string>>();
    const terminations: { runId: string; outcome: string }[] = [];
    const terminate = async (runId: string) => {
      const outcome = await terminateRun(chaos.pick(instances).database.db, runId, 'SAFE_TERMINATE', 'test').catch((error: unknown) => {
        if (error instanceof TerminateRunFailure) return 'already finished';
        throw error;
      });
      terminations.push({ runId, outcome });
    };
    const launch = async ({ from, requests: batch, terminate: victim }: (typeof batches)[number]) => {
      const results = await launchRuns(from, location, batch);
      const ids = results.map((result, i) => {
        if (!result.ok) throw result.error;
        tagsOf.set(result.runId, batch[i]!.tags);
        return result.runId;
      });
      if (victim !== null && !neverStarts(batch[victim]!.tags)) await terminate(ids[victim]!);
    };
    await Promise.all(batches.slice(0, 4).map((batch) => launch({ ...batch, terminate: null })));
    await waitFor(() => recorder.started.some((runId) => tagsOf.has(runId)), { what: 'a first run to execute' });

    // More terminations, spread over the execution (after a few more runs finished each time): each picks
    // a queued run that could start, the queue head or a random one.
    const startableQueued = async () =>
      (await queryRows<{ id: string }>(db, sql`select id from runs where status = 'QUEUED' order by priority desc, seq`)).filter(
        ({ id }) => tagsOf.has(id) && !neverStarts(tagsOf.get(id)!),
      );
    const terminateWhileRunning = async () => {
      for (let i = 0; i < TERMINATIONS; i++) {
        const done = recorder.intervals.length;
        let queued: { id: string }[] = [];
        await waitFor(async () => (queued = await startableQueued()).length === 0 || recorder.intervals.length >= done + 3, {
          what: 'runs to progress',
        });
        if (queued.length === 0) return;
        await terminate((i % 2 === 0 ? queued[0]! : chaos.pick(queued)).id);
      }
    };
    const launchers = [0, 1, 2].map((n) => batches.slice(4).filter((_, i) => i % 3 === n));
    await Promise.all([
      ...launchers.map(async (own) => {
        for (const batch of own) await launch(batch);
      }),
      terminateWhileRunning(),
    ]);
    expect(tagsOf.size).toBe(RUNS);

    // Settled: every run ended, except those a limit of 0 holds forever.
    let statuses = new Map<string, string>();
    const settled = async () => {
      const rows = await queryRows<{ id: string; status: string }>(db, sql`select id, status from runs`);
      statuses = new Map(rows.map((row) => [row.id, row.status]));
      return rows.every((row) => TERMINAL.has(row.status) || (row.status === 'QUEUED' && neverStarts(tagsOf.get(row.id)!)));
    };
    await waitFor(settled, { what: 'every run that can start to end', timeoutMs: 25_000 }).catch((error: Error) => {
      const counts: Record<string, number> = {};
      for (const status of statuses.values()) counts[status] = (counts[status] ?? 0) + 1;
      throw new Error(`[seed ${seed}] ${error.message}; statuses: ${JSON.stringify(counts)}`);
    });
    const elapsedMs = Math.round(performance.now() - startedAt);

    // -- Nothing executed twice; every run that succeeded executed exactly once. --
    const starts = recorder.started.filter((runId) => tagsOf.has(runId));
    const intervals = recorder.intervals.filter((interval) => tagsOf.has(interval.runId));
    const executions = new Map<string, number>();
    for (const runId of starts) executions.set(runId, (executions.get(runId) ?? 0) + 1);
    expect(
      [...executions].filter(([, n]) => n > 1),
      'runs executed more than once',
    ).toEqual([]);
    for (const [runId, status] of statuses) {
      if (status === 'SUCCESS') {
        expect(executions.get(runId), `run ${runId} succeeded`).toBe(1);
        expect(intervals.filter((interval) => interval.runId === runId)).toHaveLength(1);
      }
    }

    // The status-changing events, per run: Postgres-side evidence of double starts and of each run's span.
    const events = await queryRows<{ id: string; run_id: string; event_type: string; run_status: string; from_status: string | null }>(
      db,
      sql`select id, run_id, event_type, run_status, payload->>'fromStatus' as from_status
          from run_events where run_status is not null order by id`,
    );
    const history = new Map<string, { id: number; type: string; status: string; from: string | null }[]>();
    for (const e of events) {
      const list = history.get(e.run_id) ?? [];
      list.push({ id: Number(e.id), type: e.event_type, status: e.run_status, from: e.from_status });
      history.set(e.run_id, list);
    }
    const eventsOf = (runId: string) => history.get(runId) ?? [];
    for (const runId of tagsOf.keys()) {
      const types = eventsOf(runId).map((e) => e.type);
      expect(types.filter((type) => type === 'RUN_STARTING').length, `run ${runId}: ${types.join(' ')}`).toBeLessThanOrEqual(1);
      expect(types.filter((type) => type === 'RUN_START').length, `run ${runId}: ${types.join(' ')}`).toBeLessThanOrEqual(1);
    }

    // -- Every run ended SUCCESS or CANCELED, or is held QUEUED by a limit of 0 and never started. --
    const terminated = new Set(terminations.filter((t) => t.outcome !== 'already finished').map((t) => t.runId));
    const heldForever = [...tagsOf].filter(([, tags]) => neverStarts(tags)).map(([runId]) => runId);
    for (const [runId, tags] of tagsOf) {
      const status = statuses.get(runId);
      if (neverStarts(tags)) {
        expect(status, `run ${runId} matches a limit of 0`).toBe('QUEUED');
        expect(eventsOf(runId).map((e) => e.type)).toEqual(['RUN_ENQUEUED']);
        expect(executions.has(runId)).toBe(false);
      } else {
        expect(status, `run ${runId}`).toBe(terminated.has(runId) ? 'CANCELED' : 'SUCCESS');
      }
    }
    if (withZeroLimit) expect(heldForever.length).toBeGreaterThan(0);

    // -- A run terminated before any worker took it (QUEUED or STARTING) never executes. --
    const canceledFrom: Record<string, number> = {};
    for (const runId of terminated) {
      const from = eventsOf(runId).find((e) => e.type === 'RUN_CANCELING')?.from ?? 'none';
      canceledFrom[from] = (canceledFrom[from] ?? 0) + 1;
      if (from === 'QUEUED' || from === 'STARTING') {
        expect(executions.has(runId), `run ${runId} was terminated while ${from}`).toBe(false);
        expect(eventsOf(runId).map((e) => e.type)).not.toContain('RUN_START');
      }
      if (from === 'QUEUED') expect(eventsOf(runId).map((e) => e.type)).not.toContain('RUN_STARTING');
    }
    expect(canceledFrom['QUEUED'] ?? 0, `terminations: ${JSON.stringify(terminations)}`).toBeGreaterThan(0);

    // -- What executed at once never exceeded a limit. --
    // Each op interval lies inside its run's real in-progress span (the op starts after STARTED committed
    // and ends before the terminal transition begins), so at every interval start the intervals covering
    // that instant are runs in progress together.
    const executed = measure(
      intervals.map((at) => intervals.filter((other) => other.start <= at.start && at.start < other.end).map((other) => other.tags)),
      rules,
    );

    // The same from the event log, without clocks (created_at is each transaction's start time, which says
    // nothing about when it committed). For each RUN_STARTING event s, count the runs whose RUN_STARTING id
    // is ≤ s and whose terminal event id is > s (or which have none). This is sound even though transactions
    // commit out of id order:
    //  - RUN_STARTING events are only written by dequeue passes, which hold the `dequeue` advisory lock for
    //    their whole transaction; a transaction becomes visible before its locks are released, and the
    //    run_events sequence hands out increasing ids in call order (cache 1, checked below). So a pass's
    //    ids are all above those of every earlier pass, and it read the in-progress runs (before writing its
    //    own events) after all of them had committed: a run with a smaller RUN_STARTING id was either in
    //    progress for that pass or admitted by it.
    //  - A terminal event id > s was drawn after s, hence after the pass read the in-progress runs; a
    //    transaction commits after drawing its ids, so that run had not ended when the pass looked.
    // So every set counted is a subset of (runs the pass saw in progress + runs it admitted), which the pass
    // keeps within every limit. It over-approximates the runs in progress at any one instant, so its maxima
    // can only be higher than what was really concurrent.
    const [sequence] = await queryRows<{ cache_size: string }>(
      db,
      sql`select cache_size from pg_sequences where sequencename = 'run_events_id_seq'`,
    );
    expect(Number(sequence?.cache_size)).toBe(1);
    const spans = [...tagsOf].flatMap(([runId, tags]) => {
      const runEvents = eventsOf(runId);
      const starting = runEvents.find((e) => e.type === 'RUN_STARTING');
      const end = runEvents.find((e) => TERMINAL.has(e.status));
      return starting ? [{ tags, from: starting.id, to: end?.id ?? Infinity }] : [];
    });
    const logged = measure(
      spans.map((at) => spans.filter((other) => other.from <= at.from && at.from < other.to).map((other) => other.tags)),
      rules,
    );

    const figures = [
      { limit: 'max_concurrent_runs', value: max, executed: executed.total, eventLog: logged.total },
      ...rules.map((rule, i) => ({
        limit: describeRule(rule),
        value: rule.limit,
        executed: executed.perRule[i]!,
        eventLog: logged.perRule[i]!,
      })),
    ];
    console.log(
      `[seed ${seed}] ${RUNS} runs in ${elapsedMs} ms; ${starts.length} executed, ${heldForever.length} held by a limit of 0, ` +
        `${terminated.size} terminated (from ${JSON.stringify(canceledFrom)})\n` +
        figures
          .map((f) => `  ${f.limit.padEnd(28)} limit ${f.value}  max executed at once ${f.executed}  max in event log ${f.eventLog}`)
          .join('\n'),
    );
    for (const figure of figures) {
      expect(figure.executed, `${figure.limit} (executed)`).toBeLessThanOrEqual(figure.value);
      expect(figure.eventLog, `${figure.limit} (event log)`).toBeLessThanOrEqual(figure.value);
    }
    // The limits were actually exercised, not trivially met by a starved queue.
    expect(executed.total).toBeGreaterThan(1);

    // Runs a limit of 0 holds are still cancelable; afterwards nothing is left in the queue.
    for (const runId of heldForever) expect(await terminateRun(db, runId, 'SAFE_TERMINATE', 'test')).toBe('CANCELED');
    const [left] = await queryRows<{ count: number }>(
      db,
      sql`select count(*)::int as count from runs where status not in ('SUCCESS', 'CANCELED')`,
    );
    expect(left?.count).toBe(0);
  },
);
