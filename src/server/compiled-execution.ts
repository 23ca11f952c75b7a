// Queries and mutations are executed by graphql-jit: it compiles each operation once (cached by its
// text) into a function that resolves the fields without graphql-js's per-field interpretation. The runs
// list resolves about 750 fields per runsOrError(limit: 50) request, and that interpretation was about a
// fifth of the API server's CPU per request (profiled under bench/graphql).
//
// graphql-js still executes two kinds of operation:
//  - subscriptions: their events are executed once per operation and shared between subscribers
//    (src/subscriptions/shared-execution.ts);
//  - operations whose variables do not coerce: graphql-js names where in the variable the bad value is
//    (`Variable "$p" got invalid value 123 at "p.selector.jobName"`), where graphql-jit names a variable
//    that does not exist (`Variable "$jobName" …`). The check is graphql-js's own coercion of the
//    variables, which passes run config through untouched (it is read later, per run, by launchRuns);
//  - documents too large for the document cache (document-cache.ts): each is parsed afresh per request,
//    so its compiled function would be built for one execution and thrown away — compiling costs more
//    than interpreting once, and a stream of distinct large documents would keep V8 compiling.
import { useGraphQlJit } from '@envelop/graphql-jit';
import { getOperationAST, getVariableValues, type DocumentNode, type ExecutionArgs } from 'graphql';
import { DOCUMENT_CACHE_BUDGET, estimateDocumentBytes } from './document-cache.js';

/** Whether a document is small enough to be cached, and so worth compiling (memoized per document). */
const cacheable = new WeakMap<DocumentNode, boolean>();

function isCacheable(document: DocumentNode): boolean {
  let answer = cacheable.get(document);
  if (answer === undefined) {
    answer = estimateDocumentBytes(document) <= DOCUMENT_CACHE_BUDGET.maxDocument;
    cacheable.set(document, answer);
  }
  return answer;
}

function runsCompiled(args: ExecutionArgs): boolean {
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation || operation.operation === 'subscription') return false;
  // graphql-jit caches its compiled query by document alone, ignoring operationName: a document with
  // several operations would run whichever was compiled first. Those stay on graphql-js.
  if (args.document.definitions.filter((definition) => definition.kind === 'OperationDefinition').length > 1) return false;
  if (!isCacheable(args.document)) return false;
  const variables = getVariableValues(args.schema, operation.variableDefinitions ?? [], args.variableValues ?? {}, { maxErrors: 1 });
  return variables.errors === undefined;
}

export function useCompiledExecution() {
  return useGraphQlJit({}, { enableIf: runsCompiled });
}
