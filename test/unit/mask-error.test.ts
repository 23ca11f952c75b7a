// What a client sees of an error, and what the log keeps (src/server/mask-error.ts): expected outcomes of
// load and of clients leaving are coded and not logged; anything else is masked and logged without data.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ServiceBusyError } from '../../src/db/errors.js';
import { maskError } from '../../src/server/mask-error.js';

afterEach(() => {
  vi.restoreAllMocks();
});

function masked(error: unknown): { code: unknown; message: string; logged: string[] } {
  const logged: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((line: unknown) => void logged.push(String(line)));
  const result = maskError(error, 'Unexpected error.') as Error & { extensions?: { code?: unknown } };
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

  it('masks anything else as "Unexpected error." and logs it', () => {
    const result = masked(new TypeError('secret value 42 broke'));
    expect(result.message).toBe('Unexpected error.');
    expect(result.logged).toHaveLength(1);
  });
});
