// Where the config file puts the database: Dagster's `storage:` block (`postgres: { postgres_url }` or
// `postgres: { postgres_db: {...} }`), or its older `run_storage` / `event_log_storage` / `schedule_storage`
// blocks when their Postgres ones name one database. DATABASE_URL, when set, wins over all of this
// (instance/instance.ts): flag, then variable, then file, as for every setting.
import type { ConfigNode, Mapping } from './config-node.js';
import { POSTGRES_STORAGE_DAGSTER_ONLY, SQLITE_STORAGE_IGNORED } from './dagster-only-keys.js';
import { notPostgresUrl } from './postgres-url.js';

export interface ConfigDatabase {
  /** A postgres:// URL; it may hold a password, so it is never printed. */
  url: string;
  /** Where in the file it came from (`storage.postgres.postgres_url`), to say which database is used. */
  keyPath: string;
}

/** Dagster's storage blocks before `storage:`; one Postgres class each, and the SQLite ones Tidepool ignores. */
const LEGACY_STORAGES = {
  run_storage: { postgres: 'PostgresRunStorage', sqlite: ['SqliteRunStorage'] },
  event_log_storage: { postgres: 'PostgresEventLogStorage', sqlite: ['SqliteEventLogStorage', 'ConsolidatedSqliteEventLogStorage'] },
  schedule_storage: { postgres: 'PostgresScheduleStorage', sqlite: ['SqliteScheduleStorage'] },
} as const;
type LegacyStorageKey = keyof typeof LEGACY_STORAGES;
const LEGACY_STORAGE_KEYS = Object.keys(LEGACY_STORAGES) as LegacyStorageKey[];

export const STORAGE_SECTIONS = ['storage', ...LEGACY_STORAGE_KEYS] as const;

const POSTGRES_ONLY = 'Tidepool stores its data in Postgres (or embedded PGlite); use storage: { postgres: ... } or DATABASE_URL';

/** The database the file names, or null when it names none (or only a SQLite one, which gets a warning). */
export function readStorage(top: Mapping): ConfigDatabase | null {
  const storage = top.get('storage');
  const legacy = LEGACY_STORAGE_KEYS.filter((key) => top.get(key) !== undefined);
  if (storage !== undefined && legacy.length > 0) {
    // Dagster refuses the pair too: two answers to "where is the data".
    top.get(legacy[0]!)!.fail('cannot be used together with storage; keep storage only');
  }
  return storage === undefined ? readLegacyStorages(top, legacy) : readStorageSection(storage);
}

function readStorageSection(node: ConfigNode): ConfigDatabase | null {
  const section = node.mapping(['postgres', 'mysql', 'custom'], { sqlite: SQLITE_STORAGE_IGNORED });
  const kinds = section.keys();
  if (kinds.length !== 1) {
    node.fail(`must name exactly one storage: postgres, mysql, sqlite or custom (got ${kinds.length === 0 ? 'none' : kinds.join(', ')})`);
  }
  section.get('mysql')?.fail(`is not supported: ${POSTGRES_ONLY}`);
  section.get('custom')?.fail(`names a storage class Tidepool does not have: ${POSTGRES_ONLY}`);
  const postgres = section.get('postgres');
  return postgres === undefined ? null : readPostgres(postgres);
}

function readLegacyStorages(top: Mapping, keys: readonly LegacyStorageKey[]): ConfigDatabase | null {
  let chosen: ConfigDatabase | null = null;
  for (const key of keys) {
    const node = top.get(key)!;
    const section = node.mapping(['module', 'class', 'config']);
    const classNode = section.required('class');
    const className = classNode.nonEmptyString();
    const classes = LEGACY_STORAGES[key];
    if ((classes.sqlite as readonly string[]).includes(className)) {
      node.warn(SQLITE_STORAGE_IGNORED);
      continue;
    }
    if (className !== classes.postgres) classNode.fail(`must be ${classes.postgres} or a SQLite storage: ${POSTGRES_ONLY}`);
    const database = readPostgres(section.required('config'));
    if (chosen !== null && !sameDatabase(chosen.url, database.url)) {
      node.fail(`names another database than ${chosen.keyPath}; Tidepool keeps runs, events and schedules in one database`);
    }
    chosen ??= database;
  }
  return chosen;
}

/** Dagster's Postgres storage config: `postgres_url`, or `postgres_db` with its parts. */
function readPostgres(node: ConfigNode): ConfigDatabase {
  const postgres = node.mapping(['postgres_url', 'postgres_db'], POSTGRES_STORAGE_DAGSTER_ONLY);
  const urlNode = postgres.get('postgres_url');
  const partsNode = postgres.get('postgres_db');
  if (urlNode !== undefined && partsNode !== undefined) partsNode.fail('cannot be used together with postgres_url; give one of them');
  if (urlNode !== undefined) {
    const url = urlNode.nonEmptyString();
    const problem = notPostgresUrl(url);
    if (problem !== null) urlNode.fail(problem);
    return { url, keyPath: urlNode.keyPath };
  }
  if (partsNode === undefined) node.fail('must give postgres_url or postgres_db');
  return { url: postgresDbUrl(partsNode), keyPath: partsNode.keyPath };
}

const HOST_NAME = /^[A-Za-z0-9._-]+$/;
const IPV6_ADDRESS = /^[0-9A-Fa-f:.]+$/;

/** The URL Dagster builds from `postgres_db` (username, password, hostname, db_name, port, params, scheme). */
function postgresDbUrl(node: ConfigNode): string {
  const parts = node.mapping(['username', 'password', 'hostname', 'db_name', 'port', 'params', 'scheme']);
  const username = parts.required('username').nonEmptyString();
  // Dagster requires a password; Tidepool lets it be left out or empty for trust or peer authentication.
  const password = parts.get('password')?.string({ allowEmpty: true }) ?? '';
  const hostnameNode = parts.required('hostname');
  const hostname = hostnameNode.nonEmptyString();
  if (!HOST_NAME.test(hostname) && !IPV6_ADDRESS.test(hostname)) hostnameNode.fail('must be a host name or an IP address');
  const dbName = parts.required('db_name').nonEmptyString();
  const port = parts.get('port')?.int(1, 65535) ?? 5432;
  const scheme = parts.get('scheme')?.oneOf(['postgresql', 'postgres']) ?? 'postgresql';
  const params = new URLSearchParams();
  const paramsNode = parts.get('params');
  if (paramsNode !== undefined) {
    // Any keys (Dagster passes them through to the driver): each becomes a URL parameter such as sslmode.
    const keys = typeof paramsNode.value === 'object' && paramsNode.value !== null ? Object.keys(paramsNode.value) : [];
    const entries = paramsNode.mapping(keys);
    for (const key of keys) params.set(key, entries.required(key).text());
  }
  const credentials = password === '' ? encodeURIComponent(username) : `${encodeURIComponent(username)}:${encodeURIComponent(password)}`;
  const host = hostname.includes(':') ? `[${hostname}]` : hostname;
  const query = params.size > 0 ? `?${params.toString()}` : '';
  return `${scheme}://${credentials}@${host}:${port}/${encodeURIComponent(dbName)}${query}`;
}

/** Whether two Postgres URLs name the same database (same server, port, database and user). */
function sameDatabase(a: string, b: string): boolean {
  const key = (url: URL) =>
    [url.hostname, url.port || '5432', decodeURIComponent(url.pathname), decodeURIComponent(url.username)].join('\n');
  return key(new URL(a)) === key(new URL(b));
}
