// Schedules and sensors as one kind of thing, an "instigator" (Dagster's word): what both share when the
// daemons tick them and the API starts, stops and lists them.
import type { LoadedDefinitions, ScheduleDef, SensorDef } from '../definitions/index.js';

export type InstigatorDef = ScheduleDef | SensorDef;
export type InstigatorType = 'SCHEDULE' | 'SENSOR';

export function instigatorType(def: InstigatorDef): InstigatorType {
  return def.kind === 'schedule' ? 'SCHEDULE' : 'SENSOR';
}

/** The schedule or sensor of that name in the location, or null. */
export function findInstigator(location: LoadedDefinitions | null, name: string): InstigatorDef | null {
  return location?.definitions.getSchedule(name) ?? location?.definitions.getSensor(name) ?? null;
}
