// The process's Prometheus metrics: one registry per process, because Prometheus scrapes processes (an API
// replica, a daemon, a worker), not instances. Nothing is registered until the instance config turns metrics
// on (`metrics: { enabled: true }`, the default); until then `recording()` is null and every recording site
// is `recording()?.…`, so a process with metrics off pays one call and one null check per site, and has no
// default collectors (event-loop monitor, GC observer) running.
//
// Label cardinality is bounded by construction: labels are statuses, outcomes and monitor actions (fixed
// vocabularies), pools and tag limits (the operator's configuration, capped in database-gauges.ts), and
// operation names (capped in operation-names.ts). Never a run id, step key or tag value from a run.
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { OperationNames } from './operation-names.js';
import { registerProcessGauges } from './process-gauges.js';

/** Latencies inside the engine: a dequeue pass, a slot hand-off (milliseconds to seconds). */
const FAST_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Waits in the queue or for a slot: from milliseconds (room at once) to half an hour. */
const WAIT_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 1800];
/** Steps and runs: user code, from milliseconds to hours. */
const WORK_SECONDS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 1800, 3600, 10800];
/** API requests. */
const REQUEST_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function createInstruments(register: Registry) {
  const registers = [register];
  return {
    register,
    // The cap on operation-name labels is the registry's: every API server of the process shares it.
    operationNames: new OperationNames(),
    // Recorded by the process that does the work (coordinator, worker, monitor, API).
    dequeuePass: new Histogram({
      name: 'tidepool_dequeue_pass_duration_seconds',
      help: 'Duration of one dequeue pass of the queued run coordinator (its whole transaction).',
      buckets: FAST_SECONDS,
      registers,
    }),
    launchToStarting: new Histogram({
      name: 'tidepool_run_launch_to_starting_seconds',
      help: 'Time from a run being launched to it moving to STARTING (its time in the queue).',
      buckets: WAIT_SECONDS,
      registers,
    }),
    slotWait: new Histogram({
      name: 'tidepool_slot_wait_seconds',
      help: 'Time a step with a pool waited for its slot (op granularity), granted at once or after waiting.',
      buckets: WAIT_SECONDS,
      registers,
    }),
    slotHandoff: new Histogram({
      name: 'tidepool_slot_handoff_seconds',
      help: 'Time from a waiting step being granted its slot in the database to the step resuming in its worker.',
      buckets: FAST_SECONDS,
      registers,
    }),
    stepDuration: new Histogram({
      name: 'tidepool_step_duration_seconds',
      help: "Duration of a step's compute function, by outcome (success or failure).",
      labelNames: ['outcome'] as const,
      buckets: WORK_SECONDS,
      registers,
    }),
    runDuration: new Histogram({
      name: 'tidepool_run_duration_seconds',
      help: 'Time from a run being STARTED to its end, by the status it ended in.',
      labelNames: ['status'] as const,
      buckets: WORK_SECONDS,
      registers,
    }),
    statusChanges: new Counter({
      name: 'tidepool_run_status_changes_total',
      help: 'Runs this process moved to each status (summed over processes: every run status change).',
      labelNames: ['status'] as const,
      registers,
    }),
    leaseExpiries: new Counter({
      name: 'tidepool_lease_expiries_total',
      help: "Runs the monitor ended because their worker's lease expired (the worker is presumed dead).",
      registers,
    }),
    monitorActions: new Counter({
      name: 'tidepool_monitor_actions_total',
      help: 'Runs the run monitor ended, by why: start_timeout, cancel_timeout or lease_expired.',
      labelNames: ['action'] as const,
      registers,
    }),
    requestDuration: new Histogram({
      name: 'tidepool_graphql_request_duration_seconds',
      help: 'Duration of GraphQL requests over HTTP, by operation name (anonymous, unknown and names past the cap collapse).',
      labelNames: ['operation', 'type'] as const,
      buckets: REQUEST_SECONDS,
      registers,
    }),
  };
}

export type Instruments = ReturnType<typeof createInstruments>;

let instruments: Instruments | null = null;

/**
 * Turns the process's metrics on (idempotent); called when an instance whose config enables them is opened.
 * Metrics are never turned off again in a process: a scrape must not see counters vanish.
 */
export function enableMetrics(): Instruments {
  if (instruments) return instruments;
  const register = new Registry();
  // Process CPU, memory, GC, handles and event-loop lag (nodejs_eventloop_lag_seconds and its percentiles).
  collectDefaultMetrics({ register });
  instruments = createInstruments(register);
  registerProcessGauges(instruments);
  return instruments;
}

/** The process's instruments, or null when metrics are off (record nothing then). */
export function recording(): Instruments | null {
  return instruments;
}
