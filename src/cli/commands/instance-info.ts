// `tidepool instance info`: where the instance lives, its effective config and its migration state.
import { instanceConfigToYaml } from '../../config/index.js';
import { migrationState } from '../../db/migrate.js';
import { VERSION } from '../../version.js';
import type { Invocation } from '../command-spec.js';
import { printResult } from '../output.js';
import type { instanceInfoSpec } from '../specs/instance-info.js';
import { withInstance } from '../with-instance.js';

export async function instanceInfo({ options: values }: Invocation<typeof instanceInfoSpec>): Promise<void> {
  // The instance's own settings: relayed to a server, they are the server's (with-instance.ts).
  await withInstance(
    values,
    [],
    async (instance) => {
      const { settings } = instance;
      const migrations = await migrationState(instance.database);
      const info = {
        version: VERSION,
        home: settings.home,
        configFile: settings.configFile,
        database: { kind: instance.database.kind, location: instance.database.location },
        migrations,
        config: instance.config,
      };
      printResult(values.json === true, info, () =>
        [
          `Tidepool ${VERSION}`,
          `Home:        ${settings.home}`,
          `Config file: ${settings.configFile ?? '(none: defaults)'}`,
          `Database:    ${instance.database.kind === 'postgres' ? 'Postgres' : 'embedded PGlite'} at ${instance.database.location}`,
          `Migrations:  ${migrations.appliedCount} of ${migrations.available.length} applied` +
            (migrations.pending.length > 0 ? ` (pending: ${migrations.pending.join(', ')}; run 'tidepool migrate')` : ''),
          '',
          'Effective instance config:',
          instanceConfigToYaml(instance.config).trimEnd(),
        ].join('\n'),
      );
    },
    { migrate: false },
  );
}
