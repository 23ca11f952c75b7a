import path from 'node:path';
import { LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel } from '../log/index.js';
import { parseClockSetting, systemClock, type Clock } from './clock.js';
import { findConfigFile } from './config-file.js';
import { SettingsError } from './errors.js';
import { notPostgresUrl } from './postgres-url.js';

/** Process settings: where things are, not how the queue behaves (that is the instance config file). */
export interface Settings {
  configFile: string | null;
  /** DATABASE_URL. It wins over a database named in the config file (Dagster's storage block). */
  databaseUrl: string | null;
  /** The environment these settings came from; the config file's `{ env: VAR }` values are read from it too. */
  env: NodeJS.ProcessEnv;
  home: string;
  definitionsFile: string | null;
  port: number;
  host: string;
  /** What schedules, sensors and partitions take as now (TIDEPOOL_CLOCK, for tests; else the system clock). */
  clock: Clock;
  /** How much the process logs (--log-level, LOG_LEVEL); info by default. */
  logLevel: LogLevel;
  /** LOG_FORMAT: json or pretty; null: pretty on a terminal, JSON otherwise. */
  logFormat: LogFormat | null;
}

export interface SettingsFlags {
  config?: string;
  definitions?: string;
  port?: string;
  host?: string;
  logLevel?: string;
}

/**
 * The one place Tidepool reads the environment. Precedence for each setting: flag, then variable, then
 * default. Paths come back absolute (resolved against `cwd`) so a later chdir cannot change their meaning.
 * An empty variable counts as unset, as `VAR= command` is the usual way to unset one for a single command.
 */
export function resolveSettings(flags: SettingsFlags, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Settings {
  const config = pick(flags.config, '--config', env, 'TIDEPOOL_CONFIG');
  const definitions = pick(flags.definitions, '--definitions', env, 'TIDEPOOL_DEFINITIONS');
  const port = pick(flags.port, '--port', env, 'PORT');
  const home = fromEnv(env, 'TIDEPOOL_HOME');
  const databaseUrl = fromEnv(env, 'DATABASE_URL');
  const clock = fromEnv(env, 'TIDEPOOL_CLOCK');
  const logLevel = pick(flags.logLevel, '--log-level', env, 'LOG_LEVEL');
  const logFormat = fromEnv(env, 'LOG_FORMAT');
  return {
    configFile: config ? path.resolve(cwd, config.value) : findConfigFile(cwd, env),
    databaseUrl: databaseUrl ? checkDatabaseUrl(databaseUrl) : null,
    env,
    home: path.resolve(cwd, home?.value ?? '.tidepool'),
    definitionsFile: definitions ? path.resolve(cwd, definitions.value) : null,
    port: port ? checkPort(port) : 3000,
    host: pick(flags.host, '--host', env, 'HOST')?.value ?? '127.0.0.1',
    clock: clock ? parseClockSetting(clock.value, clock.source) : systemClock,
    logLevel: logLevel ? oneOf(logLevel, LOG_LEVELS) : 'info',
    logFormat: logFormat ? oneOf(logFormat, LOG_FORMATS) : null,
  };
}

interface Given {
  value: string;
  /** The flag or variable it came from, to name in errors. */
  source: string;
}

function pick(flag: string | undefined, flagName: string, env: NodeJS.ProcessEnv, variable: string): Given | undefined {
  if (flag !== undefined) {
    if (flag === '') throw new SettingsError(flagName, 'must not be empty');
    return { value: flag, source: flagName };
  }
  return fromEnv(env, variable);
}

function fromEnv(env: NodeJS.ProcessEnv, variable: string): Given | undefined {
  const value = env[variable];
  return value === undefined || value === '' ? undefined : { value, source: variable };
}

function checkPort({ value, source }: Given): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) {
    throw new SettingsError(source, `must be an integer between 0 and 65535 (got '${value}')`);
  }
  return Number(value);
}

function oneOf<T extends string>({ value, source }: Given, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new SettingsError(source, `must be one of ${allowed.join(', ')} (got '${value}')`);
  }
  return value as T;
}

/**
 * Checked here so a typo fails at startup under its own name rather than later as a driver error.
 * The value is never echoed: it may hold a password.
 */
function checkDatabaseUrl({ value, source }: Given): string {
  const problem = notPostgresUrl(value);
  if (problem !== null) throw new SettingsError(source, problem);
  return value;
}
