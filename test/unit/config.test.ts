import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  ConfigError,
  DEFAULT_INSTANCE_CONFIG,
  type InstanceConfig,
  instanceConfigToYaml,
  loadInstanceConfig,
  parseInstanceConfig,
  resolveSettings,
  SettingsError,
  systemClock,
} from '../../src/config/index.js';

const FILE = '/etc/tidepool/tidepool.yaml';
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/config/${name}`, import.meta.url));

function rejection(yamlText: string): ConfigError {
  try {
    parseInstanceConfig(yamlText, FILE);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected a ConfigError, but this config was accepted:\n${yamlText}`);
}

/** Every config error must name the file and the key path, and state the rule that was broken. */
function expectRejected(yamlText: string, keyPath: string, rule: RegExp) {
  const error = rejection(yamlText);
  expect(error.keyPath).toBe(keyPath);
  expect(error.file).toBe(FILE);
  expect(error.message).toContain(FILE);
  if (keyPath !== '') expect(error.message).toContain(` at ${keyPath}: `);
  expect(error.rule).toMatch(rule);
  expect(error.message.trim().endsWith('.')).toBe(true);
  return error;
}

const parseOk = (yamlText: string) => parseInstanceConfig(yamlText, FILE);

describe('defaults', () => {
  it('fills in every default for an empty file', () => {
    const config = parseOk('');
    expect(config.concurrency.runs.maxConcurrentRuns).toBe(10);
    expect(config.concurrency.runs.tagConcurrencyLimits).toEqual([]);
    expect(config.concurrency.pools.defaultLimit).toBeNull();
    expect(config.concurrency.pools.granularity).toBe('op');
    expect(config.concurrency.pools.opGranularityRunBuffer).toBe(0);
    expect(config.runQueue.blockOpConcurrencyLimitedRuns).toEqual({ enabled: true, opConcurrencySlotBuffer: 0 });
    expect(config.runCoordinator.class).toBe('QueuedRunCoordinator');
    expect(config.runMonitoring).toEqual({ enabled: true, startTimeoutSeconds: 180, cancelTimeoutSeconds: 180, workerLeaseSeconds: 30 });
    expect(config).toEqual(DEFAULT_INSTANCE_CONFIG);
  });

  it('treats a file of only comments, and sections left empty, as defaults', async () => {
    expect(await loadInstanceConfig(fixture('comments-only.yaml'))).toEqual(DEFAULT_INSTANCE_CONFIG);
    expect(parseOk('concurrency:\n  runs:\n  pools:\nrun_monitoring:\n')).toEqual(DEFAULT_INSTANCE_CONFIG);
    expect(parseOk('concurrency:\n  runs:\n    tag_concurrency_limits:\n')).toEqual(DEFAULT_INSTANCE_CONFIG);
  });

  it('uses the defaults when no file is configured, as a fresh object', async () => {
    const config = await loadInstanceConfig(null);
    expect(config).toEqual(DEFAULT_INSTANCE_CONFIG);
    config.concurrency.runs.tagConcurrencyLimits.push({ key: 'k', limit: 1 });
    expect(DEFAULT_INSTANCE_CONFIG.concurrency.runs.tagConcurrencyLimits).toEqual([]);
  });

  it('keeps the shared defaults frozen', () => {
    expect(() => {
      DEFAULT_INSTANCE_CONFIG.concurrency.runs.maxConcurrentRuns = 1;
    }).toThrow(TypeError);
  });

  it('fills in defaults key by key around what the file sets', () => {
    const config = parseOk('concurrency: {pools: {granularity: run}}');
    expect(config).toEqual({
      ...DEFAULT_INSTANCE_CONFIG,
      concurrency: { ...DEFAULT_INSTANCE_CONFIG.concurrency, pools: { ...DEFAULT_INSTANCE_CONFIG.concurrency.pools, granularity: 'run' } },
    });
  });
});

describe('valid settings', () => {
  it('loads a file that sets everything', async () => {
    expect(await loadInstanceConfig(fixture('full.yaml'))).toEqual({
      concurrency: {
        runs: {
          maxConcurrentRuns: 15,
          tagConcurrencyLimits: [
            { key: 'dagster/backfill', limit: 10 },
            { key: 'database', value: 'redshift', limit: 5 },
            { key: 'dagster/backfill', value: { applyLimitPerUniqueValue: true }, limit: 3 },
          ],
        },
        pools: { defaultLimit: 1, granularity: 'run', opGranularityRunBuffer: 2 },
      },
      runQueue: { blockOpConcurrencyLimitedRuns: { enabled: false, opConcurrencySlotBuffer: 2 } },
      runCoordinator: { class: 'QueuedRunCoordinator' },
      runMonitoring: { enabled: true, startTimeoutSeconds: 60, cancelTimeoutSeconds: 90, workerLeaseSeconds: 15 },
      runWorker: { shutdownGraceSeconds: 45, executor: 'process' },
      api: DEFAULT_INSTANCE_CONFIG.api,
      auth: DEFAULT_INSTANCE_CONFIG.auth,
      server: DEFAULT_INSTANCE_CONFIG.server,
      schedules: DEFAULT_INSTANCE_CONFIG.schedules,
      sensors: DEFAULT_INSTANCE_CONFIG.sensors,
      backfills: DEFAULT_INSTANCE_CONFIG.backfills,
      retention: DEFAULT_INSTANCE_CONFIG.retention,
      metrics: DEFAULT_INSTANCE_CONFIG.metrics,
      computeLogs: DEFAULT_INSTANCE_CONFIG.computeLogs,
      runOutputs: DEFAULT_INSTANCE_CONFIG.runOutputs,
      runRetries: DEFAULT_INSTANCE_CONFIG.runRetries,
    } satisfies InstanceConfig);
  });

  it('reads schedules, sensors, backfills and retention (one number of days, or one per status)', () => {
    const config = parseOk(
      'schedules: {max_catchup_runs: 3}\nbackfills: {submit_chunk_size: 100}\n' +
        'retention: {schedule: {purge_after_days: 10}, sensor: {purge_after_days: {skipped: 1}}}',
    );
    expect(config.schedules.maxCatchupRuns).toBe(3);
    expect(config.backfills.submitChunkSize).toBe(100);
    expect(config.retention.schedule).toEqual({ success: 10, skipped: 10, failure: 10 });
    expect(config.retention.sensor).toEqual({ ...DEFAULT_INSTANCE_CONFIG.retention.sensor, skipped: 1 });
    expect(() => parseOk('schedules: {max_catchup_runs: 0}')).toThrow('schedules.max_catchup_runs');
    expect(() => parseOk('retention: {sensor: {purge_after_days: {lost: 1}}}')).toThrow('retention.sensor.purge_after_days');
  });

  it('accepts -1 (unlimited) and 0 (paused) for max_concurrent_runs', () => {
    expect(parseOk('concurrency: {runs: {max_concurrent_runs: -1}}').concurrency.runs.maxConcurrentRuns).toBe(-1);
    expect(parseOk('concurrency: {runs: {max_concurrent_runs: 0}}').concurrency.runs.maxConcurrentRuns).toBe(0);
  });

  it('accepts a tag limit of 0, and the same key with different value forms', () => {
    const limits = parseOk(`
concurrency:
  runs:
    tag_concurrency_limits:
      - { key: team, limit: 0 }
      - { key: team, value: data, limit: 1 }
      - { key: team, value: infra, limit: 1 }
      - { key: team, value: { applyLimitPerUniqueValue: true }, limit: 2 }
`).concurrency.runs.tagConcurrencyLimits;
    expect(limits).toHaveLength(4);
    expect(limits[0]).toEqual({ key: 'team', limit: 0 });
  });

  it('accepts default_limit at both bounds and as an explicit null', () => {
    expect(parseOk('concurrency: {pools: {default_limit: 0}}').concurrency.pools.defaultLimit).toBe(0);
    expect(parseOk('concurrency: {pools: {default_limit: 1000}}').concurrency.pools.defaultLimit).toBe(1000);
    expect(parseOk('concurrency: {pools: {default_limit: null}}').concurrency.pools.defaultLimit).toBeNull();
  });

  it('applies run keys from the legacy run_queue as if given under concurrency', () => {
    const config = parseOk(`
run_queue:
  max_concurrent_runs: 3
  tag_concurrency_limits: [{ key: db, limit: 1 }]
  block_op_concurrency_limited_runs: { enabled: false, op_concurrency_slot_buffer: 4 }
`);
    expect(config.concurrency.runs).toEqual({ maxConcurrentRuns: 3, tagConcurrencyLimits: [{ key: 'db', limit: 1 }] });
    expect(config.concurrency.pools.opGranularityRunBuffer).toBe(4);
    expect(config.runQueue.blockOpConcurrencyLimitedRuns).toEqual({ enabled: false, opConcurrencySlotBuffer: 4 });
    expect(config.runCoordinator.class).toBe('QueuedRunCoordinator');
  });

  it("applies run keys from Dagster's run_coordinator config, with the module form of the class", async () => {
    const config = await loadInstanceConfig(fixture('dagster-run-coordinator.yaml'));
    expect(config.concurrency.runs).toEqual({
      maxConcurrentRuns: 25,
      tagConcurrencyLimits: [{ key: 'database', value: 'redshift', limit: 4 }],
    });
    expect(config.concurrency.pools.opGranularityRunBuffer).toBe(1);
    expect(config.runQueue.blockOpConcurrencyLimitedRuns).toEqual({ enabled: true, opConcurrencySlotBuffer: 1 });
  });

  it('gives the op-granularity buffer to both of its names when set under pools', () => {
    const config = parseOk('concurrency: {pools: {op_granularity_run_buffer: 3}}');
    expect(config.runQueue.blockOpConcurrencyLimitedRuns.opConcurrencySlotBuffer).toBe(3);
  });

  it('accepts the DefaultRunCoordinator', () => {
    expect(parseOk('run_coordinator: {class: DefaultRunCoordinator}').runCoordinator.class).toBe('DefaultRunCoordinator');
  });
});

describe('rejected configs', () => {
  it('rejects max_concurrent_runs below -1, fractional or quoted', () => {
    const error = expectRejected('concurrency: {runs: {max_concurrent_runs: -5}}', 'concurrency.runs.max_concurrent_runs', /integer >= -1/);
    expect(error.message).toBe(
      `Invalid instance config ${FILE} at concurrency.runs.max_concurrent_runs: must be an integer >= -1 (got -5).`,
    );
    expectRejected('concurrency: {runs: {max_concurrent_runs: 1.5}}', 'concurrency.runs.max_concurrent_runs', /\(got 1\.5\)/);
    expectRejected('concurrency: {runs: {max_concurrent_runs: "10"}}', 'concurrency.runs.max_concurrent_runs', /\(got '10'\)/);
    expectRejected('concurrency: {runs: {max_concurrent_runs: }}', 'concurrency.runs.max_concurrent_runs', /\(got null\)/);
    // A long value is cut short so the message stays one readable sentence.
    const long = 'x'.repeat(200);
    const truncated = expectRejected(
      `concurrency: {runs: {max_concurrent_runs: ${long}}}`,
      'concurrency.runs.max_concurrent_runs',
      /got 'x+\.\.\.'/,
    );
    expect(truncated.message).not.toContain(long);
  });

  it.each([
    ['concurrency: {concurrent: 1}', 'concurrency.concurrent', 'runs, pools'],
    ['concurrency: {runs: {max_concurent_runs: 1}}', 'concurrency.runs.max_concurent_runs', 'max_concurrent_runs, tag_concurrency_limits'],
    ['concurrency: {pools: {limit: 1}}', 'concurrency.pools.limit', 'default_limit, granularity, op_granularity_run_buffer'],
    [
      'concurrency: {runs: {tag_concurrency_limits: [{key: a, limit: 1, scope: x}]}}',
      'concurrency.runs.tag_concurrency_limits[0].scope',
      'key, value, limit',
    ],
    [
      'concurrency: {runs: {tag_concurrency_limits: [{key: a, limit: 1, value: {perValue: true}}]}}',
      'concurrency.runs.tag_concurrency_limits[0].value.perValue',
      'applyLimitPerUniqueValue',
    ],
    [
      'run_queue: {dequeue_interval: 5}',
      'run_queue.dequeue_interval',
      'max_concurrent_runs, tag_concurrency_limits, block_op_concurrency_limited_runs, dequeue_interval_seconds',
    ],
    [
      'run_queue: {block_op_concurrency_limited_runs: {on: true}}',
      'run_queue.block_op_concurrency_limited_runs.on',
      'enabled, op_concurrency_slot_buffer',
    ],
    ['run_coordinator: {class: QueuedRunCoordinator, cfg: {}}', 'run_coordinator.cfg', 'module, class, config'],
    [
      'run_coordinator: {class: QueuedRunCoordinator, config: {dequeue_interval: 5}}',
      'run_coordinator.config.dequeue_interval',
      'max_concurrent_runs',
    ],
    [
      'run_monitoring: {max_runtime: 60}',
      'run_monitoring.max_runtime',
      'enabled, start_timeout_seconds, cancel_timeout_seconds, worker_lease_seconds, free_slots_after_run_end_seconds',
    ],
    ['storge: {postgres: {}}', 'storge', 'concurrency, run_queue, run_coordinator, run_monitoring, api'],
    ['storage: {postgres: {url: x}}', 'storage.postgres.url', 'postgres_url, postgres_db, should_autocreate_tables'],
  ])('rejects an unknown key: %s', (yamlText, keyPath, allowed) => {
    const error = expectRejected(yamlText, keyPath, /is not a known key/);
    expect(error.message).toContain(`allowed here: ${allowed}`);
  });

  it('rejects a top level that is not a mapping', () => {
    expectRejected('- concurrency', '', /the top level must be a mapping \(got a list\)/);
    expectRejected('just a string', '', /the top level must be a mapping \(got 'just a string'\)/);
  });

  it('rejects a section that is not a mapping', () => {
    expectRejected('concurrency: 5', 'concurrency', /must be a mapping \(got 5\)/);
    expectRejected('concurrency: {runs: [1]}', 'concurrency.runs', /must be a mapping \(got a list\)/);
  });

  it('reports YAML syntax errors with their line', () => {
    const error = expectRejected('concurrency:\n  runs:\n\tmax_concurrent_runs: 1\n', '', /YAML syntax error at line 3, column 1: Tabs/);
    expect(error.message).toMatch(new RegExp(`^Invalid instance config ${FILE}: YAML syntax error`));
    expectRejected('concurrency: {}\nconcurrency: {}\n', '', /YAML syntax error at line 2, .*unique/);
  });

  it('rejects aliases that expand without bound', () => {
    const bomb = [
      'a: &a [1,1,1,1,1,1,1,1,1,1]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]',
    ];
    expectRejected(bomb.join('\n'), '', /could not be expanded/);
  });

  describe('tag_concurrency_limits', () => {
    const tagLimits = (items: string) => `concurrency: {runs: {tag_concurrency_limits: ${items}}}`;
    const at = 'concurrency.runs.tag_concurrency_limits';

    it('must be a list of mappings', () => {
      expectRejected(tagLimits('{key: a, limit: 1}'), at, /must be a list \(got a mapping\)/);
      expectRejected(tagLimits('[a]'), `${at}[0]`, /must be a mapping/);
    });

    it('requires a non-empty key and a limit >= 0', () => {
      expectRejected(tagLimits('[{limit: 1}]'), `${at}[0].key`, /is required/);
      expectRejected(tagLimits('[{key: "", limit: 1}]'), `${at}[0].key`, /non-empty string/);
      expectRejected(tagLimits('[{key: 5, limit: 1}]'), `${at}[0].key`, /non-empty string \(got 5\)/);
      expectRejected(tagLimits('[{key: a}]'), `${at}[0].limit`, /is required/);
      expectRejected(tagLimits('[{key: a, limit: 1}, {key: b, limit: -1}]'), `${at}[1].limit`, /integer >= 0/);
    });

    it('takes value as a string or {applyLimitPerUniqueValue: true|false} only', () => {
      expectRejected(
        tagLimits('[{key: a, value: 5, limit: 1}]'),
        `${at}[0].value`,
        /string or the mapping \{applyLimitPerUniqueValue: true\} \(got 5\)/,
      );
      expectRejected(tagLimits('[{key: a, value: [x], limit: 1}]'), `${at}[0].value`, /string or the mapping/);
      expectRejected(
        tagLimits('[{key: a, value: {applyLimitPerUniqueValue: yes}, limit: 1}]'),
        `${at}[0].value.applyLimitPerUniqueValue`,
        /must be true or false/,
      );
      expectRejected(tagLimits('[{key: a, value: {}, limit: 1}]'), `${at}[0].value.applyLimitPerUniqueValue`, /is required/);
    });

    it.each([
      ['no value', '{key: a, limit: 1}', '{key: a, limit: 2}'],
      ['the same value', '{key: a, value: x, limit: 1}', '{key: a, value: x, limit: 2}'],
      [
        'per unique value',
        '{key: a, value: {applyLimitPerUniqueValue: true}, limit: 1}',
        '{key: a, value: {applyLimitPerUniqueValue: true}, limit: 2}',
      ],
    ])('rejects a duplicate with %s, naming both indexes', (_form, first, duplicate) => {
      const error = expectRejected(
        tagLimits(`[${first}, {key: b, limit: 1}, ${duplicate}]`),
        `${at}[2]`,
        /repeats the key and value of item \[0\]/,
      );
      expect(error.message).toContain(`${at}[2]`);
    });
  });

  it('rejects default_limit outside 0..1000', () => {
    expectRejected('concurrency: {pools: {default_limit: -1}}', 'concurrency.pools.default_limit', /between 0 and 1000 \(got -1\)/);
    expectRejected('concurrency: {pools: {default_limit: 1001}}', 'concurrency.pools.default_limit', /between 0 and 1000/);
    expectRejected('concurrency: {pools: {default_limit: one}}', 'concurrency.pools.default_limit', /\(got 'one'\)/);
  });

  it('rejects an unknown granularity and a negative run buffer', () => {
    expectRejected('concurrency: {pools: {granularity: step}}', 'concurrency.pools.granularity', /one of op, run \(got 'step'\)/);
    expectRejected('concurrency: {pools: {op_granularity_run_buffer: -1}}', 'concurrency.pools.op_granularity_run_buffer', /integer >= 0/);
  });

  it('checks block_op_concurrency_limited_runs', () => {
    const at = 'run_queue.block_op_concurrency_limited_runs';
    expectRejected('run_queue: {block_op_concurrency_limited_runs: {enabled: yes}}', `${at}.enabled`, /true or false \(got 'yes'\)/);
    expectRejected(
      'run_queue: {block_op_concurrency_limited_runs: {op_concurrency_slot_buffer: -1}}',
      `${at}.op_concurrency_slot_buffer`,
      /integer >= 0/,
    );
    expectRejected('run_queue: {block_op_concurrency_limited_runs: true}', at, /must be a mapping \(got true\)/);
  });

  it('checks run_coordinator', () => {
    expectRejected(
      'run_coordinator: {class: K8sRunCoordinator}',
      'run_coordinator.class',
      /one of QueuedRunCoordinator, DefaultRunCoordinator \(got 'K8sRunCoordinator'\)/,
    );
    expectRejected('run_coordinator: {module: dagster.core.run_coordinator}', 'run_coordinator.class', /is required/);
    expectRejected(
      'run_coordinator: {module: my_company.coordinators, class: QueuedRunCoordinator}',
      'run_coordinator.module',
      /one of dagster, dagster\.core\.run_coordinator/,
    );
    expectRejected(
      'run_coordinator: {class: DefaultRunCoordinator, config: {max_concurrent_runs: 1}}',
      'run_coordinator.config',
      /DefaultRunCoordinator takes no config/,
    );
  });

  it('rejects run_queue together with run_coordinator', () => {
    const error = expectRejected(
      'run_queue: {max_concurrent_runs: 1}\nrun_coordinator: {class: QueuedRunCoordinator}',
      'run_queue',
      /together with run_coordinator/,
    );
    expect(error.message).toContain('run_coordinator');
  });

  it.each([
    [
      'concurrency: {runs: {max_concurrent_runs: 1}}\nrun_queue: {max_concurrent_runs: 2}',
      'run_queue.max_concurrent_runs',
      'concurrency.runs.max_concurrent_runs',
    ],
    [
      'concurrency: {runs: {tag_concurrency_limits: []}}\nrun_queue: {tag_concurrency_limits: []}',
      'run_queue.tag_concurrency_limits',
      'concurrency.runs.tag_concurrency_limits',
    ],
    [
      'concurrency: {pools: {op_granularity_run_buffer: 1}}\nrun_queue: {block_op_concurrency_limited_runs: {op_concurrency_slot_buffer: 1}}',
      'run_queue.block_op_concurrency_limited_runs.op_concurrency_slot_buffer',
      'concurrency.pools.op_granularity_run_buffer',
    ],
    [
      'concurrency: {runs: {max_concurrent_runs: 1}}\nrun_coordinator: {class: QueuedRunCoordinator, config: {max_concurrent_runs: 1}}',
      'run_coordinator.config.max_concurrent_runs',
      'concurrency.runs.max_concurrent_runs',
    ],
  ])('rejects a setting given in two homes, naming both: %s', (yamlText, legacyPath, currentPath) => {
    const error = expectRejected(yamlText, legacyPath, /conflicts with/);
    expect(error.message).toContain(currentPath);
  });

  it('rejects run_monitoring timeouts that are not positive', () => {
    expectRejected('run_monitoring: {start_timeout_seconds: 0}', 'run_monitoring.start_timeout_seconds', /integer >= 1/);
    expectRejected('run_monitoring: {cancel_timeout_seconds: -1}', 'run_monitoring.cancel_timeout_seconds', /integer >= 1/);
    expectRejected('run_monitoring: {worker_lease_seconds: 0.5}', 'run_monitoring.worker_lease_seconds', /integer >= 1/);
  });

  it('reads the run worker grace period (0 stops runs at once) and rejects a negative one', () => {
    expect(parseOk('run_worker: {shutdown_grace_seconds: 0}').runWorker).toEqual({ shutdownGraceSeconds: 0, executor: 'in_process' });
    expect(parseOk('run_worker: {executor: process}').runWorker).toEqual({ shutdownGraceSeconds: 30, executor: 'process' });
    expectRejected('run_worker: {executor: subprocess}', 'run_worker.executor', /in_process/);
    expectRejected('run_worker: {shutdown_grace_seconds: -1}', 'run_worker.shutdown_grace_seconds', /integer >= 0/);
  });

  it('leaves the file out of the message when the YAML has none', () => {
    expect(() => parseInstanceConfig('concurrency: 1', null)).toThrow(/^Invalid instance config at concurrency: must be a mapping/);
  });
});

describe('loadInstanceConfig', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('names a missing file', async () => {
    const missing = path.join(tmpdir(), 'tidepool-no-such-dir', 'tidepool.yaml');
    const error = await loadInstanceConfig(missing).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).file).toBe(missing);
    expect((error as ConfigError).message).toBe(`Invalid instance config ${missing}: the file does not exist.`);
  });

  it('names a path that cannot be read as a file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tidepool-config-'));
    dirs.push(dir);
    await expect(loadInstanceConfig(dir)).rejects.toThrow(`Invalid instance config ${dir}: the file could not be read (EISDIR).`);
  });

  it('names the file it read in errors about its contents', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tidepool-config-'));
    dirs.push(dir);
    const file = path.join(dir, 'tidepool.yaml');
    writeFileSync(file, 'concurrency:\n  runs:\n    max_concurrent_runs: -2\n');
    await expect(loadInstanceConfig(file)).rejects.toThrow(`Invalid instance config ${file} at concurrency.runs.max_concurrent_runs:`);
  });
});

describe('instanceConfigToYaml', () => {
  const rich: InstanceConfig = {
    concurrency: {
      runs: {
        maxConcurrentRuns: -1,
        tagConcurrencyLimits: [
          { key: 'dagster/backfill', limit: 10 },
          { key: 'database', value: 'redshift', limit: 0 },
          { key: 'dagster/backfill', value: { applyLimitPerUniqueValue: true }, limit: 3 },
          // Values that YAML would read as other types unless quoted.
          { key: 'n', value: '10', limit: 1 },
          { key: 'n', value: 'true', limit: 1 },
          { key: 'n', value: 'null', limit: 1 },
          { key: 'n', value: 'a: b', limit: 1 },
        ],
      },
      pools: { defaultLimit: 0, granularity: 'run', opGranularityRunBuffer: 5 },
    },
    runQueue: { blockOpConcurrencyLimitedRuns: { enabled: false, opConcurrencySlotBuffer: 5 } },
    runCoordinator: { class: 'QueuedRunCoordinator' },
    runMonitoring: { enabled: false, startTimeoutSeconds: 1, cancelTimeoutSeconds: 2, workerLeaseSeconds: 3 },
    runWorker: { shutdownGraceSeconds: 0, executor: 'in_process' },
    api: {
      ...DEFAULT_INSTANCE_CONFIG.api,
      maxRunConfigBytes: 1000,
      launchRate: { perSecond: 2, burst: 3 },
      subscriptions: { ...DEFAULT_INSTANCE_CONFIG.api.subscriptions, maxOperationsPerClient: 7 },
    },
    auth: { mode: 'tokens' },
    server: { corsOrigins: ['https://ui.example.com', 'http://localhost:5173'], graphiql: true, introspection: null },
    schedules: { maxCatchupRuns: 2, tickLeaseSeconds: 5 },
    sensors: { tickLeaseSeconds: 7 },
    backfills: { submitChunkSize: 50 },
    retention: { schedule: { success: -1, skipped: 1, failure: 2 }, sensor: { success: 3, skipped: 4, failure: -1 } },
    metrics: { enabled: false },
    computeLogs: { maxBytesPerStep: 4096, echo: false },
    runOutputs: { maxBytes: 2048 },
    runRetries: { enabled: true, maxRetries: 4, retryOnAssetOrOpFailure: false },
  };

  it.each([
    ['the defaults', DEFAULT_INSTANCE_CONFIG],
    ['a config that sets everything', rich],
    [
      'the DefaultRunCoordinator',
      { ...DEFAULT_INSTANCE_CONFIG, runCoordinator: { class: 'DefaultRunCoordinator' } } satisfies InstanceConfig,
    ],
  ])('round-trips %s', (_name, config) => {
    expect(parseOk(instanceConfigToYaml(config))).toEqual(config);
  });

  it("spells out the effective config in Dagster's keys", () => {
    expect(parse(instanceConfigToYaml(rich))).toEqual({
      concurrency: {
        runs: {
          max_concurrent_runs: -1,
          tag_concurrency_limits: [
            { key: 'dagster/backfill', limit: 10 },
            { key: 'database', value: 'redshift', limit: 0 },
            { key: 'dagster/backfill', value: { applyLimitPerUniqueValue: true }, limit: 3 },
            { key: 'n', value: '10', limit: 1 },
            { key: 'n', value: 'true', limit: 1 },
            { key: 'n', value: 'null', limit: 1 },
            { key: 'n', value: 'a: b', limit: 1 },
          ],
        },
        pools: { default_limit: 0, granularity: 'run', op_granularity_run_buffer: 5 },
      },
      run_coordinator: { class: 'QueuedRunCoordinator', config: { block_op_concurrency_limited_runs: { enabled: false } } },
      run_monitoring: { enabled: false, start_timeout_seconds: 1, cancel_timeout_seconds: 2, worker_lease_seconds: 3 },
      run_worker: { shutdown_grace_seconds: 0, executor: 'in_process' },
      api: {
        max_request_bytes: 2097152,
        max_run_config_bytes: 1000,
        max_run_config_depth: 32,
        max_operation_cost: 5000,
        statement_timeout_seconds: 10,
        database_connections: 8,
        heavy_reads: { min_cost: 500, connections: 1, database_percent: 25 },
        launch_rate: { per_second: 2, burst: 3 },
        subscriptions: {
          max_connections: 5000,
          max_connections_per_client: 500,
          max_operations: 20000,
          max_operations_per_client: 7,
          max_operations_per_connection: 100,
        },
      },
      auth: { mode: 'tokens' },
      server: { cors_origins: ['https://ui.example.com', 'http://localhost:5173'], graphiql: true, introspection: null },
      schedules: { max_catchup_runs: 2, tick_lease_seconds: 5 },
      sensors: { tick_lease_seconds: 7 },
      backfills: { submit_chunk_size: 50 },
      retention: {
        schedule: { purge_after_days: { success: -1, skipped: 1, failure: 2 } },
        sensor: { purge_after_days: { success: 3, skipped: 4, failure: -1 } },
      },
      metrics: { enabled: false },
      compute_logs: { max_bytes_per_step: 4096, echo: false },
      run_outputs: { max_bytes: 2048 },
      run_retries: { enabled: true, max_retries: 4, retry_on_asset_or_op_failure: false },
    });
  });

  it('reads auth and server, and rejects an unknown mode or an origin with a path', () => {
    expect(parseOk('auth: {mode: tokens}').auth.mode).toBe('tokens');
    expect(parseOk('server: {cors_origins: ["https://a.example"], introspection: false}').server).toEqual({
      corsOrigins: ['https://a.example'],
      graphiql: null,
      introspection: false,
    });
    expectRejected('auth: {mode: closed}', 'auth.mode', /one of/);
    expectRejected('server: {cors_origins: ["https://a.example/ui"]}', 'server.cors_origins[0]', /origin/);
  });

  it('reads the api limits and rejects ones that are not positive integers', () => {
    const config = parseOk('api: {max_run_config_bytes: 4096, launch_rate: {burst: 9}, subscriptions: {max_connections: 3}}');
    expect(config.api.maxRunConfigBytes).toBe(4096);
    expect(config.api.launchRate).toEqual({ perSecond: DEFAULT_INSTANCE_CONFIG.api.launchRate.perSecond, burst: 9 });
    expect(config.api.subscriptions.maxConnections).toBe(3);
    expectRejected('api: {statement_timeout_seconds: 0}', 'api.statement_timeout_seconds', /integer >= 1/);
    expectRejected('api: {launch_rate: {per_second: 1.5}}', 'api.launch_rate.per_second', /integer >= 1/);
    expectRejected('api: {max_body_bytes: 10}', 'api.max_body_bytes', /not a known key/);
    expect(parseOk('api: {heavy_reads: {database_percent: 100}}').api.heavyReads).toEqual({
      ...DEFAULT_INSTANCE_CONFIG.api.heavyReads,
      databasePercent: 100,
    });
    expectRejected('api: {heavy_reads: {database_percent: 101}}', 'api.heavy_reads.database_percent', /integer/);
    expectRejected('api: {heavy_reads: {connections: 0}}', 'api.heavy_reads.connections', /integer >= 1/);
  });

  it('leaves default_limit out when unset', () => {
    expect(parse(instanceConfigToYaml(DEFAULT_INSTANCE_CONFIG)).concurrency.pools).toEqual({
      granularity: 'op',
      op_granularity_run_buffer: 0,
    });
  });
});

describe('resolveSettings', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  function tempCwd(withLocalConfig: boolean): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'tidepool-settings-'));
    dirs.push(dir);
    if (withLocalConfig) writeFileSync(path.join(dir, 'tidepool.yaml'), '');
    return dir;
  }
  function settingsError(run: () => unknown): SettingsError {
    try {
      run();
    } catch (error) {
      if (error instanceof SettingsError) return error;
      throw error;
    }
    throw new Error('expected a SettingsError');
  }

  it('has a default for everything', () => {
    const cwd = tempCwd(false);
    expect(resolveSettings({}, {}, cwd)).toEqual({
      configFile: null,
      databaseUrl: null,
      env: {},
      home: path.join(cwd, '.tidepool'),
      definitionsFile: null,
      port: 3000,
      host: '127.0.0.1',
      clock: systemClock,
      logLevel: 'info',
      logFormat: null,
    });
  });

  it('reads an injected clock from TIDEPOOL_CLOCK, and names the variable when it is malformed', () => {
    const anchor = Date.now();
    const clock = resolveSettings({}, { TIDEPOOL_CLOCK: `2026-03-08T00:00:00Z@${anchor}x60` }, tempCwd(false)).clock;
    const simulated = clock.now().getTime() - Date.parse('2026-03-08T00:00:00Z');
    expect(simulated).toBeGreaterThanOrEqual(0);
    expect(() => resolveSettings({}, { TIDEPOOL_CLOCK: 'tomorrow' }, tempCwd(false))).toThrow('TIDEPOOL_CLOCK');
  });

  it('finds the config file as flag > TIDEPOOL_CONFIG > ./tidepool.yaml > none', () => {
    const cwd = tempCwd(true);
    const env = { TIDEPOOL_CONFIG: '/etc/tidepool/env.yaml' };
    expect(resolveSettings({ config: 'flag.yaml' }, env, cwd).configFile).toBe(path.join(cwd, 'flag.yaml'));
    expect(resolveSettings({}, env, cwd).configFile).toBe('/etc/tidepool/env.yaml');
    expect(resolveSettings({}, {}, cwd).configFile).toBe(path.join(cwd, 'tidepool.yaml'));
    expect(resolveSettings({}, {}, tempCwd(false)).configFile).toBeNull();
  });

  it('takes every other setting from flag, then variable, then default', () => {
    const cwd = tempCwd(false);
    const env = { TIDEPOOL_DEFINITIONS: 'env-defs.ts', PORT: '4000', HOST: '0.0.0.0' };
    const flags = { definitions: 'flag-defs.ts', port: '5000', host: '::1' };
    expect(resolveSettings(flags, env, cwd)).toMatchObject({ definitionsFile: path.join(cwd, 'flag-defs.ts'), port: 5000, host: '::1' });
    expect(resolveSettings({}, env, cwd)).toMatchObject({ definitionsFile: path.join(cwd, 'env-defs.ts'), port: 4000, host: '0.0.0.0' });
  });

  it('reads DATABASE_URL and TIDEPOOL_HOME, making the home absolute', () => {
    const cwd = tempCwd(false);
    const settings = resolveSettings({}, { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', TIDEPOOL_HOME: 'state' }, cwd);
    expect(settings.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/test');
    expect(settings.home).toBe(path.join(cwd, 'state'));
  });

  it('treats an empty variable as unset', () => {
    const cwd = tempCwd(false);
    const settings = resolveSettings({}, { TIDEPOOL_CONFIG: '', DATABASE_URL: '', PORT: '', HOST: '', TIDEPOOL_HOME: '' }, cwd);
    expect(settings).toMatchObject({
      configFile: null,
      databaseUrl: null,
      port: 3000,
      host: '127.0.0.1',
      home: path.join(cwd, '.tidepool'),
    });
  });

  it('accepts ports 0 and 65535', () => {
    const cwd = tempCwd(false);
    expect(resolveSettings({ port: '0' }, {}, cwd).port).toBe(0);
    expect(resolveSettings({ port: '65535' }, {}, cwd).port).toBe(65535);
  });

  it('rejects a bad port, naming the flag or the variable', () => {
    const cwd = tempCwd(false);
    const fromFlag = settingsError(() => resolveSettings({ port: 'abc' }, { PORT: '4000' }, cwd));
    expect(fromFlag.message).toBe("--port must be an integer between 0 and 65535 (got 'abc').");
    expect(fromFlag.source).toBe('--port');
    expect(settingsError(() => resolveSettings({}, { PORT: '70000' }, cwd)).message).toBe(
      "PORT must be an integer between 0 and 65535 (got '70000').",
    );
    expect(settingsError(() => resolveSettings({ port: '-1' }, {}, cwd)).source).toBe('--port');
  });

  it('rejects an empty flag', () => {
    expect(settingsError(() => resolveSettings({ host: '' }, {}, tempCwd(false))).message).toBe('--host must not be empty.');
  });

  it('rejects a DATABASE_URL that is not a Postgres URL without echoing it', () => {
    const cwd = tempCwd(false);
    const wrongScheme = settingsError(() => resolveSettings({}, { DATABASE_URL: 'mysql://root:s3cret@db/app' }, cwd));
    expect(wrongScheme.message).toBe("DATABASE_URL must be a postgres:// or postgresql:// URL (got a 'mysql:' URL).");
    expect(wrongScheme.message).not.toContain('s3cret');
    expect(settingsError(() => resolveSettings({}, { DATABASE_URL: 'host=localhost port=5432' }, cwd)).source).toBe('DATABASE_URL');
  });

  it('reads process.env and process.cwd() by default', () => {
    expect(resolveSettings({})).toEqual(resolveSettings({}, process.env, process.cwd()));
  });
});

describe('compute_logs', () => {
  it('reads the cap and echo, and refuses a bad cap naming its key', () => {
    expect(parseOk('compute_logs: {max_bytes_per_step: 2048, echo: false}').computeLogs).toEqual({ maxBytesPerStep: 2048, echo: false });
    expect(parseOk('compute_logs:').computeLogs).toEqual(DEFAULT_INSTANCE_CONFIG.computeLogs);
    expect(() => parseOk('compute_logs: {max_bytes_per_step: -1}')).toThrow(/at compute_logs\.max_bytes_per_step:/);
    expect(() => parseOk('compute_logs: {max_bytes_per_step: "1 MiB"}')).toThrow(/at compute_logs\.max_bytes_per_step:/);
    expect(() => parseOk('compute_logs: {max_bytes: 10}')).toThrow(/at compute_logs\.max_bytes:.*not a known key/);
  });
});

describe('run_outputs', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('reads max_bytes (default 1 MiB), and refuses a bad value naming the file and key', async () => {
    expect(parseOk('run_outputs: {max_bytes: 2048}').runOutputs).toEqual({ maxBytes: 2048 });
    expect(parseOk('run_outputs:').runOutputs).toEqual({ maxBytes: 1024 * 1024 });
    expect(() => parseOk('run_outputs: {max_bytes: 0}')).toThrow(/at run_outputs\.max_bytes:/);
    expect(() => parseOk('run_outputs: {max_bytes: "1 MiB"}')).toThrow(/at run_outputs\.max_bytes:/);
    expect(() => parseOk('run_outputs: {max_size: 10}')).toThrow(/at run_outputs\.max_size:.*not a known key/);
    const dir = mkdtempSync(path.join(tmpdir(), 'tidepool-config-'));
    dirs.push(dir);
    const file = path.join(dir, 'tidepool.yaml');
    writeFileSync(file, 'run_outputs:\n  max_bytes: -5\n');
    await expect(loadInstanceConfig(file)).rejects.toThrow(`Invalid instance config ${file} at run_outputs.max_bytes:`);
  });
});
