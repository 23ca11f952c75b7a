// Where a CLI command writes, and whether it runs inside a server. Typed at a terminal, a command writes to
// this process's stdout and stderr and opens its own instance (with-instance.ts). Relayed to the `tidepool
// serve` that holds the embedded database (relay-executor.ts), the same command runs inside that server: it
// writes into the relay's response and acts on the server's instance. AsyncLocalStorage keeps relayed
// commands running at the same time apart.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { LoadedDefinitions } from '../definitions/index.js';
import type { Instance } from '../instance/instance.js';

export interface CommandOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface RelayedCommand {
  /** The server's instance: the command acts on it and leaves it open. */
  instance: Instance;
  /** The server's code location, or null when it serves none. */
  location: LoadedDefinitions | null;
  /** The definitions file named where the command was typed (absolute), for a server without a location. */
  definitionsFile: string | null;
  stdout: CommandOutput;
  stderr: CommandOutput;
  /** Aborted when the command's caller goes away (its relay connection closed). */
  signal: AbortSignal;
}

const relayed = new AsyncLocalStorage<RelayedCommand>();

export function runRelayed<T>(command: RelayedCommand, run: () => Promise<T>): Promise<T> {
  return relayed.run(command, run);
}

/** The relayed command running now, if this is a server running one. */
export function relayedCommand(): RelayedCommand | undefined {
  return relayed.getStore();
}

export function cliStdout(): CommandOutput {
  return relayed.getStore()?.stdout ?? process.stdout;
}

export function cliStderr(): CommandOutput {
  return relayed.getStore()?.stderr ?? process.stderr;
}

/** Aborted when a relayed command's caller goes away; never for a command run by this process itself. */
export function commandSignal(): AbortSignal | undefined {
  return relayed.getStore()?.signal;
}
