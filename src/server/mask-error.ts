// What a client sees of an error, and what the server log keeps of it.
//  - Deliberate GraphQL errors (validation, typed argument errors, limits) reach the client as they are;
//    those about the request itself (a variable of the wrong type: no path, no code) get BAD_USER_INPUT.
//  - The API's database bounds are expected outcomes under load, so they get codes a client can act on:
//    STATEMENT_TIMEOUT (narrow the filter or lower the limit), SERVICE_BUSY (no API connection came free in
//    time: retry), REQUEST_CANCELED (the client went away or the server is stopping).
//  - Anything else is masked as "Unexpected error." and logged. A failed statement is logged by its
//    SQLSTATE and where it was raised, never by its message: drizzle's message is the SQL with every
//    parameter, and Postgres's often quotes the offending value, and both are the user's data.
import { GraphQLError } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { RequestCanceledError, ServiceBusyError, sqlStateOf } from '../db/errors.js';

const QUERY_CANCELED = '57014';

function expected(error: GraphQLError, original: unknown): GraphQLError | null {
  const coded = (code: string, message: string) => new GraphQLError(message, { path: error.path, extensions: { code } });
  const reason = original instanceof DrizzleQueryError ? original.cause : original;
  if (reason instanceof RequestCanceledError) return coded('REQUEST_CANCELED', reason.message);
  // The client closed its connection while its body was being read (Node's 'aborted'): gone, not a fault.
  if (reason instanceof Error && (reason as NodeJS.ErrnoException).code === 'ECONNRESET') {
    return coded('REQUEST_CANCELED', new RequestCanceledError().message);
  }
  if (sqlStateOf(original) === QUERY_CANCELED) {
    return /statement timeout/.test((reason as Error).message)
      ? coded(
          'STATEMENT_TIMEOUT',
          'The query ran longer than the API statement timeout and was stopped; narrow the filter or lower the limit.',
        )
      : coded('REQUEST_CANCELED', new RequestCanceledError().message);
  }
  if (reason instanceof ServiceBusyError) return coded('SERVICE_BUSY', reason.message);
  return null;
}

/** One log line (plus stack frames) that names the failure without quoting any of the request's data. */
export function describeForLog(error: GraphQLError): string {
  const original = error.originalError;
  const where = error.path ? ` at ${error.path.join('.')}` : '';
  const state = sqlStateOf(original);
  // The stack's head repeats the message (for drizzle: the SQL and its parameters); keep the frames only.
  const frames = (original?.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
  if (state !== undefined || original instanceof DrizzleQueryError) {
    const routine = (original as DrizzleQueryError).cause as { routine?: string } | undefined;
    return `unexpected database error${where}: SQLSTATE ${state ?? 'unknown'}${routine?.routine ? ` in ${routine.routine}` : ''}\n${frames}`;
  }
  return `unexpected error${where}: ${original?.name ?? 'Error'}: ${original?.message ?? error.message}\n${frames}`;
}

export function maskError(error: unknown, message: string): Error {
  if (error instanceof GraphQLError && (!error.originalError || error.originalError instanceof GraphQLError)) {
    if (error.extensions?.code === undefined && error.path === undefined) {
      return new GraphQLError(error.message, { ...error, extensions: { ...error.extensions, code: 'BAD_USER_INPUT' } });
    }
    return error;
  }
  const graphqlError = error instanceof GraphQLError ? error : new GraphQLError(String(error), { originalError: error as Error });
  const known = expected(graphqlError, graphqlError.originalError);
  if (known) return known;
  console.error(`[tidepool] ${describeForLog(graphqlError)}`);
  return createGraphQLError(message);
}
