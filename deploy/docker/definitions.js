// The code location the image serves until you replace /app/definitions with your own (a JavaScript or
// TypeScript file exporting `new Definitions(...)` as its default). Two assets sharing the pool "warehouse";
// set its limit with `tidepool instance concurrency set warehouse 1`.
import { Definitions, asset } from 'tidepool';

const rawOrders = asset({ name: 'raw_orders', pool: 'warehouse' }, async (context) => {
  context.log.info('loading raw orders');
});

const orderSummary = asset({ name: 'order_summary', pool: 'warehouse', deps: [rawOrders] }, async (context) => {
  context.log.info('summarising orders');
});

export default new Definitions({ assets: [rawOrders, orderSummary] });
