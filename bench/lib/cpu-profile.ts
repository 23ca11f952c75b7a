// CPU profiles of a scenario: of the bench process itself (V8's sampling profiler through node:inspector, as
// Chrome DevTools records one) and of every Node process the scenario starts (serve children, forked
// servers, CLI calls, run processes), which preload child-profiler.js through NODE_OPTIONS: each child
// inherits the environment (spawn and fork pass process.env, or a copy of it, by default), so no scenario
// has to know. A child writes its profile when it exits normally (process.exit or an empty event loop), not
// when killed by a signal it does not handle; `tidepool serve` handles SIGTERM.
import { Session, type Profiler } from 'node:inspector';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export type CpuProfile = Profiler.Profile;

/** Starts sampling this process; `stop()` returns the profile. One at a time per process. */
export async function startProcessProfile(): Promise<{ stop(): Promise<CpuProfile> }> {
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));
  await post('Profiler.enable');
  await post('Profiler.start');
  return {
    async stop() {
      try {
        const { profile } = await post<Profiler.StopReturnType>('Profiler.stop');
        return profile;
      } finally {
        session.disconnect();
      }
    },
  };
}

/**
 * Until `stop()`, Node children started from this process write their profiles into `dir` (emptied first).
 * `stop()` restores NODE_OPTIONS and returns the profiles' paths; a child still running then writes its
 * profile when it ends, too late to be read.
 */
export async function profileChildren(dir: string): Promise<{ stop(): Promise<string[]> }> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const previous = { options: process.env.NODE_OPTIONS, dir: process.env[DIR_VARIABLE] };
  // A file URL: NODE_OPTIONS splits on spaces, which a URL escapes.
  const preload = `--import=${new URL('./child-profiler.js', import.meta.url).href}`;
  process.env.NODE_OPTIONS = previous.options ? `${previous.options} ${preload}` : preload;
  process.env[DIR_VARIABLE] = dir;
  return {
    async stop() {
      restore('NODE_OPTIONS', previous.options);
      restore(DIR_VARIABLE, previous.dir);
      const files = (await readdir(dir)).filter((file) => file.endsWith('.cpuprofile')).sort();
      // A scenario without children leaves no folder behind.
      if (files.length === 0) await rm(dir, { recursive: true, force: true });
      return files.map((file) => join(dir, file));
    },
  };
}

/** Where child-profiler.js writes (its only input). */
const DIR_VARIABLE = 'BENCH_CPU_PROFILE_DIR';

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

export async function writeProfile(file: string, profile: CpuProfile): Promise<void> {
  await writeFile(file, JSON.stringify(profile));
}

export async function readProfile(file: string): Promise<CpuProfile> {
  return JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
}
