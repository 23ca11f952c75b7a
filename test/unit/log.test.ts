// The logger's lines (src/log): JSON with level, time and the child's fields; secrets and run config never
// written, however a call site passes them; a failed statement logged by why it failed, not by its SQL;
// the level and format settings, and their errors.
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { resolveSettings, SettingsError } from '../../src/config/index.js';
import { createLogger, type LogLevel } from '../../src/log/index.js';

/** A logger writing into an array, one parsed JSON object per line. */
function captured(level: LogLevel = 'info') {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({ level, format: 'json', destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  return { log, lines };
}

describe('log lines', () => {
  it("are JSON objects with the level's name, an ISO time, the message and the child's fields", () => {
    const { log, lines } = captured();
    log.child({ workerId: 'worker-1' }).child({ runId: 'r1' }).info({ status: 'SUCCESS' }, 'run ended');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'run ended', workerId: 'worker-1', runId: 'r1', status: 'SUCCESS' });
    expect(new Date(lines[0]!.time as string).toISOString()).toBe(lines[0]!.time);
  });

  it('below the level are not written', () => {
    const { log, lines } = captured('warn');
    log.info('started');
    log.debug('detail');
    log.warn('careful');
    expect(lines.map((line) => line.msg)).toEqual(['careful']);
  });
});

describe('redaction', () => {
  const SECRET = 'tp_s3cr3t-token-value';

  it('censors credentials and run config at the top of a line and one level down', () => {
    const { log, lines } = captured();
    log.info({ authorization: `Bearer ${SECRET}`, token: SECRET, password: SECRET }, 'top');
    log.info({ req: { headers: { authorization: `Bearer ${SECRET}`, cookie: SECRET } } }, 'headers');
    log.info({ run: { runConfig: { ops: { load: { config: { apiKey: SECRET } } } } } }, 'nested run config');
    log.info({ runConfig: { resources: { db: SECRET } }, variables: { runConfigData: SECRET } }, 'run config');
    log.info({ connectionParams: { authorization: SECRET }, settings: { databaseUrl: `postgres://u:${SECRET}@h/db` } }, 'more');
    const text = JSON.stringify(lines);
    expect(lines).toHaveLength(5);
    expect(text).not.toContain(SECRET);
    expect(lines[0]).toMatchObject({ authorization: '[redacted]', token: '[redacted]', password: '[redacted]' });
    expect(lines[2]).toMatchObject({ run: { runConfig: '[redacted]' } });
  });

  it('keeps the fields next to a censored one', () => {
    const { log, lines } = captured();
    log.info({ runId: 'r1', runConfig: { x: SECRET } }, 'launched');
    expect(lines[0]).toMatchObject({ runId: 'r1', runConfig: '[redacted]' });
  });
});

describe('errors in log lines', () => {
  it("are written as the driver's reason, never drizzle's statement and parameters", () => {
    const { log, lines } = captured();
    const cause = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    log.error({ err: new DrizzleQueryError('insert into runs values ($1)', ['tp_secret_param'], cause) }, 'could not claim runs');
    const text = JSON.stringify(lines);
    expect(text).not.toContain('tp_secret_param');
    expect(text).not.toContain('insert into runs');
    expect(lines[0]!.err).toMatchObject({ type: 'Error', message: 'terminating connection due to administrator command', code: '57P01' });
    expect(lines[0]!.err).toHaveProperty('stack', expect.stringMatching(/^\s+at /));
  });

  it("keep only an error's class, code, message and stack, not its other fields", () => {
    const { log, lines } = captured();
    log.error(Object.assign(new TypeError('bad'), { request: { token: 'x' } }), 'failed');
    expect(Object.keys(lines[0]!.err as object).sort()).toEqual(['message', 'stack', 'type']);
  });
});

describe('log settings', () => {
  const resolve = (flags: { logLevel?: string }, env: Record<string, string>) => resolveSettings(flags, env, tmpdir());

  it('take --log-level over LOG_LEVEL, default to info, and leave the format to the terminal unless LOG_FORMAT says', () => {
    expect(resolve({}, {})).toMatchObject({ logLevel: 'info', logFormat: null });
    expect(resolve({}, { LOG_LEVEL: 'warn', LOG_FORMAT: 'json' })).toMatchObject({ logLevel: 'warn', logFormat: 'json' });
    expect(resolve({ logLevel: 'debug' }, { LOG_LEVEL: 'warn' })).toMatchObject({ logLevel: 'debug' });
  });

  it('refuse a level or format that does not exist, naming where it came from', () => {
    expect(() => resolve({ logLevel: 'loud' }, {})).toThrow(SettingsError);
    expect(() => resolve({ logLevel: 'loud' }, {})).toThrow(
      /^--log-level must be one of fatal, error, warn, info, debug, trace, silent \(got 'loud'\)/,
    );
    expect(() => resolve({}, { LOG_LEVEL: 'verbose' })).toThrow(/^LOG_LEVEL must be one of/);
    expect(() => resolve({}, { LOG_FORMAT: 'xml' })).toThrow(/^LOG_FORMAT must be one of json, pretty \(got 'xml'\)/);
  });
});
