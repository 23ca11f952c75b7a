// The audit log: who changed what, and what it was before and after.
//
// Invariant: an audit entry commits with its change. recordAudit takes the change's own transaction, never
// the database, so a change and its entry commit or roll back together — no entry for a change that did
// not happen, no change without its entry. Every caller writes exactly one entry per change it makes.
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../db/database.js';
import { auditLog } from '../db/schema.js';
import type { Actor } from './actor.js';

export interface AuditEntry {
  /** Increasing with time; also the cursor of readAuditLog's pages. */
  id: number;
  at: Date;
  actor: Actor;
  action: string;
  /** What was changed, as `kind:name` (e.g. `pool:database`, `run:<id>`, `token:ci`). */
  target: string;
  before: unknown;
  after: unknown;
}

export interface AuditRecord {
  actor: Actor;
  action: string;
  target: string;
  before?: unknown;
  after?: unknown;
}

export const MAX_AUDIT_PAGE = 1000;

/** Writes one entry; `executor` must be the transaction that makes the change (see the invariant above). */
export async function recordAudit(executor: Executor, entry: AuditRecord): Promise<void> {
  await executor.insert(auditLog).values({
    actor: entry.actor,
    action: entry.action,
    target: entry.target,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}

/**
 * One page of the log, newest first. `cursor` is the id of the last entry of the previous page (null or
 * absent for the first page); the returned cursor is null when no older entry remains.
 */
export async function readAuditLog(
  db: Db,
  { cursor = null, limit, target }: { cursor?: number | null; limit: number; target?: string },
): Promise<{ entries: AuditEntry[]; cursor: number | null }> {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_AUDIT_PAGE) {
    throw new RangeError(`The audit log page size must be an integer from 1 to ${MAX_AUDIT_PAGE} (got ${limit}).`);
  }
  const conditions: SQL[] = [];
  if (cursor !== null) conditions.push(lt(auditLog.id, cursor));
  if (target !== undefined) conditions.push(eq(auditLog.target, target));
  // One row more than asked tells whether another page exists.
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const entries = rows.slice(0, limit);
  return { entries, cursor: rows.length > limit ? entries[entries.length - 1]!.id : null };
}
