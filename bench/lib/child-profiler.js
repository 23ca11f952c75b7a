// Preloaded into every Node process a profiled scenario starts (`--import` through NODE_OPTIONS, set by
// bench/lib/cpu-profile.ts): profiles the thread from start-up to exit and writes the profile into
// $BENCH_CPU_PROFILE_DIR. Node 20 refuses --cpu-prof in NODE_OPTIONS, hence this.
// Plain JavaScript: the children run compiled code too (dist/), without tsx.
// The inspector answers an in-process session synchronously, so the profile is complete when the 'exit'
// listener returns: written on process.exit and on an empty event loop, not on a signal the process does not
// handle (`tidepool serve` handles SIGTERM).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';

const dir = process.env.BENCH_CPU_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  process.on('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      writeFileSync(join(dir, `${process.pid}.${threadId}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
