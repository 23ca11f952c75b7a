// What a client sees of an error, and what the server log keeps of it.
//  - Deliberate GraphQL errors (validation, typed argument errors, limits) reach the client as they are;
//    those about the request itself (a variable of the wrong type: no path, no code) get BAD_USER_INPUT.
//  - The API's database bounds are expected outcomes under load, so they get codes a client can act on:
//    STATEMENT_TIMEOUT (narrow the filter or lower the limit), SERVICE_BUSY (no API connection came free in
//    time: retry), REQUEST_CANCELED (the client went away or the server is stopping).
//  - Anything else is masked as "Unexpected error." and logged, with the request's id and operation name
//    (the request's logger, src/log/log-scope.ts). A failed statement is logged by its SQLSTATE and where
//    it was raised, never by its message: drizzle's message is the SQL with every parameter, and
//    Postgres's often quotes the offending value, and both are the user's data.
import { GraphQLError } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { RequestCanceledError, ServiceBusyError, sqlStateOf } from '../db/errors.js';
import { scopedLogger, stackFrames } from '../log/index.js';

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

/** The fields of the log line that names the failure without quoting any of the request's data. */
export function logFieldsOf(error: GraphQLError): Record<string, unknown> {
  const original = error.originalError;
  const path = error.path?.join('.');
  const state = sqlStateOf(original);
  if (state !== undefined || original instanceof DrizzleQueryError) {
    const routine = ((original as DrizzleQueryError).cause as { routine?: string } | undefined)?.routine;
    // The stack's head repeats the message (the SQL and its parameters); the frames only.
    return { path, sqlState: state ?? 'unknown', routine, stack: stackFrames(original) };
  }
  return { path, err: original ?? error };
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
  scopedLogger().error(logFieldsOf(graphqlError), 'unexpected error in a request');
  return createGraphQLError(message);
}
