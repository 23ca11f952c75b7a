// The command line people expect: --help on every command describing every option and argument (checked
// against the command tree itself, so a new option without a description fails here), --version, errors that
// name what was wrong, --help that loads none of the engine, and an unreachable database reported as such by
// every kind of command, without SQL or a stack.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { Node } from '../../src/cli/command-spec.js';
import { COMMAND_TREE } from '../../src/cli/command-tree.js';
import { buildProgram } from '../../src/cli/program.js';
import { CHECKOUT_CLI, runCli } from '../support/cli.js';
import { modulesLoadedBy } from '../support/module-loads.js';

const flatten = (text: string) => text.replace(/\s+/g, ' ');

/** Every declaration with the commander command built from it, depth first. */
function walk(nodes: readonly Node[], parent: Command): { node: Node; command: Command }[] {
  return nodes.flatMap((node) => {
    const name = node.kind === 'group' ? node.name : node.spec.name;
    const command = parent.commands.find((candidate) => candidate.name() === name)!;
    return [{ node, command }, ...(node.kind === 'group' ? walk(node.commands, command) : [])];
  });
}

describe('tidepool --help', () => {
  const program = buildProgram(() => Promise.reject(new Error('nothing runs when only help is asked for')));
  const all = walk(COMMAND_TREE, program);

  it('describes every command, each of its arguments and each of its options in one line or more', () => {
    expect(all.filter(({ node }) => node.kind === 'leaf').length).toBeGreaterThanOrEqual(28);
    for (const { node, command } of all) {
      const help = flatten(command.helpInformation());
      const description = node.kind === 'group' ? node.description : node.spec.description;
      expect(description.trim(), command.name()).not.toBe('');
      expect(help).toContain(flatten(description));
      if (node.kind === 'group') {
        for (const child of node.commands) expect(help).toContain(child.kind === 'group' ? child.name : child.spec.name);
        continue;
      }
      for (const argument of node.spec.arguments ?? []) {
        expect(argument.description.trim(), `${command.name()} ${argument.name}`).not.toBe('');
        expect(help).toContain(`${argument.name.toUpperCase()} ${flatten(argument.description)}`);
      }
      for (const [key, option] of Object.entries(node.spec.options)) {
        const flag = `--${option.negated ? 'no-' : ''}${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
        expect(option.description.trim(), `${command.name()} ${flag}`).not.toBe('');
        expect(help, `${command.name()} ${flag}`).toMatch(new RegExp(`${flag}( <[^>]+>)? ${escape(flatten(option.description))}`));
      }
    }
  });

  it('prints the help of a nested command, the command list with none, and the version', async () => {
    const [nested, top, none, version] = await Promise.all([
      runCli(['instance', 'concurrency', 'set', '--help']),
      runCli(['--help']),
      runCli([]),
      runCli(['--version']),
    ]);
    expect([nested.code, nested.stderr]).toEqual([0, '']);
    expect(nested.stdout).toContain('Usage: tidepool instance concurrency set [options] <KEY> <LIMIT>');
    expect(nested.stdout).toContain('--config <FILE>');
    expect([top.code, top.stderr]).toEqual([0, '']);
    for (const node of COMMAND_TREE) expect(top.stdout).toContain(node.kind === 'group' ? node.name : node.spec.name);
    // No command at all is a mistake: the list goes to stderr, with exit code 2.
    expect([none.code, none.stdout]).toEqual([2, '']);
    expect(none.stderr).toContain('Commands:');
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect([version.code, version.stdout, version.stderr]).toEqual([0, `${pkg.version}\n`, '']);
  });

  it('names an unknown option, a missing argument and a bad choice, with the usage, exit code 2', async () => {
    const [unknown, missing, choice] = await Promise.all([
      runCli(['instance', 'concurrency', 'get', '--bogus']),
      runCli(['instance', 'concurrency', 'delete']),
      runCli(['backfill', 'list', '--status', 'DONE']),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--bogus'");
    expect(unknown.stderr).toContain('Usage: tidepool instance concurrency get [options] [KEY]');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing required argument 'KEY'");
    expect(choice.code).toBe(2);
    expect(choice.stderr).toContain("option '--status <STATUS>' argument 'DONE' is invalid");
  });

  // The vocabularies the declarations name (definitions/errors, log/levels: --log-level's choices) import nothing.
  it('loads none of the engine: no database, GraphQL, definitions or logging code', async () => {
    const loaded = await modulesLoadedBy(CHECKOUT_CLI, ['--help']);
    expect(loaded.some((url) => url.endsWith('/src/cli/command-tree.ts'))).toBe(true);
    const heavy = loaded.filter((url) =>
      /\/src\/(db|graphql|instance|server|definitions(?!\/errors)|log(?!\/levels)|metrics)\/|node_modules\/(drizzle-orm|pg|@electric-sql|graphql|pino|yaml)\//.test(
        url,
      ),
    );
    expect(heavy).toEqual([]);
  });
});

describe('an unreachable database', () => {
  const fixture = new URL('../fixtures/engine/index.ts', import.meta.url).pathname;
  // Port 1: nothing listens there. The password must never be shown.
  const env = { DATABASE_URL: 'postgres://tidepool:hunter2@127.0.0.1:1/nowhere' };
  // One command for each way into the database: a service opening and migrating it, migrate, instance info
  // (no migration), job launch (its own instance), withInstance (concurrency, token, audit, backfill) and
  // withLocation (schedule, sensor). They all fail through src/cli/report-failure.ts.
  const commands = [
    ['worker', '--definitions', fixture],
    ['migrate'],
    ['instance', 'info'],
    ['job', 'launch', 'quick_job', '--definitions', fixture],
    ['token', 'list'],
    ['schedule', 'list', '--definitions', fixture],
  ];

  it('is reported by every kind of command in one sentence naming the URL without its password', async () => {
    const results = await Promise.all(commands.map((args) => runCli(args, { env })));
    for (const [index, result] of results.entries()) {
      const name = commands[index]!.join(' ');
      expect(result.code, name).toBe(1);
      expect(result.stderr.trim().split('\n'), name).toEqual([
        expect.stringMatching(
          /^Could not connect to the database at postgres:\/\/tidepool:\*\*\*@127\.0\.0\.1:1\/nowhere \(.*ECONNREFUSED.*\): /,
        ),
      ]);
      expect(result.stderr, name).not.toMatch(/hunter2|select |insert |Failed query|^\s+at /im);
    }
  }, 120_000); // six short-lived processes at once

  it('is reported with the URL of the config file when the storage block names it', async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), 'tidepool-unreachable-'));
    try {
      await writeFile(
        path.join(cwd, 'tidepool.yaml'),
        'storage:\n  postgres:\n    postgres_url: postgres://app:hunter2@127.0.0.1:1/warehouse\n',
      );
      const result = await runCli(['instance', 'info'], { cwd });
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toMatch(
        /^Could not connect to the database at postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/warehouse \(.*ECONNREFUSED.*\): .*the storage block of .*tidepool\.yaml/,
      );
      expect(result.stderr).not.toMatch(/hunter2/);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
