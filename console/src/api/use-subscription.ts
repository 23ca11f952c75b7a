// A live feed in a component: subscribed while mounted (and while `variables` is not null), each payload
// handed to the latest onData. Returns the feed's error, if it failed.
import { useEffect, useRef, useState } from 'react';
import type { TypedDocumentString } from '../generated/graphql';
import { subscribe, type ApiError } from './client';

export function useSubscription<Result, Variables extends Record<string, unknown>>(
  document: TypedDocumentString<Result, Variables>,
  variables: Variables | null,
  onData: (data: Result) => void,
): ApiError | undefined {
  const [error, setError] = useState<ApiError>();
  const handler = useRef(onData);
  handler.current = onData;
  const key = variables === null ? null : JSON.stringify(variables);
  useEffect(() => {
    if (key === null) return;
    setError(undefined);
    return subscribe(document, JSON.parse(key) as Variables, (data) => handler.current(data), setError);
  }, [document, key]);
  return error;
}
