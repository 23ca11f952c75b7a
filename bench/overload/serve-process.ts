// The service under load as it is deployed: `tidepool serve` in a child process of its own (API server,
// coordinator, monitor and worker; the engine's pool and the API's read and write lanes), started with a
// config file and the engine test definitions on a benchmark database. The load generators stay in the
// bench process, so they never share the server's event loop.
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServe, type ServeProcess } from '../../test/support/cli.js';
import { buildCommandForTests } from '../../test/support/global-setup.js';
import { ENGINE_FIXTURE } from '../lib/database.js';

export interface ServeChild {
  url: string;
  pid: number;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
  /** Peak resident memory of the server process so far (VmHWM), in bytes; null once it has exited. */
  peakRssBytes(): Promise<number | null>;
  /** SIGTERM, then the exit: its code and how long it took. */
  stop(): Promise<{ code: number | null; ms: number }>;
  /** SIGKILL if still running (cleanup after a failure); then removes the config folder. */
  dispose(): Promise<void>;
}

let commandBuilt = false;

export async function startServeChild(databaseUrl: string, configYaml: string): Promise<ServeChild> {
  // The command is the tests' compiled build (dist-test/): built from this checkout once per bench run, so a
  // bench never measures a build older than the code beside it (or finds none in a fresh clone).
  if (!commandBuilt) {
    buildCommandForTests();
    commandBuilt = true;
  }
  // Its own home and working directory: no tidepool.yaml or TIDEPOOL_* setting of ours leaks in.
  const home = await mkdtemp(join(tmpdir(), 'tidepool-bench-serve-'));
  const configFile = join(home, 'tidepool.yaml');
  await writeFile(configFile, configYaml);
  const spawned: { child?: ChildProcess } = {};
  let serve: ServeProcess;
  try {
    serve = await startServe(['--config', configFile, '--definitions', ENGINE_FIXTURE], {
      env: { DATABASE_URL: databaseUrl, TIDEPOOL_HOME: home },
      cwd: home,
      onSpawn: (child) => (spawned.child = child),
    });
  } catch (error) {
    spawned.child?.kill('SIGKILL');
    await rm(home, { recursive: true, force: true });
    throw error;
  }
  const child = serve.child;
  const pid = child.pid!;
  return {
    url: serve.url,
    pid,
    output: serve.output,
    async peakRssBytes() {
      try {
        const status = await readFile(`/proc/${pid}/status`, 'utf8');
        const kib = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
        return kib === undefined ? null : Number(kib) * 1024;
      } catch {
        return null;
      }
    },
    async stop() {
      const start = performance.now();
      const code = await serve.stop();
      return { code, ms: performance.now() - start };
    },
    async dispose() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }
      await rm(home, { recursive: true, force: true });
    },
  };
}
