// The step errors of Dagster's launch result unions (LaunchRunResult, LaunchRunReexecutionResult), declared once
// for both: InvalidStepError (a selected step key the job does not have: re-execution's explicit selection,
// src/queue/reexecute.ts, and launchRun's `stepKeys`, graphql/launch.ts) and InvalidOutputError.
import { InvalidStepError } from '../queue/reexecute-errors.js';
import { builder } from './builder.js';

builder.objectType(InvalidStepError, {
  name: 'InvalidStepError',
  description: 'A selected step key that the job does not have.',
  fields: (t) => ({ invalidStepKey: t.exposeString('invalidStepKey') }),
});

/**
 * Dagster's answer to a known execution state naming an output a step does not have. Tidepool steps have
 * exactly one output ("result") and no input names outputs, so nothing raises it; it keeps Dagster's shape
 * for the launch unions that list it.
 */
export const InvalidOutputErrorType = builder
  .objectRef<{ stepKey: string; invalidOutputName: string }>('InvalidOutputError')
  .implement({ fields: (t) => ({ stepKey: t.exposeString('stepKey'), invalidOutputName: t.exposeString('invalidOutputName') }) });
