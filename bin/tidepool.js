#!/usr/bin/env node
// The `tidepool` command. Tidepool ships TypeScript sources (and loads TypeScript definitions), so the
// CLI runs them through tsx's loader rather than a build step.
import { register } from 'tsx/esm/api';

// A service runs in production mode unless told otherwise: graphql-js (and the libraries around it) skip
// development-only checks then, which were a fifth of the API server's CPU per request (bench/graphql).
// Set before anything is imported, because graphql reads it when its modules load.
process.env.NODE_ENV ??= 'production';
register();
await import('../src/cli/main.ts');
