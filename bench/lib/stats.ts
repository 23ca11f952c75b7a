// Summary statistics of timing samples. Benchmarks report medians and tail percentiles, never means
// alone: on shared, noisy machines a few slow samples move a mean but not a median.

export interface Stats {
  samples: number;
  median: number;
  p50: number;
  p90: number;
  p99: number;
  min: number;
  max: number;
  mean: number;
}

/**
 * The q-quantile (0..1) of already sorted values, interpolated linearly between the two closest ranks
 * (the "type 7" definition numpy and R use by default), so p99 of 300 samples is not just the 3rd largest.
 */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error('A quantile of no samples is undefined.');
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const weight = position - lower;
  return sorted[lower]! * (1 - weight) + sorted[upper]! * weight;
}

export function median(values: readonly number[]): number {
  return quantileSorted(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

export function summarize(values: readonly number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const p50 = quantileSorted(sorted, 0.5);
  return {
    samples: sorted.length,
    median: p50,
    p50,
    p90: quantileSorted(sorted, 0.9),
    p99: quantileSorted(sorted, 0.99),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    mean: sorted.reduce((sum, value) => sum + value, 0) / sorted.length,
  };
}
