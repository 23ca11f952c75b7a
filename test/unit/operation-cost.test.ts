// The operation cost budget (src/server/operation-cost.ts): costs declared on the schema's fields, pages
// priced by the limit the variables give, nested lists multiplied, fragments expanded in a linear walk,
// and, through yoga, a typed refusal before any resolver runs. The pages real clients ask for stay well
// within the default budget; the attacks of issue 11 do not.
import { readdir, readFile } from 'node:fs/promises';
import { getOperationAST, Kind, parse, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { untouchableYoga } from '../support/untouchable-yoga.js';
import { DEFAULT_INSTANCE_CONFIG } from '../../src/config/index.js';
import { schema } from '../../src/graphql/index.js';
import { checkOperationCost, operationCost, useOperationCost } from '../../src/server/operation-cost.js';

const BUDGET = DEFAULT_INSTANCE_CONFIG.api.maxOperationCost;

function costOf(source: string | DocumentNode, variables: Record<string, unknown> = {}, operationName?: string) {
  const document = typeof source === 'string' ? parse(source) : source;
  return operationCost(schema, document, getOperationAST(document, operationName)!, variables);
}

const aliased = (count: number, field: string) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

describe('operationCost', () => {
  it('prices the pages a UI shows well within the budget', async () => {
    const runsPage = '{ runsOrError(limit: 50) { ... on Runs { results { runId status tags { key value } } count } } }';
    expect(costOf(runsPage).cost).toBe(551); // 1 + 50 runs + the count
    // Dagster's run tabs: two counts of unpaged lists (each still lists the default 1000 runs).
    const tabs = `query Tabs($queued: RunsFilter!, $inProgress: RunsFilter!) {
      queuedCount: pipelineRunsOrError(filter: $queued) { ... on Runs { count } }
      inProgressCount: pipelineRunsOrError(filter: $inProgress) { ... on Runs { count } } }`;
    expect(costOf(tabs).cost).toBe(3002);

    const operations = new URL('../operations/', import.meta.url);
    const sources = await Promise.all((await readdir(operations)).map((name) => readFile(new URL(name, operations), 'utf8')));
    const document = parse(sources.join('\n'));
    const costs = Object.fromEntries(
      document.definitions.flatMap((definition) =>
        definition.kind === Kind.OPERATION_DEFINITION ? [[definition.name!.value, costOf(document, {}, definition.name!.value).cost]] : [],
      ),
    );
    // Without variables every page is the resolver's default (1000 runs, 1000 events).
    expect(costs).toMatchObject({
      RunsList: 1501,
      RunDetail: 1010,
      LogsForRun: 1001,
      ConcurrencyLimits: 20,
      RunLifecycle: expect.any(Number),
    });
    expect(Object.entries(costs).filter(([, cost]) => cost > BUDGET)).toEqual([]);
  });

  it("prices a page that is itself the list (a state's ticks) by its items, everything inside them included", () => {
    const ticks = (limit: number) =>
      `query ($s: InstigationSelector!) { instigationStateOrError(instigationSelector: $s) {
        ... on InstigationState { ticks(limit: ${limit}) { tickId runs { runId } } } } }`;
    // The state (1) + the ticks page (1 + 25) + each tick's runs (1 each, 25 ticks).
    expect(costOf(ticks(25)).cost).toBe(1 + 1 + 25 + 25);
    expect(costOf(ticks(1000)).most).toEqual({ coordinate: 'InstigationState.ticks', cost: 1001, times: 1 });
  });

  it('prices 100 aliased counts far over the budget, even with the smallest pages', () => {
    const { cost, most } = costOf(aliased(100, 'runsOrError(limit: 1) { ... on Runs { count } }'));
    expect(cost).toBe(100 * (1 + 1 + 500));
    expect(most).toEqual({ coordinate: 'Runs.count', cost: 50_000, times: 100 });
  });

  it('prices pages by the limit they ask for: a literal, a variable, a variable default or the resolver default', () => {
    const page = (limit: string) => `query Q($limit: Int = 7) { runsOrError${limit} { ... on Runs { results { runId } } } }`;
    expect(costOf(page('(limit: 20)')).cost).toBe(21);
    expect(costOf(page('(limit: $limit)'), { limit: 300 }).cost).toBe(301);
    expect(costOf(page('(limit: $limit)')).cost).toBe(8);
    expect(costOf(page('(limit: $limit)'), { limit: null }).cost).toBe(1001);
    expect(costOf(page('')).cost).toBe(1001);
    // The resolver refuses limits past its maximum (or not whole numbers): priced as the most it accepts, or its default.
    expect(costOf(page('(limit: $limit)'), { limit: 1e12 }).cost).toBe(1001);
    expect(costOf(page('(limit: $limit)'), { limit: 'many' }).cost).toBe(1001);
    // Aliases × limit.
    expect(costOf(aliased(5, 'runsOrError(limit: 1000) { __typename }')).cost).toBe(5005);
  });

  it('multiplies what is selected inside the items by the page size, and only that', () => {
    const nested = `{ runsOrError(limit: 50) { ... on Runs { count results { stepStats { stepKey } eventConnection(limit: 10) { events { __typename } } } } } }`;
    // 1 + 50 rows, the count once, and per run: step stats (2) and a page of 10 events (1 + 10).
    expect(costOf(nested)).toEqual({
      cost: 1 + 50 + 500 + 50 * (2 + 11),
      most: { coordinate: 'Run.eventConnection', cost: 550, times: 50 },
      variableSized: false,
    });
    // The items are found through fragments too.
    const viaFragments = `{ runsOrError(limit: 50) { ...Page } } fragment Page on RunsOrError { ... on Runs { ...Results } }
      fragment Results on Runs { results { stepStats { stepKey } } }`;
    expect(costOf(viaFragments).cost).toBe(1 + 50 + 50 * 2);
    // An event's job name is read once per run and cached, so it costs nothing per event.
    const logs = '{ logsForRun(runId: "x", limit: 100) { ... on EventConnection { events { ... on RunEvent { pipelineName } } } } }';
    expect(costOf(logs).cost).toBe(101);
  });

  it('measures a fragment bomb once per fragment, saturating instead of overflowing', () => {
    // F0 spreads F1 twice, …: 2^60 counts once expanded. A walk of the expansion would never end.
    const fragments = Array.from({ length: 60 }, (_, i) => `fragment F${i} on Runs { ...F${i + 1} ...F${i + 1} }`);
    const document = `{ runsOrError(limit: 1) { ...F0 } } ${fragments.join(' ')} fragment F60 on Runs { count }`;
    expect(costOf(document).cost).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('prices a subscription by what each event executes', () => {
    expect(costOf('subscription { runStatusChanged { run { queuePosition queueBlockers { kind } } } }').cost).toBe(13);
  });

  it('leaves introspection and fields without declared costs free', () => {
    expect(costOf('{ __schema { types { name fields { name } } } version instance { info } }').cost).toBe(0);
  });
});

describe('checkOperationCost', () => {
  it('refuses over the budget with the cost, the budget and what cost most, and accepts up to it', () => {
    const document = parse(`query Counts ${aliased(10, 'runsOrError(limit: 1) { ... on Runs { count } }')}`);
    const refusal = checkOperationCost({ schema, document }, 5000);
    expect(refusal?.errors?.[0]?.extensions).toEqual({ code: 'OPERATION_TOO_COSTLY', cost: 5020, budget: 5000 });
    expect(refusal?.errors?.[0]?.message).toBe(
      'The operation "Counts" would cost 5020, more than the budget of 5000 per operation. Most of it is Runs.count: 5000 for 10 uses. ' +
        'Ask for fewer counts or smaller pages (limit), or split it into several requests.',
    );
    expect(checkOperationCost({ schema, document }, 5020)).toBeNull();
  });

  it('prices one document again for each request whose variables size its pages, and once when no variable does', () => {
    // The same document object, as the parser cache hands it out for every request of the same text.
    const paged = parse('query Page($n: Int) { runsOrError(limit: $n) { ... on Runs { results { runId stepStats { stepKey } } } } }');
    expect(checkOperationCost({ schema, document: paged, variableValues: { n: 10 } }, 3000)).toBeNull();
    expect(checkOperationCost({ schema, document: paged, variableValues: { n: 1000 } }, 3000)?.errors?.[0]?.extensions).toMatchObject({
      code: 'OPERATION_TOO_COSTLY',
      cost: 3001,
    });
    expect(checkOperationCost({ schema, document: paged, variableValues: { n: 10 } }, 3000)).toBeNull();
    const fixed = parse(`query Counts ${aliased(10, 'runsOrError(limit: 1) { ... on Runs { count } }')}`);
    for (let request = 0; request < 2; request++) {
      expect(checkOperationCost({ schema, document: fixed }, 5000)?.errors?.[0]?.extensions).toMatchObject({ cost: 5020 });
      expect(checkOperationCost({ schema, document: fixed }, 5020)).toBeNull();
    }
  });
});

describe('useOperationCost through yoga', () => {
  // A refused operation must not reach any resolver.
  const { post, touched } = untouchableYoga(useOperationCost(BUDGET));

  it('refuses queries, mutations and subscriptions before any resolver runs', async () => {
    const counts = await post(aliased(100, 'runsOrError { ... on Runs { count } }'));
    expect(counts.errors?.[0]?.extensions).toMatchObject({ code: 'OPERATION_TOO_COSTLY', cost: 150_100, budget: BUDGET });
    const launch = `mutation M($p: ExecutionParams!) { launchRun(executionParams: $p) {
      ... on LaunchRunSuccess { run { eventConnection(limit: 10000) { cursor } } } } }`;
    expect((await post(launch, { p: { selector: { jobName: 'x' } } })).errors?.[0]?.extensions).toMatchObject({
      code: 'OPERATION_TOO_COSTLY',
      cost: 10_001,
    });
    const subscription = 'subscription { runStatusChanged { run { eventConnection(limit: 9000) { cursor } } } }';
    expect((await post(subscription)).errors?.[0]?.extensions).toMatchObject({ code: 'OPERATION_TOO_COSTLY', cost: 9001 });
    expect(touched()).toBe(0);
    expect(await post('{ version }')).toEqual({ data: { version: expect.any(String) } });
  });
});
