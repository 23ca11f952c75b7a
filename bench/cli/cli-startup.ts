// cli-startup: how long a `tidepool` call takes from spawn to exit, as a person or a script waits for it.
// `--help` (goal: under 0.3 s), a nested command's help, and `instance concurrency get --all` on Postgres
// (goal: under 1 s) and on an embedded PGlite folder, each through bin/tidepool.js as typed in the repository
// (TypeScript through tsx's loader) and, when a build is present, through the compiled dist/ (as installed
// from the package). Baselines measured in the same rounds: `node -e ''` (node's own start) and
// `tidepool --version` (the CLI's floor: its loader and the command tree, no command module).
//
// Calls are interleaved round by round, so a slow stretch of a shared machine weighs on all of them alike.
// The notes count the modules each call loads (where the time goes: every module is a round trip through
// tsx's loader thread in the repository).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childEnv } from '../../test/support/cli.js';
import { modulesLoadedBy } from '../../test/support/module-loads.js';
import { createTestDatabase } from '../../test/support/postgres.js';
import { now } from '../lib/clock.js';
import { measurement, type Measurement, type Scenario, type ScenarioResult } from '../lib/scenario.js';
import { summarize, type Stats } from '../lib/stats.js';

const ROUNDS = 15;
const BIN = fileURLToPath(new URL('../../bin/tidepool.js', import.meta.url));
const DIST_MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

interface Call {
  name: string;
  argv: string[];
  env: Record<string, string>;
  goalMs?: number;
}

function spawnTimed(call: Call, cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = now();
    const child = spawn(process.execPath, call.argv, { env: childEnv(call.env), cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = now() - start;
      if (code === 0) resolve(ms);
      else reject(new Error(`${call.name} exited with ${code}: ${stderr}`));
    });
  });
}

export const cliStartup: Scenario = {
  name: 'cli-startup',
  description: 'tidepool --help, a nested help and instance concurrency get: spawn to exit, vs node -e and --version',
  async run(): Promise<ScenarioResult> {
    const database = await createTestDatabase();
    const home = await mkdtemp(join(tmpdir(), 'tidepool-bench-cli-'));
    const postgres = { DATABASE_URL: database.url };
    const pglite = { TIDEPOOL_HOME: home };
    const entries: [string, string][] = [['repo', BIN], ...(existsSync(DIST_MAIN) ? [['dist', DIST_MAIN] as [string, string]] : [])];
    const calls: Call[] = [
      { name: 'node -e', argv: ['-e', ''], env: {} },
      ...entries.flatMap(([path, entry]): Call[] => [
        { name: `${path}: --version`, argv: [entry, '--version'], env: {} },
        { name: `${path}: --help`, argv: [entry, '--help'], env: {}, goalMs: 300 },
        {
          name: `${path}: instance concurrency get --help`,
          argv: [entry, 'instance', 'concurrency', 'get', '--help'],
          env: {},
          goalMs: 300,
        },
        {
          name: `${path}: concurrency get --all (Postgres)`,
          argv: [entry, 'instance', 'concurrency', 'get', '--all'],
          env: postgres,
          goalMs: 1000,
        },
        { name: `${path}: concurrency get --all (PGlite)`, argv: [entry, 'instance', 'concurrency', 'get', '--all'], env: pglite },
      ]),
    ];
    try {
      // The first PGlite call creates and migrates the folder; the measured ones open an existing one.
      for (const call of calls) await spawnTimed(call, home);
      const samples = new Map<string, number[]>(calls.map((call) => [call.name, []]));
      for (let round = 0; round < ROUNDS; round++) {
        for (const call of calls) samples.get(call.name)!.push(await spawnTimed(call, home));
      }
      const stats = (name: string): Stats => summarize(samples.get(name)!);
      const measurements: Measurement[] = calls.map((call) => {
        const path = call.name.split(':')[0]!;
        const baseline = call.name === 'node -e' ? null : call.name.endsWith('--version') ? 'node -e' : `${path}: --version`;
        return measurement(
          `cli-startup/${call.name}`,
          'duration',
          stats(call.name),
          baseline ? { name: baseline, stats: stats(baseline) } : null,
          call.goalMs === undefined ? undefined : (s) => ({ text: `median under ${call.goalMs} ms`, met: s.median < call.goalMs! }),
        );
      });
      const notes = [`${ROUNDS} rounds, calls interleaved; times from spawn to exit, in a folder without tidepool.yaml.`];
      for (const [path, entry] of entries) {
        const help = await modulesLoadedBy(entry, ['--help']);
        const get = await modulesLoadedBy(entry, ['instance', 'concurrency', 'get', '--all'], postgres);
        notes.push(
          `${path}: --help loads ${help.length} modules (ESM, through the loader), concurrency get --all ${get.length}` +
            ` (${get.filter((url) => url.includes('/node_modules/')).length} of them from node_modules).`,
        );
      }
      if (entries.length === 1) notes.push('No dist/ build: only the repository path (tsx) was measured.');
      return { measurements, notes };
    } finally {
      await database.drop();
      await rm(home, { recursive: true, force: true });
    }
  },
};
