// What a client sees of an error, and what the log keeps (src/server/mask-error.ts): expected outcomes of
// load and of clients leaving are coded and not logged; anything else is masked and logged without data,
// with the request's id and operation name (the request's logger).
import { describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { ServiceBusyError } from '../../src/db/errors.js';
import { createLogger, withLogger } from '../../src/log/index.js';
import { maskError } from '../../src/server/mask-error.js';

function masked(error: unknown): { code: unknown; message: string; logged: Record<string, unknown>[] } {
  const logged: Record<string, unknown>[] = [];
  const log = createLogger({ level: 'info', format: 'json', destination: { write: (line: string) => void logged.push(JSON.parse(line)) } });
  const request = log.child({ requestId: 'req-1' }).child({ operationName: 'LaunchIt' });
  const result = withLogger(request, () => maskError(error, 'Unexpected error.')) as Error & { extensions?: { code?: unknown } };
  return { code: result.extensions?.code, message: result.message, logged };
}

describe('maskError', () => {
  it("answers a body read cut off by the client (Node's 'aborted') as REQUEST_CANCELED, and logs nothing", () => {
    const aborted = Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    expect(masked(aborted)).toMatchObject({ code: 'REQUEST_CANCELED', logged: [] });
  });

  it('answers an API connection that never came free as SERVICE_BUSY', () => {
    expect(masked(new ServiceBusyError())).toMatchObject({ code: 'SERVICE_BUSY', logged: [] });
  });

  it('masks anything else as "Unexpected error." and logs it with the request id and operation name', () => {
    const result = masked(new TypeError('value 42 broke'));
    expect(result.message).toBe('Unexpected error.');
    expect(result.logged).toHaveLength(1);
    expect(result.logged[0]).toMatchObject({
      level: 'error',
      requestId: 'req-1',
      operationName: 'LaunchIt',
      err: { type: 'TypeError', message: 'value 42 broke' },
    });
  });

  it('logs a failed statement by its SQLSTATE and path, never its SQL, parameters or Postgres message', () => {
    const cause = Object.assign(new Error('invalid input syntax for type uuid: "tp_secret"'), { code: '22P02', routine: 'string_to_uuid' });
    const failed = new DrizzleQueryError('select * from runs where id = $1', ['tp_secret'], cause);
    const result = masked(new GraphQLError(failed.message, { originalError: failed, path: ['runOrError'] }));
    expect(result.message).toBe('Unexpected error.');
    expect(result.logged[0]).toMatchObject({ path: 'runOrError', sqlState: '22P02', routine: 'string_to_uuid', requestId: 'req-1' });
    expect(JSON.stringify(result.logged)).not.toContain('tp_secret');
    expect(JSON.stringify(result.logged)).not.toContain('select');
  });
});
