// Every string an operation passes in is checked before it executes: a NUL character or an unpaired UTF-16
// surrogate anywhere refuses the whole operation with code INVALID_STRING and the place it was found
// (`extensions.argument`), and nothing runs. Postgres text cannot hold NUL (the statement fails, and the
// client saw only "Unexpected error."), and an unpaired surrogate has no UTF-8 encoding (the driver would
// silently store U+FFFD instead). Refusing here, once, covers every argument of every field on every
// transport, instead of each resolver guarding its own. The message names the place, never the value.
//
// Strings come from two places: variables (walked by their declared types, through input objects and
// lists) and literals in the document (walked by the argument's type, in the operation and the fragments
// it spreads; graphql's parser already refuses unpaired surrogates in literals, not NUL). Values of
// RunConfigData are left to that scalar's own parser, which checks a run config's strings with its size
// and depth (src/graphql/launch.ts).
import {
  BREAK,
  GraphQLError,
  getOperationAST,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  Kind,
  typeFromAST,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

export const INVALID_STRING = 'INVALID_STRING';

/** Scalars whose parser checks the strings inside their values itself. */
const CHECKED_BY_THEIR_PARSER = new Set(['RunConfigData']);

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What makes `value` unstorable, in words, or null when it is fine. */
export function invalidStringReason(value: string): string | null {
  if (value.includes('\u0000')) return 'a NUL character (U+0000)';
  if (UNPAIRED_SURROGATE.test(value)) return 'an unpaired UTF-16 surrogate';
  return null;
}

interface Found {
  path: string;
  reason: string;
}

/** The first bad string in a variable's value, walked by its declared type. */
function inVariable(value: unknown, type: GraphQLInputType, path: string): Found | null {
  if (value === null || value === undefined) return null;
  if (isNonNullType(type)) return inVariable(value, type.ofType, path);
  if (isListType(type)) {
    // A single value where a list is expected is coerced to a list of one.
    if (!Array.isArray(value)) return inVariable(value, type.ofType, path);
    for (const [index, item] of value.entries()) {
      const found = inVariable(item, type.ofType, `${path}[${index}]`);
      if (found) return found;
    }
    return null;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object' || Array.isArray(value)) return null; // refused by coercion
    // Only the type's own fields: any other key is refused by coercion, whatever it holds.
    for (const field of Object.values(type.getFields())) {
      const found = inVariable((value as Record<string, unknown>)[field.name], field.type, `${path}.${field.name}`);
      if (found) return found;
    }
    return null;
  }
  if (isScalarType(type) && CHECKED_BY_THEIR_PARSER.has(type.name)) return null;
  if (typeof value !== 'string') return null;
  const reason = invalidStringReason(value);
  return reason ? { path, reason } : null;
}

/** The first bad string in a literal, walked by the type it is given for; variables inside are walked apart. */
function inLiteral(node: ValueNode, type: GraphQLInputType, path: string): Found | null {
  if (isNonNullType(type)) return inLiteral(node, type.ofType, path);
  if (isListType(type)) {
    if (node.kind !== Kind.LIST) return inLiteral(node, type.ofType, path);
    for (const [index, item] of node.values.entries()) {
      const found = inLiteral(item, type.ofType, `${path}[${index}]`);
      if (found) return found;
    }
    return null;
  }
  if (isInputObjectType(type)) {
    if (node.kind !== Kind.OBJECT) return null;
    const fields = type.getFields();
    for (const field of node.fields) {
      const definition = fields[field.name.value];
      const found = definition ? inLiteral(field.value, definition.type, `${path}.${field.name.value}`) : null;
      if (found) return found;
    }
    return null;
  }
  if (isScalarType(type) && CHECKED_BY_THEIR_PARSER.has(type.name)) return null;
  if (node.kind !== Kind.STRING) return null; // enum values are names: no NUL or surrogate can be one
  const reason = invalidStringReason(node.value);
  return reason ? { path, reason } : null;
}

const RULE = 'strings may not contain NUL characters or unpaired UTF-16 surrogates, which Postgres cannot store';

function refusal(message: string, path: string, node?: ASTNode): ExecutionResult {
  return {
    errors: [new GraphQLError(message, { nodes: node ? [node] : undefined, extensions: { code: INVALID_STRING, argument: path } })],
  };
}

/** A bad literal string, found by walking the operation and the fragments it spreads. */
interface LiteralFound {
  message: string;
  path: string;
  node: ASTNode;
}

/** The first bad literal argument in `operation` and every fragment it spreads (each fragment walked once). */
function findBadLiteral(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): LiteralFound | null {
  const fragments = new Map(
    document.definitions.flatMap((definition) =>
      definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition] as const] : [],
    ),
  );
  const pending: ASTNode[] = [operation];
  const queued = new Set<string>();
  while (pending.length > 0) {
    const typeInfo = new TypeInfo(schema);
    let result: LiteralFound | null = null;
    visit(
      pending.pop()!,
      visitWithTypeInfo(typeInfo, {
        Argument(node) {
          const argument = typeInfo.getArgument();
          if (!argument) return false; // an unknown argument: refused by validation
          const found = inLiteral(node.value, argument.type, node.name.value);
          if (found) {
            const directive = typeInfo.getDirective();
            const owner = directive ? `the directive @${directive.name}` : `the field ${typeInfo.getFieldDef()?.name ?? '(unknown)'}`;
            result = {
              message: `The argument "${node.name.value}" of ${owner} has ${found.reason} at ${found.path}; ${RULE}.`,
              path: found.path,
              node,
            };
            return BREAK;
          }
          return false;
        },
        FragmentSpread(node) {
          const fragment = fragments.get(node.name.value);
          if (fragment && !queued.has(node.name.value)) {
            queued.add(node.name.value);
            pending.push(fragment);
          }
        },
      }),
    );
    if (result) return result;
  }
  return null;
}

/**
 * The literal walk's answer per operation node. Literals are part of the document, and parsed documents
 * are cached by their text (document-cache.ts), so a document sent again is the same object and its walk
 * (a TypeInfo visit of the whole operation, about 2% of the server's CPU per runs-list request) is done
 * once; entries die with their document. Keyed by schema too, for a document checked against another.
 */
const literalChecks = new WeakMap<OperationDefinitionNode, { schema: GraphQLSchema; found: LiteralFound | null }>();

function badLiteral(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): LiteralFound | null {
  const known = literalChecks.get(operation);
  if (known?.schema === schema) return known.found;
  const found = findBadLiteral(schema, document, operation);
  literalChecks.set(operation, { schema, found });
  return found;
}

/** The refusal of an operation that passes a bad string, or null when every string is fine. */
export function checkInputStrings(args: ExecutionArgs): ExecutionResult | null {
  const operation = getOperationAST(args.document, args.operationName);
  // No single operation to run: execution reports that itself, before anything resolves.
  if (!operation) return null;
  const { schema } = args;
  const variables = (args.variableValues ?? {}) as Record<string, unknown>;

  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (!type) continue; // an unknown type: refused by validation
    const found =
      name in variables
        ? inVariable(variables[name], type, name)
        : definition.defaultValue
          ? inLiteral(definition.defaultValue, type, name)
          : null;
    if (found) return refusal(`The variable $${name} has ${found.reason} at ${found.path}; ${RULE}.`, found.path, definition);
  }

  // Literal arguments, in the operation and every fragment it spreads.
  const literal = badLiteral(schema, args.document, operation);
  return literal ? refusal(literal.message, literal.path, literal.node) : null;
}

/**
 * The envelop/yoga plugin: checked where the variables are known, for every operation type (queries and
 * mutations at execute, subscriptions at subscribe), on HTTP, SSE and WebSocket alike.
 */
export function useInputStrings(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const refused = checkInputStrings(args);
      if (refused) setResultAndStopExecution(refused);
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refused = checkInputStrings(args);
      if (refused) setResultAndStopExecution(refused);
    },
  };
}
