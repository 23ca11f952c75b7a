// GraphQL requests to the cluster: each goes to a random live server. A request the harness cut off
// (it killed or stopped that server meanwhile) is sent again elsewhere; one a live server dropped or
// never answered is also sent again, and recorded, because that is a finding.
import type { ServeCluster, Server } from './cluster.js';
import { postRaw, TransportError, type HttpResponse } from './http.js';
import type { Rng } from '../support/rng.js';

const ATTEMPTS = 100;

export class ClusterClient {
  /** Requests a live server dropped or never answered. */
  readonly dropped: string[] = [];

  constructor(
    private readonly cluster: ServeCluster,
    private readonly rng: Rng,
  ) {}

  async call(body: string): Promise<{ server: Server; response: HttpResponse }> {
    for (let attempt = 1; ; attempt++) {
      const live = this.cluster.live();
      const server = live.length > 0 ? this.rng.pick(live) : null;
      try {
        if (!server) throw new TransportError('no server is up', false);
        return { server, response: await postRaw(server.url, body) };
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        if (server && (server.up || error.timedOut))
          this.dropped.push(`${server.name}: ${error.message}${error.timedOut ? ' (timed out)' : ''}`);
        if (attempt >= ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
}
