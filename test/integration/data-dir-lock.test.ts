// The embedded database's folder lock (src/db/data-dir-lock.ts) between real processes: of several racing
// openers exactly one wins; a SIGKILLed holder's lock is taken over; a lock naming a pid that now belongs to
// another process is stale; a brief holder is waited for; the file is private to its user.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { DataDirLockedError, liveHolderOf, lockDataDir, lockFileOf } from '../../src/db/data-dir-lock.js';
import { processStartToken } from '../../src/db/process-identity.js';
import { waitFor } from '../support/wait.js';

const HOLD = fileURLToPath(new URL('../fixtures/data-dir-lock/hold.ts', import.meta.url));
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function dataDir(): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'tidepool-lock-'));
  dirs.push(home);
  const dir = join(home, 'db');
  await mkdir(dir);
  return dir;
}

interface Holder {
  child: ChildProcess;
  /** The first line it printed: "locked" or "refused: …". */
  outcome: Promise<string>;
}

function hold(dir: string, ...flags: string[]): Holder {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLD, dir, ...flags], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  const outcome = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`holder exited with ${code} before reporting`)));
  });
  return { child, outcome };
}

describe('data folder lock', () => {
  test('of five processes racing for the lock, exactly one takes it; the others are told who holds it', { timeout: 60_000 }, async () => {
    const dir = await dataDir();
    // They start one after another (tsx takes a while), then all try at the same instant.
    const at = String(Date.now() + 8_000);
    const racers = Array.from({ length: 5 }, () => hold(dir, '--at', at));
    const outcomes = await Promise.all(racers.map((racer) => racer.outcome));
    expect(outcomes.filter((outcome) => outcome === 'locked')).toHaveLength(1);
    const winner = racers[outcomes.indexOf('locked')]!.child;
    for (const refusal of outcomes.filter((outcome) => outcome !== 'locked')) {
      expect(refusal).toBe(
        `refused: The embedded database ${dir} is in use by lock test holder (pid ${winner.pid}); stop it first, or wait for it to finish (an embedded database serves one process; for several, use Postgres with DATABASE_URL).`,
      );
    }
    expect((await liveHolderOf(dir))?.pid).toBe(winner.pid);
    // Only its user may read it: it will carry a server's secret.
    expect((await stat(lockFileOf(dir))).mode & 0o777).toBe(0o600);
  });

  test(
    'a SIGKILLed holder leaves a stale lock that the next opener takes over; a clean release removes it',
    { timeout: 60_000 },
    async () => {
      const dir = await dataDir();
      const first = hold(dir);
      expect(await first.outcome).toBe('locked');
      expect(await hold(dir).outcome).toMatch(/^refused: /);
      first.child.kill('SIGKILL');
      await new Promise((resolve) => first.child.once('exit', resolve));
      // The file is still there, naming a dead process.
      expect(JSON.parse(await readFile(lockFileOf(dir), 'utf8')).pid).toBe(first.child.pid);
      expect(await liveHolderOf(dir)).toBeNull();

      const lock = await lockDataDir(dir, { owner: 'the test' });
      expect((await liveHolderOf(dir))?.pid).toBe(process.pid);
      await lock.release();
      await expect(stat(lockFileOf(dir))).rejects.toMatchObject({ code: 'ENOENT' });
    },
  );

  test('of five processes racing to take over the same stale lock, exactly one takes it', { timeout: 60_000 }, async () => {
    const dir = await dataDir();
    const dead = hold(dir);
    expect(await dead.outcome).toBe('locked');
    dead.child.kill('SIGKILL');
    await new Promise((resolve) => dead.child.once('exit', resolve));
    const at = String(Date.now() + 8_000);
    const racers = Array.from({ length: 5 }, () => hold(dir, '--at', at));
    const outcomes = await Promise.all(racers.map((racer) => racer.outcome));
    expect(outcomes.filter((outcome) => outcome === 'locked')).toHaveLength(1);
    expect((await liveHolderOf(dir))?.pid).toBe(racers[outcomes.indexOf('locked')]!.child.pid);
  });

  test('a lock naming a living pid with another start time (the pid was reused) is stale', async () => {
    const dir = await dataDir();
    const reused = {
      pid: process.pid,
      host: hostname(),
      processStart: `${processStartToken(process.pid)}-but-earlier`,
      owner: 'a process that died',
      since: new Date().toISOString(),
      nonce: 'dead',
      brief: false,
      server: null,
    };
    await writeFile(lockFileOf(dir), JSON.stringify(reused), { mode: 0o600 });
    expect(await liveHolderOf(dir)).toBeNull();
    const lock = await lockDataDir(dir, { owner: 'the test' });
    expect((await liveHolderOf(dir))?.owner).toBe('the test');
    // This very process holds it now: opening the folder a second time, even here, is refused.
    await expect(lockDataDir(dir, { owner: 'a second open' })).rejects.toBeInstanceOf(DataDirLockedError);
    await lock.release();
  });

  test('a brief holder (a one-shot command) is waited for instead of refused', { timeout: 60_000 }, async () => {
    const dir = await dataDir();
    const brief = hold(dir, '--brief', '--release-after-ms', '1500');
    expect(await brief.outcome).toBe('locked');
    const lock = await lockDataDir(dir, { owner: 'the test' });
    await waitFor(async () => (await liveHolderOf(dir))?.owner === 'the test', { what: 'the test to hold the lock' });
    await lock.release();
  });
});
