// Mutations run on the API's write lane (see src/db/request-scope.ts and api-pool.ts), so that reads
// filling every read connection cannot make a launch or a terminate wait for one. It wraps whatever
// execute function the plugins before it chose (graphql-jit's included), so it must come after them.
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { inLane } from '../db/request-scope.js';

export function useDatabaseLanes(): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      if (getOperationAST(args.document, args.operationName)?.operation !== 'mutation') return;
      setExecuteFn((executeArgs) => inLane('write', () => executeFn(executeArgs)));
    },
  };
}
