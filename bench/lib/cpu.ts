// CPU time spent during a stretch of a benchmark, by this Node process and by the local Postgres server
// (the backends of the benchmark's database, found in /proc by their process title). On a 2-core machine it
// tells whether a throughput is bound by Node, by Postgres, or by neither (waiting: round trips, fsync).
// Postgres's share is only seen when it runs on this machine; otherwise it is reported as null.
import { readdir, readFile } from 'node:fs/promises';
import { now } from './clock.js';

/** Kernel clock ticks per second (USER_HZ): 100 on Linux. */
const TICKS_PER_SECOND = 100;

export interface CpuUse {
  wallMs: number;
  nodeMs: number;
  /** null when no Postgres process is visible here. */
  postgresMs: number | null;
  /** Other processes asked for by pid (e.g. a server in a child process); null if one could not be read. */
  processesMs?: number | null;
}

async function processTicks(pids: readonly number[]): Promise<number | null> {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      return null;
    }
  }
  return ticks;
}

/**
 * Ticks of the Postgres processes on this machine: with `database`, only its backends (the process
 * title names the database); without, every process named postgres. The server is shared, so other
 * sessions' backends come and go: only a database's own backends give a usable difference.
 */
async function postgresTicks(database: string | undefined): Promise<number | null> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return null;
  }
  let ticks = 0;
  let seen = false;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // Field 2 is "(comm)", which may hold spaces: split after its closing parenthesis.
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      if (database !== undefined) {
        const title = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).replaceAll('\0', ' ');
        if (!title.includes(` ${database} `)) continue;
      }
      const fields = stat.slice(close + 2).split(' ');
      // After comm: state is field 3, so utime (14) and stime (15) are at indexes 11 and 12 here.
      ticks += Number(fields[11]) + Number(fields[12]);
      seen = true;
    } catch {
      // The process ended while we looked.
    }
  }
  return seen || database !== undefined ? ticks : null;
}

/**
 * Starts measuring; `stop()` returns the CPU used since. Pass the benchmark's database so that only its
 * backends count (they must stay connected: a backend that exits meanwhile takes its ticks along).
 */
export async function startCpuMeter(options: { database?: string; pids?: readonly number[] } = {}): Promise<{ stop(): Promise<CpuUse> }> {
  const pids = options.pids ?? [];
  const wallStart = now();
  const nodeStart = process.cpuUsage();
  const postgresStart = await postgresTicks(options.database);
  const processesStart = await processTicks(pids);
  const ms = (start: number | null, end: number | null) =>
    start === null || end === null ? null : ((end - start) * 1000) / TICKS_PER_SECOND;
  return {
    async stop() {
      const node = process.cpuUsage(nodeStart);
      const postgresEnd = await postgresTicks(options.database);
      const processesEnd = await processTicks(pids);
      return {
        wallMs: now() - wallStart,
        nodeMs: (node.user + node.system) / 1000,
        postgresMs: ms(postgresStart, postgresEnd),
        ...(pids.length > 0 ? { processesMs: ms(processesStart, processesEnd) } : {}),
      };
    },
  };
}

export function describeCpu(use: CpuUse, names: { node?: string; processes?: string } = {}): string {
  const pct = (ms: number) => `${((ms / use.wallMs) * 100).toFixed(0)}%`;
  return (
    `wall ${(use.wallMs / 1000).toFixed(2)} s; ${names.node ?? 'Node'} ${(use.nodeMs / 1000).toFixed(2)} s CPU (${pct(use.nodeMs)} of one core)` +
    (use.processesMs === undefined
      ? ''
      : use.processesMs === null
        ? `; ${names.processes ?? 'other processes'} CPU not readable`
        : `; ${names.processes ?? 'other processes'} ${(use.processesMs / 1000).toFixed(2)} s CPU (${pct(use.processesMs)} of one core)`) +
    (use.postgresMs === null
      ? '; Postgres CPU not visible from here'
      : `; Postgres backends ${(use.postgresMs / 1000).toFixed(2)} s CPU (${pct(use.postgresMs)} of one core)`)
  );
}

/**
 * The whole machine's CPU (every process, every core) from /proc/stat: on a shared machine it tells
 * whether a slowdown came with saturated cores. `busy` is the share of all cores' time not idle.
 */
export async function startMachineCpuMeter(): Promise<{ stop(): Promise<{ busy: number; cores: number } | null> }> {
  const read = async (): Promise<{ busy: number; total: number; cores: number } | null> => {
    try {
      const lines = (await readFile('/proc/stat', 'utf8')).split('\n');
      // "cpu  user nice system idle iowait irq softirq steal …": idle and iowait are the idle time.
      const fields = lines[0]!.trim().split(/\s+/).slice(1).map(Number);
      const total = fields.slice(0, 8).reduce((sum, n) => sum + n, 0);
      const idle = fields[3]! + fields[4]!;
      return { busy: total - idle, total, cores: lines.filter((line) => /^cpu\d+ /.test(line)).length };
    } catch {
      return null;
    }
  };
  const start = await read();
  return {
    async stop() {
      const end = await read();
      if (!start || !end || end.total === start.total) return null;
      return { busy: (end.busy - start.busy) / (end.total - start.total), cores: end.cores };
    },
  };
}
