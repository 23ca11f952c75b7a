import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { printedSchema } from '../../src/graphql/index.js';

describe('schema/schema.graphql', () => {
  it('is exactly what the Pothos schema prints (run `npm run schema:print` after changing the schema)', async () => {
    const committed = await readFile(new URL('../../schema/schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(printedSchema());
  });
});
