import { defineConfig } from 'drizzle-kit';

// Only `npm run db:generate` reads this: it diffs src/db/schema.ts against drizzle/ and writes a migration.
// Tidepool applies migrations itself (src/db/migrate.ts), on connections whose search_path is its own
// schema: migrations 0000-0005 name tables bare. `drizzle-kit migrate` sets no search_path, so do not use it
// on a new database; the history table is named here only so that it is the same one (own-schema.ts).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './drizzle',
  schemaFilter: ['tidepool'],
  migrations: { schema: 'tidepool', table: '__drizzle_migrations' },
});
