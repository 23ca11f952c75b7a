// Who is busy in Postgres while the read storm runs: pg_stat_activity sampled every few dozen ms, each
// active backend of the benchmark's database counted under its role — the engine (coordinator, monitor,
// worker: `tidepool:serve`), the API's read and write lanes (`…:api-read`, `…:api-write`), parallel
// workers under their leader's role — and what it waits on ("CPU" when it waits on nothing). It shows
// whether the engine's statements queue behind the API's (Lock, LWLock, Client waits) or just share the
// cores, and the age of the oldest API statement (the statement timeout bounds it).
// The sampling is one more connection, to the admin database, and one small query per interval.
import pg from 'pg';
import { ADMIN_URL } from '../../test/support/postgres.js';
import { sleep } from '../lib/clock.js';

export interface BackendSample {
  samples: number;
  /** Mean active backends per sample, by role. */
  active: Record<string, number>;
  /** By role: the waits of its active backends, mean backends per sample, largest first. */
  waits: Record<string, { wait: string; backends: number }[]>;
  /** The longest an API statement had been running when sampled, ms. */
  oldestApiStatementMs: number;
}

function roleOf(application: string, parallel: boolean): string {
  const role = application.endsWith(':api-read')
    ? 'api-read'
    : application.endsWith(':api-write')
      ? 'api-write'
      : application.endsWith(':listen')
        ? 'listen'
        : application.startsWith('tidepool:serve')
          ? 'engine'
          : application || 'other';
  return parallel ? `${role} (parallel worker)` : role;
}

export async function sampleBackends(database: string, intervalMs = 50): Promise<{ stop(): Promise<BackendSample> }> {
  const client = new pg.Client({ connectionString: ADMIN_URL, application_name: 'bench:backend-sampler' });
  await client.connect();
  const active = new Map<string, number>();
  const waits = new Map<string, Map<string, number>>();
  let samples = 0;
  let oldestApiStatementMs = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await client.query<{ application: string; parallel: boolean; wait: string; age_ms: number | null }>(
        `select coalesce(leader.application_name, a.application_name, '') as application,
                a.backend_type = 'parallel worker' as parallel,
                coalesce(a.wait_event_type || '/' || a.wait_event, 'CPU') as wait,
                extract(epoch from clock_timestamp() - a.query_start)::float8 * 1000 as age_ms
         from pg_stat_activity a
         left join pg_stat_activity leader on leader.pid = a.leader_pid and a.leader_pid <> a.pid
         where a.datname = $1 and a.pid <> pg_backend_pid() and a.state = 'active'`,
        [database],
      );
      samples++;
      for (const row of rows) {
        const role = roleOf(row.application, row.parallel);
        active.set(role, (active.get(role) ?? 0) + 1);
        let byWait = waits.get(role);
        if (!byWait) waits.set(role, (byWait = new Map()));
        byWait.set(row.wait, (byWait.get(row.wait) ?? 0) + 1);
        if (role.startsWith('api') && row.age_ms !== null) oldestApiStatementMs = Math.max(oldestApiStatementMs, row.age_ms);
      }
      await sleep(intervalMs);
    }
  })();
  const mean = (n: number) => Math.round((n / Math.max(samples, 1)) * 100) / 100;
  return {
    async stop() {
      running = false;
      await loop;
      await client.end();
      return {
        samples,
        active: Object.fromEntries([...active].sort((a, b) => b[1] - a[1]).map(([role, n]) => [role, mean(n)])),
        waits: Object.fromEntries(
          [...waits].map(([role, byWait]) => [
            role,
            [...byWait].sort((a, b) => b[1] - a[1]).map(([wait, n]) => ({ wait, backends: mean(n) })),
          ]),
        ),
        oldestApiStatementMs: Math.round(oldestApiStatementMs),
      };
    },
  };
}

/**
 * After the storm's clients left: how long until no API statement is running any more (cancellation
 * works when this is about one statement's time, not the whole backlog's). Polls every 10 ms.
 */
export async function waitForIdleApi(database: string, timeoutMs = 120_000): Promise<number> {
  const client = new pg.Client({ connectionString: ADMIN_URL, application_name: 'bench:backend-sampler' });
  await client.connect();
  try {
    const start = performance.now();
    for (;;) {
      const { rows } = await client.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity
         where datname = $1 and state = 'active' and application_name like '%:api-%'`,
        [database],
      );
      const ms = performance.now() - start;
      if (rows[0]!.n === 0) return ms;
      if (ms > timeoutMs) throw new Error(`API statements were still running ${timeoutMs} ms after the storm's clients left.`);
      await sleep(10);
    }
  } finally {
    await client.end();
  }
}
