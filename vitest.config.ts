import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql ships CJS (main) and ESM (module) copies. Node loads the CJS one for dependencies such as
    // Pothos and yoga; Vite would pick the ESM one for our sources, giving two "realms" of graphql.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Test files run in parallel workers; each gets its own databases, so they never share state. Two at a
    // time even on two cores (vitest would run one there): most files wait on processes they spawn (servers,
    // CLI calls, PGlite) rather than compute, and the suite's wall time fell from ~19 to ~11 minutes.
    pool: 'forks',
    maxWorkers: 2,
  },
});
