// Daemon heartbeats: each loop upserts its row every interval; health is judged from the freshest row
// of each daemon type, against the database clock so that clock skew between hosts does not matter.
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/database.js';
import { daemonHeartbeats } from '../db/schema.js';
import { HEARTBEAT_TOLERANCE_SECONDS, type DaemonType } from './daemon-types.js';

export async function recordHeartbeat(
  executor: Executor,
  beat: { daemonType: DaemonType; daemonId: string; intervalSeconds: number; lastError?: string | null },
): Promise<void> {
  await executor
    .insert(daemonHeartbeats)
    .values({
      daemonType: beat.daemonType,
      daemonId: beat.daemonId,
      intervalSeconds: beat.intervalSeconds,
      lastError: beat.lastError ?? null,
    })
    .onConflictDoUpdate({
      target: [daemonHeartbeats.daemonType, daemonHeartbeats.daemonId],
      set: { lastHeartbeat: sql`now()`, intervalSeconds: beat.intervalSeconds, lastError: beat.lastError ?? null },
    });
}

export async function removeHeartbeat(executor: Executor, daemonType: DaemonType, daemonId: string): Promise<void> {
  await executor.execute(sql`delete from daemon_heartbeats where daemon_type = ${daemonType} and daemon_id = ${daemonId}`);
}

export interface DaemonStatus {
  daemonType: string;
  required: boolean;
  healthy: boolean;
  lastHeartbeatTime: Date | null;
  lastHeartbeatError: string | null;
  instanceCount: number;
}

/** The status of each daemon type: healthy when any of its instances beat recently enough. */
export async function daemonStatuses(executor: Executor, types: readonly string[], required: readonly string[]): Promise<DaemonStatus[]> {
  const rows = await queryRows<{
    daemon_type: string;
    last_heartbeat: string | Date;
    last_error: string | null;
    fresh: boolean;
    instance_count: number;
  }>(
    executor,
    sql`select distinct on (daemon_type)
          daemon_type, last_heartbeat, last_error,
          last_heartbeat > now() - make_interval(secs => interval_seconds + ${HEARTBEAT_TOLERANCE_SECONDS}) as fresh,
          (count(*) over (partition by daemon_type))::int as instance_count
        from daemon_heartbeats
        where daemon_type = any(${sql.param([...types])})
        order by daemon_type, last_heartbeat desc`,
  );
  const byType = new Map(rows.map((row) => [row.daemon_type, row]));
  return types.map((daemonType) => {
    const row = byType.get(daemonType);
    return {
      daemonType,
      required: required.includes(daemonType),
      healthy: row?.fresh === true,
      lastHeartbeatTime: row ? new Date(row.last_heartbeat) : null,
      lastHeartbeatError: row?.last_error ?? null,
      instanceCount: row?.instance_count ?? 0,
    };
  });
}

export interface LoopHeartbeat {
  daemonType: string;
  /** A loop of this type beat within its interval plus the tolerance. */
  healthy: boolean;
  secondsSinceHeartbeat: number | null;
  /** Its latest tick failed (the error itself is not given: it may name internals). */
  failing: boolean;
}

/**
 * The heartbeats of the loops whose daemon ids start with `daemonIdPrefix` (one process's own loops, see
 * PROCESS_DAEMON_ID_PREFIX), one answer per type: the freshest loop of the type decides.
 */
export async function ownLoopHeartbeats(executor: Executor, types: readonly string[], daemonIdPrefix: string): Promise<LoopHeartbeat[]> {
  if (types.length === 0) return [];
  const rows = await queryRows<{ daemon_type: string; seconds: number; fresh: boolean; failing: boolean }>(
    executor,
    sql`select distinct on (daemon_type)
          daemon_type,
          extract(epoch from now() - last_heartbeat)::float8 as seconds,
          last_heartbeat > now() - make_interval(secs => interval_seconds + ${HEARTBEAT_TOLERANCE_SECONDS}) as fresh,
          last_error is not null as failing
        from daemon_heartbeats
        where daemon_type = any(${sql.param([...types])}) and starts_with(daemon_id, ${daemonIdPrefix})
        order by daemon_type, last_heartbeat desc`,
  );
  const byType = new Map(rows.map((row) => [row.daemon_type, row]));
  return types.map((daemonType) => {
    const row = byType.get(daemonType);
    return {
      daemonType,
      healthy: row?.fresh === true,
      secondsSinceHeartbeat: row ? Math.round(Number(row.seconds) * 10) / 10 : null,
      failing: row?.failing === true,
    };
  });
}
