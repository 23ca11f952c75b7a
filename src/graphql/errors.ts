// Error types shared by every domain. Expected failures are union members implementing `Error`;
// `PythonError` keeps Dagster's name for "an error with a message and a trace" (here: a daemon's last
// error), so Dagster-style clients can select it.
import { builder, ErrorInterface } from './builder.js';

export interface ErrorInfo {
  message: string;
  className: string | null;
  stack?: string[];
}

export const PythonError = builder.objectRef<ErrorInfo>('PythonError');
PythonError.implement({
  interfaces: [ErrorInterface],
  fields: (t) => ({
    className: t.exposeString('className', { nullable: true }),
    stack: t.stringList({ resolve: (error) => error.stack ?? [] }),
    causes: t.field({ type: [PythonError], resolve: () => [] }),
  }),
});
