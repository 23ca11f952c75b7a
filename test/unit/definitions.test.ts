// Unit tests for the definitions SDK: the plan it compiles (step keys, pools, dependencies), every
// validation error, subsets, run config, schedules/sensors, and loading code locations from files.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ASSET_JOB_NAME,
  Definitions,
  DefinitionsError,
  InvalidSubsetError,
  RunRequest,
  SkipReason,
  asset,
  cronProblem,
  defineAssetJob,
  graphAsset,
  job,
  loadDefinitions,
  op,
  opConfigFor,
  poolsOf,
  schedule,
  selectJob,
  sensor,
  subsetJob,
  validateRunConfig,
} from '../../src/definitions/index.js';
import type { InstanceApi, JobSpec, RunRecordLike, StepContext } from '../../src/definitions/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = (name: string) => path.join(root, 'test/fixtures/definitions', name);

function guideDefinitions() {
  const myAsset = asset({ name: 'my_asset', pool: 'foo' }, async () => {});
  const myOp = op({ name: 'my_op', pool: 'bar' }, async () => 1);
  const myDownstreamOp = op({ name: 'my_downstream_op', pool: 'barbar' }, async (_c, inp: number) => inp);
  const myGraphAsset = graphAsset({ name: 'my_graph_asset' }, () => myDownstreamOp(myOp()));
  return new Definitions({ assets: [myAsset, myGraphAsset] });
}

function steps(job: JobSpec | undefined) {
  return (job?.steps ?? []).map((step) => ({ key: step.key, pool: step.pool, upstream: step.upstream }));
}

function instance(records: RunRecordLike[] = []): InstanceApi {
  return { getRunRecords: async () => records };
}

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to throw');
}

describe("the guide's pools sample", () => {
  it('compiles to steps my_asset, my_graph_asset.my_op, my_graph_asset.my_downstream_op', () => {
    const defs = guideDefinitions();
    const assetJob = defs.getJob(ASSET_JOB_NAME);
    expect(steps(assetJob)).toEqual([
      { key: 'my_asset', pool: 'foo', upstream: [] },
      { key: 'my_graph_asset.my_op', pool: 'bar', upstream: [] },
      { key: 'my_graph_asset.my_downstream_op', pool: 'barbar', upstream: ['my_graph_asset.my_op'] },
    ]);
    const downstream = assetJob?.steps[2];
    expect(downstream).toMatchObject({
      opName: 'my_downstream_op',
      opDefName: 'my_downstream_op',
      assetKey: 'my_graph_asset',
      inputs: [{ name: 'input_0', fromStep: 'my_graph_asset.my_op' }],
    });
    expect(assetJob?.isAssetJob).toBe(true);
    expect(assetJob?.assetKeys).toEqual(['my_asset', 'my_graph_asset']);
    expect(defs.repositoryName).toBe('__repository__');
  });

  it('describes asset nodes with their pools and jobs', () => {
    const node = guideDefinitions().getAssetNode('my_graph_asset');
    expect(node).toMatchObject({
      isGraphAsset: true,
      groupName: 'default',
      pools: ['bar', 'barbar'],
      stepKeys: ['my_graph_asset.my_op', 'my_graph_asset.my_downstream_op'],
      jobNames: [ASSET_JOB_NAME],
    });
  });

  it('reports the pools of a run: all, roots, unconstrained roots', () => {
    const defs = guideDefinitions();
    expect(poolsOf(defs.getJob(ASSET_JOB_NAME)!)).toEqual({
      allPools: ['bar', 'barbar', 'foo'],
      rootPools: ['bar', 'foo'],
      hasUnconstrainedRootNodes: false,
    });
    const downstreamOnly = subsetJob(defs.getJob(ASSET_JOB_NAME)!, ['my_asset']);
    expect(poolsOf(downstreamOnly).rootPools).toEqual(['foo']);
    const free = asset({ name: 'free' }, () => {});
    const mixed = new Definitions({ assets: [free, asset({ name: 'pooled', pool: 'p', deps: [free] }, () => {})] });
    expect(poolsOf(mixed.getJob(ASSET_JOB_NAME)!)).toEqual({
      allPools: ['p'],
      rootPools: [],
      hasUnconstrainedRootNodes: true,
    });
  });
});

describe('composition', () => {
  const first = op({ name: 'first', pool: 'p1' }, () => 1);
  const add = op({ name: 'add', ins: ['a', 'b'] }, (_c, a: number, b: number) => a + b);

  it('aliases an op used twice (my_op, my_op_2) and passes outputs positionally', () => {
    const opJob = job({ name: 'sum_job', tags: { team: 'x' } }, () => {
      add(first(), first());
    });
    const spec = new Definitions({ jobs: [opJob] }).getJob('sum_job')!;
    expect(spec.isAssetJob).toBe(false);
    expect(spec.tags).toEqual({ team: 'x' });
    expect(spec.steps.map((step) => [step.key, step.opDefName])).toEqual([
      ['first', 'first'],
      ['first_2', 'first'],
      ['add', 'add'],
    ]);
    expect(spec.steps[2]?.inputs).toEqual([
      { name: 'a', fromStep: 'first' },
      { name: 'b', fromStep: 'first_2' },
    ]);
    expect(spec.steps[2]?.upstream).toEqual(['first', 'first_2']);
  });

  it('supports explicit aliases and rejects a taken one', () => {
    const opJob = job({ name: 'aliased' }, () => {
      first.alias('one')();
      first();
    });
    expect(opJob.nodes.map((node) => node.alias)).toEqual(['one', 'first']);
    expect(() =>
      job({ name: 'clash' }, () => {
        first();
        first.alias('first')();
      }),
    ).toThrow(/node name "first" is used twice in job "clash"/);
  });

  it('throws a clear error when an op is called outside a composition', () => {
    const error = errorOf(() => first());
    expect(error).toBeInstanceOf(DefinitionsError);
    expect(error.message).toMatch(/op "first" was called outside a graph or job composition function/);
    expect((error as DefinitionsError).definition).toBe('first');
  });

  it('rejects inputs that are not outputs of the same composition, and missing inputs', () => {
    expect(() => job({ name: 'bad_input' }, () => void add(first(), 2 as never))).toThrow(
      /Input 1 of the op "add" in job "bad_input" is not an output/,
    );
    expect(() => job({ name: 'too_few' }, () => void (add as unknown as (...inputs: unknown[]) => unknown)(first()))).toThrow(
      /takes 2 input\(s\) but was called with 1/,
    );
    let leaked: unknown;
    job({ name: 'leaker' }, () => {
      leaked = first();
    });
    expect(() => job({ name: 'thief' }, () => void add(leaked as never, first()))).toThrow(/an output of job "leaker"/);
  });

  it('rejects async or empty compose functions', () => {
    expect(() => graphAsset({ name: 'async_graph' }, (async () => first()) as never)).toThrow(/must be synchronous/);
    expect(() => job({ name: 'empty' }, () => {})).toThrow(/composes no ops/);
  });

  it('lets op functions be called directly through compute', () => {
    expect(add.compute({} as StepContext, 2, 3)).toBe(5);
  });
});

describe('asset dependencies', () => {
  it("makes every root step of a downstream asset wait for the upstream asset's final steps", () => {
    const a = op({ name: 'a' }, () => 1);
    const b = op({ name: 'b' }, (_c, x: number) => x);
    const c = op({ name: 'c' }, () => 2);
    // Final ops of `up`: b and c (nobody consumes their outputs).
    const up = graphAsset({ name: 'up' }, () => {
      b(a());
      c();
    });
    const down = graphAsset({ name: 'down', deps: [up] }, () => b(a()));
    const leaf = asset({ name: 'leaf', deps: ['down', up] }, () => {});
    const defs = new Definitions({ assets: [leaf, down, up] });
    expect(defs.assets.map((def) => def.name)).toEqual(['up', 'down', 'leaf']);
    expect(steps(defs.getJob(ASSET_JOB_NAME))).toEqual([
      { key: 'up.a', pool: null, upstream: [] },
      { key: 'up.b', pool: null, upstream: ['up.a'] },
      { key: 'up.c', pool: null, upstream: [] },
      { key: 'down.a', pool: null, upstream: ['up.b', 'up.c'] },
      { key: 'down.b', pool: null, upstream: ['down.a'] },
      { key: 'leaf', pool: null, upstream: ['down.b', 'up.b', 'up.c'] },
    ]);
    expect(defs.getAssetNode('up')?.dependedByKeys).toEqual(['down', 'leaf']);
    expect(defs.getAssetNode('leaf')?.dependencyKeys).toEqual(['down', 'up']);
  });

  it('builds asset jobs from a selection, dropping deps on unselected assets', () => {
    const up = asset({ name: 'up', pool: 'p' }, () => {});
    const down = asset({ name: 'down', deps: [up] }, () => {});
    const onlyDown = defineAssetJob({ name: 'only_down', selection: ['down'] });
    const both = defineAssetJob({ name: 'both', selection: [down, up], tags: { k: 'v' } });
    const defs = new Definitions({ assets: [up, down], jobs: [onlyDown, both] });
    expect(steps(defs.getJob('only_down'))).toEqual([{ key: 'down', pool: null, upstream: [] }]);
    expect(steps(defs.getJob('both'))).toEqual([
      { key: 'up', pool: 'p', upstream: [] },
      { key: 'down', pool: null, upstream: ['up'] },
    ]);
    expect(defs.getJob('both')?.tags).toEqual({ k: 'v' });
    expect([...defs.jobs.keys()]).toEqual(['only_down', 'both', ASSET_JOB_NAME]);
    expect(defs.getAssetNode('up')?.jobNames).toEqual([ASSET_JOB_NAME, 'both']);
  });

  it('has no __ASSET_JOB without assets', () => {
    const defs = new Definitions({ jobs: [job({ name: 'j' }, () => void op({ name: 'o' }, () => {})())] });
    expect([...defs.jobs.keys()]).toEqual(['j']);
  });
});

describe('validation errors', () => {
  const noop = () => {};

  it('rejects duplicate asset, job, schedule and sensor names', () => {
    expect(() => new Definitions({ assets: [asset({ name: 'x' }, noop), asset({ name: 'x' }, noop)] })).toThrow('Duplicate asset name "x"');
    const j = job({ name: 'j' }, () => void op({ name: 'o' }, noop)());
    const j2 = job({ name: 'j' }, () => void op({ name: 'o' }, noop)());
    expect(() => new Definitions({ jobs: [j, j2] })).toThrow('Duplicate job name "j"');
    const s = (name: string) => schedule({ name, job: j, cronSchedule: '0 * * * *' });
    expect(() => new Definitions({ jobs: [j], schedules: [s('s'), s('s')] })).toThrow(/Duplicate schedule or sensor name "s"/);
    const sen = sensor({ name: 's', job: j }, () => undefined);
    expect(() => new Definitions({ jobs: [j], schedules: [s('s')], sensors: [sen] })).toThrow(/Duplicate schedule or sensor name "s"/);
    // A different job object with the same name as a schedule's target is a duplicate too.
    expect(() => new Definitions({ jobs: [j2], schedules: [s('t')] })).toThrow('Duplicate job name "j"');
  });

  it('includes jobs that schedules and sensors target', () => {
    const j = job({ name: 'j' }, () => void op({ name: 'o' }, noop)());
    const defs = new Definitions({ sensors: [sensor({ name: 'watch', job: j }, () => undefined)] });
    expect(defs.getJob('j')).toBeDefined();
    expect(defs.getSensor('watch')?.minimumIntervalSeconds).toBe(30);
  });

  it('names the cycle path', () => {
    const error = errorOf(
      () =>
        new Definitions({
          assets: [
            asset({ name: 'a', deps: ['c'] }, noop),
            asset({ name: 'b', deps: ['a'] }, noop),
            asset({ name: 'c', deps: ['b'] }, noop),
          ],
        }),
    );
    expect(error).toBeInstanceOf(DefinitionsError);
    expect(error.message).toContain('dependency cycle: a -> b -> c -> a');
    expect(() => new Definitions({ assets: [asset({ name: 'self', deps: ['self'] }, noop)] })).toThrow('dependency cycle: self -> self');
  });

  it('rejects deps on unknown assets and selections of unknown assets', () => {
    expect(() => new Definitions({ assets: [asset({ name: 'a', deps: ['ghost'] }, noop)] })).toThrow(
      /asset "a" depends on the unknown asset "ghost"/,
    );
    const a = asset({ name: 'a' }, noop);
    const j = defineAssetJob({ name: 'j', selection: [a, 'ghost'] });
    expect(() => new Definitions({ assets: [a], jobs: [j] })).toThrow(/asset job "j" selects unknown asset\(s\) "ghost"/);
    expect(() => defineAssetJob({ name: 'empty', selection: [] })).toThrow(/selects no assets/);
  });

  it('rejects bad pool names', () => {
    const bad: unknown[] = ['', ' foo', 'foo ', 'a\u0000b', 'tab\there', 'x'.repeat(256), 42];
    for (const pool of bad) {
      const error = errorOf(() => asset({ name: 'pooled', pool: pool as string }, noop));
      expect(error).toBeInstanceOf(DefinitionsError);
      expect(error.message).toMatch(/The pool of asset "pooled" is invalid/);
    }
    expect(() => op({ name: 'o', pool: '' }, noop)).toThrow(/The pool of op "o" is invalid: a pool name must not be empty/);
    expect(asset({ name: 'ok', pool: 'x'.repeat(255) }, noop).pool).toHaveLength(255);
    expect(asset({ name: 'ok2', pool: 'with space/and:punct' }, noop).pool).toBe('with space/and:punct');
  });

  it('rejects names outside /^[A-Za-z0-9_]+$/ and the reserved job name', () => {
    expect(() => asset({ name: 'my-asset' }, noop)).toThrow(/asset name "my-asset" is invalid/);
    expect(() => op({ name: 'my op' }, noop)).toThrow(/op name "my op" is invalid/);
    expect(() => job({ name: 'j.k' }, noop)).toThrow(/job name "j.k" is invalid/);
    expect(() => graphAsset({ name: '' }, noop as never)).toThrow(/needs a non-empty string name/);
    const j = job({ name: 'j' }, () => void op({ name: 'o' }, noop)());
    expect(() => schedule({ name: 'bad-name', job: j, cronSchedule: '* * * * *' })).toThrow(/schedule name "bad-name"/);
    expect(() => job({ name: ASSET_JOB_NAME }, noop)).toThrow(/reserved/);
    expect(() => asset({ name: 't', tags: { k: 1 as never } }, noop)).toThrow(/tag "k" of asset "t" must have a string value/);
  });

  it('validates cron strings', () => {
    const j = job({ name: 'j' }, () => void op({ name: 'o' }, noop)());
    for (const cron of [
      '* * * *',
      '60 * * * *',
      '* 24 * * *',
      '* * 0 * *',
      '* * * 13 *',
      '* * * * 8',
      '*/0 * * * *',
      '5-1 * * * *',
      '@often',
      'a b c d e',
      '',
    ]) {
      expect(() => schedule({ job: j, cronSchedule: cron }), cron).toThrow(
        new RegExp(`schedule "j_schedule" has an invalid cron schedule`),
      );
    }
    for (const cron of ['* * * * *', '*/15 0-6,22 1 JAN-mar mon-FRI', '0 9 * * 7', '@daily', '  30 2 * * 1  ', '5/10 * * * *']) {
      expect(cronProblem(cron), cron).toBeNull();
    }
    expect(() => schedule({ job: j, cronSchedule: '* * * * *', executionTimezone: 'Mars/Olympus' })).toThrow(/IANA time zone/);
    expect(schedule({ job: j, cronSchedule: '* * * * *', executionTimezone: 'Europe/Paris' }).executionTimezone).toBe('Europe/Paris');
  });

  it('rejects things that are not definitions', () => {
    expect(() => new Definitions({ assets: [{ name: 'fake' } as never] })).toThrow(/assets\[0\] is not an asset definition/);
  });
});

describe('subsetJob and asset selections', () => {
  const defs = guideDefinitions();
  const assetJob = defs.getJob(ASSET_JOB_NAME)!;

  it('returns the job for a null selection and subsets in order', () => {
    expect(subsetJob(assetJob, null)).toBe(assetJob);
    const subset = subsetJob(assetJob, ['my_graph_asset.my_downstream_op', 'my_graph_asset.my_op']);
    expect(subset.steps.map((step) => step.key)).toEqual(['my_graph_asset.my_op', 'my_graph_asset.my_downstream_op']);
    expect(subset.assetKeys).toEqual(['my_graph_asset']);
    expect(assetJob.steps).toHaveLength(3);
  });

  it('drops ordering-only dependencies on unselected steps', () => {
    const up = asset({ name: 'up' }, () => {});
    const down = asset({ name: 'down', deps: [up] }, () => {});
    const job2 = new Definitions({ assets: [up, down] }).getJob(ASSET_JOB_NAME)!;
    expect(steps(subsetJob(job2, ['down']))).toEqual([{ key: 'down', pool: null, upstream: [] }]);
  });

  it('rejects unknown steps, empty selections and steps missing their data inputs', () => {
    const unknown = errorOf(() => subsetJob(assetJob, ['my_asset', 'nope']));
    expect(unknown).toBeInstanceOf(InvalidSubsetError);
    expect(unknown.message).toMatch(/has no step\(s\) "nope"/);
    expect((unknown as InvalidSubsetError).keys).toEqual(['nope']);
    expect((unknown as InvalidSubsetError).job).toBe(assetJob);
    expect(() => subsetJob(assetJob, [])).toThrow(InvalidSubsetError);
    expect(() => subsetJob(assetJob, ['my_graph_asset.my_downstream_op'])).toThrow(
      /step "my_graph_asset.my_downstream_op" needs the output of unselected step\(s\) "my_graph_asset.my_op"/,
    );
  });

  it('selects assets from __ASSET_JOB', () => {
    const location = { definitions: defs, locationName: 'guide', file: 'guide.ts' };
    const selectAssets = (keys: string[]) =>
      selectJob(location, { jobName: ASSET_JOB_NAME, assetSelection: keys.map((key) => ({ path: [key] })) }).job;
    const selected = selectAssets(['my_graph_asset']);
    expect(selected.name).toBe(ASSET_JOB_NAME);
    expect(selected.assetKeys).toEqual(['my_graph_asset']);
    expect(selected.steps.map((step) => step.key)).toEqual(['my_graph_asset.my_op', 'my_graph_asset.my_downstream_op']);
    const ghost = errorOf(() => selectAssets(['ghost']));
    expect(ghost.message).toMatch(/does not materialize the asset\(s\) "ghost"/);
    expect((ghost as InvalidSubsetError).job).toBe(defs.getJob(ASSET_JOB_NAME));
  });
});

describe('run config', () => {
  const defs = guideDefinitions();
  const assetJob = defs.getJob(ASSET_JOB_NAME)!;

  it('accepts empty config and ops addressed by step key, op name or nested graph', () => {
    expect(validateRunConfig(assetJob, undefined)).toEqual([]);
    expect(validateRunConfig(assetJob, {})).toEqual([]);
    const config = {
      ops: {
        my_asset: { config: { a: 1 } },
        'my_graph_asset.my_op': { config: 'by step key' },
        my_graph_asset: { ops: { my_downstream_op: { config: [1, 2] } } },
      },
    };
    expect(validateRunConfig(assetJob, config)).toEqual([]);
    expect(opConfigFor(assetJob, config, 'my_asset')).toEqual({ a: 1 });
    expect(opConfigFor(assetJob, config, 'my_graph_asset.my_op')).toBe('by step key');
    expect(opConfigFor(assetJob, config, 'my_graph_asset.my_downstream_op')).toEqual([1, 2]);
    expect(opConfigFor(assetJob, { ops: { my_op: { config: 7 } } }, 'my_graph_asset.my_op')).toBe(7);
    expect(opConfigFor(assetJob, {}, 'my_asset')).toBeUndefined();
    expect(opConfigFor(assetJob, { ops: {} }, 'constructor')).toBeUndefined();
  });

  it('reports each problem with a path', () => {
    expect(validateRunConfig(assetJob, [])).toEqual([
      { path: 'root', message: expect.stringMatching(/must be an object/), reason: 'RUNTIME_TYPE_MISMATCH', stack: [], valueRep: '[]' },
    ]);
    const errors = validateRunConfig(assetJob, {
      resources: {},
      ops: {
        nope: { config: 1 },
        my_asset: 3,
        my_op: { config: 1, inputs: {} },
        my_graph_asset: { ops: { ghost: {} }, config: 1 },
        constructor: {},
      },
    });
    expect(errors.map((error) => error.path)).toEqual([
      'root',
      'root:ops',
      'root:ops:my_asset',
      'root:ops:my_op',
      'root:ops:my_graph_asset',
      'root:ops:my_graph_asset:ops',
    ]);
    expect(errors.map((error) => error.reason)).toEqual([
      'FIELD_NOT_DEFINED',
      'FIELDS_NOT_DEFINED',
      'RUNTIME_TYPE_MISMATCH',
      'FIELD_NOT_DEFINED',
      'FIELD_NOT_DEFINED',
      'FIELD_NOT_DEFINED',
    ]);
    expect(errors[0]?.message).toMatch(/unexpected config entry "resources"/);
    expect(errors[1]?.message).toMatch(/entries "nope", "constructor" at path root:ops/);
    expect(errors[1]?.fieldNames).toEqual(['nope', 'constructor']);
    expect(errors[5]?.stack).toEqual([
      { kind: 'path', fieldName: 'ops' },
      { kind: 'path', fieldName: 'my_graph_asset' },
      { kind: 'path', fieldName: 'ops' },
    ]);
    expect(validateRunConfig(assetJob, { ops: 1 })).toEqual([
      {
        path: 'root:ops',
        message: expect.any(String),
        reason: 'RUNTIME_TYPE_MISMATCH',
        stack: [{ kind: 'path', fieldName: 'ops' }],
        valueRep: '1',
      },
    ]);
  });
});

describe('schedules and sensors', () => {
  const j = job({ name: 'j' }, () => void op({ name: 'o' }, () => {})());

  it('normalises what evaluation functions return', async () => {
    const plain = schedule({ job: j, cronSchedule: '* * * * *' });
    expect(plain.name).toBe('j_schedule');
    expect(plain.defaultStatus).toBe('STOPPED');
    const tick = await plain.evaluate({ instance: instance() });
    expect(tick.skipMessage).toBeNull();
    expect(tick.runRequests).toHaveLength(1);
    expect(tick.runRequests[0]?.tags).toEqual({ 'dagster/schedule_name': 'j_schedule' });

    const many = schedule({ name: 'many', job: j, cronSchedule: '@hourly' }, () => [
      new RunRequest({ runKey: 'a', tags: { x: '1' } }),
      new RunRequest({ runKey: 'b', runConfig: { ops: {} } }),
    ]);
    const manyTick = await many.evaluate({ instance: instance() });
    expect(manyTick.runRequests.map((request) => [request.runKey, request.tags])).toEqual([
      ['a', { x: '1', 'dagster/schedule_name': 'many' }],
      ['b', { 'dagster/schedule_name': 'many' }],
    ]);
    expect(manyTick.runRequests[1]?.runConfig).toEqual({ ops: {} });

    const skip = schedule({ name: 'skip', job: j, cronSchedule: '* * * * *' }, () => new SkipReason('busy'));
    expect(await skip.evaluate({ instance: instance() })).toEqual({ runRequests: [], skipMessage: 'busy' });
    const nothing = schedule({ name: 'nothing', job: j, cronSchedule: '* * * * *' }, () => undefined);
    expect(await nothing.evaluate({ instance: instance() })).toEqual({ runRequests: [], skipMessage: null });
    const bad = schedule({ name: 'bad', job: j, cronSchedule: '* * * * *' }, () => 42 as never);
    await expect(bad.evaluate({ instance: instance() })).rejects.toThrow(/schedule "bad" returned number 42/);
    const both = schedule({ name: 'both', job: j, cronSchedule: '* * * * *' }, () => [new RunRequest(), new SkipReason()]);
    await expect(both.evaluate({ instance: instance() })).rejects.toThrow(/both RunRequests and a SkipReason/);
  });

  it('passes and updates a sensor cursor', async () => {
    const s = sensor({ name: 's', job: j, minimumIntervalSeconds: 5 }, async function* (context) {
      context.updateCursor(String(Number(context.cursor ?? '0') + 1));
      yield new RunRequest({ runKey: context.cursor ?? 'none' });
    });
    const tick = await s.evaluate({ instance: instance(), cursor: '41' });
    expect(tick.cursor).toBe('42');
    expect(tick.runRequests[0]?.runKey).toBe('41');
    expect(tick.runRequests[0]?.tags).toEqual({ 'dagster/sensor_name': 's' });
    expect(() => sensor({ name: 's2', job: j, minimumIntervalSeconds: 0 }, () => undefined)).toThrow(/positive integer/);
    expect(() => sensor({ name: 's3', job: 'j' as never }, () => undefined)).toThrow(/must target a job/);
  });
});

describe('loadDefinitions', () => {
  it('loads the examples code location', async () => {
    const loaded = await loadDefinitions(path.join(root, 'examples/index.ts'));
    expect(loaded.locationName).toBe('examples');
    expect(loaded.file).toBe(path.join(root, 'examples/index.ts'));
    const defs = loaded.definitions;
    expect(defs).toBeInstanceOf(Definitions);
    expect([...defs.jobs.keys()].sort()).toEqual([ASSET_JOB_NAME, 'etl_job', 'my_job']);
    expect(defs.getJob(ASSET_JOB_NAME)?.steps.map((step) => `${step.key}:${step.pool ?? '-'}`)).toEqual([
      'my_asset:foo',
      'my_graph_asset.my_op:bar',
      'my_graph_asset.my_downstream_op:barbar',
      'first_asset:-',
      'regional:-',
      'daily:-',
    ]);
    expect(defs.getJob('etl_job')?.steps.map((step) => step.key)).toEqual(['extract', 'transform', 'transform_2', 'load']);
    const mySchedule = defs.getSchedule('my_schedule');
    expect(mySchedule).toMatchObject({ jobName: 'my_job', cronSchedule: '* * * * *' });
    const running = { runId: 'r1', jobName: 'my_job', status: 'STARTED', tags: {} };
    expect((await mySchedule!.evaluate({ instance: instance([running]) })).skipMessage).toBe(
      'Skipping this run because another run of the same job is already running',
    );
    expect((await mySchedule!.evaluate({ instance: instance() })).runRequests).toHaveLength(1);
    expect(defs.getSensor('my_cool_sensor')?.jobName).toBe('etl_job');
  });

  it("lets the example's slow asset be cancelled through its signal", async () => {
    const defs = (await loadDefinitions(path.join(root, 'examples/schedule.ts'))).definitions;
    const step = defs.getJob('my_job')!.steps[0]!;
    const controller = new AbortController();
    const logged: string[] = [];
    const log = { debug: () => {}, info: (msg: string) => logged.push(msg), warning: () => {}, error: () => {} };
    const running = step.compute({ signal: controller.signal, log } as unknown as StepContext);
    controller.abort();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect(logged).toEqual([]);
  });

  it('accepts a named `defs` export and names index files after their directory', async () => {
    const named = await loadDefinitions(fixture('named-defs.ts'));
    expect(named.locationName).toBe('named-defs');
    expect(named.definitions.getAssetNode('named_asset')).toBeDefined();
    const indexed = await loadDefinitions(fixture('my_location'));
    expect(indexed.locationName).toBe('my_location');
    expect(indexed.file).toBe(fixture('my_location/index.ts'));
  });

  it('fails with a DefinitionsError naming the file', async () => {
    const cases: [string, RegExp][] = [
      ['missing.ts', /missing\.ts does not exist/],
      ['no-export.ts', /no-export\.ts exports no Definitions.*its exports: notDefinitions/],
      ['wrong-export.ts', /default export of .*wrong-export\.ts is an object, not a Definitions/],
      ['other-copy.ts', /default export of .*other-copy\.ts is a Definitions from another copy of the tidepool package/],
      ['throws.ts', /Could not load definitions from .*throws\.ts: importing it threw: boom while importing/],
      ['invalid.ts', /Invalid definitions in .*invalid\.ts: Duplicate asset name "twin"/],
    ];
    for (const [name, pattern] of cases) {
      const error = await loadDefinitions(fixture(name)).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error, name).toBeInstanceOf(DefinitionsError);
      expect((error as Error).message, name).toMatch(pattern);
    }
  });
});
