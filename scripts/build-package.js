#!/usr/bin/env node
// Builds what the npm package runs (`npm pack` runs it as `prepack`): src/ compiled into dist/ as JavaScript,
// the public SDK's type declarations beside it, and the web console (console/dist) when it is stale.
//
// - JavaScript: esbuild transforms each TypeScript file on its own (no bundling, so dist/ mirrors src/ and
//   every `new URL('../..', import.meta.url)` in src/ finds the same files from dist/). The project's
//   settings allow that (isolatedModules, verbatimModuleSyntax); type checking is `npm run typecheck`'s job,
//   not repeated here (tsc over all of src/ takes ~40 s on 2 cores, this ~1 s).
// - Files in src/ that are not TypeScript sources (plain-JS worker threads, their .d.ts) are copied as they are.
// - Declarations: tsc emits them for src/index.ts and what it imports (the SDK a definitions file uses), per
//   tsconfig.build.json; service internals are not part of the public API and get none.
//
// `--out DIR --js-only` compiles the JavaScript alone into DIR (a folder beside src/, so that relative URLs
// resolve alike): the tests' global setup builds dist-test/ this way, and the tests run the command from it
// (test/support/cli.ts) — a separate folder, because `npm pack` in the package test rebuilds dist/ meanwhile.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const { values: options } = parseArgs({ options: { out: { type: 'string' }, 'js-only': { type: 'boolean' } } });
const dist = options.out === undefined ? join(root, 'dist') : resolve(root, options.out);
if (dirname(dist) !== root.replace(/\/$/, '')) {
  console.error(`--out must name a folder beside src/ (got ${dist}): src/ finds files by URLs relative to itself.`);
  process.exit(2);
}

/** Every file under dir, as absolute paths. */
function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

const isTypeScriptSource = (file) => /\.(ts|mts|cts|tsx)$/.test(file) && !/\.d\.(ts|mts|cts)$/.test(file);

/** Runs a Node script of this repository's dependencies and stops the build when it fails. */
function run(script, args) {
  const result = spawnSync(process.execPath, [join(root, script), ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`The package build failed: ${script} ${args.join(' ')} exited with ${result.status ?? result.signal}.`);
    process.exit(1);
  }
}

rmSync(dist, { recursive: true, force: true });
const files = filesUnder(src);

await build({
  entryPoints: files.filter(isTypeScriptSource),
  outdir: dist,
  outbase: src,
  bundle: false,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  tsconfig: join(root, 'tsconfig.build.json'),
  logLevel: 'warning',
});

for (const file of files.filter((file) => !isTypeScriptSource(file))) {
  const target = join(dist, relative(src, file));
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(file, target);
}

if (!options['js-only']) {
  run('node_modules/typescript/bin/tsc', ['-p', 'tsconfig.build.json']);
  run('scripts/build-console.js', []);
}
