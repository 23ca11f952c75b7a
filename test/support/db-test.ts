// A vitest `test` whose tests each get a database of their own (a fresh copy of the migrated template).
import { test as base } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { createTestInstance } from './instance.js';

export const testWithDb = base.extend<{ db: Db }>({
  // eslint-disable-next-line no-empty-pattern
  db: async ({}, use) => {
    const testInstance = await createTestInstance();
    try {
      await use(testInstance.instance.database.db);
    } finally {
      await testInstance.cleanup();
    }
  },
});
