// The fields of the op-retry events beyond the MessageEvent/StepEvent/ErrorEvent interfaces (events.ts):
// Dagster's `ExecutionStepUpForRetryEvent.secondsToWait`. The events are written by the run worker
// (src/execution/step-retry.ts), with the seconds in the payload.
import type { EventRecord } from '../runs/read-events.js';
import { builder } from './builder.js';
import { eventObjectType } from './events.js';

builder.objectFields(eventObjectType('STEP_UP_FOR_RETRY'), (t) => ({
  secondsToWait: t.int({
    nullable: true,
    resolve: (event: EventRecord) => {
      const seconds = event.payload.secondsToWait;
      return typeof seconds === 'number' && Number.isInteger(seconds) ? seconds : null;
    },
  }),
}));
