// Job snapshots are named by their content: equal structures get one id whatever object or key order
// they come from, and every structural change gets another (src/definitions/job-snapshot.ts).
import { describe, expect, it } from 'vitest';
import { canonicalJson, executionPlanOf, identifyJob, jobSnapshot, snapshotIdOf } from '../../src/definitions/index.js';
import { asset, Definitions, job, op } from '../../src/index.js';

function etl(options: { pool?: string; tag?: string; extraStep?: boolean } = {}) {
  const extract = op({ name: 'extract', tags: options.tag === undefined ? {} : { kind: options.tag } }, async () => 1);
  const transform = op({ name: 'transform', pool: options.pool, ins: ['raw'] }, async (_context, n: number) => n);
  const audit = op({ name: 'audit', ins: ['raw'] }, async (_context, n: number) => n);
  const etlJob = job({ name: 'etl' }, () => {
    const raw = extract();
    transform(raw);
    if (options.extraStep) audit(raw);
  });
  return new Definitions({ jobs: [etlJob] }).getJob('etl')!;
}

describe('job snapshots', () => {
  it('writes JSON with sorted keys at every level, keeping array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: null }, u: undefined })).toBe(
      '{"a":{"c":null,"d":[3,{"e":2,"f":1}]},"b":1}',
    );
  });

  it('gives equal structures one id, loaded separately, and computes it once per job object', () => {
    const first = etl({ pool: 'cpu' });
    const second = etl({ pool: 'cpu' });
    expect(first).not.toBe(second);
    expect(identifyJob(first).snapshotId).toBe(identifyJob(second).snapshotId);
    expect(identifyJob(first)).toBe(identifyJob(first));
    expect(identifyJob(first).snapshotId).toBe(snapshotIdOf(JSON.parse(JSON.stringify(jobSnapshot(first)))));
  });

  it('gives every structural change a new id', () => {
    const base = identifyJob(etl({ pool: 'cpu' })).snapshotId;
    const changed = [etl({ pool: 'gpu' }), etl({ pool: 'cpu', tag: 'io' }), etl({ pool: 'cpu', extraStep: true })];
    const ids = changed.map((spec) => identifyJob(spec).snapshotId);
    expect(new Set([base, ...ids]).size).toBe(4);
  });

  it('plans a subset with dependencies on planned steps only, and ordering deps as inputs named by asset', () => {
    const up = asset({ name: 'up' }, async () => undefined);
    const down = asset({ name: 'down', deps: [up], tags: { z: '1', a: '2' } }, async () => undefined);
    const snapshot = jobSnapshot(new Definitions({ assets: [up, down] }).getJob('__ASSET_JOB')!);
    const whole = executionPlanOf(snapshot, null);
    expect(whole.steps.map((step) => [step.key, step.inputs])).toEqual([
      ['up', []],
      ['down', [{ name: 'up', dependsOn: ['up'] }]],
    ]);
    expect(whole.steps[1]!.metadata).toEqual([
      { key: 'a', value: '2' },
      { key: 'z', value: '1' },
    ]);
    expect(executionPlanOf(snapshot, ['down']).steps.map((step) => [step.key, step.inputs])).toEqual([
      ['down', [{ name: 'up', dependsOn: [] }]],
    ]);
  });
});
