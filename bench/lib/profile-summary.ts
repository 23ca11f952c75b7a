// What a CPU profile says at a glance: the functions with the most self time (samples whose top frame is the
// function), with where they are and their share of the samples. The whole call tree is in the .cpuprofile
// file (Chrome DevTools > Performance > Load profile, or VS Code opens it as a flame chart).
//
// Positions: V8 reports those of the code it ran. For TypeScript run through tsx that is tsx's output, so a
// .ts position is mapped back through the source map tsx registered in this process when this process loaded
// the same file (the same file through the same tsx gives the same output); otherwise it is marked
// "(tsx output)". Compiled JavaScript (dist/) is reported as it is, which is where it is on disk.
import { findSourceMap } from 'node:module';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CpuProfile } from './cpu-profile.js';

export interface ProfileFunction {
  /** Function name, or V8's own entries: (garbage collector), (program) (V8 and native code outside JS). */
  function: string;
  /** path:line (1-based) relative to the repository, node:… for Node's internals, '' when V8 gives none. */
  location: string;
  /** Share of all samples, idle ones included. */
  share: number;
  /** Share of the samples that were not idle: of the CPU the process used. */
  busyShare: number;
  selfMs: number;
}

export interface ProfileSummary {
  samples: number;
  durationMs: number;
  /** Share of samples with the thread idle (waiting on I/O, timers). */
  idleShare: number;
  top: ProfileFunction[];
}

export type Locate = (url: string, line: number, column: number) => string;

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Several profiles (e.g. every child of one kind) as one: their samples added up. */
export function summarizeProfiles(profiles: readonly CpuProfile[], options: { top?: number; locate?: Locate } = {}): ProfileSummary {
  const locate = options.locate ?? locateSource;
  const selfSamples = new Map<string, { function: string; location: string; samples: number }>();
  let samples = 0;
  let idle = 0;
  let durationUs = 0;
  for (const profile of profiles) {
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const counts = new Map<number, number>();
    for (const id of profile.samples ?? []) counts.set(id, (counts.get(id) ?? 0) + 1);
    samples += profile.samples?.length ?? 0;
    durationUs += profile.endTime - profile.startTime;
    for (const [id, count] of counts) {
      const { callFrame } = byId.get(id)!;
      if (callFrame.functionName === '(idle)') {
        idle += count;
        continue;
      }
      const location = callFrame.url === '' ? '' : locate(callFrame.url, callFrame.lineNumber, callFrame.columnNumber);
      const name = callFrame.functionName === '' ? '(anonymous)' : callFrame.functionName;
      const key = `${name} ${location}`;
      const entry = selfSamples.get(key) ?? { function: name, location, samples: 0 };
      entry.samples += count;
      selfSamples.set(key, entry);
    }
  }
  const msPerSample = samples === 0 ? 0 : durationUs / 1000 / samples;
  const busy = samples - idle;
  const top = [...selfSamples.values()]
    .sort((a, b) => b.samples - a.samples)
    .slice(0, options.top ?? 10)
    .map((entry) => ({
      function: entry.function,
      location: entry.location,
      share: round(entry.samples / samples),
      busyShare: round(entry.samples / busy),
      selfMs: Math.round(entry.samples * msPerSample),
    }));
  return { samples, durationMs: Math.round(durationUs / 1000), idleShare: samples === 0 ? 0 : round(idle / samples), top };
}

/** A call frame's position as a reader finds it: in the TypeScript source where this process can tell. */
export function locateSource(url: string, line: number, column: number): string {
  if (!url.startsWith('file://')) return `${url}:${line + 1}`;
  const path = fileURLToPath(url);
  const shown = path.startsWith(ROOT) ? relative(ROOT, path) : path;
  if (!/\.[cm]?tsx?$/.test(path)) return `${shown}:${line + 1}`;
  const entry = findSourceMap(path)?.findEntry(line, column);
  if (entry && 'originalLine' in entry) return `${shown}:${entry.originalLine + 1}`;
  return `${shown}:${line + 1} (tsx output)`;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
