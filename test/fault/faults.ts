// The faults the harness injects, and their tally: SIGKILL of a server mid-step (then a replacement),
// graceful restart (SIGTERM, then a new process), and pg_terminate_backend on the servers' connections
// (found by application_name in pg_stat_activity: never the harness's own or the fixture recorder's).
import type pg from 'pg';
import { waitFor } from '../support/wait.js';
import type { ServeCluster } from './cluster.js';
import type { Rng } from '../support/rng.js';

export interface Tally {
  sigkill: number;
  sigkillMidStep: number;
  gracefulRestart: number;
  terminateBackendRounds: number;
  backendsTerminated: number;
}

export class FaultInjector {
  readonly tally: Tally = { sigkill: 0, sigkillMidStep: 0, gracefulRestart: 0, terminateBackendRounds: 0, backendsTerminated: 0 };
  /** Terminated connections by kind: the LISTEN connection, or the pool connection's state (active, idle, …). */
  readonly terminatedByKind: Record<string, number> = {};
  readonly kills: { name: string; pid: number; executingAtKill: number }[] = [];
  readonly restarts: { name: string; pid: number; exitCode: number | null; outputTail?: string }[] = [];
  /** Pids of the processes killed with SIGKILL. */
  readonly killedPids = new Set<number>();

  constructor(
    private readonly cluster: ServeCluster,
    private readonly pool: pg.Pool,
    private readonly rng: Rng,
  ) {}

  /** Terminates each connection of the servers with probability `share`. */
  async terminateBackends(share = 0.6): Promise<void> {
    const { rows } = await this.pool.query<{ pid: number; application_name: string; state: string | null }>(
      `select pid, application_name, state from pg_stat_activity
       where datname = current_database() and application_name like 'tidepool:serve%' and pid <> pg_backend_pid()`,
    );
    for (const victim of rows.filter(() => this.rng.chance(share))) {
      const { rows: done } = await this.pool.query<{ ok: boolean }>('select pg_terminate_backend($1) as ok', [victim.pid]);
      if (!done[0]?.ok) continue;
      this.tally.backendsTerminated++;
      const kind = victim.application_name.endsWith(':listen') ? 'listen' : (victim.state ?? 'unknown');
      this.terminatedByKind[kind] = (this.terminatedByKind[kind] ?? 0) + 1;
    }
    this.tally.terminateBackendRounds++;
  }

  /** SIGKILLs the server in `slot` once one of its steps executes (or after 15 s regardless), then replaces it. */
  async killMidStep(slot: number): Promise<void> {
    const victim = this.cluster.get(slot)!;
    const executing = await waitFor(
      async () => {
        const { rows } = await this.pool.query('select 1 from fault_intervals where pid = $1 and ended_at is null', [victim.pid]);
        return rows.length > 0 ? rows.length : false;
      },
      { timeoutMs: 15_000, intervalMs: 5, what: `a step executing on ${victim.name}` },
    ).catch(() => 0);
    await this.cluster.kill(slot);
    this.killedPids.add(victim.pid);
    this.tally.sigkill++;
    if (executing > 0) this.tally.sigkillMidStep++;
    this.kills.push({ name: victim.name, pid: victim.pid, executingAtKill: executing });
    await this.cluster.start(slot);
  }

  /** SIGTERM, wait for the process to end, start a new one in its slot. */
  async restartGracefully(slot: number): Promise<void> {
    const stopped = await this.cluster.stop(slot);
    this.tally.gracefulRestart++;
    this.restarts.push(stopped);
    await this.cluster.start(slot);
  }
}
