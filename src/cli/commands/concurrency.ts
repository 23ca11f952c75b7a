// `tidepool instance concurrency get|set|delete|free`: pool limits and slots from the command line
// (the guide's `dagster instance concurrency set database 1`).
import { CLI_ACTOR } from '../../audit/actor.js';
import { InvalidConcurrencyLimitError, InvalidPoolKeyError } from '../../pools/errors.js';
import { freeConcurrencySlots } from '../../pools/free-slots.js';
import { allConcurrencyKeyInfos, concurrencyKeyInfo, type ConcurrencyKeyInfo } from '../../pools/pool-info.js';
import { checkConcurrencyKey, deleteConcurrencyLimit, setConcurrencyLimit } from '../../pools/pool-limits.js';
import { RunNotFoundError } from '../../runs/errors.js';
import { UsageError } from '../args.js';
import type { Invocation } from '../command-spec.js';
import { printResult } from '../output.js';
import type { concurrencyDeleteSpec, concurrencyFreeSpec, concurrencyGetSpec, concurrencySetSpec } from '../specs/concurrency.js';
import { withInstance } from '../with-instance.js';

/** The pool and run errors these commands report as input errors. */
const EXPECTED_ERRORS = [InvalidConcurrencyLimitError, InvalidPoolKeyError, RunNotFoundError];

function describePool(info: ConcurrencyKeyInfo): string {
  const limit = info.limit === null ? 'unlimited' : `limit ${info.limit}${info.usingDefaultLimit ? ' (default)' : ''}`;
  return `${info.concurrencyKey}: ${limit}, ${info.activeSlotCount} slot(s) in use, ${info.pendingStepCount} step(s) waiting`;
}

export async function concurrencyGet({ options: values, args }: Invocation<typeof concurrencyGetSpec>): Promise<void> {
  const key = args.key;
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

export async function concurrencySet({ options: values, args }: Invocation<typeof concurrencySetSpec>): Promise<void> {
  const { key, limit: limitText } = args;
  if (!/^-?\d+$/.test(limitText)) throw new UsageError(`LIMIT must be an integer (got '${limitText}').`);
  await withInstance(values, EXPECTED_ERRORS, async (instance) => {
    await setConcurrencyLimit(instance.database.db, instance.config, key, Number(limitText), CLI_ACTOR);
    const info = await concurrencyKeyInfo(instance.database.db, instance.config, key);
    printResult(values.json === true, info, () => `Set the limit of pool ${key} to ${limitText}.\n${describePool(info)}`);
  });
}

export async function concurrencyDelete({ options: values, args }: Invocation<typeof concurrencyDeleteSpec>): Promise<void> {
  const { key } = args;
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

export async function concurrencyFree({ options: values }: Invocation<typeof concurrencyFreeSpec>): Promise<void> {
  await withInstance(values, EXPECTED_ERRORS, async (instance) => {
    const freed = await freeConcurrencySlots(instance.database.db, values.run, values.step ?? null, CLI_ACTOR);
    printResult(values.json === true, { runId: values.run, freed }, () =>
      freed.length === 0
        ? `Run ${values.run} holds no slot${values.step ? ` for step ${values.step}` : ''}.`
        : `Freed ${freed.length} claim(s) of run ${values.run}: ${freed.map((f) => `${f.stepKey} in ${f.concurrencyKey}${f.held ? '' : ' (waiting)'}`).join(', ')}.`,
    );
  });
}
