// The instance config's `metrics` section: on by default, off when asked, shown in the effective config, and
// a bad value or key refused with the key's path.
import { describe, expect, it } from 'vitest';
import { ConfigError, instanceConfigToYaml, parseInstanceConfig } from '../../src/config/index.js';

describe('metrics config', () => {
  it('is on by default, off with enabled: false, and round-trips through the effective config', () => {
    expect(parseInstanceConfig('', null).metrics).toEqual({ enabled: true });
    const off = parseInstanceConfig('metrics:\n  enabled: false\n', null);
    expect(off.metrics).toEqual({ enabled: false });
    expect(instanceConfigToYaml(off)).toContain('metrics:\n  enabled: false');
    expect(parseInstanceConfig(instanceConfigToYaml(off), null)).toEqual(off);
  });

  it('refuses a value that is not a boolean and an unknown key, naming them', () => {
    expect(() => parseInstanceConfig('metrics:\n  enabled: sometimes\n', null)).toThrow(ConfigError);
    expect(() => parseInstanceConfig('metrics:\n  enabled: sometimes\n', null)).toThrow(/metrics\.enabled.*true or false/);
    expect(() => parseInstanceConfig('metrics:\n  port: 9464\n', null)).toThrow(/metrics\.port.*not a known key/);
  });
});
