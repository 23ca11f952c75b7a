// The logger of the request being served, carried by AsyncLocalStorage so that code far below the
// resolvers (error masking above all) logs with the request's id and operation name without every
// function taking a logger. Outside any request it is the process's root logger.
import { AsyncLocalStorage } from 'node:async_hooks';
import { logger, type Logger } from './logger.js';

interface LogScope {
  logger: Logger;
}

const storage = new AsyncLocalStorage<LogScope>();

/** Runs `fn` (and everything it starts) logging through `log`. */
export function withLogger<T>(log: Logger, fn: () => T): T {
  return storage.run({ logger: log }, fn);
}

/** The current request's logger, or the root logger outside any request. */
export function scopedLogger(): Logger {
  return storage.getStore()?.logger ?? logger();
}

/**
 * Adds fields to the current scope's logger from here on, for the whole request (its operation name is
 * known only once it is parsed), and returns that logger. The scope is the request's own object, so
 * changing it is seen by everything the request runs, and by nothing else.
 */
export function addScopeFields(fields: Record<string, unknown>): Logger {
  const scope = storage.getStore();
  if (!scope) return logger().child(fields);
  scope.logger = scope.logger.child(fields);
  return scope.logger;
}
