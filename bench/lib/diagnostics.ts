// The diagnostic pass of a scenario: where its time went. While it runs, the bench process is profiled, every
// Node child it starts profiles itself, and the backends of the databases it creates are sampled from
// pg_stat_activity. The profiles are written to bench/results/<scenario>.cpuprofile and
// bench/results/<scenario>/ (one file per child process); their summaries and the wait sample go into the
// scenario's record. The instruments cost CPU on the machine being measured, so the runner takes the
// figures from a pass without them (bench/run.ts).
import { join } from 'node:path';
import { profileChildren, readProfile, startProcessProfile, writeProfile } from './cpu-profile.js';
import { watchCreatedDatabases } from './created-databases.js';
import { summarizeProfiles, type ProfileSummary } from './profile-summary.js';
import { sampleWaits, type WaitSummary } from './wait-sampler.js';

/** pg_stat_activity every 20 ms: ~50 small queries a second, a few % of one core of the shared server. */
const WAIT_SAMPLE_INTERVAL_MS = 20;
const WAIT_ENTRIES = 10;

export interface ScenarioDiagnostics {
  /** The bench process: load generators, and the engine where a scenario runs it in-process. */
  process: ProfileSummary & { file: string };
  /** Every Node child the scenario started, their samples added up; each one's file is in `dir`. */
  children: (ProfileSummary & { dir: string; profiles: number }) | null;
  /** Backends of the scenario's databases; null if the sampler failed (its error in `waitsError`). */
  waits: WaitSummary | null;
  waitsError?: string;
}

export async function startDiagnostics(scenario: string, resultsDir: string): Promise<{ stop(): Promise<ScenarioDiagnostics> }> {
  const processFile = join(resultsDir, `${scenario}.cpuprofile`);
  const childrenDir = join(resultsDir, scenario);
  const databases = watchCreatedDatabases();
  const sampler = await sampleWaits(databases.names, WAIT_SAMPLE_INTERVAL_MS).catch((error: unknown) => error as Error);
  const children = await profileChildren(childrenDir);
  const profiler = await startProcessProfile();
  return {
    async stop() {
      const profile = await profiler.stop();
      const childFiles = await children.stop();
      databases.stop();
      const waits = sampler instanceof Error ? sampler : await sampler.stop().catch((error: unknown) => error as Error);
      await writeProfile(processFile, profile);
      const childProfiles = await Promise.all(childFiles.map(readProfile));
      return {
        process: { file: relativeToResults(resultsDir, processFile), ...summarizeProfiles([profile]) },
        children:
          childProfiles.length === 0
            ? null
            : { dir: relativeToResults(resultsDir, childrenDir), profiles: childProfiles.length, ...summarizeProfiles(childProfiles) },
        ...(waits instanceof Error
          ? { waits: null, waitsError: waits.message }
          : {
              waits: {
                samples: waits.samples,
                waits: waits.waits.slice(0, WAIT_ENTRIES),
                statements: waits.statements.slice(0, WAIT_ENTRIES),
              },
            }),
      };
    },
  };
}

function relativeToResults(resultsDir: string, path: string): string {
  return join('bench/results', path.slice(resultsDir.length + 1));
}
