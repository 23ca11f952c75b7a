/**
 * Loading a code location: import a TS/JS module and take its Definitions (the default export, or a named
 * `defs`). Every failure becomes a DefinitionsError that names the file, so `tidepool serve` can refuse to
 * start with one clear sentence.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Definitions } from './definitions.js';
import { DefinitionsError } from './errors.js';
import { describe } from './names.js';

export interface LoadedDefinitions {
  definitions: Definitions;
  /** The file's base name without extension, or its directory's name for `index.*` files. */
  locationName: string;
  /** Absolute path of the module that was imported. */
  file: string;
}

const TS_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx']);
const INDEX_FILES = ['index.ts', 'index.mts', 'index.js', 'index.mjs'];

export interface LoadOptions {
  /**
   * Re-import the file as a new module keyed by this token (code-location.ts passes a hash of its contents),
   * instead of the module this process imported before. Only the file itself is evaluated again: the
   * modules it imports stay as first imported (ES modules cannot be unloaded, and re-importing the SDK
   * would make its Definitions another class).
   */
  fresh?: string;
}

export async function loadDefinitions(file: string, options: LoadOptions = {}): Promise<LoadedDefinitions> {
  const resolved = await resolveFile(file);
  let mod: Record<string, unknown>;
  try {
    mod = await importModule(resolved, options.fresh);
  } catch (error) {
    if (error instanceof DefinitionsError) {
      throw new DefinitionsError(`Invalid definitions in ${resolved}: ${error.message}`, {
        definition: error.definition,
        cause: error,
      });
    }
    const message = error instanceof Error ? error.message : String(error);
    throw new DefinitionsError(`Could not load definitions from ${resolved}: importing it threw: ${message}`, {
      cause: error,
    });
  }
  return { definitions: pickDefinitions(resolved, mod), locationName: locationNameOf(resolved), file: resolved };
}

/** The code location name for a definitions file. */
export function locationNameOf(file: string): string {
  const base = path.basename(file, path.extname(file));
  return base === 'index' ? path.basename(path.dirname(path.resolve(file))) : base;
}

async function resolveFile(file: string): Promise<string> {
  if (typeof file !== 'string' || file.length === 0) {
    throw new DefinitionsError(`A definitions file path is required (got ${describe(file)}).`);
  }
  const absolute = path.resolve(file);
  const info = await stat(absolute).catch(() => null);
  if (info === null) throw new DefinitionsError(`The definitions file ${absolute} does not exist.`);
  if (info.isFile()) return absolute;
  if (info.isDirectory()) {
    for (const name of INDEX_FILES) {
      const candidate = path.join(absolute, name);
      if ((await stat(candidate).catch(() => null))?.isFile()) return candidate;
    }
    throw new DefinitionsError(`The definitions directory ${absolute} has no ${INDEX_FILES.join(' / ')} file.`);
  }
  throw new DefinitionsError(`The definitions path ${absolute} is not a file.`);
}

/**
 * Imports the definitions module. Under tsx (this repository's `bin/tidepool.js`) or vitest a TypeScript file
 * imports like any other, as does JavaScript anywhere. Plain Node (the installed package runs compiled
 * JavaScript) refuses a .ts file with ERR_UNKNOWN_FILE_EXTENSION, and it then goes through tsx's `tsImport`,
 * which compiles it, and the files it imports, as their package.json says: ESM, or CommonJS whose
 * `require('tidepool')` loads the same ES modules this process runs (Node's require(esm)), so its
 * Definitions are this process's class. `tsImport` hooks that one import only; registering tsx's loader
 * for the whole process instead made such a CommonJS file fail ("Cannot require() ES Module … not yet
 * fully loaded").
 */
async function importModule(file: string, fresh?: string): Promise<Record<string, unknown>> {
  const plain = pathToFileURL(file).href;
  const url = fresh === undefined ? plain : `${plain}?tidepool_reload=${encodeURIComponent(fresh)}`;
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code !== 'ERR_UNKNOWN_FILE_EXTENSION' || !TS_EXTENSIONS.has(path.extname(file))) throw error;
  }
  const { tsImport } = await import('tsx/esm/api');
  return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
}

function pickDefinitions(file: string, mod: Record<string, unknown>): Definitions {
  const exported = moduleExports(mod);
  const candidates: [string, unknown][] = [
    ['default export', exported['default']],
    ['export `defs`', exported['defs']],
  ];
  for (const [, value] of candidates) {
    if (value instanceof Definitions) return value;
  }
  const wrong = candidates.find(([, value]) => value !== undefined && value !== null);
  // A Definitions made by another copy of the package (the command installed in one place, the definitions
  // importing `tidepool` from another) is not this copy's class.
  if (wrong !== undefined && (wrong[1] as { constructor?: { name?: unknown } }).constructor?.name === 'Definitions') {
    throw new DefinitionsError(
      `The ${wrong[0]} of ${file} is a Definitions from another copy of the tidepool package than this ` +
        "command's; run the tidepool command of the package your definitions import (its node_modules/.bin/tidepool).",
    );
  }
  if (wrong !== undefined) {
    throw new DefinitionsError(
      `The ${wrong[0]} of ${file} is ${describe(wrong[1])}, not a Definitions; export ` +
        '`new Definitions({ assets, jobs, schedules, sensors })`.',
    );
  }
  const names = Object.keys(exported).filter((name) => name !== '__esModule');
  throw new DefinitionsError(
    `The module ${file} exports no Definitions: expected \`export default new Definitions({...})\` or ` +
      `\`export const defs = new Definitions({...})\` (its exports: ${names.length === 0 ? 'none' : names.join(', ')}).`,
  );
}

/**
 * The module's exports as its author wrote them. An ES module compiled to CommonJS (TypeScript in a CommonJS
 * package, through tsx) is imported as `{ default: module.exports }`, and its `export default` and
 * `export const defs` are properties of that, marked by `__esModule`. Plain CommonJS (`module.exports =
 * new Definitions(...)`) is its default export, as Node imports it.
 */
function moduleExports(mod: Record<string, unknown>): Record<string, unknown> {
  const inner = mod['default'];
  const compiled = typeof inner === 'object' && inner !== null && (inner as { __esModule?: unknown }).__esModule === true;
  return compiled ? (inner as Record<string, unknown>) : mod;
}
