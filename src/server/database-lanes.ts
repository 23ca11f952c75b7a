// Each operation runs on its database lane (see src/db/request-scope.ts and api-pool.ts): mutations on
// the write lane, so that reads filling every read connection cannot make a launch or a terminate wait
// for one; queries priced at api.heavy_reads.min_cost or more (operation-cost.ts checked them first) on
// the heavy lane, whose share of time bounds what a storm of counts takes from the engine; the rest on
// the read lane. It wraps whatever execute function the plugins before it chose (graphql-jit's
// included), so it must come after them.
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { inLane, type Lane } from '../db/request-scope.js';
import { checkedCost } from './operation-cost.js';

export function useDatabaseLanes(heavyReadMinCost: number): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const lane: Lane | null =
        getOperationAST(args.document, args.operationName)?.operation === 'mutation'
          ? 'write'
          : (checkedCost(args.contextValue) ?? 0) >= heavyReadMinCost
            ? 'heavy'
            : null;
      if (lane) setExecuteFn((executeArgs) => inLane(lane, () => executeFn(executeArgs)));
    },
  };
}
