// The commands that act on a code location's jobs, schedules and sensors (job launch, schedule, sensor,
// backfill launch): load the definitions (--definitions or TIDEPOOL_DEFINITIONS), act on the instance
// (command-instance.ts), close it if it is theirs, and turn expected errors into input errors. Relayed to a
// server, they use the server's code location: its worker is what runs their runs.
import { resolveSettings } from '../config/index.js';
import { loadDefinitions, type LoadedDefinitions } from '../definitions/index.js';
import type { Instance } from '../instance/instance.js';
import { InputError, UsageError } from './args.js';
import { cliStderr, relayedCommand, type RelayedCommand } from './command-io.js';
import { openCommandInstance, relayIfServed, startWaitDeadline } from './command-instance.js';
import { asInputError, type ErrorClass } from './with-instance.js';

export async function withLocation(
  flags: { config?: string; definitions?: string },
  action: (instance: Instance, location: LoadedDefinitions) => Promise<void>,
  expectedErrors: readonly ErrorClass[] = [],
): Promise<void> {
  const relayed = relayedCommand();
  if (relayed) {
    const location = await relayedLocation(relayed);
    await action(relayed.instance, location).catch((error: unknown) => {
      throw asInputError(error, expectedErrors);
    });
    return;
  }
  const settings = resolveSettings(flags);
  if (!settings.definitionsFile) {
    throw new UsageError('--definitions is required (or TIDEPOOL_DEFINITIONS): the jobs, schedules and sensors are defined there.');
  }
  const deadline = startWaitDeadline();
  // Before loading the definitions: a relayed command has the server load (or reuse) them instead.
  await relayIfServed(settings, deadline);
  const location = await loadDefinitions(settings.definitionsFile);
  const instance = await openCommandInstance(settings, { migrate: true }, deadline);
  try {
    await action(instance, location);
  } catch (error) {
    throw asInputError(error, expectedErrors);
  } finally {
    await instance.close();
  }
}

/** The server's code location; one the server serves none, the file the command named, loaded there. */
async function relayedLocation(relayed: RelayedCommand): Promise<LoadedDefinitions> {
  if (relayed.location === null) {
    if (relayed.definitionsFile === null) throw new UsageError('--definitions is required (or TIDEPOOL_DEFINITIONS).');
    return loadDefinitions(relayed.definitionsFile);
  }
  if (relayed.definitionsFile !== null && relayed.definitionsFile !== relayed.location.file) {
    cliStderr().write(
      `Note: the server runs code location "${relayed.location.locationName}" from ${relayed.location.file}; ` +
        `this command used it, not ${relayed.definitionsFile}.\n`,
    );
  }
  return relayed.location;
}

/** The definition named `name` among `defs`, or an input error listing the names there are. */
export function named<D extends { name: string }>(defs: readonly D[], kind: 'schedule' | 'sensor', name: string): D {
  const def = defs.find((candidate) => candidate.name === name);
  if (def) return def;
  const known = defs.map((candidate) => candidate.name).join(', ') || 'none';
  throw new InputError(`There is no ${kind} named '${name}' in the definitions (${kind}s: ${known}).`);
}
