// Limits on what one GraphQL operation may ask for, checked before anything executes. Without them one
// request can cost without bound: nesting (`ofType { ofType { … } }`, each level a resolver), aliases
// (`a1: runsOrError … a1000: runsOrError`, the same expensive field a thousand times), fragment spreads
// that multiply (a "fragment bomb": ten fragments each spreading the next twice ask for 2^10 fields),
// and documents so large that parsing alone is the cost. Each limit rejects the whole request with a
// GraphQL error naming the limit, with a code a client can branch on; nothing is executed.
//
// Depth, aliases and fields are counted per operation with fragments expanded (a fragment spread twice
// counts twice), which is what execution would do; each fragment is measured once and memoized, so the
// check is linear in the document even when the expansion is exponential. The bounds leave room for real
// clients: GraphiQL's full introspection query is 15 levels deep and selects about 230 fields; run and
// pool pages are under 10 levels and a few hundred fields.
import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface QueryLimits {
  /** Most nested field levels in an operation (a top-level field is level 1). */
  maxDepth: number;
  /** Most aliased fields in an operation, fragments expanded. */
  maxAliases: number;
  /** Most field selections in an operation, fragments expanded (`__typename` included). */
  maxFields: number;
  /** Most lexical tokens in a document; the parser stops past it. */
  maxTokens: number;
}

export const DEFAULT_QUERY_LIMITS: Readonly<QueryLimits> = {
  maxDepth: 20,
  maxAliases: 100,
  maxFields: 2_000,
  maxTokens: 20_000,
};

export const QUERY_LIMIT_CODES = {
  depth: 'QUERY_TOO_DEEP',
  aliases: 'TOO_MANY_ALIASES',
  fields: 'TOO_MANY_FIELDS',
  tokens: 'QUERY_TOO_LARGE',
} as const;

interface Measure {
  depth: number;
  aliases: number;
  fields: number;
}

const ZERO: Measure = { depth: 0, aliases: 0, fields: 0 };

/** Counts saturate: an expansion can be astronomically large, and only "more than the limit" matters. */
const add = (a: number, b: number): number => Math.min(a + b, Number.MAX_SAFE_INTEGER);
const times = (a: number, n: number): number => Math.min(a * n, Number.MAX_SAFE_INTEGER);

/** The validation rule enforcing depth, aliases and fields (maxTokens is the parser's, see the plugin). */
export function queryLimitsRule(limits: Partial<QueryLimits> = {}): ValidationRule {
  const { maxDepth, maxAliases, maxFields } = { ...DEFAULT_QUERY_LIMITS, ...limits };
  // Named: yoga's validation cache keys its entries by the names of the rules.
  return function QueryLimitsRule(context: ValidationContext): ASTVisitor {
    const fragments = new Map<string, Measure>();
    const measuring = new Set<string>();

    const measureFragment = (name: string): Measure => {
      const known = fragments.get(name);
      if (known) return known;
      const fragment = context.getFragment(name);
      // Unknown fragments and fragment cycles are reported by graphql's own rules; count them as nothing.
      if (!fragment || measuring.has(name)) return ZERO;
      measuring.add(name);
      const measure = measureSelections(fragment.selectionSet);
      measuring.delete(name);
      fragments.set(name, measure);
      return measure;
    };

    const measureSelections = (selectionSet: SelectionSetNode): Measure => {
      let depth = 0;
      let aliases = 0;
      let fields = 0;
      // Spreads of the same fragment side by side are measured once and multiplied.
      const spreads = new Map<string, number>();
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          const inner = selection.selectionSet ? measureSelections(selection.selectionSet) : ZERO;
          depth = Math.max(depth, inner.depth + 1);
          aliases = add(aliases, add(inner.aliases, selection.alias ? 1 : 0));
          fields = add(fields, add(inner.fields, 1));
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          const inner = measureSelections(selection.selectionSet);
          depth = Math.max(depth, inner.depth);
          aliases = add(aliases, inner.aliases);
          fields = add(fields, inner.fields);
        } else {
          spreads.set(selection.name.value, (spreads.get(selection.name.value) ?? 0) + 1);
        }
      }
      for (const [name, count] of spreads) {
        const inner = measureFragment(name);
        depth = Math.max(depth, inner.depth);
        aliases = add(aliases, times(inner.aliases, count));
        fields = add(fields, times(inner.fields, count));
      }
      return { depth, aliases, fields };
    };

    const check = (operation: OperationDefinitionNode) => {
      const { depth, aliases, fields } = measureSelections(operation.selectionSet);
      const which = operation.name ? `The operation "${operation.name.value}"` : 'This operation';
      const reject = (code: string, message: string, limit: number, actual: number) =>
        context.reportError(new GraphQLError(message, { nodes: [operation], extensions: { code, limit, actual } }));
      if (depth > maxDepth) {
        reject(
          QUERY_LIMIT_CODES.depth,
          `${which} nests fields ${depth} levels deep; at most ${maxDepth} levels are allowed.`,
          maxDepth,
          depth,
        );
      }
      if (aliases > maxAliases) {
        reject(
          QUERY_LIMIT_CODES.aliases,
          `${which} uses ${aliases} aliases (fragments expanded); at most ${maxAliases} are allowed. Split it into several requests.`,
          maxAliases,
          aliases,
        );
      }
      if (fields > maxFields) {
        reject(
          QUERY_LIMIT_CODES.fields,
          `${which} selects ${fields} fields (fragments expanded); at most ${maxFields} are allowed. Split it into several requests.`,
          maxFields,
          fields,
        );
      }
    };

    return { OperationDefinition: check };
  };
}

/**
 * The envelop/yoga plugin: the depth, alias and field limits as a validation rule (so HTTP, SSE and
 * WebSocket operations, which share yoga's pipeline, are all checked), and the token limit on the parser.
 */
export function useQueryLimits(options: Partial<QueryLimits> = {}): Plugin {
  const limits = { ...DEFAULT_QUERY_LIMITS, ...options };
  const rule = queryLimitsRule(limits);
  // graphql 16 words it "Document contains more that N tokens" (sic); accept either spelling.
  const tokenLimitHit = /^Syntax Error: Document contains more (?:than|that) \d+ tokens/;
  return {
    onParse({ parseFn, setParseFn }) {
      setParseFn((source, parseOptions) => {
        try {
          return parseFn(source, { ...parseOptions, maxTokens: limits.maxTokens });
        } catch (error) {
          // graphql's parser reports it as a syntax error; give it the message and code of a limit.
          if (error instanceof GraphQLError && tokenLimitHit.test(error.message)) {
            throw new GraphQLError(
              `The document has more than ${limits.maxTokens} tokens, the most one request may have. Split it into several requests.`,
              {
                extensions: { code: QUERY_LIMIT_CODES.tokens, limit: limits.maxTokens },
              },
            );
          }
          throw error;
        }
      });
    },
    onValidate({ addValidationRule }) {
      addValidationRule(rule);
    },
  };
}
