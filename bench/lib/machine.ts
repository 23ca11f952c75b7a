// The machine a result was measured on: figures from different machines are not comparable.
import os from 'node:os';
import { withAdmin } from '../../test/support/postgres.js';

export interface Machine {
  cpu: string;
  cores: number;
  memoryBytes: number;
  os: string;
  node: string;
  postgres: string;
}

export async function describeMachine(): Promise<Machine> {
  const postgres = await withAdmin(async (admin) => {
    const { rows } = await admin.query<{ version: string }>('select version()');
    return rows[0]!.version;
  });
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryBytes: os.totalmem(),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres,
  };
}
