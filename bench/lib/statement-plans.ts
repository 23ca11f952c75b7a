// Per-statement EXPLAIN ANALYZE of engine code as it really runs: a drizzle Db whose connections, inside a
// transaction, first run each statement under EXPLAIN (ANALYZE, BUFFERS) in a savepoint that is rolled
// back, then run it for real. The plans are therefore of the exact SQL and parameters, in the exact state
// (locks held, earlier statements applied). Only for diagnosis: the doubled work makes it useless as a
// timing of the whole operation.
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { Db } from '../../src/db/database.js';
import * as schema from '../../src/db/schema.js';

export interface StatementPlan {
  statement: string;
  planningMs: number;
  executionMs: number;
  /** Rows the top plan node returned. */
  rows: number;
  sharedHitBlocks: number;
  sharedReadBlocks: number;
  /** The plan tree, one node per line. */
  plan: string[];
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Actual Total Time'?: number;
  'Rows Removed by Filter'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

type Query = (config: unknown, values?: unknown) => Promise<pg.QueryResult>;

const EXPLAINABLE = /^\s*(select|with|insert|update|delete)\b/i;

export async function withStatementPlans<T>(url: string, fn: (db: Db) => Promise<T>): Promise<{ value: T; plans: StatementPlan[] }> {
  const plans: StatementPlan[] = [];
  const pool = new pg.Pool({ connectionString: url, max: 1, application_name: 'bench:explain' });
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as unknown as Query;
    let inTransaction = false;
    const explaining: Query = async (config, values) => {
      const text = typeof config === 'string' ? config : (config as { text: string }).text;
      const params = (typeof config === 'object' && config !== null && 'values' in config ? config.values : values) as
        unknown[] | undefined;
      if (/^\s*begin\b/i.test(text)) inTransaction = true;
      if (/^\s*(commit|rollback)\b/i.test(text)) inTransaction = false;
      if (inTransaction && EXPLAINABLE.test(text)) {
        await query('savepoint bench_explain');
        const result = await query({ text: `explain (analyze, buffers, format json) ${text}`, values: params });
        await query('rollback to savepoint bench_explain');
        plans.push(toStatementPlan(text, result.rows[0]['QUERY PLAN'][0]));
      }
      return query(config, values);
    };
    (client as unknown as { query: Query }).query = explaining;
  });
  const db = drizzle(pool, { schema }) as unknown as Db;
  try {
    return { value: await fn(db), plans };
  } finally {
    await pool.end();
  }
}

function toStatementPlan(text: string, explained: { Plan: PlanNode; 'Planning Time': number; 'Execution Time': number }): StatementPlan {
  const lines: string[] = [];
  const walk = (node: PlanNode, depth: number) => {
    const on = node['Relation Name'] ? ` on ${node['Relation Name']}` : '';
    const using = node['Index Name'] ? ` using ${node['Index Name']}` : '';
    const removed = node['Rows Removed by Filter'] ? ` removed-by-filter=${node['Rows Removed by Filter']}` : '';
    lines.push(
      `${'  '.repeat(depth)}${node['Node Type']}${on}${using} rows=${node['Actual Rows']}${removed} loops=${node['Actual Loops']} ` +
        `time=${node['Actual Total Time']}ms hit=${node['Shared Hit Blocks'] ?? 0} read=${node['Shared Read Blocks'] ?? 0}`,
    );
    for (const child of node.Plans ?? []) walk(child, depth + 1);
  };
  walk(explained.Plan, 0);
  return {
    statement: labelOf(text),
    planningMs: explained['Planning Time'],
    executionMs: explained['Execution Time'],
    rows: explained.Plan['Actual Rows'] ?? 0,
    sharedHitBlocks: explained.Plan['Shared Hit Blocks'] ?? 0,
    sharedReadBlocks: explained.Plan['Shared Read Blocks'] ?? 0,
    plan: lines,
  };
}

/** A short name for a statement: its first 90 characters, whitespace collapsed. */
function labelOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 90 ? `${flat.slice(0, 87)}...` : flat;
}
