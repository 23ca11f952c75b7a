// Which instance config file a process reads when neither --config nor TIDEPOOL_CONFIG names one: Tidepool's
// own file in the working directory (tidepool.yaml, or tidepool.yml), else Dagster's $DAGSTER_HOME/dagster.yaml,
// so a Dagster deployment's instance config is found where Dagster finds it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SettingsError } from './errors.js';

const LOCAL_NAMES = ['tidepool.yaml', 'tidepool.yml'];

export function findConfigFile(cwd: string, env: NodeJS.ProcessEnv): string | null {
  const local = LOCAL_NAMES.map((name) => path.resolve(cwd, name)).filter((file) => existsSync(file));
  if (local.length > 1) {
    // Two files and no rule that makes one of them the config a person meant.
    throw new SettingsError(local[1]!, `and ${local[0]} both exist; keep one, or name one with --config`);
  }
  if (local.length === 1) return local[0]!;
  const dagsterHome = env.DAGSTER_HOME;
  if (dagsterHome === undefined || dagsterHome === '') return null;
  // As in Dagster, a DAGSTER_HOME without a dagster.yaml means every default.
  const dagsterYaml = path.resolve(cwd, dagsterHome, 'dagster.yaml');
  return existsSync(dagsterYaml) ? dagsterYaml : null;
}
