// Which databases a scenario created, so that a sampler of the shared Postgres server looks at its backends
// only: the server also holds other people's test databases (same tidepool_test_ prefix, created meanwhile),
// so neither a name pattern nor "created since" tells ours apart. Every bench database is created by this
// process (test/support/postgres.ts, bench/lib/database.ts), through pg: watching this process's
// `create database` statements names exactly ours, children included (they are handed a URL).
import pg from 'pg';

type AnyQuery = (...args: unknown[]) => unknown;

const CREATE_DATABASE = /^\s*create\s+database\s+"?([^"\s]+)"?/i;

/** Until `stop()`, `names()` is every database created by a pg client of this process since the start. */
export function watchCreatedDatabases(): { names(): string[]; stop(): void } {
  const names = new Set<string>();
  const prototype = pg.Client.prototype as unknown as { query: AnyQuery };
  const original = prototype.query;
  prototype.query = function (this: unknown, ...args: unknown[]) {
    const [config] = args;
    const text = typeof config === 'string' ? config : (config as { text?: unknown } | null)?.text;
    const name = typeof text === 'string' ? CREATE_DATABASE.exec(text)?.[1] : undefined;
    if (name !== undefined) names.add(name);
    return original.apply(this, args);
  };
  return {
    names: () => [...names],
    stop() {
      prototype.query = original;
    },
  };
}
