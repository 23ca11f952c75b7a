// The console's build: a single-page app whose files `tidepool serve` serves at / (src/server/console-assets.ts).
// `npx vite --config console/vite.config.ts` serves it with hot reload, sending /graphql to a server on :3000.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      // react-router marks its entry "use client" for React Server Components, which a browser-only bundle
      // has nothing to do with.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: { proxy: { '/graphql': { target: 'http://127.0.0.1:3000', ws: true } } },
});
