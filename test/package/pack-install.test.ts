// The npm package as a user gets it: `npm pack` of this repository (its prepack builds dist/), installed
// from the tarball into two fresh projects outside the repository, one ESM ("type": "module") and one
// CommonJS. They are two folders of one npm workspace, so one `npm install` serves both, while each folder's
// own package.json still decides how its files load (Node and tsx read the nearest one). In each project the
// package's types check a definitions file under --strict (and reject a wrong one), and the installed
// `node_modules/.bin/tidepool` serves a TypeScript and a JavaScript definitions file on Postgres: the API
// lists the job, and a launched run executes the project's code to SUCCESS.
// The install resolves the package's dependency ranges afresh, as a user's would (that is what shows an
// EBADENGINE warning), so it needs the npm registry or an npm cache that already holds their metadata.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DefinitionsRepositoriesDocument, LaunchRunDocument, RunLifecycleDocument, RunLogsDocument } from '../generated/graphql.js';
import { startServe, type ServeProcess } from '../support/cli.js';
import { executeOk } from '../support/graphql-http.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { waitFor } from '../support/wait.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

interface Output {
  code: number | null;
  output: string;
}

/** Runs a command to its end, stdout and stderr together. */
function run(command: string, args: string[], cwd: string): Promise<Output> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: process.env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

async function succeed(command: string, args: string[], cwd: string): Promise<string> {
  const result = await run(command, args, cwd);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.code}:\n${result.output}`);
  return result.output;
}

// The file names itself the way only its own module system can (import.meta.url in an ES module, __filename
// in CommonJS), so the run's log shows it was compiled as its package says; tsc would reject the other way.
const TS_DEFINITIONS = (whereAmI: string) => `import { Definitions, job, op } from 'tidepool';

const greet = op({ name: 'greet', pool: 'greetings' }, async (context) => {
  context.log.info(\`hello from \${${whereAmI}}\`);
  return context.tags['dagster/priority'] ?? 'no priority';
});

export default new Definitions({ jobs: [job({ name: 'hello_job' }, () => greet())] });
`;

const ESM_JS_DEFINITIONS = `import { Definitions, job, op } from 'tidepool';

const greet = op({ name: 'greet_js', pool: 'greetings' }, async (context) => {
  context.log.info('hello from ESM JavaScript');
});

export default new Definitions({ jobs: [job({ name: 'hello_js_job' }, () => greet())] });
`;

const CJS_JS_DEFINITIONS = `const { Definitions, job, op } = require('tidepool');

const greet = op({ name: 'greet_js', pool: 'greetings' }, async (context) => {
  context.log.info('hello from CommonJS JavaScript');
});

module.exports = new Definitions({ jobs: [job({ name: 'hello_js_job' }, () => greet())] });
`;

// Two mistakes the SDK's types must catch: a pool that is not a string, a logger method that does not exist.
const WRONG_DEFINITIONS = `import { op } from 'tidepool';

export const wrong = op({ name: 'wrong', pool: 7 }, async (context) => {
  context.log.shout('no such level');
});
`;

// What a user's strict Node project might say (Node's globals from @types/node, no DOM); allowJs + checkJs
// type-check the JavaScript definitions too.
const TSCONFIG = JSON.stringify({
  compilerOptions: {
    strict: true,
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    lib: ['es2022'],
    types: ['node'],
    noEmit: true,
    allowJs: true,
    checkJs: true,
  },
  files: ['defs.ts', 'defs.js', 'wrong.ts'],
});

const PROJECTS = [
  {
    folder: 'esm',
    flavour: 'ESM',
    packageType: { type: 'module' },
    whereAmI: 'import.meta.url',
    selfName: (file: string) => pathToFileURL(file).href,
    js: ESM_JS_DEFINITIONS,
  },
  {
    folder: 'cjs',
    flavour: 'CommonJS',
    packageType: {},
    whereAmI: '__filename',
    selfName: (file: string) => file,
    js: CJS_JS_DEFINITIONS,
  },
] as const;

let work: string;
let tarballFiles: string[];
let installOutput: string;
const databases: TestDatabase[] = [];
const servers: ServeProcess[] = [];

beforeAll(async () => {
  // Node names modules by their real path.
  work = await realpath(await mkdtemp(join(tmpdir(), 'tidepool-pack-')));
  const { version } = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as { version: string };
  const tarball = `tidepool-${version}.tgz`;
  // The prepack build rewrites dist/; flock keeps two test runs in this checkout from building it at once.
  await succeed('flock', [join(tmpdir(), 'tidepool-pack.lock'), 'npm', 'pack', '--pack-destination', work], REPO);
  tarballFiles = (await succeed('tar', ['-tzf', join(work, tarball)], work)).split('\n').filter(Boolean);

  // The projects' own TypeScript tooling, at this repository's versions (so npm's cache has them).
  const devDependencies = Object.fromEntries(
    await Promise.all(
      ['typescript', '@types/node'].map(async (name) => {
        const installed = await readFile(join(REPO, 'node_modules', name, 'package.json'), 'utf8');
        return [name, (JSON.parse(installed) as { version: string }).version];
      }),
    ),
  );
  const workspaces = PROJECTS.map((project) => project.folder);
  await writeFile(join(work, 'package.json'), JSON.stringify({ private: true, workspaces, devDependencies }));
  for (const project of PROJECTS) {
    const dir = join(work, project.folder);
    await mkdir(dir);
    const manifest = {
      name: `${project.folder}-app`,
      private: true,
      ...project.packageType,
      dependencies: { tidepool: `file:../${tarball}` },
    };
    await writeFile(join(dir, 'package.json'), JSON.stringify(manifest));
    await writeFile(join(dir, 'defs.ts'), TS_DEFINITIONS(project.whereAmI));
    await writeFile(join(dir, 'defs.js'), project.js);
    await writeFile(join(dir, 'wrong.ts'), WRONG_DEFINITIONS);
    await writeFile(join(dir, 'tsconfig.json'), TSCONFIG);
  }
  installOutput = await succeed('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], work);
}, 300_000);

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await Promise.all(databases.map((database) => database.drop()));
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the npm package', () => {
  it('holds the compiled code, its types, migrations, the console and the command, and no sources or tests', () => {
    const files = new Set(tarballFiles.map((file) => file.replace(/^package\//, '')));
    for (const file of [
      'package.json',
      'bin/tidepool.js',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/cli/main.js',
      'dist/runs/run-config-worker.js',
      'drizzle/meta/_journal.json',
      'drizzle/0000_init.sql',
      'console/dist/index.html',
    ]) {
      expect(files, file).toContain(file);
    }
    const unwanted = [...files].filter((file) => /^(src|test|bench|examples|scripts|docs)\//.test(file) || /(?<!\.d)\.ts$/.test(file));
    expect(unwanted).toEqual([]);
  });

  it('installs on this Node without an engine warning', () => {
    expect(installOutput).not.toContain('EBADENGINE');
  });

  // The timeouts are deadlines for a loaded machine (tsc, npm and servers are whole processes), not targets.
  it.each(PROJECTS)(
    'type-checks definitions strictly in a $flavour project and rejects wrong ones',
    { timeout: 120_000 },
    async ({ folder }) => {
      const { code, output } = await run(join(work, 'node_modules', '.bin', 'tsc'), ['-p', '.'], join(work, folder));
      const errors = output.split('\n').filter((line) => /error TS\d+/.test(line));
      expect(
        errors.filter((line) => !line.startsWith('wrong.ts(')),
        output,
      ).toEqual([]);
      expect(output).toMatch(/wrong\.ts\(3,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/);
      expect(output).toMatch(/wrong\.ts\(4,\d+\): error TS2339: Property 'shout' does not exist/);
      expect(code).toBe(2);
    },
  );

  it.each(PROJECTS)(
    'serves TypeScript and JavaScript definitions of a $flavour project from node_modules/.bin/tidepool',
    async ({ folder, selfName }) => {
      const dir = join(work, folder);
      const cli = join(work, 'node_modules', '.bin', 'tidepool');
      const serveIn = async (file: string) => {
        const database = await createTestDatabase();
        databases.push(database);
        const server = await startServe(['--definitions', file], { cli, cwd: dir, env: { DATABASE_URL: database.url } });
        servers.push(server);
        return server;
      };
      const [ts, js] = await Promise.all([serveIn('defs.ts'), serveIn('defs.js')]);

      const jobsOf = async (server: ServeProcess) => {
        const { repositoriesOrError } = await executeOk(server.url, DefinitionsRepositoriesDocument);
        if (repositoriesOrError.__typename !== 'RepositoryConnection') throw new Error(repositoriesOrError.__typename);
        return repositoriesOrError.nodes.flatMap((repository) => repository.jobs.map((job) => job.name));
      };
      expect(await jobsOf(ts)).toContain('hello_job');
      expect(await jobsOf(js)).toContain('hello_js_job');

      const { launchRun } = await executeOk(ts.url, LaunchRunDocument, {
        executionParams: { selector: { jobName: 'hello_job', repositoryLocationName: 'defs', repositoryName: '__repository__' } },
      });
      if (launchRun.__typename !== 'LaunchRunSuccess') throw new Error(JSON.stringify(launchRun));
      const runId = launchRun.run.runId;
      const status = await waitFor(
        async () => {
          const { runOrError } = await executeOk(ts.url, RunLifecycleDocument, { runId });
          return runOrError.__typename === 'Run' && ['SUCCESS', 'FAILURE', 'CANCELED'].includes(runOrError.status) && runOrError.status;
        },
        { timeoutMs: 60_000, what: `run ${runId} to finish` },
      );
      expect(status).toBe('SUCCESS');
      const { logsForRun } = await executeOk(ts.url, RunLogsDocument, { runId });
      const messages =
        logsForRun.__typename === 'EventConnection' ? logsForRun.events.map((event) => ('message' in event ? event.message : '')) : [];
      // tsx may add a query to an ES module's URL; the file itself is what matters.
      const self = `hello from ${selfName(join(dir, 'defs.ts'))}`;
      expect(
        messages.some((message) => message === self || message.startsWith(`${self}?`)),
        messages.join('\n'),
      ).toBe(true);

      // The web console ships in the package and is served from it.
      const page = await fetch(new URL('/', ts.url), { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>Tidepool</title>');
    },
    180_000,
  );
});
