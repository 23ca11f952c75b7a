// The typed operations the tests and the console compile against are generated from schema/schema.graphql
// (itself guarded by schema-drift.test.ts). A schema change without `npm run codegen` / `npm run
// console:codegen` would leave them describing an older API while type-checking fine: this catches it.
import { readFile } from 'node:fs/promises';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import testConfig from '../../codegen.js';
import consoleConfig from '../../console/codegen.js';

describe.each([
  ['test/generated/graphql.ts', testConfig, 'npm run codegen'],
  ['console/src/generated/graphql.ts', consoleConfig, 'npm run console:codegen'],
])('%s', (file, config, command) => {
  it(`is what graphql-codegen generates from the printed schema (run \`${command}\` after changing it)`, async () => {
    const outputs = await generate({ ...config, cwd: new URL('../..', import.meta.url).pathname, silent: true }, false);
    const generated = (outputs as { filename: string; content: string }[]).find((output) => output.filename.endsWith(file));
    expect(generated, `codegen wrote no ${file}`).toBeDefined();
    expect(await readFile(new URL(`../../${file}`, import.meta.url), 'utf8')).toBe(generated!.content);
  });
});
