// The caches of parsed documents, bounded in bytes. Yoga caches every parsed document (and every parse
// error) by its text, by default up to 1,024 entries of any size: distinct large documents filled it
// until the process ran out of memory. Here the caches hold at most a budget of estimated heap bytes,
// and a document whose estimate is over the entry limit is parsed for its request and never cached.
//
// Invariant: the entries of both caches together are estimated at no more than
// DOCUMENT_CACHE_BUDGET.documents + DOCUMENT_CACHE_BUDGET.errors bytes. What hangs off a cached
// document dies with it: yoga's validation results and graphql-jit's compiled queries live in WeakMaps
// keyed by the document object, so they are bounded with it (a compiled query measured up to about half
// its document's AST again). A document in use by a request or a live subscription is held by that
// request until it ends, whether cached or not (connection-limits.ts bounds what subscriptions hold).
import type { DocumentNode } from 'graphql';
import { LRUCache } from 'lru-cache';

/**
 * Heap bytes per token of a parsed document: each token is a Token object in a linked list that the AST's
 * locations keep alive, plus its share of nodes, names, locations and arrays. Measured 280–480 bytes with
 * graphql 16 (one-character field names cost the most); this is above the worst seen.
 */
const BYTES_PER_TOKEN = 500;
/** The text is held by the cache key and the AST's source; string values are copied out of it (two-byte
 * characters at worst): four bytes per character covers both. */
const BYTES_PER_CHAR = 4;

export interface DocumentCacheBudget {
  /** Estimated bytes of all cached documents. */
  documents: number;
  /** Largest document cached. */
  maxDocument: number;
  /** Estimated bytes of all cached parse errors (an error keeps its document's text). */
  errors: number;
  /** Largest erroneous document whose error is cached; bigger ones are simply parsed again. */
  maxError: number;
}

export const DOCUMENT_CACHE_BUDGET: Readonly<DocumentCacheBudget> = {
  documents: 32 * 1024 * 1024,
  // About 2,000 tokens; real operations have a few hundred.
  maxDocument: 1024 * 1024,
  errors: 4 * 1024 * 1024,
  maxError: 64 * 1024,
};

/**
 * An upper estimate of the heap a parsed document holds, from its text and its token count (the AST's
 * locations link every token, so counting them is a walk of one list, far cheaper than the parse).
 */
export function estimateDocumentBytes(document: DocumentNode, text: string = document.loc?.source.body ?? ''): number {
  let tokens = 0;
  for (let token = document.loc?.startToken ?? null; token; token = token.next) tokens++;
  // Without locations (a document built in code) there are no tokens to count: count the nodes' text.
  if (tokens === 0) tokens = Math.ceil(JSON.stringify(document).length / 8);
  return BYTES_PER_CHAR * text.length + BYTES_PER_TOKEN * tokens;
}

/** The caches for yoga's `parserAndValidationCache` option. */
export interface BoundedParserCache {
  documentCache: LRUCache<string, DocumentNode>;
  errorCache: LRUCache<string, object>;
  validationCache: true;
}

export function boundedParserCache(budget: Readonly<DocumentCacheBudget> = DOCUMENT_CACHE_BUDGET): BoundedParserCache {
  return {
    documentCache: new LRUCache<string, DocumentNode>({
      maxSize: budget.documents,
      maxEntrySize: budget.maxDocument,
      sizeCalculation: (document, text) => estimateDocumentBytes(document, text),
    }),
    errorCache: new LRUCache<string, object>({
      maxSize: budget.errors,
      maxEntrySize: budget.maxError,
      sizeCalculation: (_error, text) => BYTES_PER_CHAR * text.length + 1024,
    }),
    // Keyed by the document object (a WeakMap): its entries live exactly as long as the documents above.
    validationCache: true,
  };
}
