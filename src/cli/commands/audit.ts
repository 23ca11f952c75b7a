// `tidepool audit`: the newest entries of the audit log — who changed what, before and after.
import { MAX_AUDIT_PAGE, readAuditLog, type AuditEntry } from '../../audit/audit-log.js';
import { UsageError } from '../args.js';
import type { Invocation } from '../command-spec.js';
import { formatTime } from '../format-time.js';
import { printResult } from '../output.js';
import type { auditSpec } from '../specs/audit.js';
import { withInstance } from '../with-instance.js';

const DEFAULT_LIMIT = 50;

function describeEntry(entry: AuditEntry): string {
  const change = [entry.before, entry.after].map((value) => (value === null ? '-' : JSON.stringify(value))).join(' -> ');
  return `${formatTime(entry.at)}  ${entry.actor}  ${entry.action}  ${entry.target}  ${change}`;
}

export async function audit({ options: values }: Invocation<typeof auditSpec>): Promise<void> {
  const limitText = values.limit ?? String(DEFAULT_LIMIT);
  const limit = /^\d+$/.test(limitText) ? Number(limitText) : NaN;
  if (!(limit >= 1 && limit <= MAX_AUDIT_PAGE)) {
    throw new UsageError(`--limit must be a whole number from 1 to ${MAX_AUDIT_PAGE} (got '${limitText}').`);
  }
  await withInstance(values, [], async (instance) => {
    const { entries } = await readAuditLog(instance.database.db, { limit });
    printResult(values.json === true, entries, () =>
      entries.length === 0 ? 'The audit log is empty.' : entries.map(describeEntry).join('\n'),
    );
  });
}
