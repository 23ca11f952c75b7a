// The commands that act on a code location's schedules and sensors (schedule, sensor): load the
// definitions (--definitions or TIDEPOOL_DEFINITIONS), open the instance (migrating it), act, close.
import { resolveSettings } from '../config/index.js';
import { loadDefinitions, type LoadedDefinitions } from '../definitions/index.js';
import { openInstance, type Instance } from '../instance/instance.js';
import { InputError, UsageError } from './args.js';

export async function withLocation(
  flags: { config?: string; definitions?: string },
  action: (instance: Instance, location: LoadedDefinitions) => Promise<void>,
): Promise<void> {
  const settings = resolveSettings(flags);
  if (!settings.definitionsFile) {
    throw new UsageError('--definitions is required (or TIDEPOOL_DEFINITIONS): the schedules and sensors are defined there.');
  }
  const location = await loadDefinitions(settings.definitionsFile);
  const instance = await openInstance(settings, { migrate: true, applicationName: 'tidepool:cli' });
  try {
    await action(instance, location);
  } finally {
    await instance.close();
  }
}

/** The definition named `name` among `defs`, or an input error listing the names there are. */
export function named<D extends { name: string }>(defs: readonly D[], kind: 'schedule' | 'sensor', name: string): D {
  const def = defs.find((candidate) => candidate.name === name);
  if (def) return def;
  const known = defs.map((candidate) => candidate.name).join(', ') || 'none';
  throw new InputError(`There is no ${kind} named '${name}' in the definitions (${kind}s: ${known}).`);
}
