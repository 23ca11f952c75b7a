// Tags as people type them: "team=data env=prod" (terms separated by spaces, each key=value).
import type { ExecutionTag } from './generated/graphql';

/** "team=data env=prod" as the API's tags, or the first term that is not key=value. */
export function parseTags(text: string): { tags: ExecutionTag[] } | { bad: string } {
  const tags: ExecutionTag[] = [];
  for (const term of text.split(/\s+/).filter(Boolean)) {
    const at = term.indexOf('=');
    if (at <= 0) return { bad: term };
    tags.push({ key: term.slice(0, at), value: term.slice(at + 1) });
  }
  return { tags };
}
