// What a database's backends are doing, sampled from pg_stat_activity every few milliseconds while a
// benchmark runs: per sample, each backend of the database counts once under its state and wait event
// (e.g. "active: CPU", "active: Lock/object", "idle in transaction: Client/ClientRead"). The shares say
// where backends spend their time — on CPU, on locks, on WAL flushes, or idle waiting for the client —
// and, for active backends, which statements they were running.
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

export interface StatementShare {
  /** pg_stat_activity.query of active backends, whitespace collapsed, cut at 100 characters. */
  statement: string;
  /** Mean number of backends running it per sample. */
  backends: number;
  /** Share of all active backends' samples. */
  share: number;
  /** Share of its own samples spent on CPU (no wait event), the rest waiting. */
  onCpu: number;
}

export interface WaitSummary {
  samples: number;
  waits: WaitShare[];
  statements: StatementShare[];
}

/**
 * Samples the backends of `databases`: one name, or a function giving the names at each sample (databases a
 * scenario creates as it goes). Samples taken while there is no database to look at are not counted.
 */
export async function sampleWaits(
  databases: string | (() => readonly string[]),
  intervalMs = 5,
): Promise<{ stop(): Promise<WaitSummary> }> {
  const namesNow = typeof databases === 'string' ? () => [databases] : databases;
  const client = new pg.Client({ connectionString: ADMIN_URL, application_name: 'bench:wait-sampler' });
  await client.connect();
  const counts = new Map<string, number>();
  const statements = new Map<string, { n: number; onCpu: number }>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const names = namesNow();
      if (names.length > 0) {
        const { rows } = await client.query<{ what: string; statement: string | null; on_cpu: boolean; n: number }>(
          `select coalesce(state, '?') || ': ' || coalesce(wait_event_type || '/' || wait_event, 'CPU') as what,
                  case when state = 'active' then left(regexp_replace(query, '\\s+', ' ', 'g'), 100) end as statement,
                  wait_event is null as on_cpu, count(*)::int as n
           from pg_stat_activity where datname = any($1) and pid <> pg_backend_pid() and backend_type = 'client backend'
           group by 1, 2, 3`,
          [names],
        );
        samples++;
        for (const row of rows) {
          counts.set(row.what, (counts.get(row.what) ?? 0) + row.n);
          if (row.statement === null) continue;
          const total = statements.get(row.statement) ?? { n: 0, onCpu: 0 };
          total.n += row.n;
          if (row.on_cpu) total.onCpu += row.n;
          statements.set(row.statement, total);
        }
      }
      await sleep(intervalMs);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await client.end();
      const perSample = (n: number) => Math.round((n / samples) * 100) / 100;
      const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
      const waits = [...counts.entries()]
        .map(([what, n]) => ({ what, backends: perSample(n), share: round(n / total) }))
        .sort((a, b) => b.backends - a.backends);
      const active = [...statements.values()].reduce((sum, s) => sum + s.n, 0);
      const byStatement = [...statements.entries()]
        .map(([statement, s]) => ({ statement, backends: perSample(s.n), share: round(s.n / active), onCpu: round(s.onCpu / s.n) }))
        .sort((a, b) => b.share - a.share);
      return { samples, waits, statements: byStatement };
    },
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
