// Which modules a `tidepool` call loads: a module hook, registered ahead of the CLI's own (tsx), appends the
// URL of every module loaded to a file. Used to check that --help loads none of the engine, and by the
// CLI start-up bench to say where the time goes.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childEnv } from './cli.js';

export async function modulesLoadedBy(entry: string, args: string[], env: Record<string, string> = {}): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'tidepool-loads-'));
  const record = join(dir, 'loaded.txt');
  const hooks = `import { appendFileSync } from 'node:fs';
    export async function load(url, context, next) { appendFileSync(${JSON.stringify(record)}, url + '\\n'); return next(url, context); }`;
  const register = `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hooks)}));`;
  try {
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(register)}`, entry, ...args], {
        env: childEnv(env),
      });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
    if (result.code !== 0) throw new Error(`${args.join(' ')} exited with ${result.code}: ${result.stderr}`);
    return (await readFile(record, 'utf8')).trim().split('\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
