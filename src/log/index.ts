// Structured logs (pino): the process's logger, the request's, and what is never written.
export { configureLogging, createLogger, logger, type Logger, type LogOptions } from './logger.js';
export { LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel } from './levels.js';
export { addScopeFields, scopedLogger, withLogger } from './log-scope.js';
export { errorFields, stackFrames } from './error-fields.js';
export { CENSOR, REDACTED_PATHS } from './redact.js';
