// Errors shared by every domain, and the one route an engine error takes to a client.
//
// Expected failures are union members implementing `Error`; `PythonError` keeps Dagster's name for "an
// error with a message and a trace" (a daemon's last error; an expected error Dagster gives no type of its
// own), so Dagster-style clients can select it. EXPECTED_ERRORS below lists every engine error the API
// expects; `answer` turns one into the field's result, by one rule:
//  1. where the field's result union lists the error's own type, that member (the errors plugin resolves it);
//  2. else where it lists PythonError, a PythonError naming the error's class;
//  3. else (a Boolean mutation, an object field, a subscription being set up) a GraphQLError with the
//     table's `extensions.code`, which masking passes through.
// Any other error is unexpected and is rethrown, to be masked (src/server/mask-error.ts).
import { GraphQLError, getNamedType, isUnionType, type GraphQLResolveInfo } from 'graphql';
import { UnauthorizedError } from '../auth/unauthorized.js';
import {
  BackfillNotFoundError,
  BackfillStatusError,
  ConflictingExecutionParamsError,
  PartitionSetNotFoundError,
} from '../backfills/errors.js';
import { ScheduleNotFoundError, SensorNotFoundError } from '../automation/errors.js';
import { InvalidSubsetError, PipelineNotFoundError } from '../definitions/index.js';
import { InvalidConcurrencyLimitError, InvalidPoolKeyError } from '../pools/errors.js';
import {
  InvalidPipelineRunsFilterError,
  InvalidTagsError,
  RunConfigValidationInvalid,
  RunDeletionFailure,
  RunNotFoundError,
  TerminateRunFailure,
} from '../runs/errors.js';
import { InvalidEventQueryError } from '../runs/read-events.js';
import { InvalidStepError, MissingStepOutputError, ReexecutionNotAllowedError } from '../queue/reexecute-errors.js';
import { builder, ErrorInterface } from './builder.js';

export interface ErrorInfo {
  message: string;
  className: string | null;
  stack?: string[];
  /** The explicit cause and the implicit context of a stored error (runs/error-info.ts); error-chain.ts resolves them. */
  cause?: ErrorInfo | null;
  context?: ErrorInfo | null;
}

export const PythonError = builder.objectRef<ErrorInfo>('PythonError');
PythonError.implement({
  interfaces: [ErrorInterface],
  fields: (t) => ({
    className: t.exposeString('className', { nullable: true }),
    stack: t.stringList({ resolve: (error) => error.stack ?? [] }),
  }),
});

// ---------------------------------------------------------------------------------------------- the table

interface ExpectedError<E extends Error = Error> {
  type: abstract new (...args: never[]) => E;
  /** `extensions.code` where the field's result has no member for the error. */
  code: string;
  /** Further extensions of the coded error: the argument it concerns, bounds. */
  extensions?: (error: E) => Record<string, unknown>;
}

const expected = <E extends Error>(route: ExpectedError<E>) => route as unknown as ExpectedError;

/** Every engine error the API expects. Its GraphQL type, where it has one, is named as its class (`error.name`). */
const EXPECTED_ERRORS: readonly ExpectedError[] = [
  expected({ type: RunNotFoundError, code: 'RUN_NOT_FOUND', extensions: () => ({ argument: 'runId' }) }),
  expected({ type: InvalidPipelineRunsFilterError, code: 'BAD_USER_INPUT' }),
  expected({ type: InvalidEventQueryError, code: 'BAD_USER_INPUT' }),
  expected({ type: PipelineNotFoundError, code: 'PIPELINE_NOT_FOUND' }),
  expected({ type: InvalidSubsetError, code: 'INVALID_SUBSET' }),
  expected({ type: RunConfigValidationInvalid, code: 'INVALID_RUN_CONFIG' }),
  expected({ type: InvalidTagsError, code: 'INVALID_TAGS' }),
  expected({ type: TerminateRunFailure, code: 'TERMINATE_RUN_FAILED' }),
  expected({ type: RunDeletionFailure, code: 'RUN_DELETION_FAILED' }),
  expected({
    type: InvalidConcurrencyLimitError,
    code: 'INVALID_CONCURRENCY_LIMIT',
    extensions: (error) => ({ argument: 'limit', min: error.min, max: error.max }),
  }),
  expected({ type: InvalidPoolKeyError, code: 'INVALID_CONCURRENCY_KEY', extensions: () => ({ argument: 'concurrencyKey' }) }),
  expected({ type: UnauthorizedError, code: 'UNAUTHORIZED', extensions: (error) => ({ permission: error.requirement }) }),
  expected({ type: BackfillNotFoundError, code: 'BACKFILL_NOT_FOUND', extensions: () => ({ argument: 'backfillId' }) }),
  expected({ type: BackfillStatusError, code: 'BACKFILL_STATUS' }),
  expected({ type: PartitionSetNotFoundError, code: 'PARTITION_SET_NOT_FOUND' }),
  expected({ type: ConflictingExecutionParamsError, code: 'BAD_USER_INPUT' }),
  expected({ type: InvalidStepError, code: 'INVALID_STEP', extensions: (error) => ({ stepKey: error.invalidStepKey }) }),
  expected({ type: ReexecutionNotAllowedError, code: 'REEXECUTION_NOT_ALLOWED' }),
  expected({ type: MissingStepOutputError, code: 'MISSING_STEP_OUTPUT', extensions: (error) => ({ stepKey: error.upstreamStepKey }) }),
  expected({ type: ScheduleNotFoundError, code: 'SCHEDULE_NOT_FOUND' }),
  expected({ type: SensorNotFoundError, code: 'SENSOR_NOT_FOUND' }),
];

function routeOf(error: unknown): ExpectedError | undefined {
  return EXPECTED_ERRORS.find((route) => error instanceof route.type);
}

/** Whether the API expects this error (else it is masked as unexpected). */
export function isExpectedError(error: unknown): boolean {
  return routeOf(error) !== undefined;
}

// ---------------------------------------------------------------------------------------------- the route

const EXPECTED_PYTHON_ERROR = Symbol('expected PythonError');
type ExpectedPythonError = ErrorInfo & { [EXPECTED_PYTHON_ERROR]: true };

/**
 * The field's answer for `error` (rules 1–3 above); throws when the answer is a GraphQL error or the error
 * is unexpected. A member is returned typed as the field's result: the union lists it (checked here).
 */
export function answer<Result>(error: unknown, info: GraphQLResolveInfo): Result {
  const route = routeOf(error);
  if (route === undefined) throw error;
  const expectedError = error as Error;
  const result = getNamedType(info.returnType);
  const members = isUnionType(result) ? new Set(result.getTypes().map((type) => type.name)) : new Set<string>();
  if (members.has(expectedError.name)) return expectedError as Result;
  if (members.has(PythonError.name)) {
    const member: ExpectedPythonError = { message: expectedError.message, className: expectedError.name, [EXPECTED_PYTHON_ERROR]: true };
    return member as Result;
  }
  throw new GraphQLError(expectedError.message, { extensions: { code: route.code, ...route.extensions?.(expectedError) } });
}

/** A resolver whose errors take the route of `answer`. */
export function answering<Parent, Args, Context, Result>(
  resolve: (parent: Parent, args: Args, context: Context, info: GraphQLResolveInfo) => Result | Promise<Result>,
): (parent: Parent, args: Args, context: Context, info: GraphQLResolveInfo) => Promise<Result> {
  return async (parent, args, context, info) => {
    try {
      return await resolve(parent, args, context, info);
    } catch (error) {
      return answer<Result>(error, info);
    }
  };
}

/** `action`'s value, or the answer of `answer` for its error: for work done before a resolver returns (a subscription's set-up). */
export function answered<Result>(info: GraphQLResolveInfo, action: () => Result): Result {
  try {
    return action();
  } catch (error) {
    return answer<Result>(error, info);
  }
}

/** resolveType of a result union: own error members are resolved by the errors plugin before it is asked. */
export function successUnlessPythonError(successName: string) {
  return (value: unknown) =>
    typeof value === 'object' && value !== null && EXPECTED_PYTHON_ERROR in value ? PythonError.name : successName;
}
