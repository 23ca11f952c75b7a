// Launching the harness's runs over GraphQL: several launchers, each sending batches of 1..8 runs
// (launchRun for one, launchMultipleRuns for more) to random servers while fewer than `maxQueued` runs
// wait, so that launches — and the faults timed by their progress — spread over the execution.
import type pg from 'pg';
import type { ClusterClient } from './client.js';
import { graphqlBody } from './http.js';
import type { Rng } from '../support/rng.js';

const LAUNCH_MULTIPLE = `mutation($list: [ExecutionParams!]!) {
  launchMultipleRuns(executionParamsList: $list) {
    __typename
    ... on LaunchMultipleRunsResult { launchMultipleRunsResult { __typename ... on LaunchRunSuccess { run { runId } } ... on Error { message } } }
    ... on Error { message }
  }
}`;
const LAUNCH_ONE = `mutation($params: ExecutionParams!) {
  launchRun(executionParams: $params) { __typename ... on LaunchRunSuccess { run { runId } } ... on Error { message } }
}`;

type LaunchResult = { __typename: string; run?: { runId: string }; message?: string };

export interface LauncherOptions {
  maxQueued: number;
  /** A queue that has not shrunk for this long (no run ended) is stuck: launching stops with an error. */
  stallMs: number;
  /** Set when another part of the harness failed: launching stops with that message. */
  stopped: () => string | null;
}

export class Launcher {
  /** Run ids the servers answered LaunchRunSuccess for. */
  readonly acknowledged = new Set<string>();
  /** Launch requests answered with an (unexpected, masked) error, and so sent again. */
  retriedAfterUnexpectedError = 0;
  /** Valid launches answered with anything but success. */
  readonly refused: string[] = [];
  done = false;
  private next = 0;

  constructor(
    private readonly client: ClusterClient,
    private readonly pool: pg.Pool,
    private readonly rng: Rng,
    private readonly requests: readonly Record<string, unknown>[],
    private readonly options: LauncherOptions,
  ) {}

  /** Launches every request with `launchers` concurrent launchers. */
  async run(launchers: number): Promise<void> {
    await Promise.all(Array.from({ length: launchers }, () => this.launcher()));
    this.done = true;
  }

  private async launcher(): Promise<void> {
    while (this.next < this.requests.length) {
      await this.queueRoom();
      const batch = this.requests.slice(this.next, this.next + this.rng.int(1, 8));
      this.next += batch.length;
      await this.launch(batch);
    }
  }

  private async queueRoom(): Promise<void> {
    let lastEnded = -1;
    let since = Date.now();
    for (;;) {
      const stopped = this.options.stopped();
      if (stopped) throw new Error(stopped);
      const { rows } = await this.pool.query<{ queued: number; ended: number }>(
        `select count(*) filter (where status = 'QUEUED')::int as queued,
                count(*) filter (where status in ('SUCCESS', 'FAILURE', 'CANCELED'))::int as ended from runs`,
      );
      const { queued, ended } = rows[0]!;
      if (queued < this.options.maxQueued) return;
      if (ended !== lastEnded) [lastEnded, since] = [ended, Date.now()];
      if (Date.now() - since > this.options.stallMs)
        throw new Error(`No run ended for ${this.options.stallMs} ms while ${queued} were queued.`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  private async launch(batch: readonly Record<string, unknown>[]): Promise<void> {
    const body = batch.length === 1 ? graphqlBody(LAUNCH_ONE, { params: batch[0] }) : graphqlBody(LAUNCH_MULTIPLE, { list: batch });
    for (let attempt = 1; attempt <= 10; attempt++) {
      const { response } = await this.client.call(body);
      const data = response.json?.data;
      const results = (
        batch.length === 1
          ? [data?.['launchRun']]
          : (data?.['launchMultipleRuns'] as { launchMultipleRunsResult?: unknown[] })?.launchMultipleRunsResult
      ) as LaunchResult[] | undefined;
      if (!results?.every(Boolean) || response.json?.errors?.length) {
        // A server whose Postgres connection was just terminated fails the request as unexpected
        // (masked): the client did nothing wrong, so it sends it again.
        this.retriedAfterUnexpectedError++;
        continue;
      }
      for (const result of results) {
        if (result.__typename === 'LaunchRunSuccess' && result.run) this.acknowledged.add(result.run.runId);
        else this.refused.push(`${result.__typename}: ${result.message ?? ''}`);
      }
      return;
    }
    this.refused.push(`a batch of ${batch.length} failed 10 times`);
  }
}
