// Runs once before all test files: compile src/ into dist-test/ for the `tidepool` commands the tests run
// (test/support/cli.ts), make sure a Postgres answers at TEST_DATABASE_URL, and that the migrated template
// database exists there. When nothing listens at that address (a machine without a
// Postgres server), a throwaway one is started from npm-provided binaries (throwaway-postgres.ts) and
// TEST_DATABASE_URL is pointed at it for every test file (vitest starts their processes after this, with
// this environment); it is stopped and deleted when the run ends. A server that answers but refuses us
// (wrong password, no such database) is an error, not a reason to start another.
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { configuredTestDatabaseUrl } from './database-address.js';
import { BINARIES_PACKAGE, startThrowawayPostgres, type ThrowawayPostgres } from './throwaway-postgres.js';

/** Connection errors that mean nobody listens there (as opposed to a server that answered). */
const NOTHING_LISTENS = new Set(['ECONNREFUSED', 'ENOENT', 'EADDRNOTAVAIL', 'EHOSTUNREACH', 'ENETUNREACH']);

export default async function setup(): Promise<() => Promise<void>> {
  buildCommandForTests();
  const configured = configuredTestDatabaseUrl();
  let throwaway: ThrowawayPostgres | null = null;
  if (!(await answers(configured))) {
    const started = Date.now();
    throwaway = await startThrowawayPostgres();
    process.env.TEST_DATABASE_URL = throwaway.url;
    console.log(
      `[tests] No Postgres answered at ${hostAndPort(configured)} (TEST_DATABASE_URL); started a throwaway PostgreSQL ` +
        `${throwaway.version} from ${BINARIES_PACKAGE} at ${hostAndPort(throwaway.url)} in ${Date.now() - started} ms ` +
        `(data in ${throwaway.folder}, deleted when the tests end).`,
    );
  }
  try {
    // Imported only now: it reads TEST_DATABASE_URL when loaded.
    const { ensureTemplate } = await import('./postgres.js');
    await ensureTemplate();
  } catch (error) {
    await throwaway?.stop();
    throw error;
  }
  return async () => {
    await throwaway?.stop();
  };
}

/**
 * The package's JavaScript build of src/ (~2 s), fresh for every run, into dist-test/ (scripts/build-package.js).
 * Built beside it and swapped in by renames, so that another test run going on in this checkout (a second
 * `vitest`) never finds the folder missing or half-written for longer than between two renames.
 */
export function buildCommandForTests(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const fresh = `dist-test-${process.pid}`;
  const build = spawnSync(process.execPath, ['scripts/build-package.js', '--out', fresh, '--js-only'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`Building ${fresh}/ for the tests failed:\n${build.stdout}${build.stderr}`);
  const stale = join(root, `${fresh}-stale`);
  if (existsSync(join(root, 'dist-test'))) renameSync(join(root, 'dist-test'), stale);
  renameSync(join(root, fresh), join(root, 'dist-test'));
  rmSync(stale, { recursive: true, force: true });
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    return true;
  } catch (error) {
    if (nothingListens(error)) return false;
    throw new Error(
      `The tests' Postgres at ${hostAndPort(url)} (TEST_DATABASE_URL) answered but the connection failed: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

function nothingListens(error: unknown): boolean {
  // Node reports a name with several addresses (localhost: ::1 and 127.0.0.1) as an AggregateError.
  const errors = error instanceof AggregateError ? [error, ...(error.errors as unknown[])] : [error];
  return errors.some((each) => NOTHING_LISTENS.has((each as NodeJS.ErrnoException | null)?.code ?? ''));
}

function hostAndPort(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '5432'}`;
}
