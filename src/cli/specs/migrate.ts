// `tidepool migrate`: declaration (src/cli/command-spec.ts); the action is commands/migrate.ts.
import { command, CONFIG_OPTION, JSON_OPTION } from '../command-spec.js';

export const migrateSpec = {
  name: 'migrate',
  description: "Apply the database's pending migrations (safe to run from several processes at once).",
  options: { ...CONFIG_OPTION, ...JSON_OPTION },
} as const;

export const migrateCommand = command(migrateSpec, () => import('../commands/migrate.js').then((m) => m.migrate));
