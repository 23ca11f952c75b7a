// Status sets come from one vocabulary (src/runs/vocabulary.ts). The schema's partial index spells its
// statuses out (db/ sits below runs/ and cannot import them), so this test holds the two together.
import { describe, expect, it } from 'vitest';
import { getTableConfig, PgDialect } from 'drizzle-orm/pg-core';
import { runs } from '../../src/db/schema.js';
import { statusIn } from '../../src/runs/status-sql.js';
import {
  CANCELABLE_STATUSES,
  IN_PROGRESS_STATUSES,
  LEASED_STATUSES,
  NOT_YET_EXECUTING_STATUSES,
  RUN_STATUSES,
  TERMINAL_STATUSES,
} from '../../src/runs/vocabulary.js';

const dialect = new PgDialect();
const text = (statement: Parameters<PgDialect['sqlToQuery']>[0]) => dialect.sqlToQuery(statement).sql;

describe('status sets', () => {
  it('runs_in_progress_idx covers exactly IN_PROGRESS_STATUSES, as statusIn writes them', () => {
    const index = getTableConfig(runs).indexes.find((candidate) => candidate.config.name === 'runs_in_progress_idx');
    expect(text(index!.config.where!)).toBe(text(statusIn(IN_PROGRESS_STATUSES)));
  });

  it('leased runs are in progress; cancelable runs are unfinished and never CANCELING', () => {
    for (const status of LEASED_STATUSES) expect(IN_PROGRESS_STATUSES).toContain(status);
    for (const status of [...CANCELABLE_STATUSES, ...NOT_YET_EXECUTING_STATUSES]) expect(TERMINAL_STATUSES).not.toContain(status);
    expect(CANCELABLE_STATUSES).not.toContain('CANCELING');
  });

  it('statusIn refuses anything that is not a run status (its statuses are written into the SQL)', () => {
    expect(() => statusIn(["x') or ('1' = '1" as (typeof RUN_STATUSES)[number]])).toThrow(/Unknown run status/);
  });
});
