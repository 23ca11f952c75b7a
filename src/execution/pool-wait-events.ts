// The engine events a step writes when it has to wait for a pool slot, as Dagster's run log shows them: one
// when the step is blocked by its pool's limit (naming the pool and the limit), one when it has claimed its
// slot. A step whose slot is granted at once writes neither; steps without a pool never wait. The two open
// and close the step's `pool_wait` marker (Dagster's MarkerEvent), so step stats show how long it waited.
import type { StepSpec } from '../definitions/index.js';
import type { RunEvents, StepGate } from './execute-run.js';

/** The marker a step's wait for its pool slot opens and closes (RunStepStats.markers). */
export const POOL_WAIT_MARKER = 'pool_wait';

/** The step's gate (pools/slot-gate.ts), with the blocked and claimed events written around a wait. */
export async function gateWithEvents(
  gate: StepGate,
  step: StepSpec,
  signal: AbortSignal,
  run: { runId: string; tags: Record<string, string> },
  events: RunEvents,
): Promise<() => Promise<void>> {
  let blocked: { pool: string; limit: number } | null = null;
  const release = await gate(step, signal, run, (wait) => {
    blocked = wait;
    events.write({
      eventType: 'ENGINE_EVENT',
      stepKey: step.key,
      message: `Step "${step.key}" is blocked by the concurrency limit of pool "${wait.pool}" (limit ${wait.limit}); waiting for a slot.`,
      payload: { pool: wait.pool, limit: wait.limit, poolWait: 'blocked', markerStart: POOL_WAIT_MARKER },
    });
  });
  if (blocked !== null) {
    const { pool } = blocked;
    events.write({
      eventType: 'ENGINE_EVENT',
      stepKey: step.key,
      message: `Step "${step.key}" claimed a concurrency slot of pool "${pool}".`,
      payload: { pool, poolWait: 'claimed', markerEnd: POOL_WAIT_MARKER },
    });
  }
  return release;
}
