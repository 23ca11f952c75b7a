// Retries without a database: retryPolicy validation (a bad value names the op or asset and the key), Dagster's
// delay arithmetic (backoff, jitter), what follows a failed attempt, and the `run_retries` config section (a
// bad key or value names the file and the key path).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_INSTANCE_CONFIG,
  instanceConfigToYaml,
  loadInstanceConfig,
  parseInstanceConfig,
} from '../../src/config/index.js';
import { retryDelaySeconds, type RetryPolicySpec } from '../../src/definitions/retry-policy.js';
import { afterFailedAttempt } from '../../src/execution/step-retry.js';
import { asset, Backoff, DefinitionsError, Jitter, op, RetryRequested } from '../../src/index.js';

function definitionsError(define: () => unknown): DefinitionsError {
  try {
    define();
  } catch (error) {
    expect(error).toBeInstanceOf(DefinitionsError);
    return error as DefinitionsError;
  }
  throw new Error('expected a DefinitionsError');
}

describe('retryPolicy', () => {
  it('is kept on ops and assets with Dagster defaults (maxRetries 1, no delay)', () => {
    expect(op({ name: 'fetch', retryPolicy: {} }, async () => 1).retryPolicy).toEqual({
      maxRetries: 1,
      delay: null,
      backoff: null,
      jitter: null,
    });
    expect(op({ name: 'plain' }, async () => 1).retryPolicy).toBeNull();
    const policy = { maxRetries: 3, delay: 1.5, backoff: Backoff.EXPONENTIAL, jitter: Jitter.PLUS_MINUS };
    expect(asset({ name: 'table', retryPolicy: policy }, async () => undefined).retryPolicy).toEqual(policy);
  });

  it.each([
    [{ maxRetries: -1 }, 'retryPolicy.maxRetries', /integer from 0 to 1000 \(got number -1\)/],
    [{ maxRetries: 1.5 }, 'retryPolicy.maxRetries', /integer/],
    [{ maxRetries: '3' }, 'retryPolicy.maxRetries', /got the string "3"/],
    [{ delay: -2 }, 'retryPolicy.delay', /number of seconds from 0/],
    [{ delay: Number.NaN }, 'retryPolicy.delay', /number of seconds/],
    [{ delay: 1, backoff: 'QUADRATIC' }, 'retryPolicy.backoff', /one of LINEAR, EXPONENTIAL/],
    [{ delay: 1, jitter: 'HALF' }, 'retryPolicy.jitter', /one of FULL, PLUS_MINUS/],
    [{ backoff: 'LINEAR' }, 'retryPolicy.backoff', /needs a delay/],
    [{ jitter: 'FULL' }, 'retryPolicy.jitter', /needs a delay/],
    [{ retries: 2 }, 'retryPolicy.retries', /not a retry policy key/],
    [5, 'retryPolicy', /must be an object/],
  ])('rejects %j on an op, naming the op and the key', (retryPolicy, key, rule) => {
    const error = definitionsError(() => op({ name: 'fetch', retryPolicy } as never, async () => 1));
    expect(error.message).toContain(`The ${key} of op "fetch"`);
    expect(error.message).toMatch(rule);
    expect(error.definition).toBe('fetch');
  });

  it('rejects a bad policy on an asset, naming the asset', () => {
    const error = definitionsError(() => asset({ name: 'table', retryPolicy: { maxRetries: -1 } }, async () => undefined));
    expect(error.message).toContain('The retryPolicy.maxRetries of asset "table"');
    expect(error.definition).toBe('table');
  });
});

describe('retry delays (Dagster calculate_delay)', () => {
  const policy = (backoff: RetryPolicySpec['backoff'], jitter: RetryPolicySpec['jitter']): RetryPolicySpec => ({
    maxRetries: 5,
    delay: 10,
    backoff,
    jitter,
  });

  it('backs off linearly or exponentially with the retry number', () => {
    expect([1, 2, 3].map((n) => retryDelaySeconds(policy(null, null), n))).toEqual([10, 10, 10]);
    expect([1, 2, 3].map((n) => retryDelaySeconds(policy('LINEAR', null), n))).toEqual([10, 20, 30]);
    expect([1, 2, 3].map((n) => retryDelaySeconds(policy('EXPONENTIAL', null), n))).toEqual([10, 30, 70]);
  });

  it('applies jitter after the backoff: FULL scales it, PLUS_MINUS moves it by up to the base delay', () => {
    expect(retryDelaySeconds(policy('LINEAR', 'FULL'), 2, () => 0.25)).toBe(5);
    expect(retryDelaySeconds(policy('LINEAR', 'PLUS_MINUS'), 2, () => 0)).toBe(10);
    expect(retryDelaySeconds(policy('LINEAR', 'PLUS_MINUS'), 2, () => 0.75)).toBe(25);
    expect(retryDelaySeconds({ maxRetries: 1, delay: null, backoff: null, jitter: null }, 1)).toBe(0);
  });
});

describe('after a failed attempt', () => {
  const step = { key: 'fetch', retryPolicy: { maxRetries: 2, delay: 3, backoff: 'LINEAR' as const, jitter: null } };

  it('retries while the policy has retries left, with the backed-off wait, then fails with the step error', () => {
    const error = new Error('down');
    expect(afterFailedAttempt(step, 0, error)).toMatchObject({
      retryAfterSeconds: 3,
      event: { eventType: 'STEP_UP_FOR_RETRY', payload: { secondsToWait: 3 } },
    });
    expect(afterFailedAttempt(step, 1, error)).toMatchObject({
      retryAfterSeconds: 6,
      event: { message: 'Execution of step "fetch" failed and has requested a retry in 6 seconds.' },
    });
    expect(afterFailedAttempt(step, 2, error)).toEqual({ retryAfterSeconds: null, error });
    expect(afterFailedAttempt({ key: 'x', retryPolicy: null }, 0, error)).toEqual({ retryAfterSeconds: null, error });
  });

  it('lets RetryRequested decide over the policy, and fails with "Exceeded max_retries" when it asks once too often', () => {
    const cause = new Error('rate limited');
    const request = new RetryRequested({ maxRetries: 1, secondsToWait: 0.5, cause });
    expect(afterFailedAttempt(step, 0, request)).toMatchObject({
      retryAfterSeconds: 0.5,
      event: { payload: { secondsToWait: 1, maxRetries: 1 } },
    });
    const exhausted = afterFailedAttempt(step, 1, request);
    expect(exhausted.retryAfterSeconds).toBeNull();
    const error = (exhausted as { error: Error }).error;
    expect(error.message).toBe('Exceeded max_retries of 1.');
    expect(error.cause).toBe(cause);
  });

  it('refuses RetryRequested numbers out of range', () => {
    expect(() => new RetryRequested({ maxRetries: -1 })).toThrow(RangeError);
    expect(() => new RetryRequested({ secondsToWait: Number.POSITIVE_INFINITY })).toThrow(/secondsToWait/);
  });
});

describe('run_retries config', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tidepool-retries-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("has Dagster's defaults and reads Dagster's keys (shown back in the effective config)", () => {
    expect(DEFAULT_INSTANCE_CONFIG.runRetries).toEqual({ enabled: false, maxRetries: 0, retryOnAssetOrOpFailure: true });
    const config = parseInstanceConfig('run_retries:\n  enabled: true\n  max_retries: 3\n  retry_on_asset_or_op_failure: false\n', null);
    expect(config.runRetries).toEqual({ enabled: true, maxRetries: 3, retryOnAssetOrOpFailure: false });
    expect(parseInstanceConfig(instanceConfigToYaml(config), null).runRetries).toEqual(config.runRetries);
  });

  it.each([
    ['run_retries:\n  max_retry: 3\n', 'run_retries.max_retry', /not a known key/],
    ['run_retries:\n  enabled: sometimes\n', 'run_retries.enabled', /true or false/],
    ['run_retries:\n  max_retries: -1\n', 'run_retries.max_retries', /integer between 0 and 100/],
    ['run_retries:\n  retry_on_asset_or_op_failure: 1\n', 'run_retries.retry_on_asset_or_op_failure', /true or false/],
  ])('rejects %j naming the file and the key', async (text, keyPath, rule) => {
    const file = path.join(dir, `${keyPath}.yaml`);
    writeFileSync(file, text);
    const error = await loadInstanceConfig(file).then(
      () => null,
      (rejected: unknown) => rejected,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).file).toBe(file);
    expect((error as ConfigError).keyPath).toBe(keyPath);
    expect((error as ConfigError).message).toContain(`Invalid instance config ${file} at ${keyPath}:`);
    expect((error as ConfigError).message).toMatch(rule);
  });
});
