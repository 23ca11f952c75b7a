import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigNode } from './config-node.js';
import { ConfigError } from './errors.js';
import type { InstanceConfig } from './instance-config.js';
import { readInstanceConfig } from './read-instance-config.js';

/**
 * Parses and checks instance config YAML. `file` is only used to name the source in errors. An empty
 * document (or one of only comments) means every default.
 */
export function parseInstanceConfig(yamlText: string, file: string | null): InstanceConfig {
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
  return readInstanceConfig(new ConfigNode(file, '', value));
}

/** Reads the instance config file; null (no file configured) means every default. */
export async function loadInstanceConfig(file: string | null): Promise<InstanceConfig> {
  if (file === null) return parseInstanceConfig('', null);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const rule = code === 'ENOENT' ? 'the file does not exist' : `the file could not be read (${code ?? String(error)})`;
    throw new ConfigError(file, '', rule, { cause: error });
  }
  return parseInstanceConfig(text, file);
}
