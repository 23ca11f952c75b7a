// How the schedule and sensor commands print ticks and evaluations for people.
import { DateTime } from 'luxon';
import type { DryRunEvaluation } from '../automation/preview.js';
import type { Tick } from '../automation/ticks.js';
import { formatTime } from './format-time.js';

/** A tick time as a person reads it: in the schedule's time zone, with that zone's name. */
export function inZone(time: Date, timezone: string | null): string {
  return DateTime.fromJSDate(time, { zone: timezone ?? 'UTC' }).toFormat('yyyy-MM-dd HH:mm:ss ZZZZ');
}

/** The last tick as `list` shows it: its status and time, or a dash before the first. */
export function describeLastTick(tick: Tick | undefined): string {
  return tick ? `${tick.status} ${formatTime(tick.tickAt)}` : '-';
}

/** What an evaluation would request, line by line, as both previews print it. */
export function describeEvaluation(evaluation: DryRunEvaluation): string[] {
  if (evaluation.error) return [`It fails: ${evaluation.error.className}: ${evaluation.error.message}`];
  if (evaluation.runRequests.length === 0) return [`It skips${evaluation.skipReason ? `: ${evaluation.skipReason}` : '.'}`];
  return [
    `It requests ${evaluation.runRequests.length} run(s):`,
    ...evaluation.runRequests.map((request) => {
      const tags = Object.entries(request.tags).map(([key, value]) => `${key}=${value}`);
      return `  run key ${request.runKey ?? '-'}; tags ${tags.join(', ') || '-'}; config ${JSON.stringify(request.runConfig ?? {})}`;
    }),
  ];
}
