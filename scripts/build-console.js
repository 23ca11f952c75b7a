#!/usr/bin/env node
// Builds the web console (console/ → console/dist) when it is missing or older than any of its sources, so
// `npm start` serves a current console with no other set-up step. `--force` builds it regardless.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const consoleDir = join(root, 'console');
const built = join(consoleDir, 'dist', 'index.html');
// What the build reads besides console/ itself: the dependencies' versions, and how it is built.
const alsoRead = [join(root, 'package-lock.json'), fileURLToPath(import.meta.url)];

/** The newest modification time of the console's sources (console/ less dist/), in ms. */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (dir === consoleDir && entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const force = process.argv.includes('--force');
const sourcesTime = Math.max(newestSource(consoleDir), ...alsoRead.filter(existsSync).map((file) => statSync(file).mtimeMs));
if (!force && existsSync(built) && statSync(built).mtimeMs >= sourcesTime) process.exit(0);

console.log('Building the web console (console/dist)…');
const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
if (!existsSync(vite)) {
  console.error('The console cannot be built: vite is not installed. Run `npm ci` (with dev dependencies) first.');
  process.exit(1);
}
const result = spawnSync(process.execPath, [vite, 'build', '--config', join(consoleDir, 'vite.config.ts'), '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
  // React's production build, whatever NODE_ENV the caller runs under (vitest sets "test").
  env: { ...process.env, NODE_ENV: 'production' },
});
process.exit(result.status ?? 1);
