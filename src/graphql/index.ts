// Assembles the schema: importing each domain file registers its types on the builder.
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { authorizeSchema } from './authorize.js';
import { builder } from './builder.js';
import './instance.js';
import './definitions.js';
import './automation.js';
import './automation-mutations.js';
import './runs.js';
import './events.js';
import './execution-plan.js';
import './error-chain.js';
import './queue.js';
import './pools.js';
import './launch.js';
import './partitions.js';
import './backfills.js';
import './lifecycle.js';
import './subscriptions.js';
import './authorize.js';
import './audit.js';

// Every field that declares a permission is checked (authorize.ts); the schema is built once, checked once.
export const schema: GraphQLSchema = authorizeSchema(builder.toSchema());

/** The SDL committed as schema/schema.graphql; sorted so that the file diffs cleanly. */
export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
