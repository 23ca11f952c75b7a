// Whether a process id recorded earlier still names the same, living process. A pid alone is not enough: after
// a crash the pid can be reused by an unrelated process, and a lock judged by pid alone would then stay held
// forever. So a holder records its pid with the moment its process started, and a later reader compares both.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * When process `pid` started, as an opaque token that differs between two processes that ever had the same
 * pid; null when this platform cannot tell (the pid alone is then all there is to go by).
 * Linux: the boot's id and field 22 of /proc/PID/stat (start time in clock ticks since boot). Elsewhere
 * (macOS, the BSDs): `ps -o lstart=`, the start time to the second.
 */
export function processStartToken(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may itself hold spaces or parentheses: count fields
    // after the last ')'. Field 3 is the first after it, so field 22 is the 20th.
    const startTicks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    if (startTicks) return `linux:${bootId}:${startTicks}`;
  } catch {
    // No /proc (not Linux), or no such process: ps answers for the first, and says nothing for the second.
  }
  if (process.platform === 'win32') return null;
  try {
    const started = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return started.trim() ? `ps:${started.trim()}` : null;
  } catch {
    return null;
  }
}

/** Whether a process with this pid exists now (one of another user counts: it exists, we just may not signal it). */
export function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether `pid`, recorded with `startToken`, is still that same process. */
export function isSameLivingProcess(pid: number, startToken: string | null): boolean {
  if (!pidExists(pid)) return false;
  if (startToken === null) return true;
  const now = processStartToken(pid);
  // Unknown now (e.g. it exited between the two checks, or ps is missing): the pid exists, so assume it is.
  return now === null ? pidExists(pid) : now === startToken;
}
