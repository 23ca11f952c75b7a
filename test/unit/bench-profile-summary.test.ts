// The bench's CPU profile summaries (bench/lib/profile-summary.ts): self time per function from a real profile
// of this process (bench/lib/cpu-profile.ts), and the arithmetic over a profile small enough to check by hand.
import { describe, expect, it } from 'vitest';
import { startProcessProfile, type CpuProfile } from '../../bench/lib/cpu-profile.js';
import { summarizeProfiles } from '../../bench/lib/profile-summary.js';

/** Busy on the CPU until this process has used `ms` of it: a state, however loaded the machine is. */
function spinForCpuMs(ms: number): number {
  const start = process.cpuUsage();
  let x = 0;
  while (true) {
    for (let i = 0; i < 100_000; i++) x = (x * 31 + i) % 1_000_003;
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1000 >= ms) return x;
  }
}

const frame = (functionName: string, url = '', lineNumber = -1) => ({ functionName, scriptId: '0', url, lineNumber, columnNumber: 0 });

describe('summarizeProfiles', () => {
  it('finds the function that burned the CPU in a real profile, with its place in this file', async () => {
    const profiler = await startProcessProfile();
    spinForCpuMs(300);
    const profile = await profiler.stop();
    const summary = summarizeProfiles([profile]);
    expect(summary.samples).toBe(profile.samples!.length);
    const spin = summary.top.find((f) => f.function === 'spinForCpuMs');
    expect(spin).toBeDefined();
    expect(spin!.location).toMatch(/^test\/unit\/bench-profile-summary\.test\.ts:\d+/);
    expect(spin!.busyShare).toBeGreaterThan(0);
    expect(spin!.busyShare).toBeLessThanOrEqual(1);
    expect(summary.top.length).toBeLessThanOrEqual(10);
  });

  it('adds several profiles up: shares of all samples and of the busy ones, idle apart, ms by the sampling period', () => {
    const one: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)') },
        { id: 2, callFrame: frame('(idle)') },
        { id: 3, callFrame: frame('work', 'file:///elsewhere/work.js', 9) },
        { id: 4, callFrame: frame('(garbage collector)') },
      ],
      startTime: 0,
      endTime: 10_000,
      samples: [2, 2, 2, 2, 3, 3, 3, 4, 2, 3],
      timeDeltas: Array.from({ length: 10 }, () => 1000),
    };
    const two: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)') },
        { id: 7, callFrame: frame('work', 'file:///elsewhere/work.js', 9) },
        { id: 8, callFrame: frame('', 'node:internal/timers', 99) },
      ],
      startTime: 0,
      endTime: 10_000,
      samples: [7, 7, 7, 7, 7, 7, 8, 8, 8, 8],
      timeDeltas: Array.from({ length: 10 }, () => 1000),
    };
    const summary = summarizeProfiles([one, two], { locate: (url, line) => `${url}:${line + 1}` });
    expect(summary).toEqual({
      samples: 20,
      durationMs: 20,
      idleShare: 0.25,
      top: [
        { function: 'work', location: 'file:///elsewhere/work.js:10', share: 0.5, busyShare: 0.667, selfMs: 10 },
        { function: '(anonymous)', location: 'node:internal/timers:100', share: 0.2, busyShare: 0.267, selfMs: 4 },
        { function: '(garbage collector)', location: '', share: 0.05, busyShare: 0.067, selfMs: 1 },
      ],
    });
  });
});
