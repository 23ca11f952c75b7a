// `tidepool run reexecute`: declaration (src/cli/command-spec.ts); the action is commands/run-reexecute.ts.
import { command, CONFIG_OPTION, DEFINITIONS_OPTION, group, JSON_OPTION } from '../command-spec.js';

export const runReexecuteSpec = {
  name: 'reexecute',
  description:
    "Re-execute a finished run: all its steps, from its failure (the steps that did not succeed; the others' stored outputs are loaded), " +
    'its failed assets, or selected steps. The new run joins the run group and enters the queue.',
  arguments: [{ name: 'runId', description: 'the run to re-execute (its parent)' }],
  options: {
    ...DEFINITIONS_OPTION,
    // The strategies of src/queue/reexecute.ts (REEXECUTION_STRATEGIES), spelled here so --help loads no engine code.
    strategy: {
      value: 'STRATEGY',
      choices: ['FROM_FAILURE', 'FROM_ASSET_FAILURE', 'ALL_STEPS'],
      description: 'which steps to run again (default: FROM_FAILURE)',
    },
    step: { value: 'KEY', repeatable: true, description: 'run exactly this step (repeatable), instead of a strategy' },
    tag: { value: 'KEY=VALUE', repeatable: true, description: 'a tag added to the new run (repeatable)' },
    useParentTags: { description: "start from the parent run's tags" },
    ...CONFIG_OPTION,
    ...JSON_OPTION,
  },
} as const;

export const runCommands = group('run', 'Runs: re-execution.', [
  command(runReexecuteSpec, () => import('../commands/run-reexecute.js').then((m) => m.runReexecute)),
]);
