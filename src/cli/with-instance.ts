// The short commands that act on the instance (concurrency, token, audit, backfill, instance info): act on
// the instance (command-instance.ts: their own, or, relayed, the server's), close it if it is theirs, and
// turn the command's expected errors into one-sentence input errors.
import { resolveSettings } from '../config/index.js';
import type { Instance } from '../instance/instance.js';
import { InputError } from './args.js';
import { relayedCommand } from './command-io.js';
import { openCommandInstance, startWaitDeadline } from './command-instance.js';

export type ErrorClass = abstract new (...args: never[]) => Error;

/** An expected error of the command as the one-sentence input error main prints; anything else unchanged. */
export function asInputError(error: unknown, expectedErrors: readonly ErrorClass[]): unknown {
  return expectedErrors.some((expected) => error instanceof expected) ? new InputError((error as Error).message) : error;
}

export async function withInstance(
  flags: { config?: string },
  expectedErrors: readonly ErrorClass[],
  action: (instance: Instance) => Promise<void>,
  options: { migrate?: boolean } = {},
): Promise<void> {
  const relayed = relayedCommand();
  // Relayed: this is the server, and its instance stays open. The command's flags and this process's
  // environment describe the server's settings, not the caller's, so nothing is resolved again.
  const instance =
    relayed?.instance ?? (await openCommandInstance(resolveSettings(flags), { migrate: options.migrate ?? true }, startWaitDeadline()));
  try {
    await action(instance);
  } catch (error) {
    throw asInputError(error, expectedErrors);
  } finally {
    if (!relayed) await instance.close();
  }
}
