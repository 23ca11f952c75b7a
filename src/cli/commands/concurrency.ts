// `tidepool instance concurrency get|set|delete|free`: pool limits and slots from the command line
// (the guide's `dagster instance concurrency set database 1`).
import { CLI_ACTOR } from '../../audit/actor.js';
import { InvalidConcurrencyLimitError, InvalidPoolKeyError } from '../../pools/errors.js';
import { freeConcurrencySlots } from '../../pools/free-slots.js';
import { allConcurrencyKeyInfos, concurrencyKeyInfo, type ConcurrencyKeyInfo } from '../../pools/pool-info.js';
import { checkConcurrencyKey, deleteConcurrencyLimit, setConcurrencyLimit } from '../../pools/pool-limits.js';
import { RunNotFoundError } from '../../runs/errors.js';
import { parseCommandArgs, UsageError } from '../args.js';
import { printResult } from '../output.js';
import { withInstance } from '../with-instance.js';

export const usage = {
  get: 'tidepool instance concurrency get [--all] [KEY] [--json]',
  set: 'tidepool instance concurrency set KEY LIMIT [--json]',
  delete: 'tidepool instance concurrency delete KEY [--json]',
  free: 'tidepool instance concurrency free --run RUN_ID [--step STEP_KEY] [--json]',
};

const common = { config: { type: 'string' }, json: { type: 'boolean' } } as const;

/** The pool and run errors these commands report as input errors. */
const EXPECTED_ERRORS = [InvalidConcurrencyLimitError, InvalidPoolKeyError, RunNotFoundError];

function describePool(info: ConcurrencyKeyInfo): string {
  const limit = info.limit === null ? 'unlimited' : `limit ${info.limit}${info.usingDefaultLimit ? ' (default)' : ''}`;
  return `${info.concurrencyKey}: ${limit}, ${info.activeSlotCount} slot(s) in use, ${info.pendingStepCount} step(s) waiting`;
}

export async function concurrencyGet(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, { ...common, all: { type: 'boolean' } }, 1);
  const key = positionals[0];
  if (!key && !values.all) throw new UsageError('Give a KEY, or --all for every pool.');
  if (key && values.all) throw new UsageError('Give either a KEY or --all, not both.');
  await withInstance(values, EXPECTED_ERRORS, async (instance) => {
    const infos = key
      ? [await concurrencyKeyInfo(instance.database.db, instance.config, checkConcurrencyKey(key))]
      : await allConcurrencyKeyInfos(instance.database.db, instance.config);
    printResult(values.json === true, key ? infos[0] : infos, () =>
      infos.length === 0 ? 'No pools have a limit or a claim.' : infos.map(describePool).join('\n'),
    );
  });
}

export async function concurrencySet(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, common, 2);
  const [key, limitText] = positionals;
  if (!key || limitText === undefined) throw new UsageError('KEY and LIMIT are required.');
  if (!/^-?\d+$/.test(limitText)) throw new UsageError(`LIMIT must be an integer (got '${limitText}').`);
  await withInstance(values, EXPECTED_ERRORS, async (instance) => {
    await setConcurrencyLimit(instance.database.db, instance.config, key, Number(limitText), CLI_ACTOR);
    const info = await concurrencyKeyInfo(instance.database.db, instance.config, key);
    printResult(values.json === true, info, () => `Set the limit of pool ${key} to ${limitText}.\n${describePool(info)}`);
  });
}

export async function concurrencyDelete(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, common, 1);
  const key = positionals[0];
  if (!key) throw new UsageError('KEY is required.');
  await withInstance(values, EXPECTED_ERRORS, async (instance) => {
    const existed = await deleteConcurrencyLimit(instance.database.db, instance.config, key, CLI_ACTOR);
    const info = await concurrencyKeyInfo(instance.database.db, instance.config, key);
    printResult(
      values.json === true,
      { existed, ...info },
      () => `${existed ? `Deleted the limit of pool ${key}.` : `Pool ${key} had no limit.`}\n${describePool(info)}`,
    );
  });
}

export async function concurrencyFree(argv: string[]): Promise<void> {
  const { values } = parseCommandArgs(argv, { ...common, run: { type: 'string' }, step: { type: 'string' } });
  if (!values.run) throw new UsageError('--run is required: the run whose slots to free.');
  await withInstance(values, EXPECTED_ERRORS, async (instance) => {
    const freed = await freeConcurrencySlots(instance.database.db, values.run!, values.step ?? null, CLI_ACTOR);
    printResult(values.json === true, { runId: values.run, freed }, () =>
      freed.length === 0
        ? `Run ${values.run} holds no slot${values.step ? ` for step ${values.step}` : ''}.`
        : `Freed ${freed.length} claim(s) of run ${values.run}: ${freed.map((f) => `${f.stepKey} in ${f.concurrencyKey}${f.held ? '' : ' (waiting)'}`).join(', ')}.`,
    );
  });
}
