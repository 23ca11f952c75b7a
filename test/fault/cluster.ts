// The `tidepool serve` processes of the fault harness: fixed slots on one database, which the harness
// kills (SIGKILL), restarts (SIGTERM, then a new process) and replaces. Every child is tracked from the
// moment it is spawned, so cleanup can end it whatever state it is in. An exit the harness did not
// cause is recorded, because a server that dies of a fault (a lost connection) is a finding; the slot
// then gets a new process, so that one such finding does not hide the others. Operations on one slot
// are serialized.
import type { ChildProcess } from 'node:child_process';
import { startServe, type ServeProcess } from '../support/cli.js';

export interface Server {
  slot: number;
  /** `server<slot>#<generation>`: the generation counts the processes that have held the slot. */
  name: string;
  pid: number;
  url: string;
  serve: ServeProcess;
  /** False from the moment the harness stops or kills it (or it exits on its own). */
  up: boolean;
}

export interface UnexpectedExit {
  name: string;
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  outputTail: string;
}

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;

function exited(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export class ServeCluster {
  private readonly children = new Set<ChildProcess>();
  private readonly servers = new Map<number, Server>();
  private readonly generations = new Map<number, number>();
  private readonly outputs = new Map<string, () => string>();
  private readonly slotQueues = new Map<number, Promise<unknown>>();
  private closing = false;
  readonly unexpectedExits: UnexpectedExit[] = [];
  /** Graceful stops that did not end within STOP_TIMEOUT_MS (the process was then killed). */
  readonly stuckStops: string[] = [];

  constructor(
    private readonly args: string[],
    private readonly options: { env: Record<string, string>; cwd: string },
  ) {}

  /** Runs `action` after every earlier operation on the slot. */
  private inSlot<T>(slot: number, action: () => Promise<T>): Promise<T> {
    const result = (this.slotQueues.get(slot) ?? Promise.resolve()).then(action, action);
    this.slotQueues.set(
      slot,
      result.catch(() => undefined),
    );
    return result;
  }

  start(slot: number): Promise<Server> {
    return this.inSlot(slot, () => this.spawn(slot));
  }

  private async spawn(slot: number): Promise<Server> {
    if (this.closing) throw new Error('The cluster is shutting down.');
    const generation = (this.generations.get(slot) ?? 0) + 1;
    this.generations.set(slot, generation);
    const name = `server${slot}#${generation}`;
    let spawned: ChildProcess | null = null;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${name} did not start serving within ${START_TIMEOUT_MS} ms.`)), START_TIMEOUT_MS);
    });
    let serve: ServeProcess;
    try {
      serve = await Promise.race([
        startServe(this.args, {
          ...this.options,
          onSpawn: (child) => {
            spawned = child;
            this.children.add(child);
            child.once('exit', () => this.children.delete(child));
          },
        }),
        timeout,
      ]);
    } catch (error) {
      (spawned as ChildProcess | null)?.kill('SIGKILL');
      throw error;
    } finally {
      clearTimeout(timer);
    }
    const server: Server = { slot, name, pid: serve.child.pid!, url: serve.url, serve, up: true };
    this.outputs.set(name, serve.output);
    serve.child.once('exit', (code, signal) => {
      if (!server.up) return;
      server.up = false;
      this.unexpectedExits.push({ name, pid: server.pid, code, signal, outputTail: serve.output().slice(-3000) });
      if (!this.closing) void this.start(slot).catch((error: Error) => console.error(`[fault] could not replace ${name}:`, error.message));
    });
    this.servers.set(slot, server);
    return server;
  }

  /** The servers the harness considers up. */
  live(): Server[] {
    return [...this.servers.values()].filter((server) => server.up);
  }

  get(slot: number): Server | undefined {
    return this.servers.get(slot);
  }

  /** SIGKILL: no shutdown code runs; its runs are left to the monitor of the others. */
  kill(slot: number): Promise<Server> {
    return this.inSlot(slot, async () => {
      const server = this.servers.get(slot)!;
      server.up = false;
      server.serve.child.kill('SIGKILL');
      await exited(server.serve.child, STOP_TIMEOUT_MS);
      return server;
    });
  }

  /**
   * SIGTERM and wait for the process to end (killed after STOP_TIMEOUT_MS); returns its exit code, and
   * its last output when that is not 0.
   */
  stop(slot: number): Promise<{ name: string; pid: number; exitCode: number | null; outputTail?: string }> {
    return this.inSlot(slot, async () => {
      const server = this.servers.get(slot)!;
      server.up = false;
      const { child } = server.serve;
      child.kill('SIGTERM');
      if (!(await exited(child, STOP_TIMEOUT_MS))) {
        this.stuckStops.push(server.name);
        child.kill('SIGKILL');
        await exited(child, STOP_TIMEOUT_MS);
      }
      const outputTail = child.exitCode === 0 ? undefined : server.serve.output().slice(-3000);
      return { name: server.name, pid: server.pid, exitCode: child.exitCode, outputTail };
    });
  }

  /** The output of every server that ran, by name. */
  output(): Map<string, string> {
    return new Map([...this.outputs].map(([name, read]) => [name, read()]));
  }

  /** Ends every child: SIGTERM, then SIGKILL for those still running after the grace period. */
  async stopAll(graceMs = 10_000): Promise<void> {
    this.closing = true;
    // A server being started now is let finish starting, so it is among the children stopped below.
    await Promise.all(this.slotQueues.values());
    for (const server of this.servers.values()) server.up = false;
    const children = [...this.children];
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(
      children.map(async (child) => {
        if (!(await exited(child, graceMs))) {
          child.kill('SIGKILL');
          await exited(child, graceMs);
        }
      }),
    );
  }

  /** Synchronous last resort (process exit): SIGKILL whatever is still running. */
  killAllNow(): void {
    this.closing = true;
    for (const server of this.servers.values()) server.up = false;
    for (const child of this.children) child.kill('SIGKILL');
  }
}
