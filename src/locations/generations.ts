// The reload generation of each code location (table `code_locations`; this file is its only reader and
// writer). A reload request increments the location's generation and sends a 'location' hint in the same
// statement, so the hint is delivered only if (and when) the new generation is committed. The hint is only
// a hint: processes that missed it find the generation here (follow-location.ts polls it).
import { eq, sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/database.js';
import { CHANNEL } from '../db/notifier.js';
import { codeLocations } from '../db/schema.js';

/** Records a reload request for `name` and hints every process; returns the new generation (1 for the first). */
export async function requestReload(executor: Executor, name: string): Promise<number> {
  const rows = await queryRows<{ generation: string | number }>(
    executor,
    sql`
    with bumped as (
      insert into ${codeLocations} (name, generation, requested_at) values (${name}, 1, now())
      on conflict (name) do update set generation = ${codeLocations.generation} + 1, requested_at = now()
      returning generation
    )
    select generation, pg_notify(${CHANNEL}, json_build_object('topic', 'location', 'name', ${name}::text, 'generation', generation)::text)
    from bumped`,
  );
  return Number(rows[0]!.generation);
}

/** The location's generation (0 when no reload was ever requested). */
export async function readGeneration(executor: Executor, name: string): Promise<number> {
  const rows = await executor.select({ generation: codeLocations.generation }).from(codeLocations).where(eq(codeLocations.name, name));
  return rows[0]?.generation ?? 0;
}
