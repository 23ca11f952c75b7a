// describeError: the reason a statement failed, not the statement.
import { describe, expect, it } from 'vitest';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describeError } from '../../src/db/errors.js';

describe('describeError', () => {
  it("gives a failed query's driver error, not drizzle's 'Failed query: <sql>'", () => {
    const failed = new DrizzleQueryError('rollback', [], new Error('terminating connection due to administrator command'));
    expect(failed.message).toContain('Failed query: rollback');
    expect(describeError(failed)).toBe('terminating connection due to administrator command');
  });

  it("keeps any other error's own message, even when it has a cause", () => {
    expect(describeError(new Error('boom', { cause: new Error('inner') }))).toBe('boom');
    expect(describeError('plain text')).toBe('plain text');
  });
});
