// Prometheus's text exposition format, read back for tests and benches: every sample with its name, labels
// and value (histograms as their _bucket, _sum and _count samples).

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Scrape {
  samples: Sample[];
  /**
   * Every series name the metrics can have, from their `# TYPE` lines (whether or not they have samples
   * yet): a histogram's name with _bucket, _sum and _count, a summary's with _sum and _count.
   */
  names: Set<string>;
  /** The samples of `name` (any labels). */
  series(name: string): Sample[];
  /**
   * The value of `name` whose labels include `labels` (summed when several series match, as a histogram's
   * _count over labels left out); undefined when none does.
   */
  value(name: string, labels?: Record<string, string>): number | undefined;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parseMetrics(text: string): Scrape {
  const samples: Sample[] = [];
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) {
      const [, name, kind] = type as unknown as [string, string, string];
      const suffixes = kind === 'histogram' ? ['', '_bucket', '_sum', '_count'] : kind === 'summary' ? ['', '_sum', '_count'] : [''];
      for (const suffix of suffixes) names.add(`${name}${suffix}`);
    }
    if (line === '' || line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`Not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, raw] of (match[2] ?? '').matchAll(LABEL))
      labels[key!] = raw!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  const series = (name: string) => samples.filter((sample) => sample.name === name);
  return {
    samples,
    names,
    series,
    value(name, labels = {}) {
      const matching = series(name).filter((sample) => Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
      return matching.length === 0 ? undefined : matching.reduce((total, sample) => total + sample.value, 0);
    },
  };
}
