// The audit log (NEW; Dagster's open-source webserver has none): who changed what, newest first.
// Admins only (read_audit_log).
import { GraphQLError } from 'graphql';
import { authorized } from './authorize.js';
import { MAX_AUDIT_PAGE, readAuditLog, type AuditEntry } from '../audit/audit-log.js';
import { builder, type GraphQLContext } from './builder.js';
import type { FieldCost } from './field-cost.js';

const DEFAULT_PAGE = 100;

interface AuditLogArgs {
  cursor?: string | null;
  limit?: number | null;
  target?: string | null;
}

builder.scalarType('JSONString', {
  description: "Dagster's JSONString: a JSON document, as a string.",
  serialize: (value) => String(value),
  parseValue: (value) => {
    if (typeof value !== 'string') throw new GraphQLError('A JSONString must be a string.');
    return value;
  },
});

const AuditLogEntry = builder.objectRef<AuditEntry>('AuditLogEntry').implement({
  description: 'NEW: one change: who (a token name, "open" or "cli"), what, to which target, and the values before and after.',
  fields: (t) => ({
    id: t.id({ resolve: (entry) => String(entry.id) }),
    timestamp: t.float({ description: 'Seconds since the epoch.', resolve: (entry) => entry.at.getTime() / 1000 }),
    actor: t.exposeString('actor'),
    action: t.exposeString('action'),
    target: t.exposeString('target'),
    before: t.field({
      type: 'JSONString',
      nullable: true,
      resolve: (entry) => (entry.before == null ? null : JSON.stringify(entry.before)),
    }),
    after: t.field({ type: 'JSONString', nullable: true, resolve: (entry) => (entry.after == null ? null : JSON.stringify(entry.after)) }),
  }),
});

const AuditLogPage = builder.objectRef<{ entries: AuditEntry[]; cursor: number | null }>('AuditLog').implement({
  fields: (t) => ({
    entries: t.field({ type: [AuditLogEntry], resolve: (page) => page.entries }),
    cursor: t.string({
      nullable: true,
      description: 'Pass it back for the next (older) page; null when there is none.',
      resolve: (page) => (page.cursor === null ? null : String(page.cursor)),
    }),
  }),
});

function badInput(message: string, argument: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argument } });
}

builder.queryField('auditLog', (t) =>
  t.field({
    type: AuditLogPage,
    description: 'NEW: the audit log, newest first (admins only).',
    extensions: { cost: { page: { argument: 'limit', default: DEFAULT_PAGE, max: MAX_AUDIT_PAGE, items: 'entries' } } satisfies FieldCost },
    args: { cursor: t.arg.string(), limit: t.arg.int(), target: t.arg.string() },
    resolve: authorized('read_audit_log', async (_root: unknown, { cursor, limit, target }: AuditLogArgs, ctx: GraphQLContext) => {
      const size = limit ?? DEFAULT_PAGE;
      if (size < 1 || size > MAX_AUDIT_PAGE)
        throw badInput(`The limit must be an integer from 1 to ${MAX_AUDIT_PAGE} (got ${size}).`, 'limit');
      if (cursor != null && !/^[1-9][0-9]{0,15}$/.test(cursor))
        throw badInput(`The cursor "${cursor.slice(0, 40)}" is not an audit log cursor.`, 'cursor');
      return readAuditLog(ctx.instance.database.api, {
        cursor: cursor == null ? null : Number(cursor),
        limit: size,
        target: target ?? undefined,
      });
    }),
  }),
);
