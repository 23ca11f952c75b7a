// Tidepool keeps its tables, its SQL function and its migration history in a Postgres schema of its own,
// so that it can share a database with an application that has its own tables (a `public.runs` of its
// own, say) and its own drizzle migrations (in `drizzle.__drizzle_migrations`).
//
// Statements built with drizzle's query builder name the schema themselves (the tables are declared on
// `tidepoolSchema`). Much of the engine's SQL is hand-written with bare names, though, and so are the
// migrations under drizzle/: rather than qualify every name (and let one forgotten name silently read an
// application's table of the same name), every connection Tidepool opens sets `search_path` to this schema
// alone, at connection start (pg's `options` startup parameter; PGlite's one session gets a SET). With
// nothing else on the path a bare name can only mean Tidepool's table, or fail loudly before migrating.
// Built-in functions live in pg_catalog, which Postgres searches regardless. LISTEN/NOTIFY channels and
// advisory locks are database-wide, not per schema: their names are prefixed with `tidepool` instead
// (notifier.ts, advisory-lock.ts).
import { pgSchema } from 'drizzle-orm/pg-core';

export const TIDEPOOL_SCHEMA = 'tidepool';

export const tidepoolSchema = pgSchema(TIDEPOOL_SCHEMA);

/** The statement that points a session at Tidepool's schema (for PGlite's single session). */
export const SET_SEARCH_PATH = `SET search_path TO ${TIDEPOOL_SCHEMA}`;

export interface ConnectionTarget {
  connectionString: string;
  /** Postgres startup options (`-c name=value …`); the search_path setting comes last, so it wins. */
  options: string;
}

/**
 * Where and how a pg Client or Pool of Tidepool's connects: `url` with Tidepool's search_path added to the
 * startup options, after any the URL carries (`?options=…`, e.g. a hosted Postgres's endpoint id) and
 * `extraOptions`. pg lets the URL's `options` replace the config's, so the URL's are moved into ours.
 */
export function tidepoolConnection(url: string, extraOptions: string[] = []): ConnectionTarget {
  const own = [...extraOptions, `-c search_path=${TIDEPOOL_SCHEMA}`];
  const parsed = parseUrl(url);
  const fromUrl = parsed?.searchParams.get('options');
  if (!parsed || fromUrl === null || fromUrl === undefined) return { connectionString: url, options: own.join(' ') };
  parsed.searchParams.delete('options');
  return { connectionString: parsed.toString(), options: [fromUrl, ...own].join(' ') };
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    // pg also accepts forms a WHATWG URL cannot hold; those carry no `options` parameter we could read.
    return null;
  }
}
