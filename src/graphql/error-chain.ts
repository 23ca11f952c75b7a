// PythonError's chain, as Dagster resolves it: `cause` is the explicit cause, `causes` the explicit causes
// in order, and `errorChain` walks the chain link by link — an explicit link (`cause`, JavaScript's
// `new Error(msg, { cause })`) or else an implicit one (`context`, which only Python writes) — up to the
// bound the stored chain already has (runs/error-info.ts). Every link is itself a PythonError.
import { MAX_CHAIN } from '../runs/error-info.js';
import { builder, ErrorInterface } from './builder.js';
import { PythonError, type ErrorInfo } from './errors.js';

interface ChainLink {
  /** The linked error's message (ErrorChainLink implements Error). */
  message: string;
  error: ErrorInfo;
  isExplicitLink: boolean;
}

export const ErrorChainLink = builder.objectRef<ChainLink>('ErrorChainLink').implement({
  interfaces: [ErrorInterface],
  fields: (t) => ({
    error: t.field({ type: PythonError, resolve: (link) => link.error }),
    isExplicitLink: t.exposeBoolean('isExplicitLink'),
  }),
});

/** The links after `error`: its cause, else its context, and so on (bounded; a cycle cannot reach here). */
export function errorChain(error: ErrorInfo): ChainLink[] {
  const links: ChainLink[] = [];
  let current: ErrorInfo = error;
  while (links.length < MAX_CHAIN) {
    const linked = current.cause ?? current.context;
    if (!linked) break;
    const next = { message: linked.message, error: linked, isExplicitLink: Boolean(current.cause) };
    links.push(next);
    current = next.error;
  }
  return links;
}

builder.objectFields(PythonError, (t) => ({
  cause: t.field({ type: PythonError, nullable: true, resolve: (error) => error.cause ?? null }),
  causes: t.field({
    type: [PythonError],
    resolve: (error) => {
      const causes: ErrorInfo[] = [];
      for (let cause = error.cause; cause && causes.length < MAX_CHAIN; cause = cause.cause) causes.push(cause);
      return causes;
    },
  }),
  errorChain: t.field({ type: [ErrorChainLink], resolve: (error) => errorChain(error) }),
}));
