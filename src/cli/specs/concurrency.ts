// `tidepool instance concurrency get|set|delete|free`: declarations (src/cli/command-spec.ts); the actions
// are in commands/concurrency.ts.
import { command, CONFIG_OPTION, group, JSON_OPTION } from '../command-spec.js';

const COMMON = { ...CONFIG_OPTION, ...JSON_OPTION } as const;
const KEY = { name: 'key', description: 'the pool (concurrency key)' } as const;

export const concurrencyGetSpec = {
  name: 'get',
  description: "Show a pool's limit, the slots in use and the steps waiting, or every pool's with --all.",
  arguments: [{ ...KEY, optional: true }],
  options: { all: { description: 'every pool that has a limit or a claim' }, ...COMMON },
} as const;

export const concurrencySetSpec = {
  name: 'set',
  description: "Set a pool's limit: how many steps may hold one of its slots at once.",
  arguments: [KEY, { name: 'limit', description: 'how many of its slots may be held at once' }],
  options: COMMON,
} as const;

export const concurrencyDeleteSpec = {
  name: 'delete',
  description: "Delete a pool's limit (it falls back to the default limit, if any).",
  arguments: [KEY],
  options: COMMON,
} as const;

export const concurrencyFreeSpec = {
  name: 'free',
  description: "Free a run's claims on pool slots, held or waiting (its steps still waiting ask again).",
  options: {
    run: { value: 'RUN_ID', required: true, description: 'the run whose slots to free' },
    step: { value: 'STEP_KEY', description: "only this step's slots" },
    ...COMMON,
  },
} as const;

const load = () => import('../commands/concurrency.js');

export const concurrencyCommands = group('concurrency', 'Pool limits and slots.', [
  command(concurrencyGetSpec, () => load().then((m) => m.concurrencyGet)),
  command(concurrencySetSpec, () => load().then((m) => m.concurrencySet)),
  command(concurrencyDeleteSpec, () => load().then((m) => m.concurrencyDelete)),
  command(concurrencyFreeSpec, () => load().then((m) => m.concurrencyFree)),
]);
