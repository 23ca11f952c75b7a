// "Why is my run queued?" on the Run type (SPEC §7): queueBlockers and queuePosition.
import { queueBlockers, queuePosition } from '../queue/queue-blockers.js';
import { BLOCKER_KINDS, type QueueBlocker } from '../queue/run-limits.js';
import type { FieldCost } from './field-cost.js';
import { builder } from './builder.js';
import { RunRef } from './refs.js';

const BlockerKindEnum = builder.enumType('QueueBlockerKind', { values: BLOCKER_KINDS });

const QueueBlockerType = builder.objectRef<QueueBlocker>('QueueBlocker').implement({
  description: 'NEW: one reason a queued run waits.',
  fields: (t) => ({
    kind: t.field({ type: BlockerKindEnum, resolve: (b) => b.kind }),
    key: t.exposeString('key', { nullable: true, description: 'The tag key (TAG_LIMIT) or the pool (POOL_LIMIT).' }),
    value: t.exposeString('value', { nullable: true }),
    limit: t.exposeInt('limit', { nullable: true }),
    inUse: t.exposeInt('inUse', { nullable: true }),
    runIds: t.exposeStringList('runIds', { description: 'The runs holding the limit.' }),
    message: t.exposeString('message'),
  }),
});

builder.objectFields(RunRef, (t) => ({
  queueBlockers: t.field({
    type: [QueueBlockerType],
    description:
      'NEW: everything that holds this queued run now (empty: it starts on the next dequeue); for a STARTED run, the pools its waiting steps wait on.',
    // Up to three queries per run (its pools' admission and holders; the limits snapshot is shared by the request).
    extensions: { cost: { weight: 3 } satisfies FieldCost },
    resolve: (run, _args, ctx) => queueBlockers(ctx.instance.database.api, ctx.instance.config, run, () => ctx.loader.queueSnapshot()),
  }),
  queuePosition: t.int({
    nullable: true,
    description: 'NEW: 1-based place among queued runs in dequeue order (priority, then creation); null unless QUEUED.',
    // A count of the queued runs ahead, per run: as long as the queue.
    extensions: { cost: { weight: 10 } satisfies FieldCost },
    resolve: (run, _args, ctx) => queuePosition(ctx.instance.database.api, run),
  }),
}));
