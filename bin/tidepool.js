#!/usr/bin/env node
// The `tidepool` command. Installed from the npm package it runs the compiled JavaScript in dist/; in a
// checkout of the repository (src/ beside bin/) it runs the TypeScript sources through tsx's loader, so
// `npm start` and the tests need no build step.
import { existsSync } from 'node:fs';

// A service runs in production mode unless told otherwise: graphql-js (and the libraries around it) skip
// development-only checks then, which were a fifth of the API server's CPU per request (bench/graphql).
// Set before anything is imported, because graphql reads it when its modules load.
process.env.NODE_ENV ??= 'production';

const sources = new URL('../src/cli/main.ts', import.meta.url);
if (existsSync(sources)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(sources.href);
} else {
  await import('../dist/cli/main.js');
}
