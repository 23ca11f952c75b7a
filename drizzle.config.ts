import { defineConfig } from 'drizzle-kit';

// Only `npm run db:generate` reads this: it diffs src/db/schema.ts against drizzle/ and writes a migration.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './drizzle',
});
