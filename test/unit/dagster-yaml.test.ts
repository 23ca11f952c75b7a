// A dagster.yaml written for Dagster loads in Tidepool: `{ env: VAR }` values, the database from its storage
// blocks, legacy spellings, and Dagster's keys for features Tidepool does differently (one warning each).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  ConfigError,
  DEFAULT_INSTANCE_CONFIG,
  formatConfigWarning,
  parseConfigFile,
  resolveSettings,
  SettingsError,
  type LoadedConfig,
} from '../../src/config/index.js';
import {
  BACKFILLS_DAGSTER_ONLY,
  DAEMON_THREADS_DAGSTER_ONLY,
  POSTGRES_STORAGE_DAGSTER_ONLY,
  RUN_MONITORING_DAGSTER_ONLY,
  RUN_QUEUE_DAGSTER_ONLY,
  SQLITE_STORAGE_IGNORED,
  TOP_LEVEL_DAGSTER_ONLY,
} from '../../src/config/dagster-only-keys.js';

const FILE = '/opt/dagster/dagster_home/dagster.yaml';
const PRODUCTION = fileURLToPath(new URL('../fixtures/config/dagster-production.yaml', import.meta.url));
const PG_ENV = {
  DAGSTER_PG_USERNAME: 'dagster',
  DAGSTER_PG_PASSWORD: 'p@ss:w/rd',
  DAGSTER_PG_HOST: 'db.internal',
  DAGSTER_PG_DB: 'dagster',
  DAGSTER_PG_PORT: '6543',
};

const load = (yamlText: string, env: NodeJS.ProcessEnv = {}): LoadedConfig => parseConfigFile(yamlText, FILE, env);

function rejection(yamlText: string, env: NodeJS.ProcessEnv = {}): ConfigError {
  try {
    load(yamlText, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected a ConfigError, but this config was accepted:\n${yamlText}`);
}

/** Every error names the file and the key path, and states the rule. */
function expectRejected(yamlText: string, keyPath: string, rule: RegExp, env: NodeJS.ProcessEnv = {}): ConfigError {
  const error = rejection(yamlText, env);
  expect(error.file).toBe(FILE);
  expect(error.keyPath).toBe(keyPath);
  expect(error.message).toContain(`${FILE} at ${keyPath}: `);
  expect(error.rule).toMatch(rule);
  return error;
}

describe('a production dagster.yaml', () => {
  it('loads unchanged: limits, monitoring and retention honoured, the database from storage, one warning per key Tidepool does differently', () => {
    const loaded = load(readFileSync(PRODUCTION, 'utf8'), PG_ENV);
    expect(loaded.config.concurrency).toEqual({
      runs: {
        maxConcurrentRuns: 25,
        tagConcurrencyLimits: [
          { key: 'dagster/backfill', limit: 10 },
          { key: 'database', value: 'redshift', limit: 4 },
          { key: 'team', value: { applyLimitPerUniqueValue: true }, limit: 2 },
        ],
      },
      pools: { defaultLimit: 3, granularity: 'op', opGranularityRunBuffer: 0 },
    });
    expect(loaded.config.runCoordinator).toEqual({ class: 'QueuedRunCoordinator' });
    expect(loaded.config.runMonitoring).toEqual({
      enabled: true,
      startTimeoutSeconds: 300,
      cancelTimeoutSeconds: 120,
      workerLeaseSeconds: 30,
    });
    expect(loaded.config.retention).toEqual({
      schedule: { success: 90, skipped: 90, failure: 90 },
      sensor: { success: -1, skipped: 7, failure: 30 },
    });
    // The password is percent-encoded, so its ':' and '/' cannot end the user part or start the path.
    expect(loaded.database).toEqual({
      url: 'postgresql://dagster:p%40ss%3Aw%2Frd@db.internal:6543/dagster',
      keyPath: 'storage.postgres.postgres_db',
    });
    expect(new URL(loaded.database!.url).password).toBe(encodeURIComponent(PG_ENV.DAGSTER_PG_PASSWORD));
    expect(loaded.warnings.map((warning) => warning.key)).toEqual([
      'run_launcher',
      'telemetry',
      'run_coordinator.config.dequeue_interval_seconds',
      'run_coordinator.config.dequeue_use_threads',
      'run_coordinator.config.dequeue_num_workers',
      'run_coordinator.config.max_user_code_failure_retries',
      'run_coordinator.config.user_code_failure_retry_delay',
      'run_monitoring.max_resume_run_attempts',
      'run_monitoring.poll_interval_seconds',
      'schedules.use_threads',
      'schedules.num_workers',
      'sensors.use_threads',
      'sensors.num_workers',
      'compute_logs.module',
      'compute_logs.class',
      'compute_logs.config',
    ]);
    for (const warning of loaded.warnings) expect(warning.file).toBe(FILE);
  });

  it('prints a warning as one line naming the file and the key', () => {
    const [warning] = load('telemetry: {enabled: false}').warnings;
    expect(formatConfigWarning(warning!)).toBe(`Instance config ${FILE} at telemetry: ${TOP_LEVEL_DAGSTER_ONLY.telemetry}.`);
    expect(formatConfigWarning(warning!)).not.toContain('\n');
  });
});

describe('{ env: VAR } values', () => {
  it('read integers, booleans, strings and choices from the environment', () => {
    const { config } = load(
      [
        'concurrency: {runs: {max_concurrent_runs: {env: MAX_RUNS}, tag_concurrency_limits: [{key: {env: TAG}, value: {env: VALUE}, limit: 1}]},',
        '  pools: {granularity: {env: GRANULARITY}, default_limit: {env: DEFAULT_LIMIT}}}',
        'run_monitoring: {enabled: {env: MONITORING}}',
        'retention: {schedule: {purge_after_days: {env: DAYS}}}',
      ].join('\n'),
      { MAX_RUNS: '-1', TAG: 'team', VALUE: 'data', GRANULARITY: 'run', DEFAULT_LIMIT: '0', MONITORING: 'FALSE', DAYS: '14' },
    );
    expect(config.concurrency.runs).toEqual({ maxConcurrentRuns: -1, tagConcurrencyLimits: [{ key: 'team', value: 'data', limit: 1 }] });
    expect(config.concurrency.pools.granularity).toBe('run');
    expect(config.concurrency.pools.defaultLimit).toBe(0);
    expect(config.runMonitoring.enabled).toBe(false);
    expect(config.retention.schedule).toEqual({ success: 14, skipped: 14, failure: 14 });
  });

  it('is an error naming the file, the key and the variable when the variable is unset or empty', () => {
    const yaml = 'storage: {postgres: {postgres_db: {username: u, password: {env: DAGSTER_PG_PASSWORD}, hostname: h, db_name: d}}}';
    for (const env of [{}, { DAGSTER_PG_PASSWORD: '' }]) {
      const error = expectRejected(
        yaml,
        'storage.postgres.postgres_db.password',
        /^reads environment variable DAGSTER_PG_PASSWORD, which is not set$/,
        env,
      );
      expect(error.message).toBe(
        `Invalid instance config ${FILE} at storage.postgres.postgres_db.password: reads environment variable DAGSTER_PG_PASSWORD, which is not set.`,
      );
    }
  });

  it('checks the value it reads, naming the variable but never echoing its value', () => {
    const error = expectRejected(
      'concurrency: {runs: {max_concurrent_runs: {env: MAX_RUNS}}}',
      'concurrency.runs.max_concurrent_runs',
      /must be an integer >= -1 \(got the value of environment variable MAX_RUNS\)/,
      { MAX_RUNS: 's3cret-ten' },
    );
    expect(error.message).not.toContain('s3cret');
    expectRejected('run_monitoring: {enabled: {env: ON}}', 'run_monitoring.enabled', /must be true or false/, { ON: 'yes' });
    expectRejected('run_monitoring: {start_timeout_seconds: {env: T}}', 'run_monitoring.start_timeout_seconds', /integer >= 1/, {
      T: '1.5',
    });
  });

  it('must name one variable, and only where a scalar is expected', () => {
    expectRejected('run_monitoring: {enabled: {env: 1PASSWORD}}', 'run_monitoring.enabled.env', /must name an environment variable/);
    expectRejected(
      'run_monitoring: {enabled: {env: A, default: true}}',
      'run_monitoring.enabled.default',
      /is not a known key \(allowed here: env\)/,
    );
    expectRejected('concurrency: {env: CONCURRENCY}', 'concurrency.env', /is not a known key/, { CONCURRENCY: 'x' });
  });

  it('are not read under keys Tidepool ignores, so their variables need not be set', () => {
    const loaded = load(
      'secrets:\n  api_key: {env: NOT_SET_HERE}\nrun_launcher: {class: K8sRunLauncher, config: {job_image: {env: IMAGE}}}',
    );
    expect(loaded.config).toEqual(DEFAULT_INSTANCE_CONFIG);
    expect(loaded.warnings.map((warning) => warning.key)).toEqual(['secrets', 'run_launcher']);
  });
});

describe('legacy spellings mean the same as the current ones', () => {
  it('concurrency.default_op_concurrency_limit is concurrency.pools.default_limit', () => {
    expect(load('concurrency: {default_op_concurrency_limit: 2}')).toEqual(load('concurrency: {pools: {default_limit: 2}}'));
    expect(load('concurrency: {default_op_concurrency_limit: 2}').config.concurrency.pools.defaultLimit).toBe(2);
    expectRejected(
      'concurrency: {default_op_concurrency_limit: 2, pools: {default_limit: 2}}',
      'concurrency.default_op_concurrency_limit',
      /conflicts with concurrency.pools.default_limit; set it in one place only/,
    );
    expectRejected('concurrency: {default_op_concurrency_limit: 1001}', 'concurrency.default_op_concurrency_limit', /between 0 and 1000/);
  });

  it('value: {applyLimitPerUniqueValue: false} is a limit with no value (one count shared by every value)', () => {
    const limits = (item: string) => `concurrency: {runs: {tag_concurrency_limits: [${item}]}}`;
    const legacy = load(limits('{key: team, value: {applyLimitPerUniqueValue: false}, limit: 3}'));
    expect(legacy).toEqual(load(limits('{key: team, limit: 3}')));
    expect(legacy.config.concurrency.runs.tagConcurrencyLimits).toEqual([{ key: 'team', limit: 3 }]);
    expect(
      load(limits('{key: team, value: {applyLimitPerUniqueValue: true}, limit: 3}')).config.concurrency.runs.tagConcurrencyLimits,
    ).toEqual([{ key: 'team', value: { applyLimitPerUniqueValue: true }, limit: 3 }]);
    // Two spellings of one shared count are still one limit given twice.
    expectRejected(
      limits('{key: team, limit: 3}, {key: team, value: {applyLimitPerUniqueValue: false}, limit: 5}'),
      'concurrency.runs.tag_concurrency_limits[1]',
      /repeats the key and value of item \[0\]/,
    );
  });

  it('the run keys under run_queue or run_coordinator.config are the ones under concurrency.runs', () => {
    const runs = '{max_concurrent_runs: 4, tag_concurrency_limits: [{key: a, limit: 1}]}';
    const current = load(`concurrency: {runs: ${runs}}`).config;
    expect(load(`run_queue: ${runs}`).config).toEqual(current);
    expect(load(`run_coordinator: {class: QueuedRunCoordinator, config: ${runs}}`).config).toEqual(current);
  });
});

describe('run_monitoring', () => {
  it('reads enabled (true unless set false) and accepts free_slots_after_run_end_seconds >= 0', () => {
    expect(load('').config.runMonitoring.enabled).toBe(true);
    expect(load('run_monitoring: {enabled: false}').config.runMonitoring.enabled).toBe(false);
    expect(load('run_monitoring: {free_slots_after_run_end_seconds: 0}')).toEqual(load(''));
    expect(load('run_monitoring: {free_slots_after_run_end_seconds: 300}').warnings).toEqual([]);
    expectRejected('run_monitoring: {enabled: 1}', 'run_monitoring.enabled', /must be true or false \(got 1\)/);
    expectRejected(
      'run_monitoring: {free_slots_after_run_end_seconds: -1}',
      'run_monitoring.free_slots_after_run_end_seconds',
      /integer >= 0/,
    );
  });
});

describe('keys Tidepool does differently', () => {
  /** [YAML putting the key somewhere, its key path, the table entry that must be the one warning]. */
  const cases: [string, string, string][] = [
    ...Object.entries(TOP_LEVEL_DAGSTER_ONLY).map(([key, message]): [string, string, string] => [`${key}: {}`, key, message]),
    ...Object.entries(RUN_QUEUE_DAGSTER_ONLY).flatMap(([key, message]): [string, string, string][] => [
      [`run_queue: {${key}: 1}`, `run_queue.${key}`, message],
      [`run_coordinator: {class: QueuedRunCoordinator, config: {${key}: 1}}`, `run_coordinator.config.${key}`, message],
    ]),
    ...Object.entries(RUN_MONITORING_DAGSTER_ONLY).map(([key, message]): [string, string, string] => [
      `run_monitoring: {${key}: 1}`,
      `run_monitoring.${key}`,
      message,
    ]),
    ...['schedules', 'sensors'].flatMap((section) =>
      Object.entries(DAEMON_THREADS_DAGSTER_ONLY).map(([key, message]): [string, string, string] => [
        `${section}: {${key}: 1}`,
        `${section}.${key}`,
        message,
      ]),
    ),
    ...Object.entries(BACKFILLS_DAGSTER_ONLY).map(([key, message]): [string, string, string] => [
      `backfills: {${key}: 1}`,
      `backfills.${key}`,
      message,
    ]),
    [
      'storage: {postgres: {postgres_url: "postgresql://u@h/d", should_autocreate_tables: false}}',
      'storage.postgres.should_autocreate_tables',
      POSTGRES_STORAGE_DAGSTER_ONLY.should_autocreate_tables!,
    ],
    ['storage: {sqlite: {base_dir: /var/dagster}}', 'storage.sqlite', SQLITE_STORAGE_IGNORED],
    [
      'run_storage: {module: dagster.core.storage.runs, class: SqliteRunStorage, config: {base_dir: /h}}',
      'run_storage',
      SQLITE_STORAGE_IGNORED,
    ],
  ];

  it.each(cases)('%s gives exactly one warning, and changes nothing', (yamlText, key, message) => {
    const loaded = load(yamlText);
    expect(loaded.warnings).toEqual([{ file: FILE, key, message }]);
    expect(loaded.config).toEqual(DEFAULT_INSTANCE_CONFIG);
  });

  it('covers the keys the issue names', () => {
    const warned = cases.map(([, key]) => key);
    for (const key of ['dequeue_interval_seconds', 'max_user_code_failure_retries', 'user_code_failure_retry_delay']) {
      expect(warned).toContain(`run_coordinator.config.${key}`);
    }
    expect(warned).toContain('telemetry');
  });
});

describe('unknown keys stay errors', () => {
  it.each([
    ['telemetri: {enabled: false}', 'telemetri'],
    ['run_monitoring: {poll_interval: 60}', 'run_monitoring.poll_interval'],
    ['run_coordinator: {class: QueuedRunCoordinator, config: {dequeue_interval: 5}}', 'run_coordinator.config.dequeue_interval'],
    ['concurrency: {default_op_concurrency: 1}', 'concurrency.default_op_concurrency'],
    [
      'storage: {postgres: {postgres_db: {username: u, hostname: h, db_name: d, sslmode: require}}}',
      'storage.postgres.postgres_db.sslmode',
    ],
    ['sensors: {use_thread: true}', 'sensors.use_thread'],
  ])('%s', (yamlText, keyPath) => {
    expectRejected(yamlText, keyPath, /is not a known key \(allowed here: /);
  });
});

describe('the database from storage', () => {
  it('takes postgres_url as given, from the file or the environment', () => {
    expect(load('storage: {postgres: {postgres_url: "postgres://u:pw@h:5433/d?sslmode=require"}}').database).toEqual({
      url: 'postgres://u:pw@h:5433/d?sslmode=require',
      keyPath: 'storage.postgres.postgres_url',
    });
    expect(load('storage: {postgres: {postgres_url: {env: PG_URL}}}', { PG_URL: 'postgresql://x@y/z' }).database?.url).toBe(
      'postgresql://x@y/z',
    );
  });

  it('builds the URL from postgres_db as Dagster does: default port 5432, params as URL parameters, optional password', () => {
    const parts = (extra: string) => `storage: {postgres: {postgres_db: {username: dagster, hostname: db, db_name: runs${extra}}}}`;
    expect(load(parts('')).database?.url).toBe('postgresql://dagster@db:5432/runs');
    expect(load(parts(', password: "", scheme: postgres')).database?.url).toBe('postgres://dagster@db:5432/runs');
    expect(load(parts(', password: pw, params: {sslmode: require, connect_timeout: 10}')).database?.url).toBe(
      'postgresql://dagster:pw@db:5432/runs?sslmode=require&connect_timeout=10',
    );
    expect(load('storage: {postgres: {postgres_db: {username: u, hostname: "::1", db_name: d, port: 6000}}}').database?.url).toBe(
      'postgresql://u@[::1]:6000/d',
    );
  });

  it('takes the legacy run, event log and schedule storages when their Postgres blocks name one database', () => {
    const block = (key: string, className: string, config: string) =>
      `${key}: {module: dagster_postgres, class: ${className}, config: ${config}}`;
    const asParts = '{postgres_db: {username: u, password: pw, hostname: h, db_name: d}}';
    const asUrl = '{postgres_url: "postgresql://u:other@h:5432/d"}';
    const yaml = [
      block('run_storage', 'PostgresRunStorage', asParts),
      block('event_log_storage', 'PostgresEventLogStorage', asUrl),
      block('schedule_storage', 'PostgresScheduleStorage', asParts),
    ].join('\n');
    expect(load(yaml).database).toEqual({ url: 'postgresql://u:pw@h:5432/d', keyPath: 'run_storage.config.postgres_db' });

    const elsewhere = `${block('run_storage', 'PostgresRunStorage', asParts)}\n${block('event_log_storage', 'PostgresEventLogStorage', '{postgres_url: "postgresql://u@h/other"}')}`;
    expectRejected(
      elsewhere,
      'event_log_storage',
      /names another database than run_storage.config.postgres_db; Tidepool keeps .* in one database/,
    );
    // A SQLite block beside a Postgres one: everything goes to the Postgres database, with a warning.
    const mixed = load(
      `${block('run_storage', 'PostgresRunStorage', asParts)}\nevent_log_storage: {module: m, class: ConsolidatedSqliteEventLogStorage, config: {}}`,
    );
    expect(mixed.database?.url).toBe('postgresql://u:pw@h:5432/d');
    expect(mixed.warnings.map((warning) => warning.key)).toEqual(['event_log_storage']);
  });

  it('names none for no storage, or a SQLite one', () => {
    expect(load('').database).toBeNull();
    expect(load('storage: {sqlite: {base_dir: /h}}').database).toBeNull();
  });

  it('rejects what it cannot honour, without echoing a URL', () => {
    expectRejected(
      'storage: {mysql: {mysql_url: "mysql://u@h/d"}}',
      'storage.mysql',
      /is not supported: Tidepool stores its data in Postgres/,
    );
    expectRejected('storage: {custom: {module: m, class: C}}', 'storage.custom', /storage class Tidepool does not have/);
    expectRejected('storage: {}', 'storage', /must name exactly one storage: postgres, mysql, sqlite or custom \(got none\)/);
    expectRejected('storage: {postgres: {}}', 'storage.postgres', /must give postgres_url or postgres_db/);
    expectRejected(
      'storage: {postgres: {postgres_url: "postgresql://h/d", postgres_db: {username: u, hostname: h, db_name: d}}}',
      'storage.postgres.postgres_db',
      /cannot be used together with postgres_url/,
    );
    const notPostgres = expectRejected(
      'storage: {postgres: {postgres_url: "mysql://root:s3cret@h/d"}}',
      'storage.postgres.postgres_url',
      /must be a postgres:\/\/ or postgresql:\/\/ URL \(got a 'mysql:' URL\)/,
    );
    expect(notPostgres.message).not.toContain('s3cret');
    expectRejected(
      'storage: {postgres: {postgres_db: {username: u, hostname: "h/x", db_name: d}}}',
      'storage.postgres.postgres_db.hostname',
      /host name/,
    );
    expectRejected(
      'storage: {postgres: {postgres_db: {username: u, hostname: h, db_name: d, port: 0}}}',
      'storage.postgres.postgres_db.port',
      /between 1 and 65535/,
    );
    expectRejected('storage: {postgres: {postgres_db: {hostname: h, db_name: d}}}', 'storage.postgres.postgres_db.username', /is required/);
    expectRejected(
      'storage: {sqlite: {}}\nrun_storage: {module: m, class: SqliteRunStorage}',
      'run_storage',
      /cannot be used together with storage; keep storage only/,
    );
    expectRejected(
      'run_storage: {module: dagster_mysql, class: MySQLRunStorage, config: {}}',
      'run_storage.class',
      /must be PostgresRunStorage or a SQLite storage/,
    );
  });
});

describe('finding the config file', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tempDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tidepool-config-file-'));
    dirs.push(dir);
    return dir;
  };

  it('finds tidepool.yml in the working directory, as it finds tidepool.yaml', () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'tidepool.yml'), '');
    expect(resolveSettings({}, {}, cwd).configFile).toBe(path.join(cwd, 'tidepool.yml'));
  });

  it('refuses to choose between tidepool.yaml and tidepool.yml', () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'tidepool.yaml'), '');
    writeFileSync(path.join(cwd, 'tidepool.yml'), '');
    expect(() => resolveSettings({}, {}, cwd)).toThrow(SettingsError);
    expect(() => resolveSettings({}, {}, cwd)).toThrow(
      /tidepool\.yml and .*tidepool\.yaml both exist; keep one, or name one with --config/,
    );
    expect(resolveSettings({ config: 'tidepool.yml' }, {}, cwd).configFile).toBe(path.join(cwd, 'tidepool.yml'));
  });

  it("finds $DAGSTER_HOME/dagster.yaml where Dagster does, after Tidepool's own file", () => {
    const cwd = tempDir();
    const home = path.join(cwd, 'dagster_home');
    mkdirSync(home);
    expect(resolveSettings({}, { DAGSTER_HOME: home }, cwd).configFile).toBeNull();
    writeFileSync(path.join(home, 'dagster.yaml'), stringify({ telemetry: { enabled: false } }));
    expect(resolveSettings({}, { DAGSTER_HOME: 'dagster_home' }, cwd).configFile).toBe(path.join(home, 'dagster.yaml'));
    expect(resolveSettings({}, { DAGSTER_HOME: home, TIDEPOOL_CONFIG: '/etc/t.yaml' }, cwd).configFile).toBe('/etc/t.yaml');
    writeFileSync(path.join(cwd, 'tidepool.yaml'), '');
    expect(resolveSettings({}, { DAGSTER_HOME: home }, cwd).configFile).toBe(path.join(cwd, 'tidepool.yaml'));
  });

  it('hands the environment on, for the file to read its { env: VAR } values from', () => {
    const env = { DAGSTER_PG_PASSWORD: 'pw' };
    expect(resolveSettings({}, env, tempDir()).env).toBe(env);
  });
});
