// A floor-level reference for the throughput scenario: how many single-statement commits per second
// this Postgres takes from 10 connections (the size of Tidepool's pool), with and without a pg_notify in
// each — Tidepool's appendEvent shape (insert an event row and pg_notify its id, one autocommit
// statement) and the same insert alone. One LISTEN connection hears the notifications, as Tidepool's
// notifier does.
//
// Why it matters: Postgres serializes every committing transaction that has queued a notification behind
// one cluster-wide heavyweight lock ("database 0", taken in PreCommit_Notify and held until the commit's
// WAL flush is done), so notifying commits do not share WAL flushes the way plain commits do. Every
// Tidepool event and status change commits with a NOTIFY.
import pg from 'pg';
import { now } from '../lib/clock.js';
import { createBlankDatabase } from '../lib/blank-database.js';

const CHANNEL = 'bench_commit_ceiling';
const CONNECTIONS = 10;

export interface CommitCeiling {
  notifyingCommitsPerSecond: number;
  plainCommitsPerSecond: number;
}

export async function commitCeilingRepetition(count: number): Promise<CommitCeiling> {
  const database = await createBlankDatabase();
  const pool = new pg.Pool({ connectionString: database.url, max: CONNECTIONS, application_name: 'bench:commit-ceiling' });
  const listener = new pg.Client({ connectionString: database.url, application_name: 'bench:commit-ceiling-listen' });
  try {
    await pool.query(
      `create table events (id bigserial primary key, run_id uuid not null, event_type text not null, payload jsonb not null default '{}',
                            created_at timestamptz not null default now())`,
    );
    await listener.connect();
    await listener.query(`listen ${CHANNEL}`);
    const rate = async (statement: string, values: unknown[]) => {
      let next = 0;
      const startedAt = now();
      await Promise.all(
        Array.from({ length: CONNECTIONS }, async () => {
          while (next < count) {
            next++;
            await pool.query(statement, values);
          }
        }),
      );
      return (count / (now() - startedAt)) * 1000;
    };
    const insert = `insert into events (run_id, event_type) values (gen_random_uuid(), 'STEP_START')`;
    const notifying = `with inserted as (${insert} returning id, run_id)
                       select pg_notify($1, json_build_object('topic', 'event', 'runId', run_id, 'eventId', id)::text) from inserted`;
    await rate(insert, []); // warm-up
    const plainCommitsPerSecond = await rate(insert, []);
    const notifyingCommitsPerSecond = await rate(notifying, [CHANNEL]);
    return { notifyingCommitsPerSecond, plainCommitsPerSecond };
  } finally {
    await listener.end().catch(() => undefined);
    await pool.end();
    await database.drop();
  }
}
