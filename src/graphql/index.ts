// Assembles the schema: importing each domain file registers its types on the builder.
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { authorizeSchema } from './authorize.js';
import { builder } from './builder.js';
import './instance.js';
import './definitions.js';
import './automation.js';
import './automation-mutations.js';
import './runs.js';
import './run-assets.js';
import './run-origin.js';
import './event-fields.js';
import './dormant-events.js';
import './events.js';
import './metadata.js';
import './execution-plan.js';
import './workspace.js';
import './error-chain.js';
import './retry-events.js';
import './queue.js';
import './pools.js';
import './launch.js';
import './reexecution.js';
import './partitions.js';
import './backfills.js';
import './runs-feed.js';
import './lifecycle.js';
import './subscriptions.js';
import './captured-logs.js';
import './authorize.js';
import './audit.js';

// Every field that declares a permission is checked (authorize.ts); the schema is built once, checked once.
export const schema: GraphQLSchema = authorizeSchema(builder.toSchema());

/** The SDL committed as schema/schema.graphql; sorted so that the file diffs cleanly. */
export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
