// An embedded (PGlite) data directory is one process's. PGlite keeps the whole database in the memory of the
// process that opened it and writes it back to the directory; a second process opening the same directory
// works on its own copy, and whatever it writes the first never sees (and may overwrite). So whoever opens the
// directory first holds `<dir>.lock`, and every other opener is refused with who holds it.
//
// The lock file is created whole and exclusively (written to a temporary file, then hard-linked into place:
// link(2) fails if the name exists, so of two racing openers exactly one wins, and no reader ever sees a
// half-written file). It records the holder's pid with its process start time (process-identity.ts), so a
// holder killed with SIGKILL leaves a file the next opener recognises as stale: that pid is gone, or now
// belongs to a process that started at another time. Stale files are removed under a short-lived takeover
// directory (mkdir is exclusive too), so two openers that both found the same stale file cannot remove each
// other's fresh lock. A server adds its loopback URL and a random per-start secret to the file
// (`advertise`); the file is mode 0600, so only the user who could open the directory anyway can read them,
// and CLI commands use them to act through the server (src/cli/with-instance.ts).
//
// Why not proper-lockfile: its staleness is by age (a holder touches the lock's mtime every few seconds), so
// a SIGKILLed holder keeps the directory locked until the age passes, and a live holder whose event loop is
// blocked longer than that (PGlite's start-up runs synchronous WebAssembly for seconds on a slow machine)
// loses its lock to a second opener. Checking the recorded process is exact on one machine, and the file has
// to carry the server's address anyway.
import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, mkdir, readFile, realpath, rename, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { isSameLivingProcess, processStartToken } from './process-identity.js';

/** What a lock file says about the process holding the directory. */
export interface DataDirHolder {
  pid: number;
  host: string;
  /** processStartToken(pid) when the lock was taken; null where the platform cannot tell. */
  processStart: string | null;
  /** Who holds it, for people: "tidepool serve", "tidepool migrate"… */
  owner: string;
  /** When the lock was taken (ISO 8601). */
  since: string;
  /** Tells this taking of the lock apart from every other, so a holder only ever removes or rewrites its own. */
  nonce: string;
  /** A one-shot command that lets go within seconds: other openers wait for it rather than refuse. */
  brief: boolean;
  /** Set by a server once it listens: where CLI commands send their work (loopback), and the secret they show. */
  server: AdvertisedServer | null;
}

export interface AdvertisedServer {
  url: string;
  secret: string;
}

export interface DataDirLock {
  readonly lockFile: string;
  /** Records the server's address and secret in the lock file (only the holder's own file is ever rewritten). */
  advertise(server: AdvertisedServer): Promise<void>;
  /** Lets go of the directory; safe to call more than once. */
  release(): Promise<void>;
}

/** Another process holds the directory. The message is one sentence: who, and what to do. */
export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
  constructor(
    readonly dataDir: string,
    readonly holder: DataDirHolder,
  ) {
    const where = holder.host === hostname() ? `pid ${holder.pid}` : `pid ${holder.pid} on host ${holder.host}`;
    const serving = holder.server ? `, serving ${holder.server.url}` : '';
    const advice = holder.server
      ? 'stop it first, or use its API'
      : 'stop it first, or wait for it to finish (an embedded database serves one process; for several, use Postgres with DATABASE_URL)';
    super(`The embedded database ${dataDir} is in use by ${holder.owner} (${where}${serving}); ${advice}.`);
  }
}

/** How long an opener waits for a brief holder (a CLI command) to finish before refusing. */
const BRIEF_HOLDER_WAIT_MS = 15_000;
/** A takeover directory older than this was left by a process killed while removing a stale lock. */
const STALE_TAKEOVER_MS = 10_000;
/** Give up (and say why) if the lock cannot be settled in this long, e.g. under constant contention. */
const ACQUIRE_DEADLINE_MS = 30_000;
const RETRY_MS = 100;

export function lockFileOf(dataDir: string): string {
  return `${dataDir}.lock`;
}

/**
 * Takes the lock on `dataDir` (which must exist) or throws DataDirLockedError naming its holder. A brief
 * holder is waited for up to 15 s; a stale lock (its process gone) is taken over.
 */
export async function lockDataDir(dataDir: string, options: { owner: string; brief?: boolean }): Promise<DataDirLock> {
  const lockFile = lockFileOf(await realpath(dataDir));
  const me: DataDirHolder = {
    pid: process.pid,
    host: hostname(),
    processStart: processStartToken(process.pid),
    owner: options.owner,
    since: new Date().toISOString(),
    nonce: randomBytes(16).toString('hex'),
    brief: options.brief ?? false,
    server: null,
  };
  const briefWaitEnds = Date.now() + BRIEF_HOLDER_WAIT_MS;
  const deadline = Date.now() + ACQUIRE_DEADLINE_MS;
  for (;;) {
    if (await createExclusively(lockFile, me)) return heldLock(lockFile, me);
    const holder = await readHolderFile(lockFile);
    if (holder === 'gone') continue;
    if (holder !== 'unreadable' && isHeld(holder)) {
      if (!(holder.brief && Date.now() < briefWaitEnds)) throw new DataDirLockedError(dataDir, holder);
    } else if (holder !== 'unreadable') {
      await removeStale(lockFile, holder);
      continue;
    } else if (await isOlderThan(lockFile, STALE_TAKEOVER_MS)) {
      // Not written by this code (the file is only ever linked in whole): something damaged it. Its holder
      // cannot be known, so it is treated as stale once old enough that no writer can still be at work.
      await removeStale(lockFile, null);
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`Could not take the lock ${lockFile} within ${ACQUIRE_DEADLINE_MS / 1000} s: other processes kept taking it.`);
    }
    await sleep(RETRY_MS);
  }
}

/** The process holding `dataDir` now, or null when none does (no lock file, or a stale one). */
export async function liveHolderOf(dataDir: string): Promise<DataDirHolder | null> {
  const real = await realpath(dataDir).catch(() => null);
  if (real === null) return null;
  const holder = await readHolderFile(lockFileOf(real));
  return typeof holder === 'object' && isHeld(holder) ? holder : null;
}

function isHeld(holder: DataDirHolder): boolean {
  // A holder on another machine (a shared network folder) cannot be checked from here: assume it lives.
  if (holder.host !== hostname()) return true;
  return isSameLivingProcess(holder.pid, holder.processStart);
}

async function createExclusively(lockFile: string, holder: DataDirHolder): Promise<boolean> {
  const temporary = `${lockFile}.${holder.nonce}.tmp`;
  await writeFile(temporary, JSON.stringify(holder), { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, lockFile);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

async function readHolderFile(lockFile: string): Promise<DataDirHolder | 'gone' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(lockFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
  return parseHolder(text) ?? 'unreadable';
}

function parseHolder(text: string): DataDirHolder | null {
  try {
    const value = JSON.parse(text) as DataDirHolder;
    return typeof value.pid === 'number' && typeof value.nonce === 'string' ? value : null;
  } catch {
    return null;
  }
}

async function isOlderThan(file: string, ms: number): Promise<boolean> {
  const info = await stat(file).catch(() => null);
  return info !== null && Date.now() - info.mtimeMs > ms;
}

/**
 * Removes the lock file if it still holds `stale` (null: whatever unreadable content it had), under the
 * takeover directory: without it, two openers that both read the same stale file could each remove it,
 * and the slower would remove the faster's fresh lock.
 */
async function removeStale(lockFile: string, stale: DataDirHolder | null): Promise<void> {
  const takeover = `${lockFile}.takeover`;
  try {
    await mkdir(takeover);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    if (await isOlderThan(takeover, STALE_TAKEOVER_MS)) await rmdir(takeover).catch(() => undefined);
    await sleep(RETRY_MS);
    return;
  }
  try {
    const current = await readHolderFile(lockFile);
    const unchanged = stale === null ? current === 'unreadable' : typeof current === 'object' && current.nonce === stale.nonce;
    if (unchanged) await unlink(lockFile).catch(() => undefined);
  } finally {
    await rmdir(takeover).catch(() => undefined);
  }
}

function heldLock(lockFile: string, me: DataDirHolder): DataDirLock {
  let released = false;
  const isMine = (text: string) => parseHolder(text)?.nonce === me.nonce;
  // A process that exits without closing its database (process.exit on a fatal error, a shutdown deadline)
  // lets go on the way out; only SIGKILL and crashes leave the file, and the next opener finds it stale.
  const onExit = () => {
    try {
      if (isMine(readFileSync(lockFile, 'utf8'))) unlinkSync(lockFile);
    } catch {
      // Already gone.
    }
  };
  process.on('exit', onExit);
  return {
    lockFile,
    async advertise(server) {
      const current = await readFile(lockFile, 'utf8').catch(() => '');
      if (released || !isMine(current)) throw new Error(`The lock ${lockFile} is no longer held by this process.`);
      const temporary = `${lockFile}.${me.nonce}.tmp`;
      await writeFile(temporary, JSON.stringify({ ...me, server }), { mode: 0o600, flag: 'w' });
      // rename(2) replaces the file in one step: readers see the old record or the new one, never neither.
      await rename(temporary, lockFile);
    },
    async release() {
      if (released) return;
      released = true;
      process.off('exit', onExit);
      const current = await readFile(lockFile, 'utf8').catch(() => '');
      if (isMine(current)) await unlink(lockFile).catch(() => undefined);
    },
  };
}
