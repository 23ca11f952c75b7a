// `tidepool migrate`: applies pending migrations (safe to run from several processes at once).
import { resolveSettings } from '../../config/index.js';
import { migrationState } from '../../db/migrate.js';
import { openInstance } from '../../instance/instance.js';
import type { Invocation } from '../command-spec.js';
import { printResult } from '../output.js';
import type { migrateSpec } from '../specs/migrate.js';

export async function migrate({ options: values }: Invocation<typeof migrateSpec>): Promise<void> {
  const instance = await openInstance(resolveSettings(values), { migrate: true, applicationName: 'tidepool:migrate' });
  try {
    const state = await migrationState(instance.database);
    printResult(
      values.json === true,
      { location: instance.database.location, ...state },
      () => `Database ${instance.database.location} is at migration ${state.available.at(-1)} (${state.appliedCount} applied).`,
    );
  } finally {
    await instance.close();
  }
}
