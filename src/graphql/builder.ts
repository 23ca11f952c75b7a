// The one typed SchemaBuilder. Each domain file adds its own types and fields; index.ts assembles.
import type { Caller } from '../auth/caller.js';
import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import type { CodeLocation, LoadedDefinitions } from '../definitions/index.js';
import type { Instance } from '../instance/instance.js';
import type { Logger } from '../log/index.js';
import type { SubscriptionHub } from '../subscriptions/hub.js';
import type { RequestLoader } from './request-loader.js';

export interface GraphQLContext {
  instance: Instance;
  /** The code location this server serves (jobs, assets), or null when started without definitions. */
  location: LoadedDefinitions | null;
  /** The holder `location` was read from (reloads, load status: graphql/workspace.ts); absent where nothing reloads. */
  codeLocation?: CodeLocation | null;
  /** This process's subscription hub: every live subscription is fed from it. */
  hub: SubscriptionHub;
  /**
   * Who is asking, for per-client limits (launch rate, connections, subscriptions): the remote address
   * until access control gives clients names.
   */
  client: string;
  /** This execution's batched, cached reads (one per request, and one per subscription payload). */
  loader: RequestLoader;
  /** Who is calling, with their role (src/auth): resolved once per request or WebSocket connection. */
  caller: Caller;
  /** The request's logger: its `requestId`, and its `operationName` once known (src/server/request-log.ts). */
  log: Logger;
  /**
   * The `Idempotency-Key` header of an HTTP request (graphql/launch.ts turns it into the launch's
   * `tidepool/idempotency_key` tag); absent over WebSocket, whose upgrade headers would cover every operation.
   */
  idempotencyKey?: string | null;
}

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  DefaultFieldNullability: false;
  Scalars: {
    JSONString: { Input: string; Output: string };
    /** Dagster's BigInt (tick ids): an integer given as a number or a string of digits. */
    BigInt: { Input: string; Output: string };
    /** Dagster's RunConfigData: a run config given as an object or as a YAML/JSON string. */
    RunConfigData: { Input: unknown; Output: unknown };
    /** Dagster's GenericScalar: any JSON value (an evaluation stack's map key). */
    GenericScalar: { Input: unknown; Output: unknown };
  };
}>({
  plugins: [ErrorsPlugin],
  defaultFieldNullability: false,
  errors: { defaultTypes: [] },
});

builder.queryType({});

/** Dagster's common error interface: every expected failure is a union member implementing it. */
export const ErrorInterface = builder.interfaceRef<{ message: string }>('Error').implement({
  fields: (t) => ({ message: t.exposeString('message') }),
});
