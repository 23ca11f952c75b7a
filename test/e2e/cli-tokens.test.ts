// `tidepool token …` and `tidepool audit` against a real Postgres, as an admin would use them: the secret
// printed once works, listings never show secrets or hashes, revocation ends the token, and every change
// is in the audit log under the actor "cli".
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/audit/audit-log.js';
import { authenticateToken, type TokenInfo } from '../../src/auth/tokens.js';
import { queryRows, type Database } from '../../src/db/database.js';
import { openPostgres } from '../../src/db/postgres.js';
import { runCli, startServe } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

let dir: string;
let database: TestDatabase;
let db: Database;
let env: Record<string, string>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tidepool-cli-tokens-'));
  database = await createTestDatabase();
  env = { DATABASE_URL: database.url };
  db = openPostgres({ url: database.url, maxConnections: 2, applicationName: 'tidepool:cli-tokens-test' });
});
afterAll(async () => {
  await db?.close();
  await database?.drop();
  await rm(dir, { recursive: true, force: true });
});

const cli = (...args: string[]) => runCli(args, { env, cwd: dir });

describe('tidepool token', () => {
  let secret: string;

  it('create prints a secret, once, that authenticates', async () => {
    const created = await cli('token', 'create', '--name', 'ci-bot', '--role', 'launcher', '--expires', '30d');
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Created token ci-bot (launcher, expires ');
    expect(created.stdout).toContain('shown only this once');
    secret = /^(tp_\S+)$/m.exec(created.stdout)![1]!;
    const token = await authenticateToken(db.db, secret);
    expect(token).toMatchObject({ name: 'ci-bot', role: 'launcher' });
    const days = (token!.expiresAt!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);

    const json = await cli('token', 'create', '--name', 'viewer.1', '--role', 'viewer', '--json');
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as { token: TokenInfo; secret: string };
    expect(parsed.token).toMatchObject({ name: 'viewer.1', role: 'viewer', expiresAt: null, revokedAt: null });
    expect(await authenticateToken(db.db, parsed.secret)).toMatchObject({ name: 'viewer.1' });
  });

  it('list shows every token without a secret or hash', async () => {
    const [{ hash }] = (await queryRows<{ hash: string }>(
      db.db,
      sql`select secret_hash as hash from api_tokens where name = 'ci-bot'`,
    )) as [{ hash: string }];
    const human = await cli('token', 'list');
    expect(human.code).toBe(0);
    expect(human.stdout.split('\n')[0]).toMatch(/^NAME\s+ROLE\s+CREATED\s+LAST USED\s+EXPIRES\s+REVOKED$/);
    expect(human.stdout).toMatch(/ci-bot\s+launcher\s+\S+Z\s+\S+Z\s+\S+Z\s+-/);
    // viewer.1 authenticated once above: it has a last-used time, and no expiry.
    expect(human.stdout).toMatch(/viewer\.1\s+viewer\s+\S+Z\s+\S+Z\s+never\s+-/);
    const json = await cli('token', 'list', '--json');
    const tokens = JSON.parse(json.stdout) as Record<string, unknown>[];
    expect(tokens.map((t) => t['name'])).toEqual(['ci-bot', 'viewer.1']);
    expect(Object.keys(tokens[0]!).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'lastUsedAt', 'name', 'revokedAt', 'role']);
    for (const output of [human.stdout, json.stdout]) {
      expect(output).not.toContain('tp_');
      expect(output).not.toContain(hash);
    }
  });

  it('revoke makes the secret fail, and is harmless twice', async () => {
    const revoked = await cli('token', 'revoke', 'ci-bot');
    expect(revoked.stderr).toBe('');
    expect(revoked.stdout).toMatch(/^Token ci-bot is revoked \(since \S+Z\)\.$/m);
    expect(await authenticateToken(db.db, secret)).toBeNull();
    const again = await cli('token', 'revoke', 'ci-bot', '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ name: 'ci-bot', revokedAt: expect.any(String) as unknown });
    const listed = await cli('token', 'list', '--json');
    expect((JSON.parse(listed.stdout) as TokenInfo[]).find((t) => t.name === 'ci-bot')!.revokedAt).not.toBeNull();
  });

  it('rejects bad input with a sentence naming the argument, and changes nothing', async () => {
    const cases: [string[], number, string][] = [
      [
        ['token', 'create', '--name', 'x', '--role', 'root'],
        2,
        "argument 'root' is invalid. Allowed choices are viewer, launcher, editor, admin.",
      ],
      [['token', 'create', '--name', 'x'], 2, "required option '--role <ROLE>' not specified"],
      [['token', 'create', '--role', 'viewer'], 2, "required option '--name <NAME>' not specified"],
      [
        ['token', 'create', '--name', 'x', '--role', 'viewer', '--expires', '1w'],
        2,
        "--expires must be a whole number of days, hours or minutes up to 3650d, such as 30d, 12h or 90m (got '1w')",
      ],
      [['token', 'create', '--name', 'x', '--role', 'viewer', '--expires', '0d'], 2, "(got '0d')"],
      [['token', 'create', '--name', 'x', '--role', 'viewer', '--expires', '9999d'], 2, "(got '9999d')"],
      [['token', 'create', '--name', 'has space', '--role', 'viewer'], 2, 'The token name is invalid'],
      [['token', 'create', '--name', 'cli', '--role', 'viewer'], 2, '"cli" is reserved'],
      [['token', 'create', '--name', 'ci-bot', '--role', 'admin'], 2, 'A token named "ci-bot" already exists'],
      [['token', 'revoke', 'nobody'], 2, 'No token is named "nobody".'],
      [['token', 'revoke'], 2, "missing required argument 'NAME'"],
      [['audit', '--limit', '0'], 2, "--limit must be a whole number from 1 to 1000 (got '0')"],
      [['audit', '--limit', 'ten'], 2, "(got 'ten')"],
    ];
    // Each case is refused without a change, so they may run at once (the list below proves nothing changed).
    const results = await Promise.all(cases.map(([args]) => cli(...args)));
    for (const [index, [args, code, message]] of cases.entries()) {
      expect([results[index]!.code, results[index]!.stderr], args.join(' ')).toEqual([code, expect.stringContaining(message)]);
    }
    const listed = JSON.parse((await cli('token', 'list', '--json')).stdout) as TokenInfo[];
    expect(listed.map((t) => [t.name, t.role])).toEqual([
      ['ci-bot', 'launcher'],
      ['viewer.1', 'viewer'],
    ]);
  }, 120_000); // thirteen short-lived processes, each loading the CLI
});

describe('tidepool audit', () => {
  it('shows the changes, newest first, under the actor "cli"', async () => {
    expect((await cli('instance', 'concurrency', 'set', 'database', '2')).code).toBe(0);
    const json = await cli('audit', '--json');
    expect(json.code).toBe(0);
    const entries = JSON.parse(json.stdout) as AuditEntry[];
    expect(entries.map((e) => [e.actor, e.action, e.target])).toEqual([
      ['cli', 'concurrency_limit.set', 'pool:database'],
      ['cli', 'token.revoke', 'token:ci-bot'],
      ['cli', 'token.create', 'token:viewer.1'],
      ['cli', 'token.create', 'token:ci-bot'],
    ]);
    expect(json.stdout).not.toContain('tp_');

    const limited = await cli('audit', '--limit', '2');
    expect(limited.code).toBe(0);
    const lines = limited.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\S+Z {2}cli {2}concurrency_limit\.set {2}pool:database {2}- -> \{"limit":2,"usingDefault":false\}$/);
    expect(lines[1]).toMatch(/ {2}cli {2}token\.revoke {2}token:ci-bot {2}\{"revokedAt":null\} -> \{"revokedAt":"\S+"\}$/);
  });
});

describe('tidepool serve in open mode', () => {
  // The output is read once each process has exited, when everything it printed has arrived.
  it('warns when it listens beyond this machine, and not on loopback', async () => {
    const options = { env: { ...env, TIDEPOOL_HOME: dir }, cwd: dir };
    const exposed = await startServe(['--no-daemon', '--host', '0.0.0.0', '--port', '0'], options);
    await exposed.stop();
    expect(exposed.output()).toContain('auth.mode is open and the server listens on 0.0.0.0');
    const local = await startServe(['--no-daemon', '--port', '0'], options);
    await local.stop();
    expect(local.output()).toContain('Tidepool is serving');
    expect(local.output()).not.toContain('auth.mode is open');
  });
});
