// A query's state in a component: loading, its data or its error, and refetch. A refetch asked for while one
// is in flight runs once after it, so a burst of live updates costs at most two requests.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { TypedDocumentString } from '../generated/graphql';
import { request } from './client';

export interface QueryState<Result> {
  data: Result | undefined;
  error: Error | undefined;
  loading: boolean;
  refetch: () => void;
}

export function useQuery<Result, Variables>(document: TypedDocumentString<Result, Variables>, variables: Variables): QueryState<Result> {
  const key = JSON.stringify(variables);
  const [state, setState] = useState<{ key: string; data?: Result; error?: Error; loading: boolean }>({ key, loading: true });
  const inFlight = useRef(false);
  const again = useRef(false);
  const current = useRef(key);
  current.current = key;
  // The refetch owed after a request ends is for the variables of then, not of the request that ended.
  const latest = useRef<() => void>(() => undefined);

  const run = useCallback(() => {
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    const asked = key;
    request(document, JSON.parse(asked) as Variables)
      .then(
        (data) => current.current === asked && setState({ key: asked, data, loading: false }),
        (error: Error) => current.current === asked && setState((previous) => ({ ...previous, key: asked, error, loading: false })),
      )
      .finally(() => {
        inFlight.current = false;
        if (again.current) {
          again.current = false;
          latest.current();
        }
      });
  }, [document, key]);
  latest.current = run;

  useEffect(() => {
    setState((previous) => (previous.key === key ? previous : { key, loading: true }));
    run();
  }, [run, key]);

  const fresh = state.key === key;
  return { data: fresh ? state.data : undefined, error: fresh ? state.error : undefined, loading: !fresh || state.loading, refetch: run };
}
