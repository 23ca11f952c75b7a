// Who may run which field. Every mutation and subscription (and the few queries that need more than
// reading) resolves through `authorized(requirement, resolve)`, which checks the Requirement and carries
// it for the schema's checks and tests (declaredRequirement); `authorizeSchema` refuses to build a schema
// with a mutation or subscription that does not. A refusal takes the one route of errors.ts:
// the UnauthorizedError member where the result union has one (as Dagster's do), else a GraphQL error
// with `extensions.code: UNAUTHORIZED`. The `permissions` query and the Run's has…Permission fields report
// the same answers from the same table (src/auth/permissions.ts).
import { GraphQLError, type GraphQLField, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { permissionOf } from '../auth/caller.js';
import { PERMISSIONS, type Requirement } from '../auth/permissions.js';
import { UnauthorizedError } from '../auth/unauthorized.js';
import { builder, ErrorInterface, type GraphQLContext } from './builder.js';
import { answer } from './errors.js';
import { RunRef } from './refs.js';

// Registered for the result unions that list UnauthorizedError (they name the class, as the errors plugin wants).
builder.objectType(UnauthorizedError, {
  name: 'UnauthorizedError',
  interfaces: [ErrorInterface],
});

/** The Requirement a resolver built by `authorized` (or subscribe function by `authorizedSubscription`) checks. */
const REQUIREMENT = Symbol('requirement checked by authorize.ts');

type Checked = { [REQUIREMENT]?: Requirement };

/** The Requirement a field's resolver (or subscribe function) checks, read from the options it was defined with. */
export function declaredRequirement(field: GraphQLField<unknown, unknown>): Requirement | undefined {
  const options = (field.extensions as { pothosOptions?: { resolve?: Checked; subscribe?: Checked } } | undefined)?.pothosOptions;
  return options?.subscribe?.[REQUIREMENT] ?? options?.resolve?.[REQUIREMENT];
}

function refusal(ctx: GraphQLContext, requirement: Requirement): UnauthorizedError | null {
  const { enabled, disabledReason } = permissionOf(ctx.caller, requirement);
  return enabled ? null : new UnauthorizedError(requirement, disabledReason!);
}

type Resolver<Parent, Args, Context, Result> = (parent: Parent, args: Args, ctx: Context, info: GraphQLResolveInfo) => Result;

/** `fn` checking `requirement` first, answering a refusal with `refuse`; it carries the Requirement. */
function checking<Parent, Args, Context extends GraphQLContext, Result>(
  requirement: Requirement,
  fn: Resolver<Parent, Args, Context, Result>,
  refuse: (refused: UnauthorizedError, info: GraphQLResolveInfo) => Result,
): Resolver<Parent, Args, Context, Result> {
  const checked: Resolver<Parent, Args, Context, Result> & Checked = (parent, args, ctx, info) => {
    const refused = refusal(ctx, requirement);
    return refused ? refuse(refused, info) : fn(parent, args, ctx, info);
  };
  checked[REQUIREMENT] = requirement;
  return checked;
}

/**
 * `resolve` checking `requirement` first. The check runs inside the field's error handling, so a refusal
 * is the result union's UnauthorizedError member where it has one, else a GraphQL error coded
 * UNAUTHORIZED (errors.ts).
 */
export function authorized<Parent, Args, Context extends GraphQLContext, Result>(
  requirement: Requirement,
  resolve: Resolver<Parent, Args, Context, Result>,
): Resolver<Parent, Args, Context, Result> {
  return checking(requirement, resolve, (refused, info) => answer<Result>(refused, info));
}

/** `subscribe` checking `requirement` once, when the subscription is set up (a GraphQL error coded UNAUTHORIZED). */
export function authorizedSubscription<Parent, Args, Context extends GraphQLContext, Result>(
  requirement: Requirement,
  subscribe: Resolver<Parent, Args, Context, Result>,
): Resolver<Parent, Args, Context, Result> {
  return checking(requirement, subscribe, (refused) => {
    throw new GraphQLError(refused.message, { extensions: { code: 'UNAUTHORIZED', permission: requirement } });
  });
}

/**
 * Checks, when the schema is built, that every mutation and subscription resolves through `authorized`
 * or `authorizedSubscription` (and so declares and checks a Requirement): a new one that does not fails
 * here, before any request could reach it.
 */
export function authorizeSchema(schema: GraphQLSchema): GraphQLSchema {
  for (const root of [schema.getMutationType(), schema.getSubscriptionType()]) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      if (declaredRequirement(field) === undefined) {
        throw new Error(`${root!.name}.${field.name} does not resolve through authorized(...): it declares and checks no permission.`);
      }
    }
  }
  return schema;
}

export const PermissionType = builder
  .objectRef<{ permission: string; value: boolean; disabledReason: string | null }>('Permission')
  .implement({
    fields: (t) => ({
      permission: t.exposeString('permission'),
      value: t.exposeBoolean('value'),
      disabledReason: t.exposeString('disabledReason', { nullable: true }),
    }),
  });

builder.queryField('permissions', (t) =>
  t.field({
    type: [PermissionType],
    description: "What the caller may do: Dagster's permission names (and Tidepool's manage_tokens, read_audit_log).",
    resolve: (_root, _args, ctx) =>
      PERMISSIONS.map((permission) => {
        const { enabled, disabledReason } = permissionOf(ctx.caller, permission);
        return { permission, value: enabled, disabledReason };
      }),
  }),
);

builder.objectFields(RunRef, (t) => ({
  hasTerminatePermission: t.boolean({ resolve: (_run, _args, ctx) => permissionOf(ctx.caller, 'terminate_pipeline_execution').enabled }),
  hasDeletePermission: t.boolean({ resolve: (_run, _args, ctx) => permissionOf(ctx.caller, 'delete_pipeline_run').enabled }),
  hasReExecutePermission: t.boolean({ resolve: (_run, _args, ctx) => permissionOf(ctx.caller, 'launch_pipeline_reexecution').enabled }),
}));
