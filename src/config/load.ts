import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigNode } from './config-node.js';
import type { ConfigWarning } from './config-warning.js';
import { ConfigError } from './errors.js';
import type { InstanceConfig } from './instance-config.js';
import { readConfigDocument, type ConfigDocument } from './read-config-document.js';

/** A config file as loaded: the checked config, the database it names, and its warnings (printed by the loading process). */
export interface LoadedConfig extends ConfigDocument {
  warnings: ConfigWarning[];
}

/**
 * Parses and checks instance config YAML. `file` is only used to name the source in errors; `env` is
 * where `{ env: VAR }` values are read. An empty document (or one of only comments) means every default.
 */
export function parseConfigFile(yamlText: string, file: string | null, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(yamlText, { lineCounter, prettyErrors: false });
  const [syntaxError] = document.errors;
  if (syntaxError !== undefined) {
    const { line, col } = lineCounter.linePos(syntaxError.pos[0]);
    const problem = syntaxError.message.replace(/\.$/, '');
    throw new ConfigError(file, '', `YAML syntax error at line ${line}, column ${col}: ${problem}`);
  }
  let value: unknown;
  try {
    value = document.toJS();
  } catch (error) {
    // toJS refuses documents whose aliases expand without bound ("billion laughs").
    throw new ConfigError(file, '', `the YAML could not be expanded (${(error as Error).message})`, { cause: error });
  }
  const warnings: ConfigWarning[] = [];
  return { ...readConfigDocument(new ConfigNode({ file, env, warnings }, '', value)), warnings };
}

/** The InstanceConfig of some YAML (tests and embedding, where neither warnings nor a database are wanted). */
export function parseInstanceConfig(yamlText: string, file: string | null): InstanceConfig {
  return parseConfigFile(yamlText, file).config;
}

/** Reads the instance config file; null (no file configured) means every default. */
export async function loadConfigFile(file: string | null, env: NodeJS.ProcessEnv = process.env): Promise<LoadedConfig> {
  if (file === null) return parseConfigFile('', null, env);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const rule = code === 'ENOENT' ? 'the file does not exist' : `the file could not be read (${code ?? String(error)})`;
    throw new ConfigError(file, '', rule, { cause: error });
  }
  return parseConfigFile(text, file, env);
}

/** The InstanceConfig of a file (see loadConfigFile for the database and warnings too). */
export async function loadInstanceConfig(file: string | null): Promise<InstanceConfig> {
  return (await loadConfigFile(file)).config;
}
