// The definitions of bench/outputs: the throughput scenario's `quick_job` (one op, no pool), whose op returns
// a small JSON value (~300 bytes, a typical summary a step hands downstream) instead of nothing, so that storing
// it costs what storing a real output costs.
import { Definitions, job, op } from '../../src/index.js';

const quick = op({ name: 'quick' }, async (context) => ({
  runId: context.runId,
  rows: Array.from({ length: 20 }, (_, index) => index * 7),
  summary: { table: 'warehouse.events', partition: '2026-12-03', status: 'ok', bytesWritten: 123_456, durationMs: 42 },
}));

export default new Definitions({
  jobs: [
    job({ name: 'quick_job' }, () => {
      quick();
    }),
  ],
});
