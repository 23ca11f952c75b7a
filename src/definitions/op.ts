/**
 * Ops and graph composition. A compose function (the body of `graphAsset(...)` or `job(...)`) runs once,
 * synchronously, at definition time; while it runs, calling an op records a node and returns an output
 * handle instead of running the op. Passing a handle to another op is a data dependency. This is how
 * Dagster's `@graph` bodies work, and it keeps the DAG a plain value the engine can plan from.
 */
import { DefinitionsError } from './errors.js';
import { checkDescription, checkName, checkPool, checkTags, describe } from './names.js';
import { checkRetryPolicy, type RetryPolicy, type RetryPolicySpec } from './retry-policy.js';
import type { StepContext } from './types.js';

const OUTPUT = Symbol('tidepool.output');
declare const valueType: unique symbol;

/** The output of an op invocation inside a compose function; `T` is the op's (awaited) return type. */
export interface Output<T = unknown> {
  readonly [OUTPUT]: { readonly node: string; readonly composition: Composition };
  /** Type-level only: the value the downstream op will receive. */
  readonly [valueType]?: T;
}

export type OutputsOf<TArgs extends unknown[]> = { [K in keyof TArgs]: Output<TArgs[K]> };

export interface OpConfig {
  name: string;
  pool?: string;
  tags?: Record<string, string>;
  description?: string;
  /** Names of the positional inputs (shown in the API); defaults to `input_0`, `input_1`, … */
  ins?: string[];
  /** Retries of the op's step when it throws (Dagster's `retry_policy`). */
  retryPolicy?: RetryPolicy;
}

export type OpInvocation<TArgs extends unknown[], TOut> = (...inputs: OutputsOf<TArgs>) => Output<Awaited<TOut>>;

/** What the engine needs from an op, whatever its input and output types. */
export interface OpInfo {
  readonly kind: 'op';
  readonly name: string;
  readonly pool: string | null;
  readonly tags: Readonly<Record<string, string>>;
  readonly description: string | null;
  /** Input names given in `ins`, or null for the default `input_<i>` names. */
  readonly inputNames: readonly string[] | null;
  /** The op's retry policy, or null when a failure fails the step at once. */
  readonly retryPolicy: RetryPolicySpec | null;
  // `any`: a concrete op's inputs are checked where it is called, not where it is stored.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
  readonly compute: (context: StepContext, ...inputs: any[]) => unknown;
}

/** An op: callable inside a compose function, where it records a node and returns its output handle. */
export interface OpDef<TArgs extends unknown[] = unknown[], TOut = unknown> extends OpInvocation<TArgs, TOut>, OpInfo {
  /** The op's function; call it directly to unit-test the op outside a composition. */
  readonly compute: (context: StepContext, ...inputs: TArgs) => TOut;
  /** Invokes the op under another node name (Dagster's `my_op.alias("other")`). */
  alias(name: string): OpInvocation<TArgs, TOut>;
}

/** One op invocation recorded by a compose function. */
export interface ComposedNode {
  /** Node name, unique within the composition (the op name, `<op>_2` when reused, or an explicit alias). */
  readonly alias: string;
  readonly op: OpInfo;
  /** Aliases of the nodes whose outputs feed this node's positional inputs. */
  readonly inputs: readonly string[];
}

export interface Composition {
  readonly label: string;
  readonly ownerName: string;
  readonly nodes: ComposedNode[];
}

let active: Composition | null = null;

/** Defines an op: a unit of work that graph assets and jobs compose into a DAG. */
export function op<TArgs extends unknown[], TOut>(
  config: OpConfig,
  fn: (context: StepContext, ...inputs: TArgs) => TOut,
): OpDef<TArgs, TOut> {
  const name = checkName('op', config?.name);
  const label = `op ${JSON.stringify(name)}`;
  if (typeof fn !== 'function') {
    throw new DefinitionsError(`The ${label} needs a function (got ${describe(fn)}).`, { definition: name });
  }
  const pool = checkPool(label, name, config.pool);
  const tags = checkTags(label, name, config.tags);
  const description = checkDescription(label, name, config.description);
  const retryPolicy = checkRetryPolicy(label, name, config.retryPolicy);
  let inputNames: readonly string[] | null = null;
  if (config.ins !== undefined) {
    if (!Array.isArray(config.ins)) {
      throw new DefinitionsError(`The ins of ${label} must be an array of input names.`, { definition: name });
    }
    const seen = new Set<string>();
    for (const input of config.ins) {
      if (typeof input !== 'string' || !/^[A-Za-z0-9_]+$/.test(input) || seen.has(input)) {
        throw new DefinitionsError(
          `The ins of ${label} must be unique names of letters, digits and underscores (got ${describe(input)}).`,
          { definition: name },
        );
      }
      seen.add(input);
    }
    inputNames = Object.freeze([...config.ins]);
  }

  const def = ((...inputs: unknown[]) => invoke(def, null, inputs)) as unknown as OpDef<TArgs, TOut>;
  Object.defineProperty(def, 'name', { value: name });
  Object.defineProperties(def, {
    kind: { value: 'op', enumerable: true },
    pool: { value: pool, enumerable: true },
    tags: { value: tags, enumerable: true },
    description: { value: description, enumerable: true },
    inputNames: { value: inputNames, enumerable: true },
    retryPolicy: { value: retryPolicy, enumerable: true },
    compute: { value: fn, enumerable: true },
    alias: {
      value: (aliasName: string) => {
        checkName('op', aliasName);
        return (...inputs: unknown[]) => invoke(def, aliasName, inputs);
      },
    },
  });
  return Object.freeze(def);
}

/** True for values made by `op(...)`. */
export function isOpDef(value: unknown): value is OpInfo {
  return typeof value === 'function' && (value as { kind?: unknown }).kind === 'op';
}

function invoke(def: OpInfo, explicitAlias: string | null, args: unknown[]): Output {
  const composition = active;
  if (composition === null) {
    throw new DefinitionsError(
      `The op ${JSON.stringify(def.name)} was called outside a graph or job composition function. Ops can only ` +
        `be called inside the function passed to graphAsset(...) or job(...); to run its logic directly (for ` +
        `example in a test), call ${def.name}.compute(context, ...inputs).`,
      { definition: def.name },
    );
  }
  const where = `in ${composition.label}`;
  const expected = def.inputNames?.length ?? Math.max(0, def.compute.length - 1);
  if (def.inputNames !== null ? args.length !== expected : args.length < expected) {
    throw new DefinitionsError(
      `The op ${JSON.stringify(def.name)} ${where} takes ${expected} input(s) but was called with ${args.length}.`,
      { definition: composition.ownerName },
    );
  }
  const inputs = args.map((arg, index) => {
    const handle = isOutput(arg) ? arg[OUTPUT] : null;
    if (handle === null || handle.composition !== composition) {
      throw new DefinitionsError(
        `Input ${index} of the op ${JSON.stringify(def.name)} ${where} is not an output of an op called in the ` +
          `same composition (got ${handle === null ? describe(arg) : `an output of ${handle.composition.label}`}). ` +
          `Pass the value returned by calling another op in this function.`,
        { definition: composition.ownerName },
      );
    }
    return handle.node;
  });
  const alias = nodeName(composition, def.name, explicitAlias);
  composition.nodes.push(Object.freeze({ alias, op: def, inputs: Object.freeze(inputs) }));
  return Object.freeze({ [OUTPUT]: Object.freeze({ node: alias, composition }) });
}

// Dagster's aliasing: reusing an op yields `my_op`, `my_op_2`, `my_op_3`, …; explicit aliases must be free.
function nodeName(composition: Composition, opName: string, explicitAlias: string | null): string {
  const taken = new Set(composition.nodes.map((node) => node.alias));
  if (explicitAlias !== null) {
    if (taken.has(explicitAlias)) {
      throw new DefinitionsError(
        `The node name ${JSON.stringify(explicitAlias)} is used twice in ${composition.label}; give each ` + `invocation its own alias.`,
        { definition: composition.ownerName },
      );
    }
    return explicitAlias;
  }
  if (!taken.has(opName)) return opName;
  for (let n = 2; ; n++) {
    const candidate = `${opName}_${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

function isOutput(value: unknown): value is Output {
  return typeof value === 'object' && value !== null && OUTPUT in value;
}

/**
 * Runs a compose function with op calls recording nodes. Returns the nodes in call order (which is a
 * topological order: a handle exists only after its op was called).
 */
export function compose(label: string, ownerName: string, fn: () => unknown): ComposedNode[] {
  if (typeof fn !== 'function') {
    throw new DefinitionsError(`The ${label} needs a compose function (got ${describe(fn)}).`, {
      definition: ownerName,
    });
  }
  const composition: Composition = { label, ownerName, nodes: [] };
  const previous = active;
  active = composition;
  let result: unknown;
  try {
    result = fn();
  } finally {
    active = previous;
  }
  if (typeof result === 'object' && result !== null && typeof (result as { then?: unknown }).then === 'function') {
    // The async body may still call ops after an await; its rejection is reported by this error instead.
    (result as Promise<unknown>).then(undefined, () => undefined);
    throw new DefinitionsError(
      `The compose function of ${label} returned a promise; compose functions must be synchronous (they only ` +
        `wire ops together; the ops themselves may be async).`,
      { definition: ownerName },
    );
  }
  if (result !== undefined && !isOutput(result)) {
    throw new DefinitionsError(
      `The compose function of ${label} returned ${describe(result)}; it may return only an op's output or nothing.`,
      { definition: ownerName },
    );
  }
  if (composition.nodes.length === 0) {
    throw new DefinitionsError(`The ${label} composes no ops; call at least one op in its compose function.`, {
      definition: ownerName,
    });
  }
  return composition.nodes;
}
