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
    // Ceilings for a hung test, not timings: tests wait for states. A loaded machine (the suite must pass with
    // both cores busy beside it) took over 30 s for sequential CLI calls and for PGlite's start-up.
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // Test files run in parallel workers; each gets its own databases, so they never share state. Two at a
    // time even on two cores (vitest would run one there): most files wait on processes they spawn (servers,
    // CLI calls, PGlite) rather than compute, and the suite's wall time fell from ~19 to ~11 minutes.
    pool: 'forks',
    maxWorkers: 2,
    // A worker runs its files one after another in one module graph instead of importing src/ afresh for
    // each (that import was ~170 s of the suite's worker time, 28 s without). Every file builds its own
    // instances and databases; nothing a test relies on is module-level state.
    isolate: false,
  },
});
