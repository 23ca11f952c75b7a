// drizzle wraps every failed statement in a DrizzleQueryError whose message is the statement itself
// ("Failed query: <sql> params: …"); the driver's error, its cause, says why it failed ("terminating
// connection due to administrator command"). Messages people read (events, run failures) say why.
import { DrizzleQueryError } from 'drizzle-orm/errors';

export function describeError(error: unknown): string {
  const reason = error instanceof DrizzleQueryError && error.cause instanceof Error ? error.cause : error;
  return reason instanceof Error ? reason.message : String(reason);
}

/** A statement refused or cancelled because the request it ran for was given up (client gone, shutdown). */
export class RequestCanceledError extends Error {
  override readonly name = 'RequestCanceledError';
  constructor() {
    super('The request was canceled: its client went away or the server is stopping.');
  }
}

/** No API connection (or heavy-read turn) came free within the statement timeout: retry shortly. */
export class ServiceBusyError extends Error {
  override readonly name = 'ServiceBusyError';
  constructor() {
    super('Every database connection of the API stayed busy too long; retry shortly.');
  }
}

/** Postgres's SQLSTATE of a failed statement (the driver's error, or drizzle's wrapping of it), if any. */
export function sqlStateOf(error: unknown): string | undefined {
  const reason = error instanceof DrizzleQueryError ? error.cause : error;
  const code = (reason as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}
