// A cost budget per operation, checked when it is about to execute (variables known) and refused whole
// when over it: nothing runs. The query-shape limits (query-limits.ts) bound how much a document may say;
// they cannot see that `{ a1: runsOrError { ... on Runs { count } } … a100: … }` asks Postgres for a
// hundred counts over every run, or that `limit: $n` asks for a thousand rows. Twenty such requests at
// once held every database connection for minutes. The budget prices what Postgres would do.
//
// The rules (one unit ≈ one row a resolver reads, or one small indexed query):
//  - A field costs its declared `weight` each time it resolves. Most fields declare none: they return
//    what their parent already loaded. Each expensive field declares its cost where it is defined
//    (`extensions: { cost }` in src/graphql/*.ts), with the reason for its number beside it.
//  - A page field (runsOrError, logsForRun, runTagsOrError, eventConnection, …) costs one more per item it
//    may return: its `limit` argument, or the resolver's default page when none is given (limits above
//    the resolver's maximum are refused by the resolver, so they are priced as the maximum). The field
//    holding the items (`results`, `events`, `tags`; or the page field itself when it is the list, as
//    `InstigationState.ticks` is) resolves once per item, so everything selected inside it counts that
//    many times: `stepStats` inside `runsOrError(limit: 50) { results }` counts 50.
//  - Lists with no declared size (a run's tags, a job's steps) are loaded with their parent and count once.
//  - Aliases and fragment spreads count as often as they would execute (fragments expanded; each is
//    measured once and memoized, so the walk is linear even for a fragment bomb). Every branch of a union
//    and every @skip/@include is counted as if taken: the price is an upper bound, decided up front.
//
// The default budget, 5000, leaves room for every page a UI shows: the runs list of 50 with tags,
// statuses and its count costs 551; without a limit (1000 runs) 1501; Dagster's run tabs (two counts of
// unpaged lists) 3002; a run page with its step stats and first 1000 events 1010; the pools page 20.
// It refuses what starves the database: 100 aliased counts cost 50,200 even with `limit: 1`, and five
// pages of 1000 runs 5005.
import { GraphQLError, getNamedType, getOperationAST, isCompositeType, isObjectType, isInterfaceType, Kind } from 'graphql';
import type {
  DocumentNode,
  ExecutionArgs,
  ExecutionResult,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLCompositeType,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { FieldCost } from '../graphql/field-cost.js';

export const OPERATION_TOO_COSTLY = 'OPERATION_TOO_COSTLY';

/** How much one field coordinate (e.g. `Runs.count`) contributes: its cost and how often it resolves. */
interface Part {
  cost: number;
  times: number;
}

interface Measure {
  cost: number;
  /** By field coordinate, only those that cost something: for the message naming what cost most. */
  parts: Map<string, Part>;
  /** The fields selected directly (through fragments, not through fields) by name: pages multiply their items. */
  direct: Map<string, Measure>;
}

/** Costs saturate: an expansion can be astronomically large, and only "more than the budget" matters. */
const add = (a: number, b: number): number => Math.min(a + b, Number.MAX_SAFE_INTEGER);
const times = (a: number, n: number): number => Math.min(a * n, Number.MAX_SAFE_INTEGER);

const empty = (): Measure => ({ cost: 0, parts: new Map(), direct: new Map() });

/** Adds `n` times `from` into `into` (its cost and parts; `direct` is the caller's business). */
function addInto(into: Measure, from: Measure, n = 1): void {
  into.cost = add(into.cost, times(from.cost, n));
  for (const [coordinate, part] of from.parts) {
    const known = into.parts.get(coordinate) ?? { cost: 0, times: 0 };
    into.parts.set(coordinate, { cost: add(known.cost, times(part.cost, n)), times: add(known.times, times(part.times, n)) });
  }
}

function addDirect(into: Measure, name: string, from: Measure, n = 1): void {
  let known = into.direct.get(name);
  if (!known) into.direct.set(name, (known = empty()));
  addInto(known, from, n);
}

function costOf(extensions: unknown): FieldCost {
  const cost = (extensions as { cost?: FieldCost } | null | undefined)?.cost;
  return cost ?? {};
}

/**
 * The page size an argument asks for: a literal or a variable's value, else the declared default.
 * `readsVariable` is called when the size comes from a variable (the price then differs by request).
 */
function pageSize(
  node: FieldNode,
  page: NonNullable<FieldCost['page']>,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>>,
  readsVariable: () => void,
): number {
  const argument = node.arguments?.find((candidate) => candidate.name.value === page.argument);
  let value: unknown;
  if (argument?.value.kind === Kind.INT) value = Number(argument.value.value);
  else if (argument?.value.kind === Kind.VARIABLE) {
    readsVariable();
    const name = argument.value.name.value;
    value = variables[name];
    if (value === undefined) {
      const fallback = operation.variableDefinitions?.find((definition) => definition.variable.name.value === name)?.defaultValue;
      if (fallback?.kind === Kind.INT) value = Number(fallback.value);
    }
  }
  // Anything that is not a whole number is refused when the variables are coerced; price it as the default.
  if (typeof value !== 'number' || !Number.isInteger(value)) return page.default;
  return Math.max(0, Math.min(value, page.max));
}

export interface OperationCost {
  cost: number;
  most: ({ coordinate: string } & Part) | null;
  /** Whether a page size came from a variable: without, the price is the same for every request of the operation. */
  variableSized: boolean;
}

/**
 * The cost of executing `operation` of `document` with `variables`, and the field coordinate that costs
 * most. Unknown fields and fragments (already refused by validation) cost nothing.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> = {},
): OperationCost {
  let variableSized = false;
  const readsVariable = () => {
    variableSized = true;
  };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const measured = new Map<string, Measure>();
  const measuring = new Set<string>();

  const measureFragment = (name: string): Measure => {
    const known = measured.get(name);
    if (known) return known;
    const fragment = fragments.get(name);
    const type = fragment && schema.getType(fragment.typeCondition.name.value);
    if (!fragment || !isCompositeType(type) || measuring.has(name)) return empty();
    measuring.add(name);
    const measure = measureSelections(fragment.selectionSet, type);
    measuring.delete(name);
    measured.set(name, measure);
    return measure;
  };

  const measureField = (node: FieldNode, parent: GraphQLCompositeType): Measure => {
    const measure = empty();
    if (!isObjectType(parent) && !isInterfaceType(parent)) return measure;
    const field = parent.getFields()[node.name.value];
    if (!field) return measure; // __typename and the introspection fields: no database behind them
    const { weight = 0, page } = costOf(field.extensions);
    const type = getNamedType(field.type);
    const inner = node.selectionSet && isCompositeType(type) ? measureSelections(node.selectionSet, type) : empty();
    const size = page ? pageSize(node, page, operation, variables, readsVariable) : 0;
    const own = add(weight, size);
    if (own > 0) measure.parts.set(`${parent.name}.${field.name}`, { cost: own, times: 1 });
    measure.cost = own;
    addInto(measure, inner);
    // The items were counted once with the rest of the selection; a page resolves them `size` times.
    const items = page && (page.items === null ? inner : inner.direct.get(page.items));
    if (items) addInto(measure, items, size - 1);
    return measure;
  };

  const measureSelections = (selectionSet: SelectionSetNode, type: GraphQLCompositeType): Measure => {
    const measure = empty();
    // Spreads of the same fragment side by side are measured once and multiplied.
    const spreads = new Map<string, number>();
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const field = measureField(selection, type);
        addInto(measure, field);
        addDirect(measure, selection.name.value, field);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        if (!isCompositeType(condition)) continue;
        const inner = measureSelections(selection.selectionSet, condition);
        addInto(measure, inner);
        for (const [name, direct] of inner.direct) addDirect(measure, name, direct);
      } else {
        spreads.set(selection.name.value, (spreads.get(selection.name.value) ?? 0) + 1);
      }
    }
    for (const [name, count] of spreads) {
      const inner = measureFragment(name);
      addInto(measure, inner, count);
      for (const [field, direct] of inner.direct) addDirect(measure, field, direct, count);
    }
    return measure;
  };

  const root = schema.getRootType(operation.operation);
  if (!root) return { cost: 0, most: null, variableSized };
  const total = measureSelections(operation.selectionSet, root);
  let most: ({ coordinate: string } & Part) | null = null;
  for (const [coordinate, part] of total.parts) {
    if (!most || part.cost > most.cost) most = { coordinate, ...part };
  }
  return { cost: total.cost, most, variableSized };
}

/**
 * The price of operations whose page sizes are all literal, per operation node: the walk then gives the
 * same answer for every request, and parsed documents are cached by their text (document-cache.ts), so a
 * document sent again is the same object and is priced once. Entries die with their document; keyed by
 * schema too, for a document priced against another. Operations sized by variables are priced per request.
 */
const fixedPrices = new WeakMap<OperationDefinitionNode, { schema: GraphQLSchema; price: OperationCost }>();

function priceOf(args: ExecutionArgs, operation: OperationDefinitionNode): OperationCost {
  const known = fixedPrices.get(operation);
  if (known?.schema === args.schema) return known.price;
  const price = operationCost(args.schema, args.document, operation, args.variableValues ?? {});
  if (!price.variableSized) fixedPrices.set(operation, { schema: args.schema, price });
  return price;
}

/** The refusal of an operation over the budget, or null when it is within it. */
export function checkOperationCost(args: ExecutionArgs, budget: number): ExecutionResult | null {
  const operation = getOperationAST(args.document, args.operationName);
  // No single operation to run: execution reports that itself, before anything resolves.
  if (!operation) return null;
  const { cost, most } = priceOf(args, operation);
  if (typeof args.contextValue === 'object' && args.contextValue !== null) pricedOperations.set(args.contextValue, cost);
  if (cost <= budget) return null;
  const which = operation.name ? `The operation "${operation.name.value}"` : 'This operation';
  const biggest = most ? ` Most of it is ${most.coordinate}: ${most.cost} for ${most.times === 1 ? 'one use' : `${most.times} uses`}.` : '';
  const message =
    `${which} would cost ${cost}, more than the budget of ${budget} per operation.${biggest} ` +
    'Ask for fewer counts or smaller pages (limit), or split it into several requests.';
  return { errors: [new GraphQLError(message, { nodes: [operation], extensions: { code: OPERATION_TOO_COSTLY, cost, budget } })] };
}

/** The price of each request's operation as checked, for the database lanes (database-lanes.ts). */
const pricedOperations = new WeakMap<object, number>();

/** The cost of the operation executing with `contextValue`, once this plugin has checked it. */
export function checkedCost(contextValue: unknown): number | undefined {
  return typeof contextValue === 'object' && contextValue !== null ? pricedOperations.get(contextValue) : undefined;
}

/**
 * The envelop/yoga plugin. It runs where the variables are known, for every operation type: queries and
 * mutations at execute, subscriptions at subscribe (then each event is one more execution of the same
 * selection, within the same budget). HTTP, SSE and WebSocket all execute through yoga's pipeline.
 */
export function useOperationCost(budget: number): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const refusal = checkOperationCost(args, budget);
      if (refusal) setResultAndStopExecution(refusal);
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refusal = checkOperationCost(args, budget);
      if (refusal) setResultAndStopExecution(refusal);
    },
  };
}
