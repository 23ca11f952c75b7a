// Where the tests find Postgres: TEST_DATABASE_URL (a superuser's URL to an existing database), by
// default the local server CI uses. global-setup.ts may point it at a throwaway server instead, before any
// test file reads it.
export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export function configuredTestDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
}
