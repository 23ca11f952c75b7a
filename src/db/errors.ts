// drizzle wraps every failed statement in a DrizzleQueryError whose message is the statement itself
// ("Failed query: <sql> params: …"); the driver's error, its cause, says why it failed ("terminating
// connection due to administrator command"). Messages people read (events, run failures) say why.
import { DrizzleQueryError } from 'drizzle-orm/errors';

export function describeError(error: unknown): string {
  const reason = error instanceof DrizzleQueryError && error.cause instanceof Error ? error.cause : error;
  return reason instanceof Error ? reason.message : String(reason);
}
