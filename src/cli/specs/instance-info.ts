// `tidepool instance info`: declaration (src/cli/command-spec.ts); the action is commands/instance-info.ts.
import { command, CONFIG_OPTION, JSON_OPTION } from '../command-spec.js';

export const instanceInfoSpec = {
  name: 'info',
  description: 'Show where the instance lives, its effective config and its migration state.',
  options: { ...CONFIG_OPTION, ...JSON_OPTION },
} as const;

export const instanceInfoCommand = command(instanceInfoSpec, () => import('../commands/instance-info.js').then((m) => m.instanceInfo));
