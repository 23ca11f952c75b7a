// Lint for Tidepool: rules that catch real bugs with the type checker's help, and the import layering of src/.
// Formatting is Prettier's job (prettier.config.js); nothing here is about style.
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import { createNodeResolver } from 'eslint-plugin-import-x';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The layers of src/, bottom to top; ARCHITECTURE.md describes them and names this file as their check.
// Each entry lists everything its folder (or file) may import from elsewhere in src/; any other import of
// src/ code is an error. Read it as "may import": listing is cheaper to review than forbidding, and a new
// edge between folders fails until someone writes it down here.
const FOUNDATION = ['log', 'metrics', 'config', 'definitions', 'version.ts'];
// Everything the HTTP server may build on: the whole engine and the schema.
const BELOW_SERVER = [
  ...FOUNDATION,
  'db',
  'audit',
  'auth',
  'runs',
  'pools',
  'instance',
  'queue',
  'execution',
  'automation',
  'backfills',
  'daemon',
  'subscriptions',
  'locations',
  'graphql',
];
const LAYERS = {
  // Structured logs: the lowest layer, so that every other one (config's warnings included) may log.
  log: [],
  // Prometheus metrics: the process's registry and instruments; the engine and the server record into it.
  metrics: [],
  config: ['version.ts', 'log'],
  // User-facing API for writing jobs; the engine reads it, it reads nothing of the engine.
  definitions: ['version.ts', 'log'],
  'version.ts': [],
  db: FOUNDATION,
  // Who changed what (the audit_log table), written by the engine in the changes' own transactions.
  audit: [...FOUNDATION, 'db'],
  // Tokens, roles and permissions; the API and the CLI ask it who is calling and what they may do.
  auth: [...FOUNDATION, 'db', 'audit'],
  // Code locations that reload: the generation table, following it, the file watcher (the holder is definitions/code-location.ts).
  locations: [...FOUNDATION, 'db'],
  // Inside the engine: runs ← pools ← instance ← queue, execution ← daemon. pools release claims when a run ends
  // through a hook that instance installs on runs (installRunEndStep), so runs never imports pools.
  runs: [...FOUNDATION, 'db', 'audit'],
  pools: [...FOUNDATION, 'db', 'runs', 'audit'],
  instance: [...FOUNDATION, 'db', 'audit', 'runs', 'pools'],
  queue: [...FOUNDATION, 'db', 'audit', 'runs', 'pools', 'instance'],
  execution: [...FOUNDATION, 'db', 'runs', 'pools', 'instance'],
  // Schedules and sensors (their state and ticks), and partition backfills: they launch runs through the queue.
  automation: [...FOUNDATION, 'db', 'audit', 'runs', 'pools', 'instance', 'queue'],
  backfills: [...FOUNDATION, 'db', 'audit', 'runs', 'pools', 'instance', 'queue'],
  daemon: [...FOUNDATION, 'db', 'runs', 'pools', 'instance', 'queue', 'execution', 'automation', 'backfills', 'locations'],
  subscriptions: [...FOUNDATION, 'db', 'runs', 'pools', 'instance'],
  // The API reads and writes only through engine functions (and one per-request loader): never db, and
  // never the worker's internals.
  graphql: [
    ...FOUNDATION,
    'audit',
    'auth',
    'runs',
    'pools',
    'instance',
    'queue',
    'automation',
    'backfills',
    'daemon',
    'subscriptions',
    'locations',
  ],
  server: [...BELOW_SERVER],
  cli: [...BELOW_SERVER, 'server'],
  // The package's public surface re-exports whatever it chooses; nothing in src/ imports it back.
  'index.ts': [...BELOW_SERVER, 'server'],
};

// A folder or file of src/ missing from the table would be outside every rule; place it first.
const unplaced = readdirSync(new URL('./src', import.meta.url)).filter((entry) => !(entry in LAYERS));
if (unplaced.length > 0) throw new Error(`src/${unplaced.join(', src/')} has no place in LAYERS (eslint.config.js); add it there.`);

// One zone per forbidden (importer, imported) pair, so each error names both ends.
const layerZones = Object.entries(LAYERS).flatMap(([target, allowed]) =>
  Object.keys(LAYERS)
    .filter((from) => from !== target && !allowed.includes(from))
    .map((from) => ({
      target: `./src/${target}`,
      from: `./src/${from}`,
      message: `src/${target} may not import src/${from} (layers: eslint.config.js, ARCHITECTURE.md).`,
    })),
);

export default defineConfig(
  {
    ignores: [
      'node_modules/',
      // The package's build (scripts/build-package.js): compiled from src/, which is linted.
      'dist/',
      // The same, built by the tests' global setup for the commands they run (test/support/cli.ts).
      'dist-test*/',
      'test/generated/',
      'bench/results/',
      'drizzle/',
      'schema/',
      '.tidepool/',
      'console/dist/',
      'console/src/generated/',
    ],
  },
  js.configs.recommended,
  // The type-checked set, less the rules below that would drown the code in noise. What stays on catches bugs
  // this codebase can have: a promise nobody awaits or catches (no-floating-promises: a lost rejection in a
  // daemon loop or a NOTIFY handler), a promise where a callback's result is ignored (no-misused-promises:
  // an async listener on an EventEmitter or socket), awaiting a non-promise (await-thenable), a cast the types
  // already guarantee (no-unnecessary-type-assertion), '[object Object]' in a message (no-base-to-string),
  // throwing or rejecting with a non-Error (only-throw-error, prefer-promise-reject-errors), and an unused
  // variable or import.
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Rows from pg, parsed JSON and YAML, and GraphQL args arrive as `any` at well-known edges and are
      // validated there; flagging every use of them is noise, not bugs.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      // Numbers and other non-strings in messages are intended (counts, ids, durations).
      '@typescript-eslint/restrict-template-expressions': 'off',
      // `async` functions without `await` are how this code meets a Promise-returning contract (job steps,
      // InstanceApi fakes, AsyncIterator.return); every hit was one of those.
      '@typescript-eslint/require-await': 'off',
      // Every hit was a method reference that is safe: a saved pg `client.release` called with its client,
      // or vitest's expect(spy.method).
      '@typescript-eslint/unbound-method': 'off',
      // graphql-js's OperationTypeNode and Kind are string enums compared with their literal values on purpose.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Plain JavaScript (config files, bin/, the run-config worker) is outside the TypeScript project.
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  {
    // The service's diagnostics go through its logger (src/log: JSON lines with levels, request and run
    // fields, secrets redacted), and a command's output through src/cli/output.ts; a stray console call
    // would bypass both, so src/ has none.
    files: ['src/**/*.{ts,js}'],
    rules: { 'no-console': 'error' },
  },
  {
    // eslint-plugin-import-x's no-restricted-paths: a maintained, documented rule with one simple model
    // (importer folder × imported folder), fed from the LAYERS table above. Chosen over eslint-plugin-boundaries,
    // whose element and policy settings are mid-migration between major versions, and over dependency-cruiser,
    // which would be a second tool and a second config next to ESLint for the same check.
    files: ['src/**/*.{ts,js}'],
    plugins: { 'import-x': importX },
    settings: {
      // Sources import each other as `./x.js` (NodeNext); the resolver maps that to the `.ts` file on disk.
      'import-x/resolver-next': [createNodeResolver({ extensionAlias: { '.js': ['.ts', '.js'] } })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
    },
  },
);
