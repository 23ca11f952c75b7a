// The token store and the audit log on a real Postgres: secrets shown once and stored hashed, names checked,
// revocation and expiry honoured by authenticateToken and tokensStillValid, last-used written at most once a
// minute, and one audit entry per change in the change's own transaction.
import { sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { readAuditLog } from '../../src/audit/audit-log.js';
import {
  InvalidTokenExpiryError,
  InvalidTokenNameError,
  InvalidTokenRoleError,
  TokenNameTakenError,
  TokenNotFoundError,
} from '../../src/auth/errors.js';
import type { Role } from '../../src/auth/permissions.js';
import { authenticateToken, createToken, listTokens, revokeToken, tokensStillValid } from '../../src/auth/tokens.js';
import { queryRows } from '../../src/db/database.js';
import { testWithDb } from '../support/db-test.js';

const test = testWithDb;

const HOUR = 3_600_000;

describe('token store', () => {
  test('a created token authenticates with its secret; only the hash is stored', async ({ db }) => {
    const { token, secret } = await createToken(db, { name: 'ci-bot', role: 'launcher', expiresAt: null }, 'admin-token');
    expect(secret).toMatch(/^tp_[A-Za-z0-9_-]{43}$/);
    expect(token).toMatchObject({ name: 'ci-bot', role: 'launcher', expiresAt: null, lastUsedAt: null, revokedAt: null });
    expect(Object.keys(token).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'lastUsedAt', 'name', 'revokedAt', 'role']);

    const stored = await queryRows<{ secret_hash: string }>(db, sql`select secret_hash from api_tokens`);
    expect(stored).toEqual([{ secret_hash: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown }]);
    expect(stored[0]!.secret_hash).not.toContain(secret.slice(3));

    const authenticated = await authenticateToken(db, secret);
    expect(authenticated).toMatchObject({ id: token.id, name: 'ci-bot', role: 'launcher' });
    expect(authenticated!.lastUsedAt).toBeInstanceOf(Date);
    expect(await listTokens(db)).toEqual([{ ...token, lastUsedAt: authenticated!.lastUsedAt }]);
  });

  test('unknown, malformed and near-miss secrets authenticate nothing', async ({ db }) => {
    const { secret } = await createToken(db, { name: 'a', role: 'viewer', expiresAt: null }, 'cli');
    const flipped = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
    for (const presented of ['', 'tp_', flipped, secret + 'x', secret.slice(3), `Bearer ${secret}`, 'x'.repeat(10_000)]) {
      expect(await authenticateToken(db, presented)).toBeNull();
    }
  });

  test('revocation and expiry end a token; revoking twice records one entry', async ({ db }) => {
    const kept = await createToken(db, { name: 'kept', role: 'admin', expiresAt: new Date(Date.now() + HOUR) }, 'cli');
    const revoked = await createToken(db, { name: 'revoked', role: 'editor', expiresAt: null }, 'cli');
    const expiring = await createToken(db, { name: 'expiring', role: 'viewer', expiresAt: new Date(Date.now() + HOUR) }, 'cli');
    // Time passes for one token only: its expiry moves into the past.
    await db.execute(sql`update api_tokens set expires_at = now() - interval '1 second' where name = 'expiring'`);

    const first = await revokeToken(db, 'revoked', 'root');
    expect(first.revokedAt).toBeInstanceOf(Date);
    expect(await revokeToken(db, 'revoked', 'root')).toEqual(first);
    await expect(revokeToken(db, 'nobody', 'root')).rejects.toBeInstanceOf(TokenNotFoundError);

    expect(await authenticateToken(db, kept.secret)).toMatchObject({ name: 'kept' });
    expect(await authenticateToken(db, revoked.secret)).toBeNull();
    expect(await authenticateToken(db, expiring.secret)).toBeNull();
    const ids = [kept.token.id, revoked.token.id, expiring.token.id, '00000000-0000-4000-8000-000000000000', 'not-a-uuid'];
    expect(await tokensStillValid(db, ids)).toEqual(new Set([kept.token.id]));
    expect(await tokensStillValid(db, [])).toEqual(new Set());

    const { entries } = await readAuditLog(db, { limit: 10, target: 'token:revoked' });
    expect(entries.map((e) => [e.actor, e.action])).toEqual([
      ['root', 'token.revoke'],
      ['cli', 'token.create'],
    ]);
    expect(entries[0]!.before).toEqual({ revokedAt: null });
    expect(entries[0]!.after).toEqual({ revokedAt: first.revokedAt!.toISOString() });
  });

  test('last used is written at most once a minute', async ({ db }) => {
    const { token, secret } = await createToken(db, { name: 'busy', role: 'viewer', expiresAt: null }, 'cli');
    const lastUsed = async () =>
      (await queryRows<{ at: string }>(db, sql`select last_used_at::text as at from api_tokens where id = ${token.id}`))[0]!.at;
    await authenticateToken(db, secret);
    const first = await lastUsed();
    for (let i = 0; i < 5; i++) await authenticateToken(db, secret);
    expect(await lastUsed()).toBe(first);
    await db.execute(sql`update api_tokens set last_used_at = now() - interval '2 minutes' where id = ${token.id}`);
    const stale = await lastUsed();
    await authenticateToken(db, secret);
    expect(await lastUsed()).not.toBe(stale);
  });

  test('names, roles and expiries are checked before anything is written', async ({ db }) => {
    const bad = async (name: string, role: string, expiresAt: Date | null) =>
      createToken(db, { name, role: role as Role, expiresAt }, 'cli').catch((error: unknown) => error);
    for (const name of ['', 'x'.repeat(101), 'has space', 'slash/es', 'ünï', 'open', 'cli']) {
      expect(await bad(name, 'viewer', null)).toBeInstanceOf(InvalidTokenNameError);
    }
    expect(await bad('ok', 'root', null)).toBeInstanceOf(InvalidTokenRoleError);
    expect(await bad('ok', 'viewer', new Date(Date.now() - 1000))).toBeInstanceOf(InvalidTokenExpiryError);
    expect(await bad('ok', 'viewer', new Date(Number.NaN))).toBeInstanceOf(InvalidTokenExpiryError);
    await createToken(db, { name: 'x'.repeat(100), role: 'viewer', expiresAt: null }, 'cli');
    await createToken(db, { name: 'A-z_0.9', role: 'viewer', expiresAt: null }, 'cli');
    expect((await listTokens(db)).length).toBe(2);
    expect((await readAuditLog(db, { limit: 10 })).entries.length).toBe(2);
  });

  test('a taken name is a typed error that writes nothing, even for a revoked token', async ({ db }) => {
    await createToken(db, { name: 'dup', role: 'viewer', expiresAt: null }, 'cli');
    await revokeToken(db, 'dup', 'cli');
    const error = await createToken(db, { name: 'dup', role: 'admin', expiresAt: null }, 'cli').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenNameTakenError);
    expect((await listTokens(db)).map((t) => [t.name, t.role])).toEqual([['dup', 'viewer']]);
    expect((await readAuditLog(db, { limit: 10 })).entries.map((e) => e.action)).toEqual(['token.revoke', 'token.create']);
  });

  test('the audit entry of a creation records role and expiry, never the secret', async ({ db }) => {
    const expiresAt = new Date(Date.now() + HOUR);
    const { secret } = await createToken(db, { name: 'audited', role: 'editor', expiresAt }, 'boss');
    const [entry] = (await readAuditLog(db, { limit: 1 })).entries;
    expect(entry).toMatchObject({ actor: 'boss', action: 'token.create', target: 'token:audited', before: null });
    expect(entry!.after).toEqual({ role: 'editor', expiresAt: expiresAt.toISOString() });
    const everything = await queryRows<{ text: string }>(db, sql`select row_to_json(a)::text as text from audit_log a`);
    for (const row of everything) expect(row.text).not.toContain(secret.slice(3));
  });
});

describe('audit log pages', () => {
  test('newest first, by cursor, optionally for one target', async ({ db }) => {
    for (let i = 0; i < 5; i++) await createToken(db, { name: `t${i}`, role: 'viewer', expiresAt: null }, `actor${i}`);
    const first = await readAuditLog(db, { limit: 2 });
    expect(first.entries.map((e) => e.target)).toEqual(['token:t4', 'token:t3']);
    const second = await readAuditLog(db, { limit: 2, cursor: first.cursor });
    expect(second.entries.map((e) => e.target)).toEqual(['token:t2', 'token:t1']);
    const last = await readAuditLog(db, { limit: 2, cursor: second.cursor });
    expect(last).toEqual({ entries: [expect.objectContaining({ target: 'token:t0', actor: 'actor0' })], cursor: null });
    expect((await readAuditLog(db, { limit: 5 })).cursor).toBeNull();
    expect((await readAuditLog(db, { limit: 10, target: 'token:t3' })).entries.map((e) => e.actor)).toEqual(['actor3']);
    await expect(readAuditLog(db, { limit: 0 })).rejects.toBeInstanceOf(RangeError);
  });
});
