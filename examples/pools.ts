/**
 * Dagster guide, "Managing concurrency" → "Limit the number of assets or ops actively executing across all
 * runs" → sample "Specifying pools on assets and ops", in TypeScript.
 *
 * Steps: `my_asset` (pool foo), `my_graph_asset.my_op` (pool bar) → `my_graph_asset.my_downstream_op`
 * (pool barbar). Set a limit with `tidepool instance concurrency set foo 1`.
 */
import { Definitions, asset, graphAsset, op } from '../src/index.js';

export const myAsset = asset({ name: 'my_asset', pool: 'foo' }, async () => {});

const myOp = op({ name: 'my_op', pool: 'bar' }, async () => {});

const myDownstreamOp = op({ name: 'my_downstream_op', pool: 'barbar', ins: ['inp'] }, async (_context, inp: unknown) => inp);

export const myGraphAsset = graphAsset({ name: 'my_graph_asset' }, () => myDownstreamOp(myOp()));

export default new Definitions({ assets: [myAsset, myGraphAsset] });
