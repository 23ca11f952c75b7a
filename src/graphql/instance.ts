// Query.version and Query.instance: the instance config and daemon health, as a UI reads them.
import { stringify } from 'yaml';
import { instanceConfigToYaml, type InstanceConfig } from '../config/index.js';
import { DAEMON_TYPES, requiredDaemons } from '../daemon/daemon-types.js';
import { daemonStatuses, type DaemonStatus } from '../daemon/heartbeats.js';
import type { Instance } from '../instance/instance.js';
import { MAX_CONCURRENCY_LIMIT_VALUE, MIN_CONCURRENCY_LIMIT_VALUE } from '../pools/limit-bounds.js';
import type { FieldCost } from './field-cost.js';
import { VERSION } from '../version.js';
import { builder } from './builder.js';
import { PythonError } from './errors.js';

const RunQueueConfig = builder.objectRef<InstanceConfig>('RunQueueConfig').implement({
  fields: (t) => ({
    maxConcurrentRuns: t.int({ resolve: (c) => c.concurrency.runs.maxConcurrentRuns }),
    tagConcurrencyLimitsYaml: t.string({
      nullable: true,
      resolve: (c) => (c.concurrency.runs.tagConcurrencyLimits.length > 0 ? stringify(c.concurrency.runs.tagConcurrencyLimits) : null),
    }),
    isOpConcurrencyAware: t.boolean({
      nullable: true,
      resolve: (c) => c.runQueue.blockOpConcurrencyLimitedRuns.enabled,
    }),
  }),
});

const PoolConfig = builder.objectRef<InstanceConfig>('PoolConfig').implement({
  fields: (t) => ({
    poolGranularity: t.string({ nullable: true, resolve: (c) => c.concurrency.pools.granularity }),
    defaultPoolLimit: t.int({ nullable: true, resolve: (c) => c.concurrency.pools.defaultLimit }),
    opGranularityRunBuffer: t.int({ nullable: true, resolve: (c) => c.concurrency.pools.opGranularityRunBuffer }),
  }),
});

const RunLauncher = builder.objectRef<{ name: string }>('RunLauncher').implement({
  fields: (t) => ({ name: t.exposeString('name') }),
});

const DaemonStatusType = builder.objectRef<DaemonStatus>('DaemonStatus').implement({
  fields: (t) => ({
    id: t.id({ resolve: (s) => s.daemonType }),
    daemonType: t.exposeString('daemonType'),
    required: t.exposeBoolean('required'),
    healthy: t.boolean({ nullable: true, resolve: (s) => s.healthy }),
    lastHeartbeatTime: t.float({
      nullable: true,
      description: 'Seconds since the epoch, as in Dagster.',
      resolve: (s) => (s.lastHeartbeatTime ? s.lastHeartbeatTime.getTime() / 1000 : null),
    }),
    lastHeartbeatErrors: t.field({
      type: [PythonError],
      resolve: (s) => (s.lastHeartbeatError ? [{ message: s.lastHeartbeatError, className: null }] : []),
    }),
    instanceCount: t.exposeInt('instanceCount', { description: 'NEW: how many processes run this daemon now.' }),
  }),
});

const ALL_DAEMON_TYPES = Object.values(DAEMON_TYPES);

const DaemonHealth = builder.objectRef<Instance>('DaemonHealth').implement({
  fields: (t) => ({
    id: t.string({ resolve: () => 'daemonHealth' }),
    allDaemonStatuses: t.field({
      type: [DaemonStatusType],
      // One query over the heartbeats table (a row per process and daemon).
      extensions: { cost: { weight: 1 } satisfies FieldCost },
      resolve: (instance) => daemonStatuses(instance.database.api, ALL_DAEMON_TYPES, requiredDaemons(instance.config)),
    }),
    daemonStatus: t.field({
      type: DaemonStatusType,
      // Optional in Dagster's signature, yet required there too: without it the field is an error.
      args: { daemonType: t.arg.string() },
      extensions: { cost: { weight: 1 } satisfies FieldCost },
      resolve: async (instance, { daemonType }) => {
        if (!daemonType) throw new Error('daemonStatus needs a daemonType (one of DaemonHealth.allDaemonStatuses).');
        const [status] = await daemonStatuses(instance.database.api, [daemonType], requiredDaemons(instance.config));
        return status!;
      },
    }),
  }),
});

export const InstanceType = builder.objectRef<Instance>('Instance').implement({
  fields: (t) => ({
    id: t.string({ resolve: () => 'Instance' }),
    runQueuingSupported: t.boolean({
      resolve: (i) => i.config.runCoordinator.class === 'QueuedRunCoordinator',
    }),
    runQueueConfig: t.field({
      type: RunQueueConfig,
      nullable: true,
      resolve: (i) => (i.config.runCoordinator.class === 'QueuedRunCoordinator' ? i.config : null),
    }),
    poolConfig: t.field({
      type: PoolConfig,
      nullable: true,
      description: 'NEW: the pool settings of concurrency.pools (granularity, default limit, run buffer).',
      resolve: (i) => i.config,
    }),
    executablePath: t.string({
      description: 'The executable that runs Tidepool (Node.js here; the Python interpreter in Dagster).',
      resolve: () => process.execPath,
    }),
    autoMaterializePaused: t.boolean({
      description: 'Always false: Tidepool has no asset auto-materialization (nothing to pause).',
      resolve: () => false,
    }),
    useAutoMaterializeSensors: t.boolean({
      description: 'Always false: Tidepool has no asset auto-materialization.',
      resolve: () => false,
    }),
    hasInfo: t.boolean({ resolve: () => true }),
    info: t.string({
      nullable: true,
      description: 'The effective instance config as YAML, defaults included.',
      resolve: (i) => instanceConfigToYaml(i.config),
    }),
    minConcurrencyLimitValue: t.int({ resolve: () => MIN_CONCURRENCY_LIMIT_VALUE }),
    maxConcurrencyLimitValue: t.int({ resolve: () => MAX_CONCURRENCY_LIMIT_VALUE }),
    supportsConcurrencyLimits: t.boolean({ resolve: () => true }),
    runLauncher: t.field({ type: RunLauncher, nullable: true, resolve: () => ({ name: 'WorkerRunLauncher' }) }),
    daemonHealth: t.field({ type: DaemonHealth, resolve: (i) => i }),
  }),
});

builder.queryFields((t) => ({
  version: t.string({ resolve: () => VERSION }),
  instance: t.field({ type: InstanceType, resolve: (_root, _args, ctx) => ctx.instance }),
}));
