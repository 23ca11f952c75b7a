// Helpers for the long-running commands (serve, daemon, worker): how they stop, and their operations ports.
import type { Background } from '../daemon/background.js';
import type { Database } from '../db/database.js';
import type { Instance } from '../instance/instance.js';
import { logger } from '../log/index.js';
import { Health } from '../server/health.js';
import { metricsRoutes } from '../server/metrics-route.js';
import { startOpsListener, type OpsListener, type OpsRoute, type OpsRoutes } from '../server/ops-listener.js';
import { UsageError } from './args.js';

export function describeStorage(database: Database): string {
  return database.kind === 'postgres' ? `Postgres at ${database.location}` : `embedded PGlite in ${database.location}`;
}

/**
 * How long stopping may take beyond the worker's grace period before the process exits anyway. The rest of
 * stopping (requests draining, loops ending, runs left over failing) normally takes a few seconds; a step
 * that ignores its abort signal, or a database that does not answer, must not keep a stopped service alive.
 */
export const SHUTDOWN_MARGIN_MS = 20_000;

/** The process's deadline for stopping: always longer than the grace period its worker gives runs. */
export function shutdownDeadlineMs(workerGraceMs: number): number {
  return workerGraceMs + SHUTDOWN_MARGIN_MS;
}

export interface ShutdownOptions {
  /** Stops the process's parts (servers, loops, worker, database); the process exits when it resolves. */
  stop: () => Promise<void>;
  /** Told first, so that readiness answers 503 before anything stops. */
  health?: Health;
  /** The grace period the process's worker gives its runs (0 without a worker). */
  workerGraceMs: number;
}

/**
 * On SIGINT or SIGTERM: readiness turns 503, then `stop` runs once, then the process exits 0 (1 if stopping
 * failed or overran shutdownDeadlineMs). A second signal while stopping exits at once, with 1.
 */
export function onShutdown(options: ShutdownOptions): void {
  const deadlineMs = shutdownDeadlineMs(options.workerGraceMs);
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger().error({ signal }, `received ${signal} again while shutting down; exiting now`);
      process.exit(1);
    }
    stopping = true;
    options.health?.markStopping(`The process received ${signal} and is shutting down.`);
    logger().info(
      { signal, graceSeconds: options.workerGraceMs / 1000 },
      `received ${signal}, shutting down` +
        (options.workerGraceMs > 0 ? `; running runs get ${options.workerGraceMs / 1000} s to finish` : ''),
    );
    const deadline = setTimeout(() => {
      logger().error({ deadlineSeconds: deadlineMs / 1000 }, 'shutdown did not finish in time; exiting without waiting further');
      process.exit(1);
    }, deadlineMs);
    deadline.unref();
    options.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger().error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

/** Where an operations port listens: `PORT` (every interface, as probes and scrapers come from outside) or `HOST:PORT`. */
export function parseOpsAddress(option: string, value: string): { host: string; port: number } {
  const match = /^(?:(.+):)?(\d+)$/.exec(value);
  const port = match ? Number(match[2]) : NaN;
  if (!match || port > 65_535) {
    throw new UsageError(`--${option} must be a port number or HOST:PORT, such as 8081 or 127.0.0.1:8081 (got '${value}').`);
  }
  const host = match[1]?.replace(/^\[(.*)\]$/, '$1') ?? '0.0.0.0';
  return { host, port };
}

/**
 * Starts the operations ports of a daemon or worker process (--health-port, --metrics-port): each serves its
 * routes, and options naming the same address share one listener serving all of theirs.
 */
export async function startOpsPorts(ports: { option: string; value: string | undefined; routes: OpsRoutes }[]): Promise<OpsListener[]> {
  const byAddress = new Map<string, { host: string; port: number; routes: Map<string, OpsRoute> }>();
  for (const { option, value, routes } of ports) {
    if (value === undefined) continue;
    const { host, port } = parseOpsAddress(option, value);
    const key = `${host}|${port}`;
    const entry = byAddress.get(key) ?? { host, port, routes: new Map() };
    for (const [path, route] of routes) entry.routes.set(path, route);
    byAddress.set(key, entry);
  }
  const listeners: OpsListener[] = [];
  try {
    for (const { host, port, routes } of byAddress.values()) listeners.push(await startOpsListener({ routes, host, port }));
  } catch (error) {
    await Promise.all(listeners.map((listener) => listener.stop()));
    throw error;
  }
  return listeners;
}

export interface ProcessHealth {
  health: Health;
  /** Its --health-port and --metrics-port listeners (one when both name the same address; none if neither was given). */
  listeners: OpsListener[];
}

/** The ports a daemon or worker process serves its operations endpoints on (`[HOST:]PORT`). */
export interface OpsPorts {
  healthPort?: string;
  metricsPort?: string;
}

/**
 * The health checks of a daemon or worker process (no API): readiness asks for the loops and the worker it
 * runs, on the engine's connections (it opens no API connection), served on `--health-port` if given; and
 * its Prometheus metrics on `--metrics-port` if given (with metrics off in the config, that port answers 404).
 */
export async function startProcessHealth(instance: Instance, background: Background, ports: OpsPorts): Promise<ProcessHealth> {
  const health = new Health({
    instance,
    db: instance.database.db,
    daemonTypes: background.daemonTypes,
    workerId: background.worker?.id ?? null,
  });
  const listeners = await startOpsPorts([
    { option: 'health-port', value: ports.healthPort, routes: health.routes },
    { option: 'metrics-port', value: ports.metricsPort, routes: metricsRoutes(instance) },
  ]);
  for (const listener of listeners) logger().info({ url: listener.url }, `operations endpoints at ${listener.url}`);
  return { health, listeners };
}
