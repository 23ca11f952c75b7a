// What a database's backends are doing, sampled from pg_stat_activity every few milliseconds while a
// benchmark runs: per sample, each backend of the database counts once under its state and wait event
// (e.g. "active: CPU", "active: Lock/object", "idle in transaction: Client/ClientRead"). The shares say
// where backends spend their time — on CPU, on locks, on WAL flushes, or idle waiting for the client.
// Only for a diagnostic pass: the sampling is one more connection (to the admin database, so that the
// benchmark may drop its own meanwhile) and one query every few ms.
import pg from 'pg';
import { ADMIN_URL } from '../../test/support/postgres.js';
import { sleep } from './clock.js';

export interface WaitShare {
  what: string;
  /** Mean number of backends in this state per sample. */
  backends: number;
  share: number;
}

export async function sampleWaits(database: string, intervalMs = 5): Promise<{ stop(): Promise<{ samples: number; waits: WaitShare[] }> }> {
  const client = new pg.Client({ connectionString: ADMIN_URL, application_name: 'bench:wait-sampler' });
  await client.connect();
  const counts = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await client.query<{ what: string; n: number }>(
        `select coalesce(state, '?') || ': ' || coalesce(wait_event_type || '/' || wait_event, 'CPU') as what, count(*)::int as n
         from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() and backend_type = 'client backend'
         group by 1`,
        [database],
      );
      samples++;
      for (const row of rows) counts.set(row.what, (counts.get(row.what) ?? 0) + row.n);
      await sleep(intervalMs);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await client.end();
      const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
      const waits = [...counts.entries()]
        .map(([what, n]) => ({ what, backends: Math.round((n / samples) * 100) / 100, share: Math.round((n / total) * 1000) / 1000 }))
        .sort((a, b) => b.backends - a.backends);
      return { samples, waits };
    },
  };
}
