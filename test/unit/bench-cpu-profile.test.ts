// Profiling a scenario's children (bench/lib/cpu-profile.ts, child-profiler.js): a Node process started while
// profileChildren is on writes its profile on exit, whether it ends by process.exit or an empty event loop;
// one started after stop() does not, and the environment is as it was.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { profileChildren, readProfile } from '../../bench/lib/cpu-profile.js';
import { summarizeProfiles } from '../../bench/lib/profile-summary.js';

function runNode(code: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', resolve);
  });
}

const SPIN = 'function spinInChild() { let x = 0; for (let i = 0; i < 2e7; i++) x = (x * 31 + i) % 1000003; return x; } spinInChild();';

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('profileChildren', () => {
  it("collects a profile per child, with the child's own functions", async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'bench-cpu-profile-')), 'children');
    const before = process.env.NODE_OPTIONS;
    const children = await profileChildren(dir);
    expect(await runNode(SPIN)).toBe(0);
    expect(await runNode(`${SPIN} process.exit(3);`)).toBe(3);
    const files = await children.stop();
    expect(process.env.NODE_OPTIONS).toBe(before);
    expect(files).toHaveLength(2);
    const summary = summarizeProfiles(await Promise.all(files.map(readProfile)));
    expect(summary.top.map((f) => f.function)).toContain('spinInChild');

    expect(await runNode('')).toBe(0);
    expect((await readdir(dir)).length).toBe(2);
  });
});
