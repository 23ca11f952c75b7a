// The layering of src/ (eslint.config.js, ARCHITECTURE.md) bites: ESLint, run with the project's own config,
// reports a forbidden import between folders and lets an allowed one through.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
// The probe files do not exist on disk, so the type checker has no program for them; the import rule
// needs none, only the resolver, which finds the imported files.
const eslint = new ESLint({ cwd: root, overrideConfig: tseslint.configs.disableTypeChecked });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((message) => message.ruleId === 'import-x/no-restricted-paths').map((message) => message.message);
}

describe('import boundaries', () => {
  it.each([
    ['src/graphql/probe.ts', "import '../db/database.js';", 'src/graphql may not import src/db'],
    ['src/runs/probe.ts', "import '../graphql/builder.js';", 'src/runs may not import src/graphql'],
    ['src/queue/probe.ts', "import '../server/build-server.js';", 'src/queue may not import src/server'],
    ['src/db/probe.ts', "export { getRuns } from '../runs/run-record.js';", 'src/db may not import src/runs'],
  ])('%s: %s is an error', async (filePath, code, expected) => {
    expect(await boundaryErrors(filePath, code)).toEqual([expect.stringContaining(expected)]);
  });

  it('lets graphql read through the engine', async () => {
    const code = "import '../runs/run-record.js';\nimport '../pools/pool-info.js';\nimport '../queue/queue-blockers.js';";
    expect(await boundaryErrors('src/graphql/probe.ts', code)).toEqual([]);
  });
});
