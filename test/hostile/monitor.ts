// Watches a server while it is attacked: asks `{ version }` over and over, one request at a time, and
// keeps the slowest answer and any failure; samples the process's resident memory from /proc.
import { readFileSync } from 'node:fs';
import { gql, post } from './clients.js';

export class ServerMonitor {
  slowestVersionMs = 0;
  versionAnswers = 0;
  versionFailures: string[] = [];
  peakRssMb = 0;
  private running = true;
  private readonly loops: Promise<void>[];

  constructor(
    private readonly url: string,
    private readonly pid: number,
  ) {
    this.loops = [this.probeVersion(), this.sampleRss()];
  }

  private async probeVersion(): Promise<void> {
    while (this.running) {
      const started = performance.now();
      try {
        const answer = await post(this.url, gql('{ version }'), { timeoutMs: 10_000 });
        if (typeof answer.body?.data?.version !== 'string') this.versionFailures.push(`status ${answer.status}`);
      } catch (error) {
        this.versionFailures.push((error as Error).message);
      }
      this.slowestVersionMs = Math.max(this.slowestVersionMs, performance.now() - started);
      this.versionAnswers++;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private async sampleRss(): Promise<void> {
    while (this.running) {
      try {
        const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'))?.[1] ?? 0);
        this.peakRssMb = Math.max(this.peakRssMb, kb / 1024);
      } catch {
        // The process is gone; the suite notices that on its own.
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }
}
