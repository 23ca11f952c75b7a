// Workers register themselves and renew the leases of the runs they execute. Invariant: a run in
// STARTED or CANCELING always names its worker and a lease expiry; the monitor fails runs whose lease
// expired (their worker died), which is what frees their slots.
import { hostname } from 'node:os';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/database.js';
import { workers } from '../db/schema.js';
import { statusIn } from '../runs/status-sql.js';
import { LEASED_STATUSES } from '../runs/vocabulary.js';

export async function registerWorker(db: Db, workerId: string): Promise<void> {
  await db
    .insert(workers)
    .values({ id: workerId, hostname: hostname(), pid: process.pid })
    .onConflictDoUpdate({ target: workers.id, set: { lastHeartbeat: sql`now()` } });
}

export async function unregisterWorker(db: Db, workerId: string): Promise<void> {
  await db.execute(sql`delete from workers where id = ${workerId}`);
}

/**
 * Extends the leases of the runs the worker still executes (`runIds`) and returns their statuses: a run
 * that is not returned, or returned as CANCELING, was ended or canceled by someone else. Runs the worker
 * let go of (it could not finish them) are not renewed, so their leases expire and the monitor ends them.
 */
export async function renewLeases(db: Db, workerId: string, leaseSeconds: number, runIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await queryRows<{ id: string; status: string }>(
    db,
    sql`with beat as (update workers set last_heartbeat = now() where id = ${workerId})
        update runs set lease_expires_at = now() + make_interval(secs => ${leaseSeconds})
        where worker_id = ${workerId} and ${statusIn(LEASED_STATUSES)}
          and id = any(${sql.param([...runIds])}::uuid[])
        returning id, status`,
  );
  return new Map(rows.map((row) => [row.id, row.status]));
}

/** Seconds since the worker's last heartbeat, or null when it is not registered (its row is gone). */
export async function secondsSinceWorkerHeartbeat(db: Db, workerId: string): Promise<number | null> {
  const [row] = await queryRows<{ seconds: number }>(
    db,
    sql`select extract(epoch from now() - last_heartbeat)::float8 as seconds from workers where id = ${workerId}`,
  );
  return row ? Number(row.seconds) : null;
}
