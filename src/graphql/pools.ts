// Concurrency pools as Dagster's UI reads and sets them: instance.concurrencyLimits,
// instance.concurrencyLimit(concurrencyKey), and the limit and free mutations. The mutations keep
// Dagster's `Boolean!` results so Dagster clients work; bad input is a GraphQL error with a typed
// `extensions.code` (and the argument it concerns; see errors.ts), and changes nothing.
import { authorized } from './authorize.js';
import { freeConcurrencySlots, freeConcurrencySlotsForRun } from '../pools/free-slots.js';
import { allConcurrencyKeyInfos, concurrencyKeyInfo, type ConcurrencyKeyInfo, type PendingStep } from '../pools/pool-info.js';
import { checkConcurrencyKey, deleteConcurrencyLimit, setConcurrencyLimit } from '../pools/pool-limits.js';
import type { FieldCost } from './field-cost.js';
import { builder } from './builder.js';
import { answering } from './errors.js';
import { InstanceType } from './instance.js';

const ClaimedConcurrencySlot = builder.objectRef<{ runId: string; stepKey: string }>('ClaimedConcurrencySlot').implement({
  fields: (t) => ({ runId: t.exposeString('runId'), stepKey: t.exposeString('stepKey') }),
});

const PendingConcurrencyStep = builder.objectRef<PendingStep>('PendingConcurrencyStep').implement({
  fields: (t) => ({
    runId: t.exposeString('runId'),
    stepKey: t.exposeString('stepKey'),
    enqueuedTimestamp: t.float({ resolve: (step) => step.enqueuedTimestamp.getTime() / 1000 }),
    assignedTimestamp: t.float({
      nullable: true,
      resolve: (step) => (step.assignedTimestamp ? step.assignedTimestamp.getTime() / 1000 : null),
    }),
    priority: t.int({ nullable: true, resolve: (step) => step.priority }),
  }),
});

export const ConcurrencyKeyInfoType = builder.objectRef<ConcurrencyKeyInfo>('ConcurrencyKeyInfo').implement({
  fields: (t) => ({
    concurrencyKey: t.exposeString('concurrencyKey'),
    slotCount: t.int({
      description: 'The effective limit (0 when the pool has no limit, as in Dagster).',
      resolve: (i) => i.slotCount ?? 0,
    }),
    limit: t.exposeInt('limit', { nullable: true, description: 'NEW: the effective limit; null when the pool is unlimited.' }),
    usingDefaultLimit: t.exposeBoolean('usingDefaultLimit', {
      nullable: true,
      description: 'NEW: whether the limit is concurrency.pools.default_limit (no limit of its own was set).',
    }),
    claimedSlots: t.field({ type: [ClaimedConcurrencySlot], resolve: (i) => i.claimedSlots }),
    pendingSteps: t.field({ type: [PendingConcurrencyStep], resolve: (i) => i.pendingSteps }),
    activeSlotCount: t.exposeInt('activeSlotCount'),
    activeRunIds: t.exposeStringList('activeRunIds'),
    pendingStepCount: t.exposeInt('pendingStepCount'),
    pendingStepRunIds: t.exposeStringList('pendingStepRunIds'),
    assignedStepCount: t.exposeInt('assignedStepCount'),
    assignedStepRunIds: t.exposeStringList('assignedStepRunIds'),
  }),
});

builder.objectFields(InstanceType, (t) => ({
  concurrencyLimits: t.field({
    type: [ConcurrencyKeyInfoType],
    description: 'Every pool with a limit, a claim or a waiting step, by key.',
    // A few queries over every pool's limits, claims and waiting steps (rows: the steps that use pools now).
    extensions: { cost: { weight: 20 } satisfies FieldCost },
    resolve: (instance) => allConcurrencyKeyInfos(instance.database.api, instance.config),
  }),
  concurrencyLimit: t.field({
    type: ConcurrencyKeyInfoType,
    // Optional in Dagster's signature; a missing key is refused like an invalid one (checkConcurrencyKey).
    args: { concurrencyKey: t.arg.string() },
    // The same queries for one pool.
    extensions: { cost: { weight: 5 } satisfies FieldCost },
    resolve: answering((instance, { concurrencyKey }) =>
      concurrencyKeyInfo(instance.database.api, instance.config, checkConcurrencyKey(concurrencyKey)),
    ),
  }),
}));

builder.mutationFields((t) => ({
  setConcurrencyLimit: t.boolean({
    description: 'Set a pool limit (0..1000). Lowering it revokes no held slot; raising it serves waiting steps at once.',
    args: { concurrencyKey: t.arg.string({ required: true }), limit: t.arg.int({ required: true }) },
    resolve: authorized(
      'edit_concurrency_limit',
      answering(async (_root, { concurrencyKey, limit }, ctx) => {
        await setConcurrencyLimit(ctx.instance.database.api, ctx.instance.config, concurrencyKey, limit, ctx.caller.actor);
        return true;
      }),
    ),
  }),
  deleteConcurrencyLimit: t.boolean({
    description: 'Remove a pool limit: the pool becomes unlimited, or follows concurrency.pools.default_limit when set.',
    args: { concurrencyKey: t.arg.string({ required: true }) },
    resolve: authorized(
      'edit_concurrency_limit',
      answering(async (_root, { concurrencyKey }, ctx) => {
        await deleteConcurrencyLimit(ctx.instance.database.api, ctx.instance.config, concurrencyKey, ctx.caller.actor);
        return true;
      }),
    ),
  }),
  freeConcurrencySlotsForRun: t.boolean({
    description: 'Free every slot and waiting claim of a run (recorded as an engine event on the run).',
    args: { runId: t.arg.string({ required: true }) },
    resolve: authorized(
      'edit_concurrency_limit',
      answering(async (_root, { runId }, ctx) => {
        await freeConcurrencySlotsForRun(ctx.instance.database.api, runId, ctx.caller.actor);
        return true;
      }),
    ),
  }),
  freeConcurrencySlots: t.boolean({
    description: 'Free the slots of one step of a run (or of the whole run without stepKey), recorded as an engine event.',
    args: { runId: t.arg.string({ required: true }), stepKey: t.arg.string() },
    resolve: authorized(
      'edit_concurrency_limit',
      answering(async (_root, { runId, stepKey }, ctx) => {
        await freeConcurrencySlots(ctx.instance.database.api, runId, stepKey ?? null, ctx.caller.actor);
        return true;
      }),
    ),
  }),
}));
