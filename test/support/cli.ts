// Runs the real `tidepool` command in a child process, as a user would.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The command as the tests run it: the package's compiled JavaScript (what an installed `tidepool` runs),
 * built from this checkout's src/ into dist-test/ by the global setup. Starting it takes ~45% less CPU than
 * the checkout's bin/tidepool.js, which compiles src/ through tsx in every process (test/e2e/
 * embedded-cli-relay.test.ts: 41 s of CPU instead of 74 s), and the suite starts a few hundred.
 */
export const CLI = fileURLToPath(new URL('../../dist-test/cli/main.js', import.meta.url));
/** The checkout's own bin/tidepool.js (TypeScript through tsx), for the tests about that entry point. */
export const CHECKOUT_CLI = fileURLToPath(new URL('../../bin/tidepool.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of a child: nothing of the parent's Tidepool settings leaks in. */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, TIDEPOOL_CONFIG: _config, TIDEPOOL_HOME: _home, ...rest } = process.env;
  return { ...rest, ...env };
}

export function runCli(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: childEnv(options.env ?? {}), cwd: options.cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Its stdout alone: the log lines (JSON when stdout is not a terminal, as here). */
  stdout(): string;
  stop(): Promise<number | null>;
}

/**
 * Starts `tidepool serve --port 0 …` and resolves once it prints the URL it serves. `onSpawn` gets the
 * child at once, so a caller can kill it even if it never gets that far.
 */
export function startServe(
  args: string[],
  options: {
    env?: Record<string, string>;
    cwd?: string;
    onSpawn?: (child: ChildProcess) => void;
    /** The `tidepool` script to run (an installed package's node_modules/.bin/tidepool); this checkout's by default. */
    cli?: string;
  } = {},
): Promise<ServeProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [options.cli ?? CLI, 'serve', '--port', '0', ...args], {
      env: childEnv(options.env ?? {}),
      cwd: options.cwd,
    });
    options.onSpawn?.(child);
    let output = '';
    let stdout = '';
    let closed = false;
    child.once('close', () => (closed = true));
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      stdout += chunk.toString();
      const match = /serving (http:\/\/\S+)/.exec(output);
      if (match) {
        resolve({
          child,
          url: match[1]!,
          output: () => output,
          stdout: () => stdout,
          // Resolves once the process has exited and its output has all arrived ('close', not 'exit').
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null && closed) return done(child.exitCode);
              child.once('close', (code) => done(code));
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`tidepool serve exited with ${code} before serving:\n${output}`)));
  });
}
