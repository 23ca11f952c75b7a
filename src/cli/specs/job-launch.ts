// `tidepool job launch`: declaration (src/cli/command-spec.ts); the action is commands/job-launch.ts.
import { command, CONFIG_OPTION, DEFINITIONS_OPTION, JSON_OPTION } from '../command-spec.js';

export const jobLaunchSpec = {
  name: 'launch',
  description: 'Launch a run of a job from the definitions; it enters the queue and a coordinator and a worker run it.',
  arguments: [{ name: 'job', description: 'the name of the job to launch' }],
  options: {
    ...DEFINITIONS_OPTION,
    tag: { value: 'KEY=VALUE', repeatable: true, description: 'a tag for the run (repeatable), e.g. dagster/priority=3' },
    ...CONFIG_OPTION,
    ...JSON_OPTION,
  },
} as const;

export const jobLaunchCommand = command(jobLaunchSpec, () => import('../commands/job-launch.js').then((m) => m.jobLaunch));
