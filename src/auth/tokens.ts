// API tokens: created and revoked by admins, presented by callers as `Authorization: Bearer tp_…`.
//
// Only the sha256 of a secret is stored: the secret is shown once, at creation, and a stolen table does not
// let anyone in. A secret is 32 random bytes, so a plain (unsalted, fast) hash is enough — there is nothing
// to brute-force. Secrets never appear in logs, errors or the audit log.
//
// authenticateToken runs on every request in tokens mode, so it is one indexed read; the last-used time is
// written at most once a minute per token, by a conditional UPDATE that is a no-op when another request
// already wrote it.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { apiTokens } from '../db/schema.js';
import { NON_TOKEN_ACTORS, type Actor } from '../audit/actor.js';
import { recordAudit } from '../audit/audit-log.js';
import {
  InvalidTokenExpiryError,
  InvalidTokenNameError,
  InvalidTokenRoleError,
  TokenNameTakenError,
  TokenNotFoundError,
} from './errors.js';
import { isRole, type Role } from './permissions.js';

export interface TokenInfo {
  id: string;
  name: string;
  role: Role;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const SECRET_PREFIX = 'tp_';
const SECRET_BYTES = 32;
/** 'tp_' and the base64url of 32 bytes (43 characters, no padding). */
const SECRET_SHAPE = /^tp_[A-Za-z0-9_-]{43}$/;
const NAME_SHAPE = /^[A-Za-z0-9_.-]+$/;
const MAX_NAME_LENGTH = 100;
/** How often the last-used time is written at most, per token. */
const LAST_USED_EVERY_SECONDS = 60;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every column but the hash: nothing outside this file ever reads secret_hash. */
const INFO_COLUMNS = {
  id: apiTokens.id,
  name: apiTokens.name,
  role: apiTokens.role,
  createdAt: apiTokens.createdAt,
  expiresAt: apiTokens.expiresAt,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
};

type InfoRow = Omit<TokenInfo, 'role'> & { role: string };

function toInfo(row: InfoRow): TokenInfo {
  return { ...row, role: row.role as Role };
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function checkTokenName(name: string): string {
  if (name.length === 0) throw new InvalidTokenNameError(name, 'it is empty.');
  if (name.length > MAX_NAME_LENGTH) throw new InvalidTokenNameError(name, `it is longer than ${MAX_NAME_LENGTH} characters.`);
  if (!NAME_SHAPE.test(name)) throw new InvalidTokenNameError(name, `"${name}" may use only letters, digits, '_', '.' and '-'.`);
  if (NON_TOKEN_ACTORS.includes(name))
    throw new InvalidTokenNameError(name, `"${name}" is reserved: the audit log uses it for changes made without a token.`);
  return name;
}

/** Neither revoked nor expired, by the database's clock (the same clock for every process). */
function usableNow() {
  return and(isNull(apiTokens.revokedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql`now()`)));
}

/** The target audit entries of a token name. */
function tokenTarget(name: string): string {
  return `token:${name}`;
}

/** Creates a token; the secret is returned here and never again (only its hash is stored). */
export async function createToken(
  db: Db,
  { name, role, expiresAt }: { name: string; role: Role; expiresAt: Date | null },
  actor: Actor,
): Promise<{ token: TokenInfo; secret: string }> {
  const tokenName = checkTokenName(name);
  if (!isRole(role)) throw new InvalidTokenRoleError(role);
  if (expiresAt !== null && !(expiresAt.getTime() > Date.now())) throw new InvalidTokenExpiryError(expiresAt);
  const secret = SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64url');
  return db.transaction(async (tx) => {
    // on conflict do nothing rather than catching the unique violation, which would abort the transaction.
    const [row] = await tx
      .insert(apiTokens)
      .values({ name: tokenName, role, secretHash: hashSecret(secret), expiresAt })
      .onConflictDoNothing({ target: apiTokens.name })
      .returning(INFO_COLUMNS);
    if (!row) throw new TokenNameTakenError(tokenName);
    await recordAudit(tx, {
      actor,
      action: 'token.create',
      target: tokenTarget(tokenName),
      after: { role, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return { token: toInfo(row), secret };
  });
}

/** Every token, oldest first, revoked ones included; never their hashes. */
export async function listTokens(db: Db): Promise<TokenInfo[]> {
  const rows = await db.select(INFO_COLUMNS).from(apiTokens).orderBy(asc(apiTokens.createdAt), asc(apiTokens.name));
  return rows.map(toInfo);
}

/**
 * Revokes a token: it authenticates nothing from now on. Revoking a revoked token is no error and no
 * change: it returns the token as it is and records no second audit entry.
 */
export async function revokeToken(db: Db, name: string, actor: Actor): Promise<TokenInfo> {
  return db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(apiTokens)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(apiTokens.name, name), isNull(apiTokens.revokedAt)))
      .returning(INFO_COLUMNS);
    if (revoked) {
      await recordAudit(tx, {
        actor,
        action: 'token.revoke',
        target: tokenTarget(name),
        before: { revokedAt: null },
        after: { revokedAt: revoked.revokedAt?.toISOString() ?? null },
      });
      return toInfo(revoked);
    }
    const [existing] = await tx.select(INFO_COLUMNS).from(apiTokens).where(eq(apiTokens.name, name));
    if (!existing) throw new TokenNotFoundError(name);
    return toInfo(existing);
  });
}

/**
 * The lookup of every authenticated request, prepared once per database handle: built by drizzle once and
 * planned by Postgres once per connection, not per request.
 */
const lookups = new WeakMap<Db, ReturnType<typeof prepareLookup>>();

function prepareLookup(db: Db) {
  return db
    .select({ ...INFO_COLUMNS, secretHash: apiTokens.secretHash })
    .from(apiTokens)
    .where(and(eq(apiTokens.secretHash, sql.placeholder('hash')), usableNow()))
    .prepare('tidepool_authenticate_token');
}

function lookupStatement(db: Db): ReturnType<typeof prepareLookup> {
  let statement = lookups.get(db);
  if (!statement) lookups.set(db, (statement = prepareLookup(db)));
  return statement;
}

/** The token a secret belongs to, or null when it is unknown, revoked or expired. */
export async function authenticateToken(db: Db, secret: string): Promise<TokenInfo | null> {
  // Anything not shaped like a secret cannot match one: no query for it.
  if (!SECRET_SHAPE.test(secret)) return null;
  const presented = hashSecret(secret);
  const [row] = await lookupStatement(db).execute({ hash: presented });
  // The index lookup compares hashes, whose timing says nothing useful about the secret; the constant-time
  // comparison makes sure no path from a presented secret to a token ends in an early-exit comparison.
  if (!row || !timingSafeEqual(Buffer.from(row.secretHash, 'hex'), Buffer.from(presented, 'hex'))) return null;
  const { secretHash: _hash, ...info } = row;
  if (info.lastUsedAt === null || Date.now() - info.lastUsedAt.getTime() >= LAST_USED_EVERY_SECONDS * 1000) {
    // Conditional on the stored time, so concurrent requests of other processes write it once between them.
    const [touched] = await db
      .update(apiTokens)
      .set({ lastUsedAt: sql`now()` })
      .where(
        and(
          eq(apiTokens.id, info.id),
          or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, sql`now() - ${LAST_USED_EVERY_SECONDS} * interval '1 second'`)),
        ),
      )
      .returning({ lastUsedAt: apiTokens.lastUsedAt });
    if (touched) info.lastUsedAt = touched.lastUsedAt;
  }
  return toInfo(info);
}

/** Which of these token ids are neither revoked nor expired now (open WebSockets are rechecked with it). */
export async function tokensStillValid(db: Db, ids: string[]): Promise<Set<string>> {
  const candidates = [...new Set(ids.filter((id) => UUID.test(id)))];
  if (candidates.length === 0) return new Set();
  const rows = await db
    .select({ id: apiTokens.id })
    .from(apiTokens)
    .where(and(inArray(apiTokens.id, candidates), usableNow()));
  return new Set(rows.map((row) => row.id));
}
