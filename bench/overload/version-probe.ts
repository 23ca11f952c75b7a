// Is the server still answering? `{ version }` over HTTP every few hundred ms, one at a time, timed from
// request to reply: it touches no database, so its latency is the server's event loop and the machine,
// which the issue asks to stay under a second whatever the load. A failed probe is counted, not thrown.
import { now, sleep } from '../lib/clock.js';
import { postGraphQL } from '../lib/graphql-http.js';

export function startVersionProbe(url: string, intervalMs = 200): { stop(): Promise<{ ms: number[]; failures: number }> } {
  const ms: number[] = [];
  let failures = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const start = now();
      try {
        await postGraphQL<{ version: string }>(url, '{ version }');
        ms.push(now() - start);
      } catch {
        failures++;
      }
      await sleep(intervalMs);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { ms, failures };
    },
  };
}
