// Health checks for load balancers and Kubernetes, served by every long-running command (ops-listener.ts):
//  - /healthz: the process is alive and its event loop answers. It touches nothing else, so a database outage
//    never makes an orchestrator restart every replica (which would not fix the database).
//  - /readyz: this process can do its job now: Postgres answers within a short timeout, every bundled
//    migration is applied, the daemon loops this process runs are heartbeating (its own loops, by their
//    daemon ids: `serve --no-daemon` requires none, and one daemon replica does not vouch for another), and
//    its run worker, if it has one, is registered and renewing. Once the process begins to stop, readiness
//    answers 503 at once and asks the database nothing: the load balancer takes it out first.
// Both answer JSON explaining each check. They reveal no addresses, errors' texts or config: a failing check
// says which and why in general terms, and the process log has the details.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { migrationState } from '../db/migrate.js';
import type { DaemonType } from '../daemon/daemon-types.js';
import { ownLoopHeartbeats } from '../daemon/heartbeats.js';
import { PROCESS_DAEMON_ID_PREFIX } from '../daemon/loop.js';
import { secondsSinceWorkerHeartbeat } from '../execution/worker-registry.js';
import type { Instance } from '../instance/instance.js';
import { logger } from '../log/index.js';
import { sendJson, type OpsRoutes } from './ops-listener.js';

/** How long each readiness check may take: a probe's own timeout is typically 1 s to a few seconds. */
export const READINESS_CHECK_TIMEOUT_MS = 2_000;

export interface HealthOptions {
  instance: Instance;
  /** The handle the database check runs on: the API's for `serve` (what its requests use), else the engine's. */
  db: Db;
  /** The daemon loops this process runs (Background.daemonTypes). */
  daemonTypes: readonly DaemonType[];
  /** This process's run worker, if it runs one. */
  workerId: string | null;
}

export interface CheckResult {
  ok: boolean;
  message?: string;
  [detail: string]: unknown;
}

export interface Readiness {
  status: 'ready' | 'not ready' | 'stopping';
  checks: Record<string, CheckResult>;
}

export class Health {
  private readonly startedAt = Date.now();
  private stoppingBecause: string | null = null;
  /** Probes arriving together share one round of checks. */
  private inFlight: Promise<Readiness> | null = null;
  /** Names of the checks failing at the last round, so a failure is logged once, not at every probe. */
  private failing = new Set<string>();

  constructor(private readonly options: HealthOptions) {}

  /** From now on /readyz answers 503 (the process is stopping), without asking the database. */
  markStopping(reason: string): void {
    this.stoppingBecause = reason;
  }

  get routes(): OpsRoutes {
    return new Map([
      ['/healthz', (_req: IncomingMessage, res: ServerResponse) => sendJson(res, 200, this.liveness())],
      [
        '/readyz',
        async (_req: IncomingMessage, res: ServerResponse) => {
          const readiness = await this.readiness();
          sendJson(res, readiness.status === 'ready' ? 200 : 503, readiness);
        },
      ],
    ]);
  }

  liveness(): { status: 'alive'; uptimeSeconds: number; stopping: boolean } {
    return { status: 'alive', uptimeSeconds: Math.floor((Date.now() - this.startedAt) / 1000), stopping: this.stoppingBecause !== null };
  }

  readiness(): Promise<Readiness> {
    if (this.stoppingBecause !== null) {
      return Promise.resolve({ status: 'stopping', checks: { accepting: { ok: false, message: this.stoppingBecause } } });
    }
    this.inFlight ??= this.check().finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  private async check(): Promise<Readiness> {
    const named: [string, Promise<CheckResult>][] = [
      ['database', timed(() => this.database())],
      ['migrations', timed(() => this.migrations())],
    ];
    if (this.options.daemonTypes.length > 0) named.push(['daemons', timed(() => this.daemons())]);
    if (this.options.workerId !== null) named.push(['worker', timed(() => this.worker(this.options.workerId!))]);
    const results = await Promise.all(named.map(([, result]) => result));
    const checks = Object.fromEntries(named.map(([name], i) => [name, results[i]!]));
    this.logChanges(checks);
    // Only when nothing began stopping meanwhile: a probe must not see "ready" after the first "stopping".
    if (this.stoppingBecause !== null) return this.readiness();
    return { status: results.every((result) => result.ok) ? 'ready' : 'not ready', checks };
  }

  private async database(): Promise<CheckResult> {
    const started = performance.now();
    await this.options.db.execute(sql`select 1`);
    return { ok: true, ms: Math.round(performance.now() - started) };
  }

  private async migrations(): Promise<CheckResult> {
    const state = await migrationState(this.options.instance.database);
    const detail = { applied: state.appliedCount, bundled: state.available.length };
    if (state.pending.length === 0) return { ok: true, ...detail };
    return {
      ok: false,
      ...detail,
      message: `${state.pending.length} of this version's migrations are not applied to the database; run \`tidepool migrate\`.`,
    };
  }

  private async daemons(): Promise<CheckResult> {
    const loops = await ownLoopHeartbeats(this.options.instance.database.db, this.options.daemonTypes, PROCESS_DAEMON_ID_PREFIX);
    const stale = loops.filter((loop) => !loop.healthy).map((loop) => loop.daemonType);
    return {
      ok: stale.length === 0,
      loops: loops.map(({ daemonType, healthy, secondsSinceHeartbeat, failing }) => ({
        daemonType,
        ok: healthy,
        secondsSinceHeartbeat,
        failing,
      })),
      ...(stale.length > 0 ? { message: `No recent heartbeat from this process's ${stale.join(', ')} loop(s).` } : {}),
    };
  }

  private async worker(workerId: string): Promise<CheckResult> {
    const seconds = await secondsSinceWorkerHeartbeat(this.options.instance.database.db, workerId);
    const leaseSeconds = this.options.instance.config.runMonitoring.workerLeaseSeconds;
    if (seconds === null) return { ok: false, message: "This process's run worker is not registered in the database." };
    const rounded = Math.round(seconds * 10) / 10;
    if (seconds <= leaseSeconds) return { ok: true, secondsSinceHeartbeat: rounded };
    return {
      ok: false,
      secondsSinceHeartbeat: rounded,
      message: `This process's run worker has not renewed its leases for longer than worker_lease_seconds (${leaseSeconds} s).`,
    };
  }

  private logChanges(checks: Record<string, CheckResult>): void {
    const failing = new Set(Object.keys(checks).filter((name) => !checks[name]!.ok));
    for (const name of failing) {
      if (this.failing.has(name)) continue;
      const { message, error } = checks[name] as CheckResult & { error?: unknown };
      logger().warn({ check: name, reason: message, ...(error === undefined ? {} : { err: error }) }, 'a readiness check is failing');
    }
    for (const name of this.failing) if (!failing.has(name)) logger().info({ check: name }, 'a readiness check passes again');
    this.failing = failing;
  }
}

/**
 * Runs one check under READINESS_CHECK_TIMEOUT_MS. A failure says what happened in general terms (its code,
 * such as ECONNREFUSED or a Postgres SQLSTATE, but not its text, which may carry an address or SQL).
 */
async function timed(check: () => Promise<CheckResult>): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, message: `Postgres did not answer within ${READINESS_CHECK_TIMEOUT_MS / 1000} s.` }),
      READINESS_CHECK_TIMEOUT_MS,
    );
  });
  const outcome = check().catch((error: unknown): CheckResult => {
    // drizzle wraps the driver's error (its `cause` carries the code).
    const code = errorCode(error) ?? errorCode((error as { cause?: unknown } | null)?.cause);
    const result: CheckResult = { ok: false, message: `The check's query failed${code ? ` (${code})` : ''}; see the process log.` };
    // Kept for the process log, out of the JSON answer (not enumerable).
    Object.defineProperty(result, 'error', { value: error, enumerable: false });
    return result;
  });
  try {
    return await Promise.race([outcome, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function errorCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}
